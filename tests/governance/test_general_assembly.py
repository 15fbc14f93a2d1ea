"""The General Assembly: members only, its pages and its papers' own addresses; members and staff see them."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from governance.models import GeneralAssemblyDocument, GeneralAssemblyIndexPage
from members.services import members_group
from tests.governance.factories import GeneralAssemblyDocumentFactory, GeneralAssemblyPageFactory, pdf_document
from tests.helpers import page_soup
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def assembly(assembly_index, assembly_collection):
    page = GeneralAssemblyPageFactory(
        parent=assembly_index, title="General Assembly 2024, Vilnius", slug="general-assembly-2024"
    )
    minutes = pdf_document("Minutes of the General Assembly 2024", assembly_collection)
    GeneralAssemblyDocumentFactory(page=page, document=minutes, kind="minutes", sort_order=0)
    return page


@pytest.fixture
def minutes(assembly):
    return assembly.documents.get().document


def member(client):
    user = UserFactory(email="member@reclassering.nl")
    user.groups.add(members_group())
    client.force_login(user)


def file_content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("which", ["index", "assembly"])
def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_for_the_pages(client, assembly_index, assembly, which):
    path = assembly_index.url if which == "index" else assembly.url

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_for_a_paper(client, minutes):
    response = client.get(minutes.url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_a_member_sees_the_assemblies_newest_first_and_downloads_their_papers(
    client, assembly_index, assembly, minutes
):
    GeneralAssemblyPageFactory(
        parent=assembly_index, title="10th General Assembly, Malaga", date=datetime.date(2010, 5, 27)
    )
    member(client)

    index = page_soup(client.get(assembly_index.url))
    titles = [link.get_text(strip=True) for link in index.select(".assembly-row__title a")]
    assert titles == ["General Assembly 2024, Vilnius", "10th General Assembly, Malaga"]
    assert "1 document" in index.select_one(".assembly-row").get_text(" ", strip=True)

    assert "Only members and the secretariat" in index.select_one(".assembly-notice").get_text()

    page = page_soup(client.get(assembly.url))
    assert "Members only" in page.select_one("main header").get_text()
    link = page.select_one(".download a")
    assert link["href"] == minutes.url
    assert link.get_text(strip=True).startswith("Minutes of the General Assembly 2024 (PDF, ")
    assert "Minutes" in page.select_one(".download__meta").get_text()

    response = client.get(minutes.url)
    assert response.status_code == 200
    assert file_content(response).startswith(b"%PDF")


def test_staff_see_the_pages_and_papers_without_being_members(client, assembly, minutes):
    client.force_login(UserFactory(email="secretariat@cep-probation.org", is_staff=True))

    assert client.get(assembly.url).status_code == 200
    assert client.get(minutes.url).status_code == 200


def test_a_logged_in_person_who_is_not_a_member_is_told_why_and_gets_nothing(client, assembly, minutes):
    client.force_login(UserFactory(email="visitor@example.org"))

    response = client.get(assembly.url)
    assert response.status_code == 403
    assert "General Assembly 2024" not in response.content.decode()
    assert client.get(minutes.url).status_code == 403


def test_a_paper_in_a_public_collection_is_refused_with_a_reason(assembly):
    public = pdf_document("Leaked minutes")

    with pytest.raises(ValidationError) as error:
        GeneralAssemblyDocument(page=assembly, document=public, kind="minutes").full_clean()

    assert "public collection" in error.value.message_dict["document"][0]


def test_the_governance_page_links_the_assembly_as_members_only_and_listings_keep_hiding_it(
    client, governance_page, assembly_index, assembly, report_index
):
    soup = page_soup(client.get(governance_page.url))

    rows = {row.select_one("a").get_text(strip=True): row for row in soup.select(".governance__pages li")}
    assert "Members only" in rows["General Assembly"].get_text()
    assert "Members only" not in rows["Annual reports"].get_text()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert assembly_index.url not in sitemap and assembly.url not in sitemap
    assert governance_page.url in sitemap and report_index.url in sitemap


def test_a_general_assembly_index_an_editor_creates_is_members_only_from_the_start(client, governance_page):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/admin/pages/add/governance/generalassemblyindexpage/{governance_page.pk}/"

    response = client.post(
        url, {"title": "General Assembly", "slug": "general-assembly", "introduction": "", "action-publish": "publish"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    index = GeneralAssemblyIndexPage.objects.get(slug="general-assembly")
    (restriction,) = index.get_view_restrictions()
    assert list(restriction.groups.all()) == [members_group()]
    client.logout()
    assert client.get(index.url)["Location"].startswith(LOGIN)
