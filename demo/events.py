"""Demo content for events, from the current CEP site: the 2026 webinar series (an event series whose rule
makes the four dates), the Framework Decisions workshop, and the upcoming webinar on governance the home page
announces.

So that a new install has events ahead whatever the day it is loaded, some dates are the demo's own, set from
that day (`events_ahead`): the governance webinar (the current site gives it no date) on the next day the webinar
series keeps, at least three weeks ahead so its registration is open; the series' next three dates after it; and
a General Assembly in Brussels. Their titles stay generic where the current site gives nothing, and each says on
its page that its date is demo content.
"""

import datetime
import json
import zoneinfo
from itertools import islice

from django.utils import timezone

from demo.images import event_image
from demo.members import member_countries
from demo.site import block, paragraph, publish_child
from events.models import EventIndexPage, EventPage, EventSeries
from events.series import rule_dates, series_events_create, series_occurrences

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

# Said on the page of every event whose date the demo set.
DEMO_DATE_NOTE = (
    "Demo content: this date was set from the day the site was installed, so that a new install always has events "
    "ahead. Give the real date, or delete the event."
)

# The days the webinar series keeps (RFC 5545, without an end): the third Thursday of January, March, May and
# November, at 14:00 in Brussels.
WEBINAR_DAYS_RULE = "FREQ=MONTHLY;BYMONTH=1,3,5,11;BYDAY=3TH"
# The governance webinar is at least this far ahead of the day the demo is loaded: its registration is open.
GOVERNANCE_WEBINAR_LEAD = datetime.timedelta(weeks=3)
# The General Assembly: on the first Wednesday (never a webinar's Thursday) at least eight weeks ahead.
GENERAL_ASSEMBLY_LEAD = datetime.timedelta(weeks=8)

GOVERNANCE_WEBINAR = {
    "title": "Governance Oversight and Accountability Mechanisms in Probation and Parole: Compare and Contrast "
    "Europe and USA",
    "slug": "governance-oversight-and-accountability",
    "kind": EventPage.Kind.WEBINAR,
    "topics": ["Community Sanctions and Measures"],
    "highlighted": True,
    # Open for registration, so a new install shows the form, the e-mails and the reminders at work.
    "takes_registrations": True,
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
        DEMO_DATE_NOTE,
    ],
}

GENERAL_ASSEMBLY = {
    "title": "CEP General Assembly",  # the year of its date is added
    "slug": "cep-general-assembly",
    "kind": EventPage.Kind.GENERAL_ASSEMBLY,
    "topics": [],
    "highlighted": True,
    "attendance": EventPage.Attendance.IN_PERSON,
    "venue_city": "Brussels",
    "venue_country": "BE",
    "summary": "CEP's members meet for the General Assembly. The agenda and the venue will be announced here.",
    "description": [
        "The General Assembly brings CEP's members together. The agenda, the venue and how to take part will be "
        "announced here.",
        DEMO_DATE_NOTE,
    ],
}

# The series' next dates after the governance webinar, made by the series like the 2026 dates.
UPCOMING_WEBINAR_SERIES = {
    "title": "CEP Webinar Series",
    "slug": "cep-webinar-series",
    "description": "Short CEP webinars on the third Thursday of January, March, May and November, like the 2026 "
    "series. Demo content: the dates were set from the day the site was installed, and each webinar's subject "
    "and speakers are still to be announced.",
    "duration_minutes": 60,
    "time_zone": "Europe/Brussels",
    "kind": EventPage.Kind.WEBINAR,
    "attendance": EventPage.Attendance.ONLINE,
    "summary": "A webinar of the CEP Webinar Series. Its subject and speakers will be announced here.",
    "topics": ["Community Sanctions and Measures"],
    "count": 3,
}

UPCOMING_WEBINAR_TEXT = (
    "CEP runs short webinars for probation practitioners, social workers, managers, policy makers, researchers, "
    "students and colleagues from partner organisations. The subject and the speakers of this one will be "
    "announced here."
)

EVENTS = [
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


def webinar_days(after, count):
    """The next `count` days the webinar series keeps after the date `after`, at 14:00 in Brussels."""
    day_after = datetime.datetime.combine(after + datetime.timedelta(days=1), datetime.time(14), tzinfo=BRUSSELS)
    return list(islice(rule_dates(WEBINAR_DAYS_RULE, day_after), count))


def events_ahead(today):
    """The governance webinar and the General Assembly, dated from `today` (the day the demo is loaded)."""
    webinar = webinar_days(today + GOVERNANCE_WEBINAR_LEAD - datetime.timedelta(days=1), 1)[0]
    webinar_day = webinar.date()
    assembly_day = today + GENERAL_ASSEMBLY_LEAD
    assembly_day += datetime.timedelta(days=(2 - assembly_day.weekday()) % 7)  # the next Wednesday
    return [
        {
            **GOVERNANCE_WEBINAR,
            "start": brussels(webinar_day.year, webinar_day.month, webinar_day.day, 15),
            "end": brussels(webinar_day.year, webinar_day.month, webinar_day.day, 16, 30),
            # Noon the day before: the form is open from the day the demo is loaded until then.
            "registration_deadline": datetime.datetime.combine(
                webinar_day - datetime.timedelta(days=1), datetime.time(12), tzinfo=BRUSSELS
            ),
        },
        {
            **GENERAL_ASSEMBLY,
            "title": f"{GENERAL_ASSEMBLY['title']} {assembly_day.year}",
            "start": brussels(assembly_day.year, assembly_day.month, assembly_day.day, 10),
            "end": brussels(assembly_day.year, assembly_day.month, assembly_day.day, 16),
        },
    ]


def paragraph_blocks(texts):
    return json.dumps([block("paragraph", paragraph(text)) for text in texts])


def event_page(data, topics):
    fields = {key: value for key, value in data.items() if key not in {"topics", "description", "recap"}}
    event = EventPage(
        **fields,
        time_zone="Europe/Brussels",
        image=event_image(data, member_countries=member_countries()),
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
    page.image = event_image(data, member_countries=member_countries())
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


def upcoming_webinar_series_load(index, topics, today, stdout):
    """The series' next dates after the governance webinar, made once: a page an editor deletes stays deleted."""
    if EventSeries.objects.filter(slug=UPCOMING_WEBINAR_SERIES["slug"]).exists():
        return
    governance_day = events_ahead(today)[0]["start"].date()
    fields = {key: value for key, value in UPCOMING_WEBINAR_SERIES.items() if key not in {"topics", "count"}}
    series = EventSeries(
        **fields,
        recurrence_rule=f"{WEBINAR_DAYS_RULE};COUNT={UPCOMING_WEBINAR_SERIES['count']}",
        first_start=webinar_days(governance_day, 1)[0],
    )
    series.topics = [topics[name] for name in UPCOMING_WEBINAR_SERIES["topics"]]
    series.full_clean()
    series.save()
    stdout.write(f"Created the event series {series.title}.")
    for page in series_events_create(series, index=index):
        page.description = paragraph_blocks([UPCOMING_WEBINAR_TEXT, DEMO_DATE_NOTE])
        page.save_revision().publish()
        stdout.write(f"Created the event {page.title}.")


def load(home, stdout):
    from demo.topics import topics_by_title

    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home, EventIndexPage(title="Events", slug="events", introduction=EVENT_INDEX_INTRODUCTION)
        )
        stdout.write("Created the event index.")
    topics = topics_by_title()
    webinar_series_load(index, topics, stdout)
    today = timezone.localdate(timezone=BRUSSELS)
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    for data in EVENTS + events_ahead(today):
        if data["slug"] in existing:
            continue
        publish_child(index, event_page(data, topics))
        stdout.write(f"Created the event {data['title']}.")
    upcoming_webinar_series_load(index, topics, today, stdout)
    return index
