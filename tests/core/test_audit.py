"""Who did what with personal data and decisions, in Wagtail's log entries (the object's history and the site
history report): deciding an application, sending an issue, exporting registrations. The entries stay when the staff
member is erased, without their name."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from members.models import MembershipApplication
from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.factories import MemberOrganisationFactory, MembershipApplicationFactory, UserFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


def site_history(client) -> list[str]:
    rows = BeautifulSoup(client.get(SITE_HISTORY).content, "html.parser").select("tbody tr")
    return [" ".join(row.get_text(" ", strip=True).split()) for row in rows]


def test_decisions_sendings_and_exports_are_in_the_history_with_who_did_them_and_outlive_their_account(
    client, demo_site, django_capture_on_commit_callbacks
):
    staff = UserFactory(first_name="Ines", last_name="Secretariat", is_superuser=True)
    client.force_login(staff)
    malta = MemberOrganisationFactory(name="Probation Service of Malta", status="applied")
    application = MembershipApplicationFactory(member=malta)
    events = publish(EventIndexPageFactory(parent=demo_site))
    start = timezone.now() + datetime.timedelta(days=20)
    event = publish(EventPageFactory(parent=events, title="Summer school", start=start, end=start))
    RegistrationFactory(event=event)
    issue = NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site), title="Newsletter May")
    SubscriberFactory(status="confirmed")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/membership/applications/approve/{application.pk}/")
        client.post(f"/admin/newsletter/sendings/{issue.pk}/send/", {"when": "now", "confirmed": "True"})
        client.get("/admin/events/registrations/", {"event": event.pk, "export": "csv"})

    assert MembershipApplication.objects.get().decision == "approved"
    history = site_history(client)
    for done in ["Application approved", "Sending started", "Registrations exported"]:
        assert any(done in row and "Ines Secretariat" in row for row in history), (done, history)

    staff.delete()  # as `members.erasure.account_erase` does, after its checks
    client.force_login(UserFactory(is_superuser=True))
    history = site_history(client)
    for done in ["Application approved", "Sending started", "Registrations exported"]:
        assert any(done in row and "(deleted)" in row for row in history), (done, history)
    assert not any("Ines" in row for row in history)
