"""The "Sending" panel at the top of an issue's editor: where the issue stands and, for who may send it, the buttons."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.utils import timezone

from core.roles import EDITORS, NEWSLETTER_EDITOR, roles_sync
from newsletter.models import IssueSending
from tests.core.factories import publish
from tests.members.factories import UserFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(demo_site):
    archive = publish(NewsletterIndexPageFactory(parent=demo_site))
    return NewsletterIssuePageFactory(parent=archive, live=False)


def sending_panel(client, role, issue):
    roles_sync()
    person = UserFactory()
    person.groups.set([Group.objects.get(name=role)])
    client.force_login(person)
    response = client.get(f"/admin/pages/{issue.pk}/edit/")
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").select_one(".issue-sending-panel")
    return " ".join(panel.get_text().split()), [link.get_text() for link in panel.find_all("a")]


def test_an_unsent_issue_offers_the_newsletter_editor_a_test_and_the_sending(client, issue):
    assert sending_panel(client, NEWSLETTER_EDITOR, issue) == ("Not sent yet. Send test Send / schedule", [
        "Send test", "Send / schedule",
    ])  # fmt: skip


def test_a_scheduled_issue_says_when_and_can_still_be_changed(client, issue):
    send_at = timezone.make_aware(datetime.datetime(2027, 3, 2, 9, 0))
    IssueSending.objects.create(issue=issue, send_at=send_at)
    text, links = sending_panel(client, NEWSLETTER_EDITOR, issue)
    assert text.startswith("Scheduled for 2 March 2027, 09:00.")
    assert links == ["Send test", "Send / schedule", "Sending progress"]


def test_a_sent_issue_is_not_offered_for_sending_again(client, issue):
    finished = timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 15))
    IssueSending.objects.create(issue=issue, status=IssueSending.Status.SENT, finished_at=finished)
    text, links = sending_panel(client, NEWSLETTER_EDITOR, issue)
    assert text.startswith("Sent on 3 November 2026, 10:15.")
    assert links == ["Send test", "Sending progress"]


def test_an_editor_who_may_not_publish_is_told_who_sends_it(client, issue):
    assert sending_panel(client, EDITORS, issue) == ("Not sent yet. A Newsletter editor or a Moderator sends it.", [])
