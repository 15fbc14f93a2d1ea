"""Demo content for membership: the Membership page and a handful of plausible members with their people.

The page's text follows what CEP says about membership today (full and associate members, a letter to the Board,
provisional access until the General Assembly confirms). The members and people are invented but plausible; the
people have example.org addresses and no usable password. Like the other apps' demo content, it creates what is
missing and leaves what exists alone.
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from demo.images import member_logo, membership_map_image
from demo.site import block, paragraph, publish_child
from members.area import (
    MembersAreaDocument,
    MembersAreaPage,
    MembersCallPage,
    members_area_restrict,
    members_collection,
)
from members.models import (
    STATUS_DATE_FIELDS,
    MemberKind,
    MemberOrganisation,
    Membership,
    MembershipApplication,
    MembershipPage,
    MembershipStatusChange,
    MembershipType,
    MemberStatus,
)
from members.services import members_group_sync

MEMBERSHIP_INTRODUCTION = (
    "CEP’s members are organisations working in the field of probation and interested individuals. Together they "
    "form a network of expertise on working with people who have offended in the community, across Europe."
)

MEMBERSHIP_BODY = [
    "There are two types of membership. Full members are the public or non-profit bodies that provide probation; "
    "they vote at the General Assembly. Associate members have the same entitlements without a vote.",
]

MEMBERSHIP_TYPES = [
    {
        "name": "Full members",
        "who_can_join": "Public or non-profit bodies that provide probation.",
        "entitlements": [
            "A vote at the General Assembly",
            "Members’ access to the members’ area of this website and the member directory",
            "Members’ prices for CEP conferences, workshops and expert meetings",
            "A voice in CEP’s expert groups, networks and projects",
        ],
        "votes": True,
        "fee_note": "Set by the General Assembly.",
    },
    {
        "name": "Associate members",
        "who_can_join": "Non-profit organisations that do not provide probation, universities and private persons.",
        "entitlements": [
            "The same entitlements as full members, without a vote at the General Assembly",
            "Members’ access to the members’ area of this website and the member directory",
            "Members’ prices for CEP conferences, workshops and expert meetings",
        ],
        "votes": False,
        "fee_note": "Set by the General Assembly.",
    },
]

HOW_TO_APPLY = [
    "To join CEP, write a letter to the Board saying which type of membership you apply for, with your "
    "organisation’s statute and why you would like to join.",
    "The Board meets in April and October and decides on the applications it has received. Once the Board "
    "approves, you have provisional access to everything CEP offers its members, until the General Assembly "
    "confirms the membership.",
]

DIRECTORY_INTRODUCTION = "The organisations that are members of CEP, by country."

# A tiny but real PDF, standing in for the statute of the organisation whose application is waiting.
DEMO_STATUTE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


# (e-mail, first name, last name, role, position)
MEMBERS = [
    {
        "name": "Reclassering Nederland",
        "country": "NL",
        "type": MembershipType.FULL,
        "status": MemberStatus.CONFIRMED,
        "since": at(2008, 10, 15),
        "website": "https://www.reclassering.nl",
        "description": "The largest probation organisation in the Netherlands: advice to the courts, supervision "
        "and community service across the country.",
        "listed": True,
        "people": [
            ("sanne.dejong@example.org", "Sanne", "de Jong", Membership.Role.MAIN_CONTACT, "International officer"),
            ("pieter.bakker@example.org", "Pieter", "Bakker", Membership.Role.STAFF, "Probation officer"),
        ],
    },
    {
        "name": "Justitiehuizen – Departement Justitie en Handhaving",
        "country": "BE",
        "type": MembershipType.FULL,
        "status": MemberStatus.CONFIRMED,
        "since": at(2015, 4, 20),
        "website": "https://www.justitiehuizen.be",
        "description": "The houses of justice of the Flemish government, which carry out probation and "
        "community sanctions in Flanders and Brussels.",
        "listed": True,
        "people": [("pieter.claes@example.org", "Pieter", "Claes", Membership.Role.MAIN_CONTACT, "Policy adviser")],
    },
    {
        "name": "The Probation Service (Ireland)",
        "country": "IE",
        "type": MembershipType.FULL,
        "status": MemberStatus.CONFIRMED,
        "since": at(2010, 10, 12),
        "website": "https://www.probation.ie",
        "description": "The lead agency in Ireland for the assessment and supervision of people who have "
        "offended, working to reduce reoffending and build safer communities.",
        "listed": True,
        "people": [("aoife.byrne@example.org", "Aoife", "Byrne", Membership.Role.MAIN_CONTACT, "Assistant Principal")],
    },
    {
        "name": "Community Justice Scotland",
        "country": "GB",
        "type": MembershipType.FULL,
        "status": MemberStatus.CONFIRMED,
        "since": at(2018, 4, 24),
        "website": "https://communityjustice.scot",
        "description": "The national body for community justice in Scotland.",
        "listed": False,
        "people": [("fiona.macleod@example.org", "Fiona", "MacLeod", Membership.Role.MAIN_CONTACT, "Head of Policy")],
    },
    {
        "name": "Probační a mediační služba ČR",
        "country": "CZ",
        "type": MembershipType.FULL,
        "status": MemberStatus.CONFIRMED,
        "since": at(2012, 4, 18),
        "website": "https://www.pmscr.cz",
        "description": "The Probation and Mediation Service of the Czech Republic, bringing probation and "
        "restorative justice together in one service.",
        "listed": True,
        "people": [("tomas.novak@example.org", "Tomáš", "Novák", Membership.Role.MAIN_CONTACT, "Director")],
    },
    {
        "name": "Estonian Prison Service – Probation Department",
        "country": "EE",
        "type": MembershipType.FULL,
        "status": MemberStatus.PROVISIONAL,
        "since": at(2025, 10, 14),
        "website": "https://www.vanglateenistus.ee",
        "description": "Probation supervision in Estonia, part of the Estonian Prison Service.",
        "listed": True,
        "people": [("kadri.tamm@example.org", "Kadri", "Tamm", Membership.Role.MAIN_CONTACT, "Head of Probation")],
        "application": {
            "contact_phone": "+372 600 0000",
            "motivation": "To learn from and contribute to the "
            "European probation community as our probation service develops electronic monitoring.",
        },
    },
    {
        "name": "Departament de Justícia – Generalitat de Catalunya",
        "country": "ES",
        "type": MembershipType.FULL,
        "status": MemberStatus.CONFIRMED,
        "since": at(2011, 10, 20),
        "website": "https://justicia.gencat.cat",
        "description": "The Catalan government’s department of justice, responsible for community sanctions and "
        "measures and for victim support in Catalonia.",
        "listed": True,
        "people": [("laia.puig@example.org", "Laia", "Puig", Membership.Role.MAIN_CONTACT, "International relations")],
    },
    {
        "name": "Kriminalomsorgen (Norwegian Correctional Service)",
        "country": "NO",
        "type": MembershipType.FULL,
        "status": MemberStatus.APPLIED,
        "since": at(2026, 2, 2),
        "website": "https://www.kriminalomsorgen.no",
        "description": "Prison and probation in Norway, in one correctional service.",
        "listed": True,
        "people": [("ingrid.hansen@example.org", "Ingrid", "Hansen", Membership.Role.MAIN_CONTACT, "Senior adviser")],
        "application": {
            "contact_phone": "+47 2300 0000",
            "motivation": "Norway’s probation offices would like to "
            "take part in CEP’s expert groups on electronic monitoring and on staff training.",
        },
    },
    {
        "name": "University of Glasgow – Scottish Centre for Crime and Justice Research",
        "country": "GB",
        "type": MembershipType.ASSOCIATE,
        "status": MemberStatus.CONFIRMED,
        "since": at(2016, 10, 11),
        "website": "https://www.sccjr.ac.uk",
        "description": "Research on crime and justice, including the European supervision of people who have offended.",
        "listed": True,
        "people": [("ewan.gallacher@example.org", "Ewan", "Gallacher", Membership.Role.MAIN_CONTACT, "Lecturer")],
    },
    {
        "name": "Marta Kowalska",
        "kind": MemberKind.INDIVIDUAL,
        "country": "PL",
        "type": MembershipType.ASSOCIATE,
        "status": MemberStatus.CONFIRMED,
        "since": at(2021, 4, 22),
        "website": "",
        "description": "",
        "listed": False,
        "people": [("marta.kowalska@example.org", "Marta", "Kowalska", Membership.Role.INDIVIDUAL, "Researcher")],
    },
]


def member_countries() -> tuple[str, ...]:
    """The countries of the demo's member organisations, applicants left out: the maps' highlighted countries."""
    return tuple(
        sorted(
            {
                data["country"]
                for data in MEMBERS
                if data.get("kind", MemberKind.ORGANISATION) == MemberKind.ORGANISATION
                and data["status"] != MemberStatus.APPLIED
            }
        )
    )


def membership_page_get_or_create(home, stdout) -> MembershipPage:
    page = MembershipPage.objects.child_of(home).first()
    if page:
        return page
    page = MembershipPage(
        title="Membership",
        slug="membership",
        introduction=MEMBERSHIP_INTRODUCTION,
        hero_image=membership_map_image(member_countries()),
        body=json.dumps([block("paragraph", paragraph(text)) for text in MEMBERSHIP_BODY]),
        membership_types=json.dumps([block("membership_type", value) for value in MEMBERSHIP_TYPES]),
        how_to_apply="".join(paragraph(text) for text in HOW_TO_APPLY),
        directory_introduction=DIRECTORY_INTRODUCTION,
    )
    publish_child(home, page)
    stdout.write("Created the membership page.")
    return page


def person_get_or_create(email, first_name, last_name):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        # No usable password: demo people exist to be listed, never to log in.
        user = user_model.objects.create_user(email=email, password=None, first_name=first_name, last_name=last_name)
    return user


def member_history(member, data):
    """The dates and status log a member with this history would have: applied, approved, confirmed.

    Roughly how it goes: the letter some weeks before the Board meets, the General Assembly months after.
    """
    since = data["since"]
    dates = {
        MemberStatus.APPLIED: since - datetime.timedelta(days=60),
        MemberStatus.PROVISIONAL: since,
        MemberStatus.CONFIRMED: since + datetime.timedelta(days=180),
    }
    steps = {
        MemberStatus.APPLIED: [MemberStatus.APPLIED],
        MemberStatus.PROVISIONAL: [MemberStatus.APPLIED, MemberStatus.PROVISIONAL],
        MemberStatus.CONFIRMED: [MemberStatus.APPLIED, MemberStatus.PROVISIONAL, MemberStatus.CONFIRMED],
    }[data["status"]]
    if steps == [MemberStatus.APPLIED]:
        dates[MemberStatus.APPLIED] = since
    previous = ""
    for status in steps:
        setattr(member, STATUS_DATE_FIELDS[status], dates[status])
        MembershipStatusChange.objects.create(
            member=member, from_status=previous, to_status=status, changed_at=dates[status], note="Demo content."
        )
        previous = status
    member.save()


def member_create(data, stdout):
    member = MemberOrganisation.objects.create(
        name=data["name"],
        kind=data.get("kind", MemberKind.ORGANISATION),
        country=data["country"],
        membership_type=data["type"],
        status=data["status"],
        website=data["website"],
        description=data["description"],
        listed_in_directory=data["listed"],
        logo=member_logo(data["name"]) if data["listed"] else None,
    )
    member_history(member, data)
    stdout.write(f"Created the member {member.name}.")
    return member


def application_create(member, data, applicant):
    email, first_name, last_name, _role, position = data["people"][0]
    application = MembershipApplication(
        applicant=applicant,
        member=member,
        applied_as=member.kind,
        membership_type=member.membership_type,
        country=member.country,
        contact_name=f"{first_name} {last_name}",
        contact_position=position,
        contact_phone=data["application"]["contact_phone"],
        motivation=data["application"]["motivation"],
        created_at=member.applied_at,
    )
    if member.status == MemberStatus.PROVISIONAL:
        application.decision = MembershipApplication.Decision.APPROVED
        application.decided_at = member.provisional_at
    application.statute.save("statute.pdf", ContentFile(DEMO_STATUTE), save=False)
    application.save()


def members_load(stdout):
    everyone = []
    for data in MEMBERS:
        member = MemberOrganisation.objects.filter(name=data["name"]).first()
        created = member is None
        if created:
            member = member_create(data, stdout)
        people = []
        for email, first_name, last_name, role, position in data["people"]:
            user = person_get_or_create(email, first_name, last_name)
            Membership.objects.get_or_create(member=member, user=user, defaults={"role": role, "position": position})
            people.append(user)
        if created and "application" in data:
            application_create(member, data, applicant=people[0])
        everyone.extend(people)
    members_group_sync(everyone)


def load(home, stdout) -> MembershipPage:
    """The membership page, the demo members and the members' area; returns the membership page, for the menu.

    The members' area stays out of the menu: members reach it from the membership page and their account.
    """
    page = membership_page_get_or_create(home, stdout)
    members_load(stdout)
    members_area_load(page, stdout)
    return page


# ---------------------------------------------------------------------------
# The members' area: restricted to the "Members" group, with documents in the restricted "Members" collection
# ---------------------------------------------------------------------------

MEMBERS_AREA_INTRODUCTION = (
    "Documents and calls for the people of CEP’s members: the minutes of the General Assembly, the fees, and calls "
    "to host CEP events or to join its expert groups."
)

# (title, date, description)
MEMBERS_AREA_DOCUMENTS = [
    (
        "Minutes of the General Assembly 2024",
        datetime.date(2024, 6, 5),
        "The decisions of the General Assembly of 5 June 2024 in Vilnius: the accounts for 2021–2023, the budget "
        "until 2027, the new Board and the members it confirmed. The next General Assembly meets in 2027.",
    ),
    (
        "Membership fees 2027",
        datetime.date(2026, 10, 20),
        "The fees for 2027 within the budget the General Assembly adopted, by type of membership, and how to pay them.",
    ),
]

# Deadlines at 23:59 in Brussels, where the secretariat is (CET in winter, CEST in summer).
MEMBERS_AREA_CALLS = [
    {
        "title": "Apply to host the 2026 Electronic Monitoring Conference",
        "slug": "host-the-electronic-monitoring-conference",
        "deadline": datetime.datetime(2027, 1, 31, 22, 59, tzinfo=datetime.UTC),
        "summary": "CEP invites its members to host the next Electronic Monitoring Conference: two and a half days "
        "for about 200 people from probation services, ministries, research and industry.",
        "body": [
            "Every two years CEP’s Electronic Monitoring Conference brings together the people who use, study and "
            "build electronic monitoring in probation across Europe. The host organisation offers the venue and "
            "works with the secretariat on the programme, site visits and the conference dinner.",
            "The host provides a conference room for about 200 people with room for four parallel workshops, "
            "interpretation booths if needed, and local support in the months before the conference. CEP runs "
            "the registration, invites the speakers and carries the costs of the programme.",
        ],
        "how_to_respond": [
            "Send a letter of interest, signed by your organisation’s director and no longer than four pages, to "
            "the secretariat at info@cep-probation.org. Say which city and venue you propose, the dates that suit "
            "you and what your service would like to show its guests.",
            "The Board chooses the host at its meeting in April and tells every applicant its decision.",
        ],
    },
    {
        "title": "Nominate experts for the Expert Group on Staff Training",
        "slug": "nominate-experts-staff-training",
        "deadline": datetime.datetime(2026, 9, 30, 21, 59, tzinfo=datetime.UTC),
        "summary": "Members nominated trainers and managers of probation staff training for the expert group’s "
        "next two years of work.",
        "body": [
            "The Expert Group on Staff Training meets twice a year to compare how probation services train new and "
            "experienced staff, and prepares guidance for CEP’s members.",
        ],
        "how_to_respond": [
            "Nominations were sent to the secretariat with a short CV of the expert and a letter of support.",
        ],
    },
]


def members_area_documents(stdout) -> list:
    """The demo's members' documents in the "Members" collection, found again by title."""
    from demo.topics import placeholder_pdf

    collection = members_collection()
    document_model = get_document_model()
    documents = []
    for title, _date, _description in MEMBERS_AREA_DOCUMENTS:
        document = document_model.objects.filter(collection=collection, title=title).first()
        if document is None:
            document = document_model.objects.create(
                title=title,
                collection=collection,
                file=ContentFile(placeholder_pdf(title), name=f"{title.lower().replace(' ', '-')}.pdf"),
            )
            stdout.write(f"Created the members' document {title}.")
        documents.append(document)
    return documents


def members_area_load(membership_page, stdout) -> MembersAreaPage:
    """The members' area under the membership page, members-only, with its documents and calls.

    Like the rest of the demo it makes what is missing: an area that exists keeps its restriction and documents as
    its editors left them; only calls missing by title are added.
    """
    area = MembersAreaPage.objects.child_of(membership_page).first()
    if area is None:
        area = MembersAreaPage(
            title="Members’ area", slug="members-area", introduction=MEMBERS_AREA_INTRODUCTION, live=False
        )
        area.documents = [
            MembersAreaDocument(document=document, title=title, date=date, description=description)
            for document, (title, date, description) in zip(
                members_area_documents(stdout), MEMBERS_AREA_DOCUMENTS, strict=True
            )
        ]
        # Restricted before it is published, so it is never public for a moment.
        membership_page.add_child(instance=area)
        members_area_restrict(area)
        area.save_revision().publish()
        stdout.write("Created the members' area.")
    existing = set(MembersCallPage.objects.child_of(area).values_list("title", flat=True))
    for data in MEMBERS_AREA_CALLS:
        if data["title"] in existing:
            continue
        call = MembersCallPage(
            title=data["title"],
            slug=data["slug"],
            deadline=data["deadline"],
            summary=data["summary"],
            body=json.dumps([block("paragraph", paragraph(text)) for text in data["body"]]),
            how_to_respond="".join(paragraph(text) for text in data["how_to_respond"]),
        )
        publish_child(area, call)
        stdout.write(f"Created the members' call {call.title}.")
    return area
