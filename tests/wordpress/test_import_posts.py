"""Posts of a WordPress export as news items: what an editor finds after `manage.py import_wordpress`."""

import datetime
import io

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page

from news.models import NewsCategory, NewsPage
from tests.topics.factories import TopicIndexPageFactory, TopicPageFactory
from tests.wordpress.wxr_builder import Post, write
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

STORY = """Probation services from 23 countries met in Riga.

<h2>What was agreed</h2>
The network will meet <strong>twice</strong> a year.
It starts in <a href="https://example.org/plan">autumn</a>.

<ul><li>One</li><li>Two</li></ul>

https://www.youtube.com/watch?v=dQw4w9WgXcQ

[contact-form-7 id="12" title="Contact"]

<iframe src="https://player.vimeo.com/video/76979871" width="640"></iframe>"""


def import_wordpress(path, *arguments):
    out = io.StringIO()
    call_command("import_wordpress", str(path), "--no-progress", *arguments, stdout=out)
    return out.getvalue()


def riga_post(**fields):
    return Post(
        **{
            "post_id": 101,
            "title": "Probation &amp; the Baltic network",
            "slug": "baltic-network",
            "content": STORY,
            "excerpt": "Services met in <em>Riga</em>.",
            "categories": [("cep-events", "CEP Events"), ("training", "Training")],
            "tags": [("electronic-monitoring", "Electronic Monitoring"), ("unknown", "Unknown tag")],
            "comments": 3,
            **fields,
        }
    )


def test_a_post_becomes_a_published_news_item_with_its_fields(tmp_path, news_index):
    NewsCategory.objects.create(name="CEP events")
    topics = TopicIndexPageFactory(parent=news_index.get_parent())
    topic = TopicPageFactory(parent=topics, title="Electronic monitoring")

    output = import_wordpress(write(tmp_path, riga_post()))

    news = NewsPage.objects.get()
    assert news.get_parent().pk == news_index.pk
    assert (news.title, news.slug, news.live) == ("Probation & the Baltic network", "baltic-network", True)
    assert news.date == datetime.date(2019, 5, 14)
    assert news.first_published_at == datetime.datetime(2019, 5, 14, 9, 30, tzinfo=datetime.UTC)
    assert news.teaser == "Services met in Riga ."
    assert sorted(category.name for category in news.categories.all()) == ["CEP events", "Training"]
    assert list(news.topics.all()) == [topic]
    assert news.byline == "Jana Novak"  # the author's display name, not their login
    blocks = [(block.block_type, block.block.get_prep_value(block.value)) for block in news.body]
    assert blocks == [
        ("paragraph", "<p>Probation services from 23 countries met in Riga.</p>"),
        ("heading", {"text": "What was agreed", "level": "h2"}),
        (
            "paragraph",
            '<p>The network will meet <b>twice</b> a year.<br/>It starts in <a href="https://example.org/plan">autumn'
            "</a>.</p>",
        ),
        ("paragraph", "<ul><li>One</li><li>Two</li></ul>"),
        ("embed", {"embed": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": ""}),
        ("embed", {"embed": "https://vimeo.com/76979871", "caption": ""}),
    ]
    assert "post" in output and "Comments not imported: 3" in output
    assert "Shortcodes removed: [contact-form-7] 1" in output


def test_the_author_is_shown_under_the_title(client, tmp_path, news_index):
    import_wordpress(write(tmp_path, riga_post()))

    page = client.get(NewsPage.objects.get().url).content.decode()

    assert '<p class="byline">By Jana Novak</p>' in page
    assert page.index("Baltic network</h1>") < page.index("By Jana Novak") < page.index('class="lede"')


def test_imported_news_is_found_by_the_site_search(client, tmp_path, news_index):
    # The import indexes each page once, after its last save, instead of on each save.
    import_wordpress(write(tmp_path, riga_post()))

    results = client.get("/search/", {"q": "Baltic"}).content.decode()

    assert NewsPage.objects.get().url in results


def test_a_second_run_creates_nothing_and_updates_what_changed(tmp_path, news_index):
    import_wordpress(write(tmp_path, riga_post(), Post(post_id=102, title="Second", slug="second")))
    first_ids = sorted(NewsPage.objects.values_list("pk", flat=True))

    output = import_wordpress(write(tmp_path, riga_post(), Post(post_id=102, title="Second, corrected", slug="second")))

    assert sorted(NewsPage.objects.values_list("pk", flat=True)) == first_ids
    assert NewsPage.objects.get(slug="second").title == "Second, corrected"
    assert NewsPage.objects.get(slug="baltic-network").title == "Probation & the Baltic network"
    assert ImportedItem.objects.count() == 2
    row = next(line for line in output.splitlines() if line.startswith("post"))
    assert row.split() == ["post", "0", "1", "1", "0", "0"]  # created, updated, unchanged, skipped, failed


def test_drafts_arrive_as_drafts_and_private_posts_are_skipped_and_counted(tmp_path, news_index):
    output = import_wordpress(
        write(
            tmp_path,
            Post(post_id=1, title="Work in progress", slug="", status="draft", date_gmt="0000-00-00 00:00:00"),
            Post(post_id=2, title="Board only", slug="board-only", status="private"),
        )
    )

    draft = NewsPage.objects.get()
    assert (draft.title, draft.live, draft.slug) == ("Work in progress", False, "work-in-progress")
    assert draft.first_published_at is None
    assert draft.get_latest_revision().as_object().title == "Work in progress"
    assert "skipped 1: private" in output


def test_a_bad_item_is_reported_and_the_others_imported(tmp_path, news_index):
    broken = Post(post_id=3, title="Broken date", slug="broken", date_gmt="2019-13-45 99:00:00")
    csv_path = tmp_path / "report.csv"

    output = import_wordpress(write(tmp_path, broken, riga_post()), "--report-csv", str(csv_path))

    assert list(NewsPage.objects.values_list("title", flat=True)) == ["Probation & the Baltic network"]
    assert "failed 1: unreadable item: the date '2019-13-45 99:00:00' is not a date" in output
    assert "unreadable item" in csv_path.read_text()
    assert csv_path.read_text().splitlines()[0] == "wordpress_id,kind,title,action,reason"


def test_a_dry_run_reports_the_same_and_writes_nothing(tmp_path, news_index):
    pages_before = Page.objects.count()

    output = import_wordpress(write(tmp_path, riga_post()), "--dry-run")

    assert "Dry run" in output
    assert next(line for line in output.splitlines() if line.startswith("post")).split()[1] == "1"
    assert Page.objects.count() == pages_before
    assert not ImportedItem.objects.exists()
    assert not NewsCategory.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<html><body>Not an export</body></html>", "not a WordPress export"),
        ("<rss><channel><item><title>x</title></item></channel></rss>", "no wp:wxr_version"),
        ("<rss><channel><wp:wxr_version>1.2</wp:wxr_version>", "not well-formed XML, or is cut short"),
        ("just text", "not well-formed XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss>&a;</rss>',
            "declares entities",
        ),
    ],
)
def test_a_file_that_is_not_a_good_export_is_refused_with_a_clear_error(tmp_path, news_index, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        import_wordpress(path)


def test_an_unknown_wxr_version_is_refused(tmp_path, news_index):
    with pytest.raises(CommandError, match="WXR version '2.0' is not one this importer knows"):
        import_wordpress(write(tmp_path, riga_post(), version="2.0"))


def test_a_truncated_file_leaves_the_database_untouched(tmp_path, news_index):
    whole = write(tmp_path, riga_post(), *[Post(post_id=200 + number, slug=f"p{number}") for number in range(5)])
    text = whole.read_text()
    whole.write_text(text[: len(text) * 3 // 4])
    pages_before = Page.objects.count()

    with pytest.raises(CommandError, match="cut short"):
        import_wordpress(whole)

    assert Page.objects.count() == pages_before
    assert not ImportedItem.objects.exists()


def test_wxr_version_1_1_is_read_as_well(tmp_path, news_index):
    import_wordpress(write(tmp_path, riga_post(), version="1.1"))

    assert NewsPage.objects.get().slug == "baltic-network"


def test_posts_need_a_news_index_page(tmp_path, demo_site):
    with pytest.raises(CommandError, match="no news index page"):
        import_wordpress(write(tmp_path, riga_post()))


def test_the_progress_bar_counts_the_items_on_stderr(tmp_path, news_index, capsys):
    call_command("import_wordpress", str(write(tmp_path, riga_post(), Post(post_id=5, slug="five"))))

    assert capsys.readouterr().err.endswith(f"\r[{'#' * 30}] 2/2\n")


BLOCK_EDITOR_STORY = """<!-- wp:paragraph -->
<p>Written in the block editor.</p>
<!-- /wp:paragraph -->

<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">
https://youtu.be/dQw4w9WgXcQ
</div><figcaption>The webinar</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:core-embed/twitter {"url":"https://twitter.com/WordPress/status/1057136472321613824"} -->
<figure class="wp-block-embed-twitter wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper">
https://twitter.com/WordPress/status/1057136472321613824
</div></figure>
<!-- /wp:core-embed/twitter -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>Probation works.</p></blockquote>
<!-- /wp:quote -->"""


def test_the_block_editor_s_markup_becomes_blocks_without_its_comments(tmp_path, news_index):
    import_wordpress(write(tmp_path, Post(post_id=7, slug="blocks", content=BLOCK_EDITOR_STORY)))

    blocks = [(block.block_type, block.block.get_prep_value(block.value)) for block in NewsPage.objects.get().body]
    assert blocks == [
        ("paragraph", "<p>Written in the block editor.</p>"),
        ("embed", {"embed": "https://youtu.be/dQw4w9WgXcQ", "caption": "The webinar"}),
        (
            "paragraph",
            '<p><a href="https://twitter.com/WordPress/status/1057136472321613824">'
            "https://twitter.com/WordPress/status/1057136472321613824</a></p>",
        ),
        ("quote", {"quote": "Probation works.", "attribution": ""}),
    ]
