"""What was imported from WordPress, so that a second run updates rather than duplicates."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedItem(models.Model):
    """A WordPress post, page or attachment and the page, image or document it became."""

    class Kind(models.TextChoices):
        POST = "post", "post"
        PAGE = "page", "page"
        ATTACHMENT = "attachment", "attachment"

    wp_site = models.CharField(
        max_length=255, help_text="The WordPress site's address (wp:base_site_url): ids are unique within one site."
    )
    wp_id = models.PositiveBigIntegerField(help_text="The item's WordPress id (wp:post_id).")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What it was in WordPress.")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, help_text="What it became here.")
    object_id = models.PositiveBigIntegerField(help_text="The id of the page, image or document it became.")
    imported_object = GenericForeignKey("content_type", "object_id")
    menu_order = models.IntegerField(default=0, help_text="WordPress's menu order (pages): siblings are kept in it.")
    content_hash = models.CharField(
        max_length=64, help_text="A digest of what was imported; a run with the same digest leaves it alone."
    )
    imported_at = models.DateTimeField(auto_now=True, help_text="When it was last created or updated.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wp_site", "wp_id"], name="wordpress_item_once_per_site")]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id}"
