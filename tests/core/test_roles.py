"""The staff roles (core/roles.py): what a person in each group may do in the admin, done as they would do it."""

from datetime import date, timedelta

import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from awards.models import Nomination
from core.review import TASK_NAME, WORKFLOW_NAME
from core.roles import (
    ADMINISTRATORS,
    AWARD_JURY,
    EDITORS,
    EVENTS_TEAM,
    MEMBERSHIP_SECRETARY,
    MODERATORS,
    NEWSLETTER_EDITOR,
    ROLES,
    roles_sync,
)
from events.models import EventSeries, Registration
from fees.services import invoice_issue
from newsletter.models import IssueSending, NewsletterIndexPage, NewsletterIssuePage
from tests.awards.factories import NominationFactory
from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.helpers import png_file
from tests.members.factories import TINY_PDF, MembershipApplicationFactory, UserFactory
from tests.news.factories import NewsCategoryFactory, NewsIndexPageFactory, NewsPageFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to its dashboard and an error message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def opened(response) -> bool:
    """A page of the admin the person got, or was refused; anything else is a broken test."""
    assert response.status_code == 200 or refused(response), (response.status_code, response.get("Location"))
    return response.status_code == 200


def downloaded(response) -> bool:
    return opened(response) and response["Content-Type"].startswith("text/csv")


def page_edit_form(page, **fields):
    return nested_form_data({"title": page.title, "slug": page.slug, "comments": inline_formset([]), **fields})


def news_form(page, **fields):
    form = page_edit_form(
        page, date=page.date.isoformat(), news_type=page.news_type_id, teaser=page.teaser, body=streamfield([]),
        video=streamfield([]), transcript=rich_text(""), **fields,
    )  # fmt: skip
    form["categories"] = [category.pk for category in page.categories.all()]
    return form


def issue_form(page, **fields):
    return page_edit_form(page, introduction=rich_text(page.introduction), body=streamfield([]), **fields)


def latest_title(page):
    revision = Page.objects.get(pk=page.pk).get_latest_revision()
    return revision and revision.content["title"]


# --- What staff do: each action takes a logged-in client and the content, and says whether it was done -----------


def edit_news(client, content):
    news = content["news"]
    client.post(reverse("wagtailadmin_pages:edit", args=[news.pk]), news_form(news, title="Edited news"))
    return latest_title(news) == "Edited news"


def submit_news_for_moderation(client, content):
    news = content["news"]
    client.post(reverse("wagtailadmin_pages:edit", args=[news.pk]), news_form(news, **{"action-submit": "submit"}))
    return news.specific_class.objects.get(pk=news.pk).workflow_in_progress


def publish_news(client, content):
    draft = content["draft_news"]
    client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), news_form(draft, **{"action-publish": "1"}))
    draft.refresh_from_db()
    return draft.live


def upload_image(client, content):
    image = SimpleUploadedFile("report.png", png_file("report.png").read(), content_type="image/png")
    client.post("/admin/images/add/", {"title": "Annual report", "file": image, "collection": content["collection"].pk})
    return get_image_model().objects.filter(title="Annual report").exists()


def add_document(client, content):
    document = SimpleUploadedFile("minutes.pdf", TINY_PDF, content_type="application/pdf")
    client.post("/admin/documents/add/", {"title": "Minutes", "file": document, "collection": content["collection"].pk})
    return get_document_model().objects.filter(title="Minutes").exists()


def read_contact_messages(client, content):
    return opened(client.get("/admin/contact-messages/"))


def create_event_series(client, content):
    client.post(
        reverse("wagtailsnippets_events_eventseries:add"),
        {
            "title": "CEP Webinar Series",
            "slug": "cep-webinar-series",
            "recurrence_rule": "FREQ=MONTHLY;BYDAY=3TH;COUNT=2",
            "first_start": "2026-01-15 14:00",
            "time_zone": "Europe/Brussels",
            "duration_minutes": "60",
            "kind": "webinar",
            "attendance": "online",
            "summary": "A webinar of the series.",
        },
    )
    return EventSeries.objects.filter(title="CEP Webinar Series").exists()


def edit_event(client, content):
    return opened(client.get(reverse("wagtailadmin_pages:edit", args=[content["event"].pk])))


def view_registrations(client, content):
    return opened(client.get("/admin/events/registrations/"))


def export_registrations(client, content):
    return downloaded(client.get("/admin/events/registrations/", {"export": "csv"}))


def promote_registration(client, content):
    waitlisted = content["waitlisted"]
    client.post(f"/admin/events/registrations/promote/{waitlisted.pk}/")
    waitlisted.refresh_from_db()
    return waitlisted.status == Registration.Status.CONFIRMED


def view_applications(client, content):
    return opened(client.get("/admin/membership/applications/"))


def decide_application(client, content):
    application = content["application"]
    client.post(f"/admin/membership/applications/approve/{application.pk}/")
    application.refresh_from_db()
    return application.decision != application.Decision.PENDING


def edit_member(client, content):
    return opened(client.get(f"/admin/membership/organisations/edit/{content['member'].pk}/"))


def add_member(client, content):
    return opened(client.get("/admin/membership/organisations/new/"))


def record_payment(client, content):
    invoice = content["invoice"]
    client.post(
        f"/admin/fees/invoices/pay/{invoice.pk}/",
        {"amount": "1250.00", "received_on": "2027-02-03", "reference": "NL-TRF-0001"},
    )
    return invoice.payments.exists()


def create_issue(client, content):
    archive = content["archive"]
    issue = NewsletterIssuePage(title="Newsletter March", slug="newsletter-march", introduction="")
    client.post(
        reverse("wagtailadmin_pages:add", args=["newsletter", "newsletterissuepage", archive.pk]), issue_form(issue)
    )
    return NewsletterIssuePage.objects.filter(title="Newsletter March").exists()


def edit_issue(client, content):
    issue = content["issue"]
    client.post(reverse("wagtailadmin_pages:edit", args=[issue.pk]), issue_form(issue, title="Newsletter May"))
    return latest_title(issue) == "Newsletter May"


def send_test_of_issue(client, content):
    response = client.post(f"/admin/newsletter/sendings/{content['issue'].pk}/test/", {"addresses": "me@example.org"})
    return response.status_code == 302 and not refused(response)


def send_issue(client, content):
    client.post(f"/admin/newsletter/sendings/{content['issue'].pk}/send/", {"when": "now", "confirmed": "True"})
    return IssueSending.objects.filter(issue_id=content["issue"].pk).exists()


def view_subscribers(client, content):
    return opened(client.get("/admin/newsletter/subscribers/"))


def export_subscribers(client, content):
    return downloaded(client.get("/admin/newsletter/subscribers/", {"export": "csv"}))


def view_nominations(client, content):
    return opened(client.get("/admin/awards/nominations/"))


def review_nomination(client, content):
    nomination = content["nomination"]
    client.post(f"/admin/awards/nominations/edit/{nomination.pk}/", {"status": "shortlisted", "jury_notes": ""})
    return Nomination.objects.get(pk=nomination.pk).status == "shortlisted"


def manage_users(client, content):
    return opened(client.get("/admin/users/"))


def edit_site_settings(client, content):
    return opened(client.get(f"/admin/settings/cep_site/sitesettings/{content['site'].pk}/"))


def manage_redirects(client, content):
    return opened(client.get("/admin/redirects/"))


ACTIONS = [
    edit_news,
    submit_news_for_moderation,
    publish_news,
    upload_image,
    add_document,
    read_contact_messages,
    create_event_series,
    edit_event,
    view_registrations,
    export_registrations,
    promote_registration,
    view_applications,
    decide_application,
    edit_member,
    add_member,
    record_payment,
    create_issue,
    edit_issue,
    send_test_of_issue,
    send_issue,
    view_subscribers,
    export_subscribers,
    view_nominations,
    review_nomination,
    manage_users,
    edit_site_settings,
    manage_redirects,
]

PAGE_EDITING = {edit_news, submit_news_for_moderation, upload_image, add_document, edit_event, create_issue, edit_issue}
ISSUE_SENDING = {send_test_of_issue, send_issue}
EXPECTED = {
    # Contact messages too: migration cep_site 0004 gave them to Wagtail's Editors and Moderators.
    EDITORS: {*PAGE_EDITING, read_contact_messages},
    # Who may publish an issue may send it (newsletter.admin_sending.can_send).
    MODERATORS: {*PAGE_EDITING, read_contact_messages, publish_news, *ISSUE_SENDING},
    # Events, not news: its series make event pages, which go to the review (tests/events/test_series.py).
    EVENTS_TEAM: {
        create_event_series,
        edit_event,
        upload_image,
        add_document,
        view_registrations,
        export_registrations,
        promote_registration,
    },
    MEMBERSHIP_SECRETARY: {view_applications, decide_application, edit_member, add_member, record_payment},
    # Not the subscriber export (newsletter.export_subscriber), nor any page outside the archive.
    NEWSLETTER_EDITOR: {create_issue, edit_issue, *ISSUE_SENDING, view_subscribers},
    # Nominations hold nominators' personal data: the jury's alone (and the Administrators').
    AWARD_JURY: {view_nominations, review_nomination},
    ADMINISTRATORS: set(ACTIONS),
}


@pytest.fixture
def content(demo_site):
    """What the actions work on: a news item and a draft, an event's waiting list, an application, an issue."""
    news_index = publish(NewsIndexPageFactory(parent=demo_site))
    category = NewsCategoryFactory()
    events = publish(EventIndexPageFactory(parent=demo_site))
    start = timezone.now() + timedelta(days=30)
    event = EventPageFactory(parent=events, start=start, end=start + timedelta(hours=2), takes_registrations=True)
    RegistrationFactory(event=event)
    archive = publish(NewsletterIndexPageFactory(parent=demo_site))
    SubscriberFactory(status="confirmed")
    application = MembershipApplicationFactory()
    InvoicingSettingsFactory()
    FeeFactory(category="full")
    return {
        "news": NewsPageFactory(parent=news_index, categories=[category]),
        "draft_news": NewsPageFactory(parent=news_index, categories=[category], live=False),
        "collection": Collection.get_first_root_node(),
        "event": event,
        "waitlisted": RegistrationFactory(event=event, status=Registration.Status.WAITLISTED),
        "application": application,
        "member": application.member,
        "archive": archive,
        "issue": NewsletterIssuePageFactory(parent=archive, live=False),
        "site": Site.objects.get(is_default_site=True),
        "invoice": invoice_issue(application.member, renewal=RenewalFactory(), today=date(2027, 1, 15)),
        "nomination": NominationFactory(call__page__parent=demo_site),
    }


def person_in(role):
    person = UserFactory(email=f"{role.lower().replace(' ', '-')}@cep-probation.org")
    person.groups.set([Group.objects.get(name=role)])
    return person


def done_by(user, action, client, content) -> bool:
    """Whether the user did it; undone afterwards, so that every action starts from the same content."""
    client.force_login(user)
    with transaction.atomic():
        done = action(client, content)
        transaction.set_rollback(True)
    return done


def test_each_role_does_its_job_and_nothing_more(client, content):
    roles_sync()
    people = {role: person_in(role) for role in ROLES}

    allowed = {
        role: {action.__name__ for action in ACTIONS if done_by(person, action, client, content)}
        for role, person in people.items()
    }

    assert allowed == {role: {action.__name__ for action in actions} for role, actions in EXPECTED.items()}


def test_a_second_sync_changes_nothing_and_a_third_undoes_changes_made_in_the_group_editor(demo_site):
    roles_sync()
    assert roles_sync() == []
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.add(Permission.objects.get(codename="export_subscriber"))
    assert roles_sync() == ["Set the permissions of the group Editors."]
    assert not editors.permissions.filter(codename="export_subscriber").exists()


def test_a_newsletter_archive_made_in_the_admin_is_the_newsletter_editors_at_once(client, demo_site):
    roles_sync()
    client.force_login(UserFactory(email="admin@cep-probation.org", is_superuser=True))
    form = nested_form_data(
        {"title": "Newsletter", "slug": "newsletter", "introduction": "", "comments": inline_formset([])}
    )
    client.post(reverse("wagtailadmin_pages:add", args=["newsletter", "newsletterindexpage", demo_site.pk]), form)
    archive = NewsletterIndexPage.objects.get()
    held = GroupPagePermission.objects.filter(group__name=NEWSLETTER_EDITOR, page=archive)
    assert set(held.values_list("permission__codename", flat=True)) == {"add_page", "change_page", "publish_page"}


def test_only_who_may_export_the_subscribers_is_offered_the_download(client, demo_site):
    roles_sync()
    for role, offered in [(NEWSLETTER_EDITOR, False), (ADMINISTRATORS, True)]:
        client.force_login(person_in(role))
        page = client.get("/admin/newsletter/subscribers/").content.decode()
        assert ("export=csv" in page) is offered, role


def test_migrate_leaves_every_role_in_place():
    # The test database was made by `migrate`, as a deployment's is by compose's migrate step.
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
    assert roles_sync() == []


def test_news_goes_through_the_communications_review_and_the_moderators_are_told_by_e_mail(
    client, demo_site, django_capture_on_commit_callbacks
):
    index = publish(NewsIndexPageFactory(parent=demo_site))
    news = NewsPageFactory(parent=index, title="New board elected", live=False, categories=[NewsCategoryFactory()])
    roles_sync()  # the news section exists now: it is put under the review
    editor, moderator = UserFactory(email="editor@cep-probation.org"), UserFactory(email="moderator@cep-probation.org")
    editor.groups.set([Group.objects.get(name=EDITORS)])
    moderator.groups.set([Group.objects.get(name=MODERATORS)])

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[news.pk]), news_form(news, **{"action-submit": "submit"}))
    state = Page.objects.get(pk=news.pk).current_workflow_state
    assert (state.workflow.name, state.current_task_state.task.name) == (WORKFLOW_NAME, TASK_NAME)
    told = [message for message in mail.outbox if message.to == [moderator.email]]
    assert told and "New board elected" in told[0].subject
    assert not any(editor.email in message.to for message in told)

    client.force_login(moderator)
    action = reverse("wagtailadmin_pages:workflow_action", args=[news.pk, "approve", state.current_task_state.pk])
    client.post(action, {"comment": ""})
    assert Page.objects.get(pk=news.pk).live
