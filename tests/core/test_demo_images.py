"""The demo content's generated images (demo/images.py): deterministic, the brief's sizes and colours, no
placeholder look, made once each and put on every news item, project and topic."""

import io

import pytest
from PIL import Image as PillowImage
from PIL import ImageColor

from django.core.management import call_command

from wagtail.images import get_image_model

from core.images import CARD_IMAGE, LOGO_IMAGE, renditions
from countries import shapes
from demo import images as demo_images
from demo.images import MAP_NIGHT, MAP_PAPER, MARIGOLD, MOODS, NIGHT, PAPER, SKY
from demo.members import member_countries
from demo.news import NEWS_ITEMS
from news.models import NewsPage
from projects.models import ProjectPage
from topics.models import TopicPage

SMALL = 0.25  # a quarter of the masters' size: the same composition, quicker to check
SLUGS = [f"item-{number}" for number in range(12)]


def rgb(image):
    return image.convert("RGB")


def colours(image):
    """{colour: pixels} of an image (RGB)."""
    return {pixel: count for count, pixel in image.getcolors(image.width * image.height)}


def colour_count(image, colour, box=None, tolerance=0):
    """How many pixels of `image` (or of its `box`) are `colour`, each channel within `tolerance`."""
    target = ImageColor.getrgb(colour)
    region = rgb(image).crop(box) if box else rgb(image)
    return sum(
        count
        for pixel, count in colours(region).items()
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))
    )


def opened(wagtail_image):
    with wagtail_image.open_file() as file:
        image = PillowImage.open(file)
        image.load()
    return image


def background(wagtail_image):
    """The commonest colour of a Wagtail image: a pattern's background."""
    counts = colours(rgb(opened(wagtail_image)))
    return max(counts, key=counts.get)


def not_background(image, mood, box):
    region = rgb(image).crop(box)
    return region.width * region.height - colours(region).get(ImageColor.getrgb(mood.background), 0)


# ---------------------------------------------------------------------------
# The "Commons" pattern
# ---------------------------------------------------------------------------


def test_the_same_slug_gives_the_same_bytes_and_another_slug_another_image():
    first = demo_images.pattern("news", "board-elected", kind="3:2", mood=SKY, scale=SMALL).png()
    again = demo_images.pattern("news", "board-elected", kind="3:2", mood=SKY, scale=SMALL).png()
    other = demo_images.pattern("news", "board-re-elected", kind="3:2", mood=SKY, scale=SMALL).png()
    other_model = demo_images.pattern("topic", "board-elected", kind="3:2", mood=SKY, scale=SMALL).png()
    assert first == again
    assert len({first, other, other_model}) == 3
    assert demo_images.logo("member", "a").png() == demo_images.logo("member", "a").png()
    assert demo_images.logo("member", "a").png() != demo_images.logo("member", "b").png()


@pytest.mark.parametrize(("kind", "size"), [("16:9", (2400, 1350)), ("3:2", (1800, 1200))])
def test_patterns_are_made_at_the_masters_sizes_and_scale_down_in_proportion(kind, size):
    assert demo_images.pattern("topic", "technology", kind=kind, mood=PAPER).image.size == size
    width, height = demo_images.pattern("topic", "technology", kind=kind, mood=PAPER, scale=SMALL).image.size
    assert (width, height) == (size[0] * SMALL, round(size[1] * SMALL))
    assert abs(width / height - size[0] / size[1]) < 0.01


def test_logos_are_square_800_pixel_masters():
    assert demo_images.logo("member", "reclassering").image.size == (800, 800)
    assert demo_images.logo("member", "reclassering", scale=SMALL).image.size == (200, 200)


def test_a_pattern_holds_only_its_moods_colours_and_the_edges_between_them():
    """Nothing else (no text, outline, gradient or noise): every colour is the background, a tone, or a step of a
    tile's antialiased edge between the background and that tone."""
    for mood in MOODS.values():
        image = demo_images.pattern("topic", "colours", kind="16:9", mood=mood, scale=SMALL).image
        assert image.mode == "P"
        assert len(image.getcolors(256)) <= 1 + 4 * (demo_images.LEVELS - 1)
        tones = {ImageColor.getrgb(colour) for colour in (mood.background, *mood.field, mood.strong, mood.accent)}
        assert tones <= set(colours(rgb(image))), mood.name


@pytest.mark.parametrize("kind", ["16:9", "3:2"])
@pytest.mark.parametrize("mood", list(MOODS.values()), ids=list(MOODS))
def test_one_accent_tile_next_to_the_anchor_never_in_the_left_third_and_at_most_6_percent(kind, mood):
    for slug in SLUGS:
        generated = demo_images.pattern("news", slug, kind=kind, mood=mood, scale=SMALL)
        width, height = generated.image.size
        accent = colour_count(generated.image, mood.accent)
        assert 0 < accent <= 0.06 * width * height, slug
        assert colour_count(generated.image, mood.accent, (0, 0, width // 3, height)) == 0, slug
        # The anchor (the focal point) is a 2×2 quarter disc in the strong tone, in the right third.
        left, top, anchor_width, anchor_height = generated.focal
        assert left >= 2 * width / 3 - 1
        anchor = colour_count(generated.image, mood.strong, (left, top, left + anchor_width, top + anchor_height))
        assert anchor >= 0.7 * anchor_width * anchor_height, slug


def test_the_left_of_a_16_9_pattern_is_calmer_than_its_right():
    for mood in (NIGHT, PAPER, SKY):
        for slug in SLUGS:
            image = demo_images.pattern("event", slug, kind="16:9", mood=mood, scale=SMALL).image
            width, height = image.size
            left = not_background(image, mood, (0, 0, width // 3, height))
            right = not_background(image, mood, (width - width // 3, 0, width, height))
            assert left < right, (mood.name, slug)


def test_news_moods_follow_the_date_order_and_marigold_is_rare():
    items = [{"title": f"Item {day}", "date": f"2026-01-{day:02}"} for day in range(1, 21)]
    moods = demo_images.news_moods(items)
    newest_first = [moods[f"Item {day}"] for day in range(20, 0, -1)]
    assert newest_first[:4] == [PAPER, SKY, NIGHT, PAPER]
    assert all(a != b for a, b in zip(newest_first, newest_first[1:], strict=False))
    assert MARIGOLD not in newest_first

    highlighted = [{**item, "highlighted": True} for item in items]
    moods = [demo_images.news_moods(highlighted)[f"Item {day}"] for day in range(20, 0, -1)]
    assert [n for n, mood in enumerate(moods) if mood == MARIGOLD] == [0, 8, 16]
    assert all(a != b for a, b in zip(moods, moods[1:], strict=False))


# ---------------------------------------------------------------------------
# The Europe map
# ---------------------------------------------------------------------------


def test_the_topojson_decoder_adds_up_deltas_and_reverses_arcs():
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 40]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "001", "arcs": [[0, 1]]},
                    {"type": "MultiPolygon", "properties": {"name": "Nameless"}, "arcs": [[[~1, ~0]]]},
                ],
            }
        },
    }
    (first_key, [[first_ring]]), (second_key, [[second_ring]]) = shapes.topology_decode(topology, "countries")
    assert first_key == "001" and second_key == "Nameless"
    assert first_ring == [(10, 40), (11, 40), (11, 41), (10, 41), (10, 40)]
    assert second_ring == list(reversed(first_ring))


def test_the_projection_is_centred_at_10_east_52_north():
    assert shapes.project(10, 52) == pytest.approx((0, 0), abs=1e-12)
    east, north = shapes.project(20, 52), shapes.project(10, 62)
    assert east[0] > 0 and north[1] > 0


def test_the_map_shows_the_members_the_host_and_the_city():
    from demo.members import MEMBERS
    from members.models import MemberKind, MemberStatus

    members = member_countries()
    organisations = [data for data in MEMBERS if data.get("kind", MemberKind.ORGANISATION) == MemberKind.ORGANISATION]
    assert set(members) == {data["country"] for data in organisations if data["status"] != MemberStatus.APPLIED}
    assert members and set(members) <= set(demo_images.WORLD_ATLAS_KEYS)

    generated = demo_images.europe_map(kind="3:2", members=members, host="BE", city="Brussels", scale=SMALL)
    assert generated.image.size == (450, 300)
    for colour in (MAP_PAPER.sea, MAP_PAPER.land, MAP_PAPER.member, MAP_PAPER.highlight):
        assert colour_count(generated.image, colour) > 0, colour
    # At a quarter of the size the city is a 5 px disc: its middle is nearly, not exactly, marigold.
    assert colour_count(generated.image, MAP_PAPER.city, tolerance=24) > 0
    # The focal point is on the city, a little west of the middle of a 3:2 map.
    left, top, width, height = generated.focal
    assert 0.35 * 450 < left + width / 2 < 0.5 * 450

    night = demo_images.europe_map(kind="16:9", colours=MAP_NIGHT, members=members, scale=SMALL)
    assert night.image.size == (600, 338)
    assert colour_count(night.image, MAP_NIGHT.member) > 0
    assert colour_count(night.image, MAP_NIGHT.highlight) == 0
    assert colour_count(night.image, MAP_NIGHT.city, tolerance=24) == 0


# ---------------------------------------------------------------------------
# The demo content's Wagtail images
# ---------------------------------------------------------------------------


def load_demo_content():
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_images_are_made_once_with_their_focal_points_and_alt_text(full_demo_site):
    images = get_image_model().objects.all()
    count = images.count()
    demo = images.filter(title__startswith="[Demo] ")
    assert demo.count() >= 30
    assert all(image.has_focal_point() for image in demo)
    load_demo_content()
    assert images.count() == count

    technology = images.get(title="[Demo] Topic – Technology")
    assert (technology.width, technology.height) == (1800, 1200)
    assert technology.description == ""
    # The focal point is the anchor, in the right third.
    assert technology.focal_point_x > 1200 and technology.focal_point_width == 600

    social = full_demo_site.social_image
    assert social.title == "[Demo] Site – Social image" and (social.width, social.height) == (2400, 1350)

    map_image = demo_images.membership_map_image(member_countries())
    assert map_image.description == demo_images.MEMBERSHIP_MAP_ALT
    assert demo_images.membership_map_image(member_countries()) == map_image
    hero = demo_images.home_hero_image()
    assert (hero.width, hero.height) == (2400, 1350) and hero.description == ""

    logo = images.filter(title__startswith="[Demo] Logo – ").first()
    assert (logo.width, logo.height) == (800, 800)

    # The renditions the templates ask for, from a palette PNG.
    for spec in renditions(CARD_IMAGE, LOGO_IMAGE):
        rendition = technology.get_rendition(spec)
        assert rendition.width and rendition.height


@pytest.mark.django_db
def test_every_demo_news_item_project_and_topic_has_an_image_and_events_theirs(full_demo_site):
    from events.models import EventPage

    news = NewsPage.objects.all()
    assert news and all(page.listing_image for page in news)
    projects = ProjectPage.objects.all()
    assert projects and all(page.image for page in projects)
    topics = TopicPage.objects.all()
    assert topics and all(page.image for page in topics)
    # Topics alternate Paper and Sky in menu order, so neighbours differ.
    backgrounds = [background(topic.image) for topic in topics.order_by("path")]
    assert set(backgrounds) == {ImageColor.getrgb(PAPER.background), ImageColor.getrgb(SKY.background)}
    assert all(a != b for a, b in zip(backgrounds, backgrounds[1:], strict=False))
    # News: Paper, Sky and Night in turn, newest first.
    moods = demo_images.news_moods(NEWS_ITEMS)
    for page in news:
        assert background(page.listing_image) == ImageColor.getrgb(moods[page.title].background), page.title

    # Events: the map for one in person in a known city, a Night pattern for one online.
    events = [event for event in EventPage.objects.exclude(image=None) if event.image.title.startswith("[Demo] ")]
    in_person = [event for event in events if event.attendance != "online" and event.venue_city in demo_images.CITIES]
    online = [event for event in events if event.attendance == "online"]
    assert in_person and online
    for event in in_person:
        assert (event.image.width, event.image.height) == (2400, 1350)
        assert event.image.description == f"Map of Europe with {event.venue_city} marked"
        assert colour_count(opened(event.image), MAP_PAPER.highlight) > 0
    for event in online:
        assert (event.image.width, event.image.height) == (2400, 1350)
        assert event.image.description == ""
        assert background(event.image) == ImageColor.getrgb(NIGHT.background)
