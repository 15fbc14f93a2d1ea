"""The page tree of the news, and a news item as a visitor reads it."""

from datetime import date

import pytest

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.helpers import card_titles, image_create, paragraphs, soup_of
from tests.news.factories import NewsTypeFactory
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=division-y-4"


def test_news_item_shows_its_date_type_categories_and_topics(client, newsroom):
    item = newsroom.items["dutch"]
    response = client.get(item.url)
    assert response.status_code == 200
    page = soup_of(response)
    assert [h1.get_text(strip=True) for h1 in page.select("h1")] == ["Dutch probation joins the network"]
    assert page.title.get_text() == "Dutch probation joins the network – Confederation of European Probation"
    header = page.select_one("article header")
    assert header.select_one(".eyebrow").get_text(strip=True) == "News"
    assert header.select_one(".lede").get_text(strip=True) == item.teaser
    time = header.select_one(".news-meta time")
    assert (time.get_text(strip=True), time["datetime"]) == ("15 Jan 2025", "2025-01-15")
    meta = {div.dt.get_text(strip=True): div.dd for div in header.select(".news-meta > div")}
    assert list(meta) == ["Date", "Type", "Category"]
    assert meta["Type"].get_text(strip=True) == "News"
    assert meta["Type"].a["href"] == "/news/?type=news"
    assert meta["Category"].get_text(strip=True) == "Members' News"
    assert meta["Category"].a["href"] == "/news/?category=members-news"
    topic_links = [(link.get_text(strip=True), link["href"]) for link in page.select("main article .tags .tag")]
    assert topic_links == [
        ("Electronic monitoring", newsroom.monitoring.url),
        ("Radicalisation", newsroom.radicalisation.url),
    ]
    assert client.get(newsroom.monitoring.url).status_code == 200


def test_news_item_shows_its_listing_image_and_body(client, make_news):
    item = make_news(
        "Board meets in Vilnius",
        on=date(2025, 5, 6),
        listing_image=image_create("Board in Vilnius"),
        body=paragraphs("The Board approved the work programme for the coming year."),
    )
    page = soup_of(client.get(item.url))
    picture = page.select_one("main .article-image picture")
    # 16:9 in WebP, with a JPEG for browsers without it; the upload is 640×360, so no rendition is larger.
    (webp,) = picture.select("source")
    assert webp["type"] == "image/webp"
    assert [entry.split()[0].rsplit("/", 1)[1].split(".", 2)[2] for entry in webp["srcset"].split(", ")] == [
        "fill-800x450.format-webp.webp",
        "fill-1200x675.format-webp.webp",
        "fill-1600x900.format-webp.webp",
    ]
    image = picture.img
    assert image["src"].startswith("/media/images/board-in-vilnius")
    assert image["src"].endswith(".fill-800x450.format-jpeg.jpg")
    assert (image["width"], image["height"]) == ("640", "360")
    assert image["fetchpriority"] == "high"
    assert "The Board approved the work programme for the coming year." in page.select_one(".prose").get_text()


def test_related_news_shares_a_topic_is_newest_first_and_leaves_out_itself_and_drafts(client, newsroom):
    # "Dutch probation" shares Electronic monitoring with the spring conference (and the draft),
    # and Radicalisation with the recap; the vodcast episodes have no topic.
    page = soup_of(client.get(newsroom.items["dutch"].url))
    related = page.find(id="related-news-heading").find_parent("section")
    assert card_titles(related) == ["Spring conference announced", "Autumn conference recap"]
    assert [time.get_text() for time in related.select("time")] == ["10 Mar 2025", "2 Oct 2024"]


def test_related_news_shows_the_three_newest(client, newsroom, make_news):
    for day in range(1, 5):
        make_news(f"Monitoring update {day}", on=date(2025, 6, day), topics=[newsroom.monitoring])
    page = soup_of(client.get(newsroom.items["dutch"].url))
    related = page.find(id="related-news-heading").find_parent("section")
    assert card_titles(related) == ["Monitoring update 4", "Monitoring update 3", "Monitoring update 2"]


def test_news_item_without_shared_topics_has_no_related_news_section(client, newsroom):
    page = soup_of(client.get(newsroom.items["episode_3"].url))
    assert page.find(id="related-news-heading") is None
    assert "Related news" not in page.get_text()


def test_vodcast_episode_shows_its_series_number_guest_video_and_transcript(client, newsroom, make_news):
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Division_Y episode 5" src="https://www.youtube-nocookie.com/embed/y"></iframe>',
        width=640,
        height=360,
    )
    episode = make_news(
        "Division_Y episode 5",
        on=date(2025, 6, 1),
        news_type=newsroom.vodcast,
        series="Division_Y",
        episode_number=5,
        guest="Maria Rossi, head of probation",
        video=[("video", VIDEO_URL)],
        transcript="<p>Welcome to Division_Y, the vodcast of young probation professionals.</p>",
    )
    page = soup_of(client.get(episode.url))
    section = page.find(id="vodcast-episode-heading").find_parent("section")
    assert section.h2.get_text(strip=True) == "Division_Y, episode 5"
    assert "With Maria Rossi, head of probation" in section.get_text()
    assert section.select_one("iframe")["title"] == "Division_Y episode 5"
    assert section.select_one("details summary").get_text(strip=True) == "Transcript"
    assert "Welcome to Division_Y, the vodcast of young probation professionals." in section.get_text()


def test_ordinary_news_has_no_vodcast_section(client, newsroom):
    page = soup_of(client.get(newsroom.items["spring"].url))
    assert page.find(id="vodcast-episode-heading") is None


def test_news_item_links_to_its_event_and_project(client, demo_site, newsroom, make_news):
    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=demo_site), title="Probation Futures")
    event = EventPageFactory(parent=EventIndexPageFactory(parent=demo_site), title="Spring conference")
    item = make_news("Project kick-off", on=date(2025, 2, 2), related_project=project, related_event=event)
    links = soup_of(client.get(item.url)).find(id="news-related-links-heading").find_parent("section").select("a")
    assert [(link.get_text(strip=True), link["href"]) for link in links] == [
        ("Spring conference", event.url),
        ("Probation Futures", project.url),
    ]


def test_news_item_without_event_or_project_has_no_see_also_section(client, newsroom):
    assert soup_of(client.get(newsroom.items["recap"].url)).find(id="news-related-links-heading") is None


def vodcast_item(newsroom, **fields):
    item = NewsPage(
        title="Division_Y episode 9",
        date=date(2025, 7, 1),
        teaser="A new episode.",
        news_type=newsroom.vodcast,
        **fields,
    )
    # A live page is fully cleaned on save, as when an editor publishes it; drafts may stay incomplete.
    return newsroom.index.add_child(instance=item)


def test_vodcast_episode_cannot_be_saved_without_its_number_and_guest(newsroom):
    with pytest.raises(ValidationError) as error:
        vodcast_item(newsroom, guest="   ")
    assert set(error.value.message_dict) == {"episode_number", "guest"}
    assert error.value.message_dict["guest"] == ["A vodcast episode needs its guest."]


def test_vodcast_episode_cannot_be_saved_without_its_number(newsroom):
    with pytest.raises(ValidationError) as error:
        vodcast_item(newsroom, guest="Jonas Berg")
    assert error.value.message_dict == {"episode_number": ["A vodcast episode needs its number."]}


def test_vodcast_episode_with_its_number_and_guest_is_saved(newsroom):
    item = vodcast_item(newsroom, episode_number=9, guest="Anna Novak")
    assert NewsPage.objects.filter(pk=item.pk, episode_number=9).exists()


def test_other_news_is_saved_without_episode_number_or_guest(newsroom):
    item = newsroom.index.add_child(
        instance=NewsPage(
            title="Call for papers", date=date(2025, 7, 1), teaser="Send yours.", news_type=NewsTypeFactory(name="Call")
        )
    )
    assert NewsPage.objects.filter(pk=item.pk).exists()


def publish_from_the_admin(client, newsroom, **fields):
    client.force_login(
        get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    )
    form = nested_form_data(
        {
            "title": "Division_Y episode 10",
            "slug": "division-y-episode-10",
            "date": "2025-08-01",
            "news_type": newsroom.vodcast.pk,
            "teaser": "Our tenth episode.",
            "body": streamfield([]),
            "series": "Division_Y",
            "video": streamfield([]),
            "transcript": rich_text(""),
            "comments": inline_formset([]),
            "action-publish": "publish",
            **fields,
        }
    )
    form["categories"] = [newsroom.events.pk]  # a multiple choice: one key, a list of values
    return client.post(reverse("wagtailadmin_pages:add", args=("news", "newspage", newsroom.index.pk)), form)


def test_editor_publishing_a_vodcast_episode_without_number_or_guest_sees_both_errors(client, newsroom):
    response = publish_from_the_admin(client, newsroom, episode_number="", guest="")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "episode_number": ["A vodcast episode needs its number."],
        "guest": ["A vodcast episode needs its guest."],
    }
    assert not NewsPage.objects.filter(slug="division-y-episode-10").exists()


def test_editor_publishes_a_complete_vodcast_episode(client, newsroom):
    response = publish_from_the_admin(client, newsroom, episode_number="10", guest="Lena Vogel, probation officer")
    assert response.status_code == 302
    assert "With Lena Vogel, probation officer" in soup_of(client.get("/news/division-y-episode-10/")).text
