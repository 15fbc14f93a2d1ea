"""Importing a WordPress export: posts as news, pages as standard pages, media, and redirects from the old addresses.

The file is read twice as a stream (`wxr.read_export`): once to check it whole and index its attachments, so that a
truncated or malformed file writes nothing, then to import. Each item is written in a savepoint of its own: a bad
item is reported and rolled back, never half-imported. `ImportedItem` keys every import on WordPress's id, so a
second run updates what changed and creates nothing twice.
"""

import collections
import contextlib
import csv
import dataclasses
import hashlib
import json
from collections.abc import Callable
from urllib.parse import unquote

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify

from wagtail.models import Page, PageViewRestriction, Site

from core.models import StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsType
from topics.models import TopicPage

from .content import html_to_blocks, plain_text
from .indexing import index_page, indexed_once_per_page
from .media import UploadsMedia
from .models import ImportedItem
from .redirects import old_paths, redirects_to_page
from .wxr import BadItem, Channel, Item, read_export

# Bump when what an item becomes changes, so that the next run rewrites every item.
CONVERSION_VERSION = 2
IMPORTED_NEWS_TYPE = "Announcement"
FALLBACK_CATEGORY = "News"
PUBLISHED = "publish"
DRAFT_STATUSES = {"draft", "pending", "future"}
TEASER_LENGTH = 240
ATTACHMENT_META = {"_wp_attached_file", "_wp_attachment_image_alt"}


class ImportRefused(Exception):
    """Nothing can be imported (the file, or the site is missing what the items go under); nothing was written."""


CSV_HEADER = ["wordpress_id", "kind", "title", "action", "reason"]


class ImportReport:
    """What became of each item, as counts per kind and action, and the reasons for what was skipped or failed.

    No row is kept per item, so that memory does not grow with the export: with a `csv_file`, each row is written
    to it as it comes.
    """

    def __init__(self, *, dry_run: bool = False, csv_file=None):
        self.dry_run = dry_run
        self.comments = 0
        self.shortcodes_removed = collections.Counter()
        self._counts = collections.defaultdict(collections.Counter)
        self._reasons = collections.Counter()
        self._csv = csv.writer(csv_file) if csv_file is not None else None
        if self._csv:
            self._csv.writerow(CSV_HEADER)

    def add(self, item: Item | None, action: str, reason: str = "", *, kind: str = "") -> None:
        kind = kind or (item.post_type if item else "item")
        self._counts[kind][action] += 1
        if action in {"skipped", "failed"}:
            self._reasons[action, reason] += 1
        if self._csv:
            title = plain_text(item.title) if item else ""
            self._csv.writerow([(item.post_id if item else "") or "", kind, title, action, reason])

    def counts(self) -> dict[str, collections.Counter]:
        """Per kind of item, how many were created, updated, unchanged, skipped and failed."""
        return dict(self._counts)

    def reasons(self) -> collections.Counter:
        """Why items were skipped or failed, and how often."""
        return self._reasons


@dataclasses.dataclass
class ExportIndex:
    """What the first reading learns: the site, how many items, and the attachments by id."""

    channel: Channel
    item_count: int
    has_posts: bool
    attachments: dict[int, Item]


def export_index(path) -> ExportIndex:
    """Read the whole file once; raises `WXRError` before anything is written if it cannot be imported."""
    channel, count, has_posts, attachments = None, 0, False, {}
    for entry in read_export(path):
        if isinstance(entry, Channel):
            channel = entry
            continue
        count += 1
        has_posts = has_posts or (isinstance(entry, Item) and entry.post_type == "post")
        if isinstance(entry, Item) and entry.post_type == "attachment":
            # Only what finds its file and describes it is kept: `_wp_attachment_metadata` alone can be kilobytes.
            meta = {key: value for key, value in entry.meta.items() if key in ATTACHMENT_META}
            attachments[entry.post_id] = dataclasses.replace(entry, content="", excerpt="", categories=[], meta=meta)
    return ExportIndex(channel=channel, item_count=count, has_posts=has_posts, attachments=attachments)


def _content_hash(*parts) -> str:
    payload = json.dumps([CONVERSION_VERSION, *parts], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _available_slug(parent: Page, wanted: str, wp_id: int, page: Page | None) -> str:
    """WordPress's slug where it is free among the page's new siblings, else made unique with the id."""
    slug = slugify(unquote(wanted), allow_unicode=True)[:200] or f"wordpress-{wp_id}"  # WordPress %-encodes it
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    if siblings.filter(slug=slug).exists():
        slug = f"{slug[:180]}-{wp_id}"
    return slug


class Importer:
    def __init__(self, *, index: ExportIndex, parent: Page | None, report: ImportReport, media: UploadsMedia):
        self.index = index
        self.site_key = media.site_key
        self.parent = parent
        self.report = report
        self.media = media
        self._news_index = None
        self._news_type = None
        self._categories: dict[str, NewsCategory] = {}
        self._topics = {topic.title.lower(): topic for topic in TopicPage.objects.only("pk", "title")}
        self.deferred_pages: list[Item] = []

    # -- bookkeeping --------------------------------------------------------------------------------------------

    def record_for(self, wp_id: int) -> ImportedItem | None:
        return ImportedItem.objects.filter(wp_site=self.site_key, wp_id=wp_id).first()

    def page_for(self, wp_id: int) -> Page | None:
        record = self.record_for(wp_id)
        if record is None:
            return None
        return Page.objects.filter(pk=record.object_id).first()

    def remember(self, item: Item, kind: str, obj, content_hash: str) -> None:
        ImportedItem.objects.update_or_create(
            wp_site=self.site_key,
            wp_id=item.post_id,
            defaults={
                "kind": kind,
                "menu_order": item.menu_order,
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": obj.pk,
                "content_hash": content_hash,
            },
        )

    # -- items ----------------------------------------------------------------------------------------------------

    def item(self, entry: Item | BadItem) -> None:
        """Import one item in a savepoint of its own, and say in the report what became of it."""
        if isinstance(entry, BadItem):
            self.report.add(None, "failed", f"unreadable item: {entry}")
            return
        item = entry
        self.report.comments += item.comment_count
        if item.post_type not in {"post", "page", "attachment"}:
            self.report.add(item, "skipped", f"WordPress {item.post_type} items are not imported")
            return
        if item.post_type == "attachment":
            self.attachment(item)
            return
        if item.status == "private":
            self.report.add(item, "skipped", "private")
            return
        if item.status != PUBLISHED and item.status not in DRAFT_STATUSES:
            self.report.add(item, "skipped", f"status {item.status}")
            return
        if item.post_type == "page" and item.parent_id and self.page_for(item.parent_id) is None:
            self.deferred_pages.append(item)  # its parent comes later in the file
            return
        self.media.prepare(item)
        self.guarded(item, self.post if item.post_type == "post" else self.page)

    def guarded(self, item: Item, write: Callable[[Item], str]) -> None:
        try:
            with transaction.atomic():
                action = write(item)
        except Exception as error:  # noqa: BLE001 - any error of one item is reported, and the next goes on
            self.report.add(item, "failed", f"{type(error).__name__}: {error}")
        else:
            self.report.add(item, action, "unchanged since the last import" if action == "unchanged" else "")

    def finish(self) -> None:
        """The pages whose parent came after them in the file; those whose parent never came are reported."""
        waiting = self.deferred_pages
        while waiting:
            still_waiting = []
            for item in waiting:
                if self.page_for(item.parent_id) is None:
                    still_waiting.append(item)
                else:
                    self.media.prepare(item)
                    self.guarded(item, self.page)
            if len(still_waiting) == len(waiting):
                for item in still_waiting:
                    self.report.add(item, "skipped", f"its parent page {item.parent_id} was not imported")
                break
            waiting = still_waiting

    def attachment(self, item: Item) -> None:
        self.media.imported(item.post_id)

    # -- posts ----------------------------------------------------------------------------------------------------

    @property
    def news_index(self) -> NewsIndexPage:
        if self._news_index is None:
            self._news_index = NewsIndexPage.objects.get()  # there is one, checked before the import began
        return self._news_index

    def news_type(self) -> NewsType:
        if self._news_type is None:
            self._news_type, _ = NewsType.objects.get_or_create(name=IMPORTED_NEWS_TYPE)
        return self._news_type

    def category(self, name: str) -> NewsCategory:
        key = name.lower()
        if key not in self._categories:
            category = NewsCategory.objects.filter(name__iexact=name).first()
            if category is None:
                category = NewsCategory.objects.create(name=name[:100])
            self._categories[key] = category
        return self._categories[key]

    def converted_body(self, item: Item) -> list[dict]:
        converted = html_to_blocks(item.content, media=self.media)
        self.report.shortcodes_removed.update(converted.shortcodes_removed)
        for address in converted.missing_media:
            self.report.add(item, "failed", f"missing media {address}", kind="media")
        return converted.blocks

    def post(self, item: Item) -> str:
        record = self.record_for(item.post_id)
        byline = (self.index.channel.authors.get(item.creator) or item.creator)[:255]
        content_hash = _content_hash(dataclasses.asdict(item), byline)
        page = NewsPage.objects.filter(pk=record.object_id).first() if record else None
        if page is not None and record.content_hash == content_hash:
            return "unchanged"
        action = "updated" if page is not None else "created"
        parent = self.news_index
        page = page or NewsPage()

        title = plain_text(item.title) or f"Untitled post {item.post_id}"
        body = self.converted_body(item)
        page.title = title[:255]
        page.slug = _available_slug(parent, item.slug or title, item.post_id, page)
        page.date = (item.published or timezone.now()).date()
        page.teaser = plain_text(item.excerpt) or Truncator(plain_text(item.content)).chars(TEASER_LENGTH) or title
        page.body = body
        page.byline = byline
        page.news_type = self.news_type()
        # A category without a domain is one too: WordPress's feeds, and some exports, leave it out.
        names = [name for domain, _nicename, name in item.categories if domain in {"category", ""} and name]
        page.categories = [self.category(name) for name in names] or [self.category(FALLBACK_CATEGORY)]
        tags = [name.lower() for domain, _nicename, name in item.categories if domain == "post_tag"]
        page.topics = [self._topics[tag] for tag in tags if tag in self._topics]
        thumbnail = self.media.image_for_id(item.thumbnail_id) if item.thumbnail_id else None
        if thumbnail is not None:
            page.listing_image = thumbnail
        self.save_page(page, parent, item)
        self.remember(item, ImportedItem.Kind.POST, page, content_hash)
        self.after_page(item, page)
        return action

    # -- pages ----------------------------------------------------------------------------------------------------

    def page(self, item: Item) -> str:
        parent = self.page_for(item.parent_id) if item.parent_id else self.parent
        record = self.record_for(item.post_id)
        content_hash = _content_hash(dataclasses.asdict(item), parent.pk)
        page = StandardPage.objects.filter(pk=record.object_id).first() if record else None
        if page is not None and record.content_hash == content_hash:
            return "unchanged"
        action = "updated" if page is not None else "created"
        # Where WordPress now lists it: moved on a later run when its parent or menu order changed there.
        if page is not None and (record.menu_order != item.menu_order or page.get_parent().pk != parent.pk):
            self.place_by_menu_order(page, parent, item)
            page = StandardPage.objects.get(pk=page.pk)  # treebeard moves it in the database, not in memory
        page = page or StandardPage()
        title = plain_text(item.title) or f"Untitled page {item.post_id}"
        page.title = title[:255]
        page.slug = _available_slug(parent, item.slug or title, item.post_id, page)
        page.introduction = plain_text(item.excerpt)
        page.body = self.converted_body(item)
        self.save_page(page, parent, item)
        if action == "created":
            self.place_by_menu_order(page, parent, item)
        self.remember(item, ImportedItem.Kind.PAGE, page, content_hash)
        self.after_page(item, page)
        return action

    def place_by_menu_order(self, page: StandardPage, parent: Page, item: Item) -> None:
        """Before the first sibling imported with a higher menu order, as WordPress lists them, else last."""
        siblings = Page.objects.child_of(parent).exclude(pk=page.pk).values_list("pk", flat=True)
        later = ImportedItem.objects.filter(
            wp_site=self.site_key,
            kind=ImportedItem.Kind.PAGE,
            object_id__in=siblings,
            menu_order__gt=item.menu_order,
        ).values_list("object_id", flat=True)
        first_later = Page.objects.filter(pk__in=later).order_by("path").first()
        if first_later is not None:
            page.move(first_later, pos="left")
        elif page.get_parent().pk != parent.pk or page.get_next_sibling() is not None:
            page.move(parent, pos="last-child")

    # -- shared ---------------------------------------------------------------------------------------------------

    def save_page(self, page: Page, parent: Page, item: Item) -> None:
        published = item.status == PUBLISHED
        if published and item.published and page.first_published_at is None:
            page.first_published_at = item.published
        if page.pk is None:
            page.live = published
            parent.add_child(instance=page)
        revision = page.save_revision(log_action=False)
        if published:
            revision.publish(log_action=False)

    def after_page(self, item: Item, page: Page) -> None:
        redirects_to_page(old_paths(item, self.index.channel), page)
        index_page(page)
        # A password-protected post or page asks for the same password here (Wagtail's page privacy).
        restrictions = PageViewRestriction.objects.filter(page=page, restriction_type=PageViewRestriction.PASSWORD)
        if item.password:
            restrictions.update_or_create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, defaults={"password": item.password}
            )
        else:
            restrictions.delete()


def wordpress_import(
    *,
    path,
    parent: Page | None = None,
    uploads=None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import the export at `path`; raises `ImportRefused` (or `WXRError`) with nothing written.

    A dry run does it all in one transaction and rolls it back, so that its report is the real one.
    """
    index = export_index(path)
    if index.has_posts and not NewsIndexPage.objects.exists():
        raise ImportRefused("The site has no news index page to put the posts under: create it first.")
    report = report or ImportReport(dry_run=dry_run)
    site_key = index.channel.base_site_url or index.channel.link
    media = UploadsMedia(
        uploads=uploads, attachments=index.attachments, channel=index.channel, site_key=site_key, report=report
    )
    importer = Importer(index=index, parent=parent or parent_page(None), report=report, media=media)
    with transaction.atomic() if dry_run else contextlib.nullcontext(), indexed_once_per_page([NewsPage, StandardPage]):
        done = 0
        for entry in read_export(path):
            if isinstance(entry, Channel):
                continue
            importer.item(entry)
            done += 1
            if progress:
                progress(done, index.item_count)
        importer.finish()
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        media.remove_written_files()
    return report


def parent_page(reference: str | None) -> Page:
    """The page given by id or path (`/about/`), or the default site's home page."""
    if not reference:
        return Site.objects.get(is_default_site=True).root_page.specific
    if reference.isdigit():
        page = Page.objects.filter(pk=int(reference)).first()
    else:
        root = Site.objects.get(is_default_site=True).root_page
        page = Page.objects.filter(url_path=root.url_path + reference.strip("/") + "/").first()
    if page is None:
        raise ImportRefused(f"There is no page {reference!r} to put the pages under.")
    return page.specific
