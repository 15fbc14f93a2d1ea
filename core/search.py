"""Site search: what a visitor typed turned into a query the full-text engines accept, and the results page.

Ranking: articles, events, projects, resources and other pages of content come before section landing pages (the
home page, index pages and any page with pages under it) that use the same words. Each of the two groups is a
search of its own, ordered by the engine's relevance; the results page shows the first group, then the second
(`TieredResults`). Counts per type come from the engine's facets, two queries whatever the number of results.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, ReferenceIndex
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from core.models import IndexPage

from .documents import PAGE_BREAK, public_document_texts
from .listing_cache import detached_page
from .queries import closed_vacancies_q

# Longer queries are cut: nobody types more, and an unbounded query is an easy way to load the database.
SEARCH_QUERY_MAX_LENGTH = 200
WORD = re.compile(r"\w+")

SEARCH_RESULTS_PER_PAGE = 10
# About two lines of text; the snippet starts a little before the first word found, so that it reads as a sentence.
SNIPPET_LENGTH = 220
SNIPPET_LEAD = 60
# Words highlighted in a snippet: more than anyone types, few enough to keep the pattern small.
HIGHLIGHTED_WORDS_MAX = 20
# The fields that introduce a page (news teaser, event and project summary…): a snippet looks there first, and
# shows their start when the words were found in the title only.
INTRODUCTION_FIELDS = ("teaser", "summary", "short_description", "description", "introduction")
# Topic pages offered when nothing matched.
SUGGESTED_TOPICS = 5


def search_query_clean(raw: str) -> str:
    """The query as typed, with spaces collapsed and its length bounded, to show back to the visitor."""
    return " ".join(raw.split())[:SEARCH_QUERY_MAX_LENGTH]


def search_terms(query: str) -> str:
    """Only lower-case words reach the full-text engine.

    Its own syntax in a visitor's query (quotes, AND/OR/NOT/NEAR) would be a syntax error in SQLite's FTS5
    or PostgreSQL's tsquery, not a search.
    """
    return " ".join(WORD.findall(query.lower()))


# ---------------------------------------------------------------------------
# Types of result
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchType:
    """A kind of page, as results are labelled and filtered (`?type=news`)."""

    slug: str
    label: str  # on its filter: "Events"
    result_label: str  # on each result: "Event"
    models: tuple[str, ...]  # "app_label.ModelName"; none for the type of every other page
    date_attribute: str = ""  # the date shown on a result, if it has one

    def content_type_ids(self) -> list[int]:
        models = [apps.get_model(label) for label in self.models]
        return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


SEARCH_TYPES = (
    SearchType("news", "News", "News", ("news.NewsPage",), "date"),
    SearchType("events", "Events", "Event", ("events.EventPage",), "local_start"),
    SearchType("projects", "Projects", "Project", ("projects.ProjectPage",)),
    SearchType("resources", "Resources", "Resource", ("topics.ResourcePage",), "publication_date"),
    SearchType("topics", "Topics", "Topic", ("topics.TopicPage",)),
    SearchType("pages", "Pages", "Page", ()),
)
OTHER_PAGES = SEARCH_TYPES[-1]
SEARCH_TYPES_BY_SLUG = {search_type.slug: search_type for search_type in SEARCH_TYPES}
SEARCH_TYPES_BY_MODEL = {model: search_type for search_type in SEARCH_TYPES for model in search_type.models}


def search_type_chosen(value) -> SearchType | None:
    """The type asked for in `?type=`; None for all types, and for a value that names no type (it is ignored)."""
    return SEARCH_TYPES_BY_SLUG.get(value) if isinstance(value, str) else None


def search_type_of(page) -> SearchType:
    return SEARCH_TYPES_BY_MODEL.get(page._meta.label, OTHER_PAGES)


def search_type_q(search_type: SearchType) -> Q:
    if search_type.models:
        return Q(content_type__in=search_type.content_type_ids())
    named = [pk for other in SEARCH_TYPES if other.models for pk in other.content_type_ids()]
    return ~Q(content_type__in=named)


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------


def landing_page_q() -> Q:
    """Section landing pages: the index pages, and any page with pages under it (the home page among them).

    Written with the fields Wagtail's search allows filters on (`content_type`, `id`).
    """
    models = [model for model in apps.get_models() if issubclass(model, IndexPage)]
    content_type_ids = [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]
    with_children = Page.objects.filter(numchild__gt=0).values("id")
    return Q(content_type__in=content_type_ids) | Q(id__in=with_children)


class TieredResults:
    """Several searches one after the other, as one sequence that a Paginator counts and slices.

    `tiers` are (search results, how many there are) pairs; a slice fetches only the tiers it reaches into.
    """

    def __init__(self, tiers):
        self.tiers = tiers

    def count(self) -> int:
        return sum(count for _results, count in self.tiers)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("TieredResults can only be sliced")
        start, stop = key.start or 0, self.count() if key.stop is None else key.stop
        items = []
        offset = 0
        for results, count in self.tiers:
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                items.extend(results[low:high])
            offset += count
        return items


def searchable_pages():
    """Live, public pages, without the vacancies that have closed: their pages answer 410 Gone."""
    return Page.objects.live().public().exclude(closed_vacancies_q())


def search_counts(terms: str) -> dict[str, tuple[int, int]]:
    """How many results each type has: (pages of content, landing pages) by type slug. Two queries."""
    pages = searchable_pages()
    landing = landing_page_q()
    tiers = [pages.exclude(landing).search(terms), pages.filter(landing).search(terms)]
    counts = {search_type.slug: [0, 0] for search_type in SEARCH_TYPES}
    for tier, results in enumerate(tiers):
        for content_type_id, count in results.facet("content_type_id").items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            slug = SEARCH_TYPES_BY_MODEL.get(model._meta.label, OTHER_PAGES).slug if model else OTHER_PAGES.slug
            counts[slug][tier] += count
    return {slug: (content, landing) for slug, (content, landing) in counts.items()}


@dataclass(frozen=True)
class DocumentHit:
    """The document a page was found by, when the words are in it and not in the page's own text."""

    title: str
    url: str  # to the page of the PDF the words are on, which browsers' PDF viewers open at
    page_number: int
    file_size: int | None
    snippet: SafeString


@dataclass
class SearchHit:
    """One result as the page shows it: kept in the cache, so everything in it is worked out already."""

    page: Any
    label: str
    date: datetime.date | None
    snippet: SafeString
    document: DocumentHit | None = None


def search_results_page(terms: str, counts: dict, search_type: SearchType | None, number: int):
    """The page `number` of the results for `terms` (of one type, or of all), content before landing pages."""
    chosen = [search_type] if search_type else SEARCH_TYPES
    content_count = sum(counts[chosen_type.slug][0] for chosen_type in chosen)
    landing_count = sum(counts[chosen_type.slug][1] for chosen_type in chosen)
    if not content_count + landing_count:
        return Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
    pages = searchable_pages()
    if search_type:
        pages = pages.filter(search_type_q(search_type))
    landing = landing_page_q()
    results = TieredResults(
        [
            (pages.exclude(landing).specific().search(terms), content_count),
            (pages.filter(landing).specific().search(terms), landing_count),
        ]
    )
    page = detached_page(results, SEARCH_RESULTS_PER_PAGE, number)
    page.object_list = search_hits(page.object_list, terms)
    return page


def search_hits(pages, terms: str) -> list[SearchHit]:
    """The results as shown: a page whose own text lacks the words names the document of its that has them."""
    pattern = words_pattern(terms)
    found_in_documents = {}
    if pattern:
        not_in_own_text = [page.pk for page in pages if not any(pattern.search(text) for text in page_texts(page))]
        found_in_documents = document_hits(not_in_own_text, pattern)
    return [search_hit(page, terms, found_in_documents.get(page.pk)) for page in pages]


def search_hit(page, terms: str, document: DocumentHit | None = None) -> SearchHit:
    search_type = search_type_of(page)
    date = getattr(page, search_type.date_attribute, None) if search_type.date_attribute else None
    if isinstance(date, datetime.datetime):
        date = date.date()  # an event's start, already in the event's own zone
    return SearchHit(
        page=page,
        label=search_type.result_label,
        date=date,
        snippet=document.snippet if document else page_snippet(page, terms),
        document=document,
    )


def document_hits(page_ids: list[int], pattern: re.Pattern) -> dict[int, DocumentHit]:
    """For each page, the first of its public documents (by title) with one of the words, and where. Three queries
    whatever the number of pages: the references of all of them, then the documents' texts."""
    if not page_ids:
        return {}
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
    ).values_list("object_id", "to_object_id")
    documents_of_page = {}
    for page_id, document_id in references:
        documents_of_page.setdefault(int(page_id), set()).add(int(document_id))
    if not documents_of_page:
        return {}
    texts = {text.document_id: text for text in public_document_texts(set().union(*documents_of_page.values()))}
    hits = {}
    for page_id, document_ids in documents_of_page.items():
        for text in sorted((texts[pk] for pk in document_ids if pk in texts), key=lambda text: text.document.title):
            found = pattern.search(text.text)
            if found:
                hits[page_id] = document_hit(text, found.start(), pattern)
                break
    return hits


def document_hit(text, position: int, pattern: re.Pattern) -> DocumentHit:
    page_start = text.text.rfind(PAGE_BREAK, 0, position) + 1
    page_end = text.text.find(PAGE_BREAK, position)
    page_text = text.text[page_start : page_end if page_end != -1 else len(text.text)]
    page_number = text.text.count(PAGE_BREAK, 0, position) + 1
    return DocumentHit(
        title=text.document.title,
        url=f"{text.document.url}#page={page_number}",
        page_number=page_number,
        file_size=text.document.file_size,
        snippet=highlighted(excerpt(page_text, position - page_start), pattern),
    )


def search_suggestions() -> dict:
    """What the page offers when nothing matched: a few topics, and the topic and news indexes."""
    topic_page = apps.get_model("topics", "TopicPage")
    topic_index = apps.get_model("topics", "TopicIndexPage")
    news_index = apps.get_model("news", "NewsIndexPage")
    content_types = ContentType.objects.get_for_models(topic_index, news_index)
    pages = Page.objects.live().public()
    found = list(pages.type(topic_index, news_index))
    return {
        "topics": list(pages.type(topic_page).order_by("path")[:SUGGESTED_TOPICS]),
        "indexes": [
            page
            for model in (topic_index, news_index)
            for page in found
            if page.content_type_id == content_types[model].pk
        ],
    }


# ---------------------------------------------------------------------------
# Snippets
# ---------------------------------------------------------------------------


def words_pattern(terms: str) -> re.Pattern | None:
    """Words starting with one of the terms ("report" marks "reports", as PostgreSQL's stemming finds it)."""
    words = list(dict.fromkeys(terms.split()))[:HIGHLIGHTED_WORDS_MAX]
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def page_snippet(page, terms: str) -> SafeString:
    """About two lines of the page's introduction or body around the first word found, the words in <mark>.

    Taken from the fields the page is searched by, in their order (introduction before body); a page found by
    its title alone, or by a form of the word that is not written out, shows the start of its text.
    """
    pattern = words_pattern(terms)
    texts = page_texts(page)
    for text in texts:
        found = pattern.search(text) if pattern else None
        if found:
            return highlighted(excerpt(text, found.start()), pattern)
    opening = " ".join(page.search_description.split()) or next(iter(texts), "")
    return highlighted(excerpt(opening, 0), pattern)


def excerpt(text: str, position: int) -> str:
    """At most SNIPPET_LENGTH characters of `text` around `position`, cut between words, with … where cut."""
    if len(text) <= SNIPPET_LENGTH:
        return text
    start = max(0, min(position - SNIPPET_LEAD, len(text) - SNIPPET_LENGTH))
    if start > 0:
        space = text.find(" ", start, position)
        start = space + 1 if space != -1 else position
    end = start + SNIPPET_LENGTH
    if end < len(text):
        space = text.rfind(" ", position + 1, end)
        end = space if space != -1 else end
    return ("… " if start > 0 else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def highlighted(text: str, pattern: re.Pattern | None) -> SafeString:
    """`text` escaped, with the words of `pattern` in <mark>."""
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 -- escaped
    parts = []
    last = 0
    for found in pattern.finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every part is escaped


def page_texts(page) -> list[str]:
    """The plain text of each field the page is searched by, other than its title: its introduction first, then
    the others in the order they are declared. No queries: stream fields are read from their stored data, without
    fetching the images, pages or documents their blocks point to."""
    names = [
        search_field.field_name
        for search_field in page.get_search_fields()
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title"
    ]
    names.sort(key=introduction_first)
    texts = (" ".join(field_text(page, name).split()) for name in dict.fromkeys(names))
    return [text for text in texts if text]


def introduction_first(name: str) -> int:
    return INTRODUCTION_FIELDS.index(name) if name in INTRODUCTION_FIELDS else len(INTRODUCTION_FIELDS)


def field_text(page, name: str) -> str:
    try:
        field = page._meta.get_field(name)
    except FieldDoesNotExist:
        return ""  # a method: it could run queries, and the text a visitor sees is in the fields
    value = getattr(page, field.attname, None)
    if isinstance(field, StreamField):
        return " ".join(block_texts(field.stream_block, list(value.raw_data) if value is not None else []))
    if isinstance(field, RichTextField):
        return get_text_for_indexing(value or "")
    return value if isinstance(value, str) else ""


def block_texts(block, raw):
    """The text in a block's stored (JSON) value: what its character, text and rich text blocks hold."""
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                yield from block_texts(block.child_blocks[item["type"]], item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child in block.child_blocks.items():
                yield from block_texts(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw if isinstance(raw, list) else []:
            # Stored as {"type": "item", "value": …, "id": …}, or as bare values by older versions of Wagtail.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from block_texts(block.child_block, item)
    elif isinstance(block, blocks.RichTextBlock):
        if isinstance(raw, str):
            yield get_text_for_indexing(raw)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)) and isinstance(raw, str):
        yield raw
