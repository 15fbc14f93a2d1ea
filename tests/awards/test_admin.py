"""The jury's nominations in the admin: listed, filtered, shown whole with the PDF and reviewed; hidden from others."""

import pytest

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Nomination
from core.roles import AWARD_JURY, EDITORS, roles_sync
from tests.awards.factories import AwardCallFactory, AwardCategoryFactory, AwardPageFactory, NominationFactory
from tests.members.factories import TINY_PDF, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/awards/nominations/"


def person_in(role):
    person = UserFactory(email=f"{role.lower().replace(' ', '-')}@cep-probation.org")
    person.groups.set([Group.objects.get(name=role)])
    return person


@pytest.fixture
def nomination(demo_site):
    roles_sync()
    page = AwardPageFactory(parent=demo_site)
    call = AwardCallFactory(page=page, year=2027)
    nomination = NominationFactory(call=call, category=AwardCategoryFactory(page=page), nominee="You Matter Too")
    nomination.supporting_pdf.save("evaluation.pdf", ContentFile(TINY_PDF))
    return nomination


def test_the_jury_lists_inspects_downloads_and_reviews_a_nomination(client, nomination):
    client.force_login(person_in(AWARD_JURY))

    listing = client.get(LIST, {"status": "received", "call": nomination.call_id})
    assert listing.status_code == 200 and "You Matter Too" in listing.content.decode()
    inspect = client.get(f"{LIST}inspect/{nomination.pk}/").content.decode()
    assert "Download the supporting document (PDF)" in inspect
    download = client.get(f"{LIST}supporting-pdf/{nomination.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == TINY_PDF
    assert "attachment" in download["Content-Disposition"]

    client.post(
        f"{LIST}edit/{nomination.pk}/",
        {"status": "shortlisted", "jury_notes": "Strong evidence.", "nominee": "Changed by the jury"},
    )

    nomination.refresh_from_db()
    assert (nomination.status, nomination.jury_notes, nomination.nominee) == (
        "shortlisted",
        "Strong evidence.",
        "You Matter Too",
    )


def test_the_jury_can_neither_add_nor_delete_nominations(client, nomination):
    client.force_login(person_in(AWARD_JURY))

    assert client.get(f"{LIST}new/").status_code == 404
    client.post(f"{LIST}delete/{nomination.pk}/")

    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_an_editor_sees_no_nominations_nor_their_pdf_nor_the_menu(client, nomination):
    client.force_login(person_in(EDITORS))

    for address in [LIST, f"{LIST}inspect/{nomination.pk}/", f"{LIST}supporting-pdf/{nomination.pk}/"]:
        response = client.get(address)
        assert response.status_code == 403 or response["Location"] == "/admin/", address
    assert "CEP Award" not in client.get("/admin/").content.decode()


def test_the_list_takes_as_many_queries_for_30_nominations_as_for_3(client, nomination):
    client.force_login(person_in(AWARD_JURY))
    for _ in range(2):
        NominationFactory(call=nomination.call, category=nomination.category)
    client.get(LIST)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    with_three = queries()
    for _ in range(27):
        NominationFactory(call=nomination.call, category=nomination.category)
    assert queries() == with_three
