"""The members' area: who sees its pages, calls, documents and the directory's contact people, and who does not."""

import datetime
import io

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from members.area import (
    MembersAreaDocument,
    MembersAreaPage,
    MembersCallPage,
    members_area_restrict,
    members_collection,
)
from members.models import MEMBERS_GROUP_NAME
from members.services import (
    application_approve,
    application_reject,
    members_group_sync,
    membership_confirm,
    membership_lapse,
)
from tests.core.factories import StandardPageFactory
from tests.members.factories import (
    TINY_PDF,
    MemberOrganisationFactory,
    MembersAreaDocumentFactory,
    MembersAreaPageFactory,
    MembersCallPageFactory,
    MembershipApplicationFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

AREA = "/membership/members-area/"
OPEN_CALL = "/membership/members-area/host-the-conference/"
CLOSED_CALL = "/membership/members-area/nominate-experts/"
DIRECTORY = "/membership/directory/"
LOGIN = "/accounts/login/"
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


def members_document_create(title="Minutes of the General Assembly 2026", collection=None):
    return get_document_model().objects.create(
        title=title,
        collection=collection or members_collection(),
        file=ContentFile(TINY_PDF, name=f"{title.lower().replace(' ', '-')}.pdf"),
    )


@pytest.fixture
def area(membership_page):
    page = MembersAreaPageFactory(parent=membership_page, introduction="Papers and calls for CEP members.")
    members_area_restrict(page)
    return page


@pytest.fixture
def members_document(area):
    document = members_document_create()
    # No title of its own: the list shows the document's.
    MembersAreaDocumentFactory(page=area, document=document, title="", description="What the General Assembly decided.")
    return document


@pytest.fixture
def calls(area):
    return {
        "open": MembersCallPageFactory(
            parent=area,
            title="Apply to host the 2026 Electronic Monitoring Conference",
            slug="host-the-conference",
            summary="Offer a venue for the quinquennial electromonitoring gathering.",
            deadline=datetime.datetime(2027, 1, 31, 22, 59, tzinfo=datetime.UTC),
            how_to_respond="<p>Send a letter of interest to the secretariat.</p>",
        ),
        "closed": MembersCallPageFactory(
            parent=area,
            title="Nominate experts for the Expert Group on Staff Training",
            slug="nominate-experts",
            deadline=datetime.datetime(2026, 9, 30, 21, 59, tzinfo=datetime.UTC),
        ),
    }


@pytest.fixture
def contact(membership_page):
    """A listed confirmed member whose main contact the directory shows to members only."""
    listed = MemberOrganisationFactory(name="Reclassering Nederland", country="NL")
    MembershipFactory(
        member=listed,
        user=UserFactory(email="sanne.dejong@example.org", first_name="Sanne", last_name="de Jong"),
        position="International officer",
    )
    return listed


def person_with_membership(status):
    user = MembershipFactory(member=MemberOrganisationFactory(status=status, listed_in_directory=False)).user
    members_group_sync([user])  # as the services and the admin do
    return user


VISITORS = ["anonymous", "applicant", "provisional", "confirmed", "lapsed", "rejected", "staff", "superuser"]
SEES_THE_AREA = {"provisional", "confirmed", "staff", "superuser"}
REFUSED = {"applicant", "lapsed", "rejected"}


def visitor_log_in(client, visitor):
    if visitor == "anonymous":
        return None
    if visitor == "staff":
        user = UserFactory(email="staff@cep-probation.org", is_staff=True)
    elif visitor == "superuser":
        user = get_user_model().objects.create_superuser(email="secretariat@cep-probation.org", password="x")
    else:
        user = person_with_membership("applied" if visitor == "applicant" else visitor)
    client.force_login(user)
    return user


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def assert_refused(response, path, visitor):
    """Anonymous visitors go to the login; people who are logged in get the 403 page; nobody gets the content."""
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={path}"
    else:
        assert response.status_code == 403
        assert "For CEP members only" in text_of(response)
    assert not response.content.startswith(b"%PDF")


# ---------------------------------------------------------------------------
# Permission boundaries
# ---------------------------------------------------------------------------


@time_machine.travel(NOW)
@pytest.mark.parametrize("visitor", VISITORS)
def test_the_area_page_is_for_members_and_staff_only(client, area, members_document, calls, visitor):
    visitor_log_in(client, visitor)

    response = client.get(AREA)

    if visitor in SEES_THE_AREA:
        assert response.status_code == 200
        text = text_of(response)
        assert "Papers and calls for CEP members." in text
        assert "Apply to host the 2026 Electronic Monitoring Conference" in text
        assert "Minutes of the General Assembly 2026" in text
        assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    else:
        assert_refused(response, AREA, visitor)
        assert "Papers and calls for CEP members." not in response.content.decode()
        assert "Electronic Monitoring" not in response.content.decode()


@time_machine.travel(NOW)
@pytest.mark.parametrize("visitor", VISITORS)
def test_a_call_inherits_the_areas_restriction(client, calls, visitor):
    visitor_log_in(client, visitor)

    response = client.get(OPEN_CALL)

    if visitor in SEES_THE_AREA:
        assert response.status_code == 200
        assert "Send a letter of interest to the secretariat." in text_of(response)
    else:
        assert_refused(response, OPEN_CALL, visitor)
        # The 403 page names nothing of what was asked for: neither the title nor the summary.
        assert "Electronic Monitoring" not in response.content.decode()
        assert "electromonitoring" not in response.content.decode()


@pytest.mark.parametrize("visitor", VISITORS)
def test_a_members_document_downloads_for_members_and_staff_only(client, members_document, visitor):
    visitor_log_in(client, visitor)

    response = client.get(members_document.url)

    if visitor in SEES_THE_AREA:
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body == TINY_PDF
        assert response["X-Content-Type-Options"] == "nosniff"
    else:
        assert_refused(response, members_document.url, visitor)
    # Whoever asked, no shared cache (a proxy, a CDN) keeps the answer for the next visitor.
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("visitor", VISITORS)
def test_the_directory_shows_contact_people_to_members_and_staff_only(client, contact, visitor):
    visitor_log_in(client, visitor)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    text = text_of(response)
    assert "Reclassering Nederland" in text
    if visitor in SEES_THE_AREA:
        assert "sanne.dejong@example.org" in text
    else:
        assert "sanne.dejong@example.org" not in text and "Sanne" not in text


@pytest.mark.parametrize("visitor", ["anonymous", "applicant", "lapsed", "rejected"])
@pytest.mark.parametrize(
    "query", ["?contacts=1", "?show_contacts=True", "?with_contacts=1&staff=1", "?member=1&status=confirmed"]
)
def test_no_query_string_shows_people_to_someone_who_is_not_a_member(client, contact, visitor, query):
    visitor_log_in(client, visitor)

    response = client.get(DIRECTORY + query)

    assert response.status_code == 200
    assert "sanne.dejong@example.org" not in response.content.decode()


def test_the_refusal_says_where_the_persons_application_stands(client, area, membership_page):
    client.force_login(person_with_membership("applied"))
    text = text_of(client.get(AREA))
    assert "waiting for the Board’s decision" in text
    assert "How to become a member of CEP" in text

    client.force_login(person_with_membership("lapsed"))
    assert "the membership has lapsed" in text_of(client.get(AREA))


def test_a_person_with_no_membership_at_all_is_refused_with_a_403_not_an_error(client, area):
    client.force_login(UserFactory())

    response = client.get(AREA)

    assert response.status_code == 403
    assert "no-cache" in response["Cache-Control"]


# ---------------------------------------------------------------------------
# The "Members" group follows the membership at once
# ---------------------------------------------------------------------------


def application_with_applicant():
    application = MembershipApplicationFactory()
    MembershipFactory(member=application.member, user=application.applicant)
    members_group_sync([application.applicant])
    return application


def test_approving_an_application_opens_the_area_and_lapsing_closes_it(client, area):
    application = application_with_applicant()
    staff = get_user_model().objects.create_superuser(email="secretariat@cep-probation.org", password="x")
    client.force_login(application.applicant)
    assert client.get(AREA).status_code == 403

    application_approve(application, by=staff)
    assert client.get(AREA).status_code == 200

    membership_confirm(application.member, by=staff)
    assert client.get(AREA).status_code == 200

    membership_lapse(application.member, by=staff, note="Fees unpaid.")
    assert client.get(AREA).status_code == 403


def test_rejecting_a_provisional_member_closes_the_area_and_its_documents(client, area, members_document):
    application = application_with_applicant()
    staff = get_user_model().objects.create_superuser(email="secretariat@cep-probation.org", password="x")
    application_approve(application, by=staff)
    client.force_login(application.applicant)
    assert client.get(members_document.url).status_code == 200

    application_reject(application, by=staff, reason="The General Assembly did not confirm the membership.")

    assert client.get(AREA).status_code == 403
    assert client.get(members_document.url).status_code == 403


# ---------------------------------------------------------------------------
# Forged and tampered requests
# ---------------------------------------------------------------------------


def test_any_document_of_the_members_collection_is_refused_to_the_public_even_if_no_page_lists_it(client, area):
    unlisted = members_document_create(title="Draft budget 2028")

    response = client.get(f"/documents/{unlisted.pk}/{unlisted.filename}")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert not response.content.startswith(b"%PDF")


def test_a_members_document_under_another_file_name_is_not_found(client, members_document):
    client.force_login(person_with_membership("confirmed"))
    assert client.get(f"/documents/{members_document.pk}/public-leaflet.pdf").status_code == 404


def test_the_collection_restriction_also_covers_collections_below_it(client, area):
    minutes = Collection.objects.get(pk=members_collection().pk).add_child(name="Board minutes")
    document = members_document_create(title="Board minutes April 2026", collection=minutes)

    assert client.get(document.url).status_code == 302
    client.force_login(person_with_membership("applied"))
    assert client.get(document.url).status_code == 403


def test_a_document_outside_the_members_collection_stays_public(client, area):
    leaflet = members_document_create(title="Public leaflet", collection=Collection.get_first_root_node())
    response = client.get(leaflet.url)
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


def test_a_members_area_document_from_a_public_collection_is_refused_to_editors(area):
    leaflet = members_document_create(title="Public leaflet", collection=Collection.get_first_root_node())
    row = MembersAreaDocument(page=area, document=leaflet, date=datetime.date(2026, 10, 1))

    with pytest.raises(ValidationError, match="public collection"):
        row.clean()

    MembersAreaDocument(page=area, document=members_document_create(), date=datetime.date(2026, 10, 1)).clean()


def test_a_page_restricted_to_another_group_keeps_wagtails_own_rules(client, membership_page):
    board_page = StandardPageFactory(parent=membership_page.get_parent(), title="Board papers", slug="board")
    restriction = PageViewRestriction.objects.create(page=board_page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Board"))
    client.force_login(UserFactory(is_staff=True))

    # Not the members' area: no 403 page and no staff pass; Wagtail sends the person to the login.
    response = client.get("/board/")

    assert response.status_code == 302


# ---------------------------------------------------------------------------
# Search and sitemap leave the members' area out
# ---------------------------------------------------------------------------


@pytest.mark.usefixtures("search_index")
@pytest.mark.parametrize("visitor", ["anonymous", "confirmed"])
def test_search_never_finds_members_only_pages(client, calls, visitor):
    visitor_log_in(client, visitor)

    response = client.get("/search/", {"q": "quinquennial electromonitoring"})

    assert response.status_code == 200
    assert "Electronic Monitoring Conference" not in text_of(response)


def test_the_sitemap_leaves_the_members_area_out(client, area, calls):
    body = client.get("/sitemap.xml").content.decode()
    assert "/membership/" in body
    assert "members-area" not in body


# ---------------------------------------------------------------------------
# Calls: open until their deadline, then closed
# ---------------------------------------------------------------------------


@time_machine.travel(NOW)
def test_the_area_lists_open_calls_first_then_closed_ones(client, calls):
    client.force_login(person_with_membership("confirmed"))
    page = BeautifulSoup(client.get(AREA).content, "html.parser")
    items = [item.get_text(" ", strip=True) for item in page.select(".members-call-list > li")]
    assert items[0].startswith("Apply to host the 2026 Electronic Monitoring Conference Open Respond by 31 Jan 2027")
    assert items[1].startswith("Nominate experts for the Expert Group on Staff Training Closed The deadline was")
    assert page.select_one('a[href="/membership/directory/"]')
    assert len(page.select("h1")) == 1


@time_machine.travel(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=datetime.UTC))
def test_a_call_closes_at_its_deadline_and_stops_asking_for_responses(client, calls):
    client.force_login(person_with_membership("confirmed"))
    text = text_of(client.get(OPEN_CALL))
    assert "Closed" in text
    assert "Sunday 31 January 2027, 23:59 CET" in text
    assert "responses are no longer accepted" in text
    assert "Send a letter of interest" not in text
    assert not MembersCallPage.objects.get(slug="host-the-conference").is_open


# ---------------------------------------------------------------------------
# The page tree, and the restriction made when staff create the area
# ---------------------------------------------------------------------------


def test_an_area_created_in_the_admin_is_members_only_from_the_start(client, membership_page):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    form = nested_form_data(
        {
            "title": "Members’ area",
            "slug": "members-area",
            "introduction": "For members.",
            "body": streamfield([]),
            "documents": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    response = client.post(
        reverse("wagtailadmin_pages:add", args=("members", "membersareapage", membership_page.pk)), form
    )

    assert response.status_code == 302
    area = MembersAreaPage.objects.get()
    restriction = PageViewRestriction.objects.get(page=area)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert [group.name for group in restriction.groups.all()] == [MEMBERS_GROUP_NAME]
    collection_restriction = CollectionViewRestriction.objects.get(collection__name="Members")
    assert [group.name for group in collection_restriction.groups.all()] == [MEMBERS_GROUP_NAME]
    client.logout()
    assert client.get(AREA).status_code == 302


def test_restricting_twice_makes_one_restriction_and_one_collection(area):
    members_area_restrict(area)
    members_collection()
    members_collection()
    assert PageViewRestriction.objects.filter(page=area).count() == 1
    assert Collection.objects.filter(name="Members").count() == 1
    assert CollectionViewRestriction.objects.count() == 1


# ---------------------------------------------------------------------------
# Query count
# ---------------------------------------------------------------------------


def queries_for(client, path):
    client.get(path)  # sizes the new documents' files once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@time_machine.travel(NOW)
@pytest.mark.parametrize("visitor", ["confirmed", "staff"])
def test_the_area_pages_query_count_does_not_grow_with_its_documents_and_calls(client, area, record_property, visitor):
    visitor_log_in(client, visitor)
    made = {"documents": 0, "calls": 0}

    def add(count):
        for _ in range(count):
            number = made["documents"]
            MembersAreaDocumentFactory(page=area, document=members_document_create(title=f"Paper {number}"))
            MembersCallPageFactory(
                parent=area,
                deadline=NOW + datetime.timedelta(days=number - 10),  # some open, some closed
            )
            made["documents"] += 1
            made["calls"] += 1

    add(3)
    with_three = queries_for(client, AREA)
    add(17)
    with_twenty = queries_for(client, AREA)
    record_property("queries", {"path": AREA, "visitor": visitor, "3 items": with_three, "20 items": with_twenty})
    print(f"QUERIES {AREA} ({visitor}): {with_three} with 3, {with_twenty} with 20")
    assert with_twenty == with_three


# ---------------------------------------------------------------------------
# Demo content
# ---------------------------------------------------------------------------


@time_machine.travel(NOW)
def test_the_demo_has_a_members_only_area_with_documents_and_an_open_and_a_closed_call(client, full_demo_site):
    area = MembersAreaPage.objects.get()
    assert area.url == AREA
    assert [group.name for group in PageViewRestriction.objects.get(page=area).groups.all()] == [MEMBERS_GROUP_NAME]
    documents = [row.document for row in area.documents.all()]
    assert len(documents) == 2
    assert all(document.collection.name == "Members" for document in documents)
    assert all(document.file.read().startswith(b"%PDF") for document in documents)
    calls = {call.title: call for call in MembersCallPage.objects.child_of(area).live()}
    assert calls["Apply to host the 2026 Electronic Monitoring Conference"].is_open
    assert sum(not call.is_open for call in calls.values()) == 1

    assert client.get(AREA).status_code == 302
    assert client.get(documents[0].url).status_code == 302
    client.force_login(get_user_model().objects.get(email="sanne.dejong@example.org"))  # a confirmed member's
    assert "Apply to host the 2026 Electronic Monitoring Conference" in text_of(client.get(AREA))
    client.force_login(get_user_model().objects.get(email="ingrid.hansen@example.org"))  # still applying
    assert client.get(AREA).status_code == 403

    # Not in the menu everyone sees.
    assert "members-area" not in client.get("/").content.decode()

    counts = (get_document_model().objects.count(), PageViewRestriction.objects.count(), Collection.objects.count())
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    assert "Created" not in output.getvalue()
    assert (get_document_model().objects.count(), PageViewRestriction.objects.count(), Collection.objects.count()) == (
        counts
    )
