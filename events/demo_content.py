"""Demo content for events, from the current CEP site: the 2026 webinar series (an event series whose rule
makes the four dates), the Framework Decisions workshop, and the upcoming webinar on governance the home page
announces.

The current site gives no date for the governance webinar; the demo puts it in the webinar series' next
January slot so that a new install has an upcoming, highlighted event.
"""

import datetime
import json
import zoneinfo

from django.utils import timezone

from cep_site.demo_content import block, paragraph, placeholder_image, publish_child

from .models import EventIndexPage, EventPage, EventSeries
from .series import series_events_create, series_occurrences

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")

EVENT_INDEX_INTRODUCTION = (
    "Stay informed about our upcoming events and opportunities for professional development. Join us at "
    "workshops and conferences to connect with experts and peers in the field of probation."
)

WEBINAR_SERIES_TEXT = (
    "In 2026 CEP runs a series of short webinars on the third Thursday of January, March, May and November. "
    "We invite probation practitioners, social workers, managers, policy makers, researchers, students and "
    "colleagues from partner organisations to join and share their knowledge."
)


def brussels(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


WEBINAR_SERIES = {
    "title": "CEP Webinar Series 2026",
    "slug": "cep-webinar-series-2026",
    "description": WEBINAR_SERIES_TEXT,
    "recurrence_rule": "FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH;COUNT=4",
    "first_start": brussels(2026, 1, 15, 14),
    "duration_minutes": 60,
    "time_zone": "Europe/Brussels",
    "kind": EventPage.Kind.WEBINAR,
    "attendance": EventPage.Attendance.ONLINE,
    "summary": "A webinar of the CEP Webinar Series 2026.",
    "topics": ["Community Sanctions and Measures"],
}

# What the current site says about each date of the series, by the date the rule gives. The first webinar took
# place a week later than the rule's date: its page is moved, and the rule's other dates are untouched.
WEBINARS = {
    datetime.date(2026, 1, 15): {
        "title": "First CEP webinar 2026: Alternatives to Detention",
        "slug": "first-cep-webinar-2026",
        "start": brussels(2026, 1, 22, 14),
        "end": brussels(2026, 1, 22, 15),
        "topics": ["Alternatives to Pre-trial Detention"],
        "summary": "The first webinar in the CEP Webinar Series 2026 introduces a programme developed by the Meuse "
        "Probation Service, winner of the CEP Award 2025 in the category of Rehabilitation and Social Inclusion "
        "(The Sue Hall Award).",
        "description": [WEBINAR_SERIES_TEXT],
        "recap": [
            "More than a hundred participants from across Europe joined the first webinar of the series. The Meuse "
            "Probation Service presented its award-winning programme and answered questions on how it works with "
            "courts and local partners to keep people out of pre-trial detention.",
        ],
    },
    datetime.date(2026, 3, 19): {
        "title": "CEP Webinar Series 2026: March",
        "slug": "cep-webinar-series-2026-march",
        "summary": "The second webinar of the CEP Webinar Series 2026.",
        "description": [WEBINAR_SERIES_TEXT],
    },
    datetime.date(2026, 5, 21): {
        "title": "CEP Webinar Series 2026: May",
        "slug": "cep-webinar-series-2026-may",
        "summary": "The third webinar of the CEP Webinar Series 2026.",
        "description": [WEBINAR_SERIES_TEXT],
    },
    datetime.date(2026, 11, 19): {
        "title": "CEP Webinar Series 2026: November",
        "slug": "cep-webinar-series-2026-november",
        "summary": "The last webinar of the CEP Webinar Series 2026.",
        "description": [WEBINAR_SERIES_TEXT],
    },
}

EVENTS = [
    {
        "title": "Governance Oversight and Accountability Mechanisms in Probation and Parole: Compare and Contrast "
        "Europe and USA",
        "slug": "governance-oversight-and-accountability",
        "kind": EventPage.Kind.WEBINAR,
        "start": brussels(2027, 1, 21, 15),
        "end": brussels(2027, 1, 21, 16, 30),
        "topics": ["Community Sanctions and Measures"],
        "highlighted": True,
        # Open for registration, so a new install shows the form, the e-mails and the reminders at work.
        "takes_registrations": True,
        "registration_deadline": brussels(2027, 1, 20, 12),
        "capacity": 100,
        "online_link": "https://meet.example.org/cep-governance-webinar",
        "eligibility": "Free of charge and open to everyone working in or with probation; CEP members have "
        "priority when places run short.",
        "summary": "How are probation and parole services overseen and held to account in Europe and in the "
        "United States? Speakers from both sides of the Atlantic compare inspection, complaints and oversight.",
        "description": [
            "Probation and parole services exercise considerable power over the people they supervise. This "
            "webinar compares the mechanisms that oversee them and hold them accountable in European "
            "jurisdictions and in the United States, and asks what each can learn from the other.",
        ],
    },
    {
        "title": "Expert Workshop on Framework Decisions 2008/947/JHA and 2009/829/JHA",
        "slug": "expert-workshop-framework-decisions-2025",
        "kind": EventPage.Kind.WORKSHOP,
        "start": brussels(2025, 9, 10, 9),
        "end": brussels(2025, 9, 11, 17),
        "topics": ["Framework Decisions"],
        "attendance": EventPage.Attendance.IN_PERSON,
        "venue_name": "Houses of Justice",
        "venue_city": "Brussels",
        "venue_country": "BE",
        "eligibility": "Senior managers, probation practitioners and criminal justice professionals; places are "
        "limited and CEP members have priority.",
        "summary": "Two days in Brussels on the implementation of Framework Decisions 2008/947/JHA and "
        "2009/829/JHA, with practitioners, the European Commission, the Academy of European Law and the European "
        "Judicial Network.",
        "description": [
            "The workshop brings together senior managers, probation practitioners, lawyers and prosecutors from "
            "across Europe to discuss the advancements in the implementation of the Framework Decisions.",
        ],
        "recap": [
            "Hosted at the Houses of Justice, the CEP Expert Workshop served as a dynamic platform for mutual "
            "learning, collaboration, and strategic planning on the transfer of probation measures and "
            "supervision orders between Member States.",
        ],
    },
]


def paragraph_blocks(texts):
    return json.dumps([block("paragraph", paragraph(text)) for text in texts])


def event_page(data, topics):
    fields = {key: value for key, value in data.items() if key not in {"topics", "description", "recap"}}
    event = EventPage(
        **fields,
        time_zone="Europe/Brussels",
        image=placeholder_image(title=data["title"][:60]),
        description=paragraph_blocks(data["description"]),
        recap=paragraph_blocks(data.get("recap", [])),
    )
    event.topics = [topics[name] for name in data["topics"]]
    return event


def webinar_series_create(topics):
    fields = {key: value for key, value in WEBINAR_SERIES.items() if key != "topics"}
    series = EventSeries(**fields)
    series.topics = [topics[name] for name in WEBINAR_SERIES["topics"]]
    series.full_clean()
    series.save()
    return series


def earlier_webinars_link(series, index):
    """Installs loaded before there were series have the four webinars as events of their own: link them to the
    series by their slugs, rather than make them again. Pages an editor has unpublished or has a draft of are left
    alone (the series then makes that date anew)."""
    occurrences = {occurrence.date(): occurrence for occurrence in series_occurrences(series)}
    for day, data in WEBINARS.items():
        page = EventPage.objects.child_of(index).filter(slug=data["slug"], series=None).first()
        if page and page.live and not page.has_unpublished_changes:
            page.series, page.series_occurrence = series, occurrences[day]
            page.save_revision().publish()


def webinar_fill(page, topics, index):
    """Give a page the series just made what the current site says about that webinar."""
    data = WEBINARS.get(timezone.localtime(page.series_occurrence, page.zone).date())
    if data is None:
        return
    page.title = page.draft_title = data["title"]
    if not index.get_children().filter(slug=data["slug"]).exclude(pk=page.pk).exists():
        page.slug = data["slug"]
    page.start, page.end = data.get("start", page.start), data.get("end", page.end)
    page.summary = data["summary"]
    page.image = placeholder_image(title=data["title"][:60])
    page.description = paragraph_blocks(data["description"])
    page.recap = paragraph_blocks(data.get("recap", []))
    if "topics" in data:
        page.topics = [topics[name] for name in data["topics"]]
    page.save_revision().publish()


def webinar_series_load(index, topics, stdout):
    """The 2026 webinars as a series: its rule makes the dates, and the January webinar is then moved a week on."""
    series = EventSeries.objects.filter(slug=WEBINAR_SERIES["slug"]).first()
    if series is None:
        series = webinar_series_create(topics)
        stdout.write(f"Created the event series {series.title}.")
        earlier_webinars_link(series, index)
    # Only the dates that have no page yet: a moved, retitled or edited webinar stays as the editor left it.
    for page in series_events_create(series, index=index):
        webinar_fill(page, topics, index)
        stdout.write(f"Created the event {page.title}.")


def load(home, stdout):
    from topics.demo_content import topics_by_title

    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home, EventIndexPage(title="Events", slug="events", introduction=EVENT_INDEX_INTRODUCTION)
        )
        stdout.write("Created the event index.")
    topics = topics_by_title()
    webinar_series_load(index, topics, stdout)
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    for data in EVENTS:
        if data["slug"] in existing:
            continue
        publish_child(index, event_page(data, topics))
        stdout.write(f"Created the event {data['title']}.")
    return index
