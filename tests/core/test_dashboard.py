"""The CEP dashboard (core/dashboard.py): each app's panel on the admin's home page, what it shows, to whom, and in
queries that stay the same as content grows."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import MembershipApplication
from newsletter.models import Delivery, IssueSending, Subscriber
from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.factories import MembershipApplicationFactory, UserFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

PANELS = ["cep_membership_applications", "cep_upcoming_events", "cep_newsletter", "cep_recently_edited"]


def panel(response, name):
    return BeautifulSoup(response.content, "html.parser").find(id=f"{name}-section")


def panel_text(response, name) -> str:
    found = panel(response, name)
    return found.get_text(" ", strip=True).replace("\xa0", " ") if found else ""


def content(demo_site, count: int):
    """`count` of each: waiting applications, coming events with registrations, subscribers; and a sent issue."""
    now = timezone.now()
    suffix = f"-{count}"
    for number in range(count):
        MembershipApplicationFactory(created_at=now - datetime.timedelta(days=number + 3))
    events = publish(EventIndexPageFactory(parent=demo_site, slug=f"events{suffix}"))
    for number in range(count):
        start = now + datetime.timedelta(days=10 + number)
        event = publish(
            EventPageFactory(
                parent=events,
                title=f"Workshop {number}",
                slug=f"workshop-{number}{suffix}",
                start=start,
                end=start + datetime.timedelta(hours=3),
                takes_registrations=True,
                capacity=20,
            )
        )
        RegistrationFactory.create_batch(2, event=event)
        RegistrationFactory(event=event, status="waitlisted")
    SubscriberFactory.create_batch(count, status=Subscriber.Status.CONFIRMED)
    SubscriberFactory.create_batch(2, status=Subscriber.Status.PENDING)
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now - datetime.timedelta(days=3))
    archive = NewsletterIndexPageFactory(parent=demo_site, slug=f"newsletter{suffix}")
    issue = NewsletterIssuePageFactory(parent=archive, title=f"Newsletter November 2026{suffix}")
    IssueSending.objects.create(issue=issue, status=IssueSending.Status.SENT, send_at=now, finished_at=now)
    bounced = SubscriberFactory(status=Subscriber.Status.BOUNCED)
    for subscriber in Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED):
        Delivery.objects.create(issue=issue, subscriber=subscriber, status=Delivery.Status.SENT)
    Delivery.objects.create(issue=issue, subscriber=bounced, status=Delivery.Status.FAILED, error="550 unknown")


def test_staff_see_each_app_s_work_on_the_dashboard(client, demo_site):
    content(demo_site, 3)
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/")

    applications = panel_text(response, "cep_membership_applications")
    assert "3 waiting for a decision" in applications
    oldest = MembershipApplication.objects.order_by("created_at").first()
    assert f"{oldest.member.name} " in applications and "5 days" in applications

    events = panel_text(response, "cep_upcoming_events")
    assert "Workshop 0" in events
    first_row = panel(response, "cep_upcoming_events").select("tbody tr")[0]
    assert [cell.get_text(strip=True) for cell in first_row.select("td")][2:] == [
        "2",
        "20",
        "1",
        "0",
    ]

    newsletter = panel_text(response, "cep_newsletter")
    assert "3 confirmed subscribers" in newsletter
    assert "2 waiting to confirm" in newsletter
    assert "1 unsubscribed in the last 30 days" in newsletter
    assert "Newsletter November 2026-3 Sent" in newsletter
    assert "The next issue is drafted automatically on 1 " in newsletter

    assert "Recently edited pages" in panel_text(response, "cep_recently_edited")


def test_each_panel_is_shown_only_to_those_who_may_see_what_it_shows(client, demo_site):
    content(demo_site, 1)
    secretary = UserFactory()
    group = Group.objects.create(name="Membership secretary (test)")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_membershipapplication"),
    )
    secretary.groups.add(group)
    client.force_login(secretary)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert [name for name in PANELS if panel_text(response, name)] == ["cep_membership_applications"]


def test_the_dashboard_s_queries_stay_the_same_as_content_grows(client, demo_site):
    client.force_login(UserFactory(is_superuser=True))
    content(demo_site, 2)
    client.get("/admin/")  # what is cached once (the site's settings, the menu) is cached
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/").status_code == 200
    content(demo_site, 12)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few), "\n".join(query["sql"][:150] for query in many.captured_queries)
