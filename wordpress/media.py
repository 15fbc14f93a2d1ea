"""The export's attachments as Wagtail images and documents, from a copy of the site's uploads folder.

An attachment is imported when an item uses it (a featured image, an inline image or link, a gallery) or when the
import reaches it in the file, whichever comes first; `ImportedItem` makes it once. Its old addresses (the uploads
path, the attachment page, `/?attachment_id=`) redirect to the file.
"""

import dataclasses
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .content import plain_text
from .models import ImportedItem
from .redirects import old_paths, redirects_to_file
from .wxr import Channel, Item

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
# WordPress's resized copies: photo-300x200.jpg is a size of photo.jpg.
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
UPLOADS_MARKER = "/wp-content/uploads/"
WORDPRESS_COM_FILES = ".files.wordpress.com"
UPLOADS_ADDRESS = re.compile(
    r"""(?:src|href)\s*=\s*["']([^"']*(?:/wp-content/uploads/|\.files\.wordpress\.com/)[^"']+)["']""", re.I
)
GALLERY_IDS = re.compile(r"""\[gallery[^\]]*\bids\s*=\s*["']?([\d,\s]+)""")


def uploads_relative(url: str) -> str | None:
    """`2019/05/photo.jpg` for any address of a file in the uploads folder, its resized copies included."""
    address = urlparse(url)
    path = unquote(address.path)
    if address.netloc.endswith(WORDPRESS_COM_FILES):  # WordPress.com serves the uploads folder from its own host
        return SIZE_SUFFIX.sub("", path.lstrip("/")) or None
    if UPLOADS_MARKER not in path:
        return None
    return SIZE_SUFFIX.sub("", path.split(UPLOADS_MARKER, 1)[1])


def attachment_file(item: Item) -> str | None:
    return item.meta.get("_wp_attached_file") or uploads_relative(item.attachment_url)


class UploadsMedia:
    """The `MediaLookup` of content.py for an import: finds, and imports on first use, the attachments."""

    def __init__(self, *, uploads: Path | None, attachments: dict[int, Item], channel: Channel, site_key: str, report):
        self.uploads = uploads
        self.attachments = attachments
        self.channel = channel
        self.site_key = site_key
        self.report = report
        self.by_file = {attachment_file(item): wp_id for wp_id, item in attachments.items() if attachment_file(item)}
        self.results: dict[int, object] = {}  # what each attachment became in this run
        self.written_files: list = []  # so that a dry run can remove them

    # -- MediaLookup ------------------------------------------------------------------------------------------------

    def image_for_id(self, wordpress_id: int):
        found = self.imported(wordpress_id)
        return found if isinstance(found, get_image_model()) else None

    def image_for_url(self, url: str):
        wordpress_id = self.by_file.get(uploads_relative(url))
        return self.image_for_id(wordpress_id) if wordpress_id else None

    def document_for_url(self, url: str):
        wordpress_id = self.by_file.get(uploads_relative(url))
        found = self.imported(wordpress_id) if wordpress_id else None
        return found if isinstance(found, get_document_model()) else None

    # -- importing --------------------------------------------------------------------------------------------------

    def prepare(self, item: Item) -> None:
        """Import what a post or page uses before its own savepoint, so that a post that fails takes no image with it
        and the images it found stay found for the next items."""
        wordpress_ids = set(GALLERY_IDS.findall(item.content))
        wordpress_ids = {int(number) for ids in wordpress_ids for number in re.findall(r"\d+", ids)}
        if item.thumbnail_id:
            wordpress_ids.add(item.thumbnail_id)
        for url in UPLOADS_ADDRESS.findall(item.content):
            if (wordpress_id := self.by_file.get(uploads_relative(url))) is not None:
                wordpress_ids.add(wordpress_id)
        for wordpress_id in sorted(wordpress_ids):
            self.imported(wordpress_id)

    def imported(self, wordpress_id: int):
        """The image or document the attachment is, imported now if it was not yet or has changed since; reported
        the first time it is asked for in a run."""
        if wordpress_id not in self.results:
            self.results[wordpress_id] = self.import_attachment(wordpress_id)
        return self.results[wordpress_id]

    def import_attachment(self, wordpress_id: int):
        item = self.attachments.get(wordpress_id)
        if item is None:
            return None
        record = ImportedItem.objects.filter(wp_site=self.site_key, wp_id=wordpress_id).first()
        found = record.imported_object if record else None
        relative = attachment_file(item)
        source = self.uploads / relative if self.uploads and relative else None
        if source is None or not source.is_file():
            if found is not None:
                self.report.add(item, "unchanged", "its file is not in the uploads folder given; kept as it was")
            elif self.uploads is None:
                self.report.add(item, "skipped", "no --uploads folder given")
            else:
                self.report.add(item, "failed", f"file missing from the uploads folder: {relative or '?'}")
            return found
        content_hash = self.content_hash(item, source)
        if found is not None and record.content_hash == content_hash:
            self.report.add(item, "unchanged", "unchanged since the last import")
            return found
        try:
            with transaction.atomic():
                obj = self.write(item, source, found)
                ImportedItem.objects.update_or_create(
                    wp_site=self.site_key,
                    wp_id=wordpress_id,
                    defaults={
                        "kind": ImportedItem.Kind.ATTACHMENT,
                        "content_type": ContentType.objects.get_for_model(obj),
                        "object_id": obj.pk,
                        "content_hash": content_hash,
                    },
                )
                site_path = urlparse(self.channel.base_site_url or self.channel.link).path.rstrip("/")
                paths = old_paths(item, self.channel) | {Redirect.normalise_path(site_path + UPLOADS_MARKER + relative)}
                redirects_to_file(paths, obj.file.url if isinstance(obj, get_image_model()) else obj.url)
        except Exception as error:  # noqa: BLE001 - a bad file is reported; the item using it goes on without it
            self.report.add(item, "failed", f"{type(error).__name__}: {error}")
            return found
        self.report.add(item, "updated" if found is not None else "created")
        return obj

    def content_hash(self, item: Item, source: Path) -> str:
        stat = source.stat()
        fields = dataclasses.asdict(item)
        return hashlib.sha256(repr((sorted(fields.items()), stat.st_size, stat.st_mtime_ns)).encode()).hexdigest()

    def write(self, item: Item, source: Path, existing):
        title = (plain_text(item.title) or source.stem)[:255]
        is_image = source.suffix.lower() in IMAGE_EXTENSIONS
        model = get_image_model() if is_image else get_document_model()
        obj = existing if isinstance(existing, model) else model()
        obj.title = title
        if is_image:
            obj.description = plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:255]
        with source.open("rb") as file:
            obj.file.save(source.name, File(file), save=False)
        self.written_files.append((obj.file.storage, obj.file.name))
        obj.save()
        return obj

    def remove_written_files(self) -> None:
        for storage, name in self.written_files:
            storage.delete(name)
