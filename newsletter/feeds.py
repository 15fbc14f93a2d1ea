"""The RSS 2.0 feed of the newsletter archive: the issues that were sent, newest first."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from .models import NewsletterIndexPage, NewsletterIssuePage
from .rendering import rich_text_as_text, site_root_url

FEED_ITEMS = 20


class IssueFeed(Feed):
    """Served by `NewsletterIndexPage`'s `feed/` route."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *, index_page):
        # Kept for item_link and item_guid, which Django calls with the item alone.
        self.request = request
        return index_page

    def title(self, index_page: NewsletterIndexPage) -> str:
        return f"CEP {index_page.title.lower()}" if index_page.title == "Newsletter" else index_page.title

    def link(self, index_page: NewsletterIndexPage) -> str:
        return index_page.get_full_url(self.request)

    def feed_url(self, index_page: NewsletterIndexPage) -> str:
        return self.request.build_absolute_uri()

    def description(self, index_page: NewsletterIndexPage) -> str:
        return index_page.introduction or "The newsletter of the Confederation of European Probation."

    def items(self, index_page: NewsletterIndexPage):
        return index_page.sent_issues()[:FEED_ITEMS]

    def item_title(self, item: NewsletterIssuePage) -> str:
        return item.title

    def item_description(self, item: NewsletterIssuePage) -> str:
        return item.search_description or rich_text_as_text(item.introduction, site_root_url(item))

    def item_link(self, item: NewsletterIssuePage) -> str:
        return item.get_full_url(self.request)

    def item_guid(self, item: NewsletterIssuePage) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsletterIssuePage) -> datetime:
        return item.sending.started_at
