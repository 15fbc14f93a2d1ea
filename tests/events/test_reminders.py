"""Reminders before an event and word of a new time, run as beat runs them (eager tasks here), at frozen times.

The worker tests (test_reminders_worker.py) run the same job on a real worker over Redis and PostgreSQL.
"""

import io
from datetime import timedelta

import pytest
from icalendar import Calendar

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cep_site import celery_app
from core import outbox
from core.tasks import outbox_sweep
from events import reminders
from events.models import EventPage, Registration, RegistrationEmail
from events.tasks import event_reminders_send
from tests.events.factories import NOW, RegistrationFactory
from tests.helpers import utc
from tests.smtp import MAILBOX_BUSY, PERMANENT, TRANSIENT, free_port

pytestmark = pytest.mark.django_db

# Ten days after the frozen "now" (NOW, a Monday 09:00 UTC); 14:00 in Brussels.
START = utc(2026, 1, 22, 13)
JOIN_LINK = "https://meet.example.org/j/cep-risk"


@pytest.fixture
def webinar(frozen_now, make_event):
    return make_event("Webinar on risk assessment", start=START, attendance="online", online_link=JOIN_LINK)


@pytest.fixture
def conference(frozen_now, make_event):
    return make_event(
        "Conference in Lisbon",
        start=START,
        attendance="in-person",
        time_zone="Europe/Lisbon",
        venue_name="Centro de Congressos",
        venue_city="Lisbon",
        venue_country="PT",
    )


def register(event, email, *, consent=True, **fields):
    return RegistrationFactory(event=event, email=email, reminders_consent=consent, **fields)


def run_job():
    """What beat does every 5 minutes, with the outbox's sweep of every minute (eager here: the send tasks run
    inline); returns what the reminders job did."""
    done = event_reminders_send.delay().get()
    outbox_sweep.delay()
    return done


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def subjects_to(address):
    return [message.subject for message in sent_to(address)]


def kinds(registration):
    return sorted(registration.emails.values_list("kind", flat=True))


def test_nothing_is_sent_before_the_seven_day_window(frozen_now, webinar):
    register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(days=7, minutes=1))
    assert run_job() == {"created": 0}
    assert mail.outbox == []
    assert not RegistrationEmail.objects.exists()


def test_the_seven_day_reminder_goes_out_once_however_often_the_job_runs(frozen_now, webinar):
    ana = register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(days=7) + timedelta(minutes=1))
    assert run_job() == {"created": 1}
    assert subjects_to("ana@probation.example") == ["Reminder: Webinar on risk assessment starts in 7 days"]

    frozen_now.shift(timedelta(minutes=5))
    assert run_job() == {"created": 0}
    frozen_now.shift(timedelta(hours=3))
    run_job()
    assert len(mail.outbox) == 1
    row = ana.emails.get()
    assert (row.kind, row.status, row.attempts) == ("reminder-168h", "sent", 1)
    assert row.message_id == mail.outbox[0].extra_headers["Message-ID"]


def test_the_one_day_reminder_follows_the_seven_day_one(frozen_now, webinar):
    ana = register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(days=7))
    run_job()
    frozen_now.move_to(START - timedelta(days=1, minutes=1))
    run_job()
    assert kinds(ana) == ["reminder-168h"]
    frozen_now.move_to(START - timedelta(days=1))
    run_job()
    run_job()
    assert kinds(ana) == ["reminder-168h", "reminder-24h"]
    assert subjects_to("ana@probation.example") == [
        "Reminder: Webinar on risk assessment starts in 7 days",
        "Reminder: Webinar on risk assessment starts tomorrow",
    ]
    body = mail.outbox[-1].body
    assert "Thursday 22 January 2026, 14:00" in body  # in the event's zone
    assert "/registration/" in body  # their own page, to cancel


def test_online_events_get_the_one_hour_reminder_with_the_join_link(frozen_now, webinar, conference):
    register(webinar, "ana@probation.example")
    register(conference, "ben@probation.example")
    frozen_now.move_to(START - timedelta(days=1))
    run_job()
    frozen_now.move_to(START - timedelta(minutes=59))
    run_job()
    run_job()
    assert subjects_to("ana@probation.example") == [
        "Reminder: Webinar on risk assessment starts tomorrow",
        "Reminder: Webinar on risk assessment starts in 1 hour",
    ]
    assert f"Join online: {JOIN_LINK}" in sent_to("ana@probation.example")[-1].body
    assert JOIN_LINK in sent_to("ana@probation.example")[-1].alternatives[0].content
    # In person: the day-before reminder, and nothing an hour before.
    assert subjects_to("ben@probation.example") == ["Reminder: Conference in Lisbon starts tomorrow"]


def test_hybrid_events_get_the_join_reminder_and_zero_switches_it_off(frozen_now, make_event, settings):
    hybrid = make_event("Hybrid seminar", start=START, attendance="hybrid", venue_city="Vienna", online_link=JOIN_LINK)
    register(hybrid, "ana@probation.example")
    frozen_now.move_to(START - timedelta(minutes=30))
    settings.EVENT_REMINDER_JOIN_HOURS = 0
    run_job()
    assert kinds(Registration.objects.get()) == ["reminder-24h"]
    settings.EVENT_REMINDER_JOIN_HOURS = 1
    run_job()
    assert kinds(Registration.objects.get()) == ["reminder-1h", "reminder-24h"]
    assert subjects_to("ana@probation.example") == ["Reminder: Hybrid seminar starts in 30 minutes"] * 2


def test_the_windows_come_from_the_settings(frozen_now, webinar, settings):
    settings.EVENT_REMINDER_HOURS = [48]
    register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    assert mail.outbox == []
    frozen_now.move_to(START - timedelta(hours=47))
    run_job()
    assert subjects_to("ana@probation.example") == ["Reminder: Webinar on risk assessment starts in 2 days"]


def test_beat_runs_the_reminders_every_5_minutes_and_the_sweep_every_minute(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["events.tasks.event_reminders_send"] == 5 * 60
    assert schedule["core.tasks.outbox_sweep"] == 60
    assert {"events.tasks.event_reminders_send", "core.tasks.outbox_sweep"} <= set(celery_app.tasks)


def test_only_confirmed_registrants_who_agreed_are_reminded(frozen_now, webinar):
    register(webinar, "ana@probation.example")
    register(webinar, "no-consent@probation.example", consent=False)
    register(webinar, "cancelled@probation.example", status=Registration.Status.CANCELLED)
    register(webinar, "waiting@probation.example", status=Registration.Status.WAITLISTED)
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    assert [message.to for message in mail.outbox] == [["ana@probation.example"]]


def test_unpublished_and_past_events_send_no_reminders(frozen_now, make_event):
    draft = make_event("Draft webinar", start=START, live=False)
    under_way = make_event("Under way", start=START - timedelta(days=7))
    register(draft, "ana@probation.example")
    register(under_way, "ben@probation.example")
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    assert mail.outbox == []


def test_no_stale_reminder_for_a_window_that_opened_before_the_person_registered(frozen_now, webinar):
    frozen_now.move_to(START - timedelta(days=3))
    late = register(webinar, "late@probation.example")
    frozen_now.shift(timedelta(minutes=5))
    run_job()
    assert kinds(late) == []
    frozen_now.move_to(START - timedelta(hours=23))
    run_job()
    assert kinds(late) == ["reminder-24h"]
    assert subjects_to("late@probation.example") == ["Reminder: Webinar on risk assessment starts tomorrow"]


def test_a_place_from_the_waiting_list_counts_from_when_it_was_given(frozen_now, webinar):
    promoted = register(webinar, "promoted@probation.example")
    frozen_now.move_to(START - timedelta(days=2))
    Registration.objects.filter(pk=promoted.pk).update(status_changed_at=timezone.now())  # given a place now
    run_job()
    assert kinds(promoted) == []


def test_after_workers_were_down_across_both_windows_only_the_nearest_reminder_goes_once(frozen_now, webinar):
    ana = register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(hours=20))
    run_job()
    run_job()
    assert kinds(ana) == ["reminder-24h"]
    assert subjects_to("ana@probation.example") == ["Reminder: Webinar on risk assessment starts tomorrow"]


def test_creating_due_reminders_takes_the_same_queries_for_5_or_50_registrations(frozen_now, webinar, make_event):
    other = make_event("Another webinar", start=START + timedelta(hours=2))

    def queries_for(event, count):
        frozen_now.move_to(NOW)
        for number in range(count):
            register(event, f"person{number}@{event.slug}.example")
        frozen_now.move_to(START - timedelta(days=6))
        with CaptureQueriesContext(connection) as queries:
            ids = reminders.reminders_create_due()
        assert len(ids) == count
        return len(queries)

    assert queries_for(webinar, 5) == queries_for(other, 50)


def test_the_management_command_creates_and_sends_and_says_how_many(frozen_now, webinar):
    for number in range(3):
        register(webinar, f"person{number}@probation.example")
    frozen_now.move_to(START - timedelta(days=6))
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert "Reminders created: 3. E-mails sent: 3, failed: 0, queued for the next run: 0" in out.getvalue()
    assert len(mail.outbox) == 3
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert "Reminders created: 0. E-mails sent: 0, failed: 0" in out.getvalue()
    assert len(mail.outbox) == 3


# --- A change of time ---------------------------------------------------------------------------------------------


def edit(event, **fields):
    """As the admin's edit view does: the latest revision, changed, saved as a new revision."""
    page = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision()


def calendar_of(message):
    (attachment,) = message.attachments
    assert attachment.mimetype.startswith("text/calendar")
    (vevent,) = Calendar.from_ical(attachment.content).walk("VEVENT")
    return vevent


def test_publishing_a_new_time_tells_registrants_with_a_new_calendar_file(
    frozen_now, webinar, django_capture_on_commit_callbacks
):
    ana = register(webinar, "ana@probation.example")
    waiting = register(webinar, "waiting@probation.example", status=Registration.Status.WAITLISTED)
    register(webinar, "gone@probation.example", status=Registration.Status.CANCELLED)
    new_start = utc(2026, 1, 22, 15)

    with django_capture_on_commit_callbacks(execute=True):
        edit(webinar, start=new_start, end=new_start + timedelta(minutes=90))
    assert mail.outbox == []  # a draft is nobody's business
    assert EventPage.objects.get(pk=webinar.pk).calendar_sequence == 0

    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=webinar.pk).get_latest_revision().publish()
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@probation.example", "waiting@probation.example"]
    message = sent_to("ana@probation.example")[0]
    assert message.subject == "New time: Webinar on risk assessment"
    assert f"Join online: {JOIN_LINK}" in message.body
    assert JOIN_LINK not in sent_to("waiting@probation.example")[0].body
    vevent = calendar_of(message)
    assert vevent["UID"] == f"{webinar.calendar_uid}@cep-probation.org"
    assert vevent["SEQUENCE"] == 1
    assert vevent["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert vevent["DTSTART"].to_ical() == b"20260122T160000"
    assert kinds(ana) == ["update-1"] and kinds(waiting) == ["update-1"]
    assert set(Registration.objects.values_list("email", "calendar_sequence")) == {
        ("ana@probation.example", 1),
        ("waiting@probation.example", 1),
        ("gone@probation.example", 0),
    }

    with django_capture_on_commit_callbacks(execute=True):
        edit(webinar, title="Webinar on risk assessment (new time)").publish()
    assert len(mail.outbox) == 2  # published again, same time: nothing more


def test_each_published_change_of_time_is_a_higher_sequence(frozen_now, webinar, django_capture_on_commit_callbacks):
    register(webinar, "ana@probation.example")
    for hour, sequence in [(15, 1), (16, 2)]:
        start = utc(2026, 1, 22, hour)
        with django_capture_on_commit_callbacks(execute=True):
            edit(webinar, start=start, end=start + timedelta(minutes=90)).publish()
        vevent = calendar_of(mail.outbox[-1])
        assert (vevent["SEQUENCE"], vevent["DTSTART"].to_ical()) == (sequence, f"20260122T{hour + 1}0000".encode())
    assert len(mail.outbox) == 2


def test_a_change_of_time_after_a_reminder_leaves_the_next_reminder_due_at_the_new_time(
    frozen_now, webinar, django_capture_on_commit_callbacks
):
    register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    later = START + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        edit(webinar, start=later, end=later + timedelta(minutes=90)).publish()
    frozen_now.move_to(START - timedelta(hours=12))  # the old time's window: not due any more
    run_job()
    frozen_now.move_to(later - timedelta(hours=12))
    run_job()
    assert [message.subject.split(":")[0] for message in mail.outbox] == ["Reminder", "New time", "Reminder"]


def test_publishing_an_older_revision_again_never_lowers_the_sequence(
    frozen_now, webinar, django_capture_on_commit_callbacks
):
    register(webinar, "ana@probation.example")
    first_time = EventPage.objects.get(pk=webinar.pk).save_revision()
    later = utc(2026, 1, 22, 15)
    with django_capture_on_commit_callbacks(execute=True):
        edit(webinar, start=later, end=later + timedelta(minutes=90)).publish()
    with django_capture_on_commit_callbacks(execute=True):
        first_time.publish()  # back to the first time: a newer version of the entry for calendars
    vevent = calendar_of(mail.outbox[-1])
    assert [message.subject for message in mail.outbox] == ["New time: Webinar on risk assessment"] * 2
    assert (vevent["SEQUENCE"], vevent["DTSTART"].to_ical()) == (2, b"20260122T140000")


def test_a_reminder_sent_late_says_how_long_is_really_left(frozen_now, conference):
    register(conference, "ana@probation.example")
    frozen_now.move_to(START - timedelta(minutes=30))  # the workers were down until half an hour before
    run_job()
    assert subjects_to("ana@probation.example") == ["Reminder: Conference in Lisbon starts in 30 minutes"]


# --- The outbox, against a real SMTP server -----------------------------------------------------------------------


def test_reminders_reach_a_real_smtp_server(frozen_now, webinar, smtp_sink):
    register(webinar, "ana@probation.example")
    register(webinar, "ben@probation.example")
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    run_job()
    assert sorted(smtp_sink.recipients()) == ["ana@probation.example", "ben@probation.example"]
    (message,) = smtp_sink.to("ana@probation.example")
    assert message["Subject"] == "Reminder: Webinar on risk assessment starts in 6 days"
    row = RegistrationEmail.objects.get(registration__email="ana@probation.example")
    assert message["Message-ID"] == row.message_id


def test_a_permanent_refusal_marks_the_row_failed_with_the_servers_answer(frozen_now, webinar, smtp_sink):
    register(webinar, "ana@probation.example")
    gone = register(webinar, "gone@probation.example")
    smtp_sink.refuse("gone@probation.example", PERMANENT)
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    row = gone.emails.get()
    assert row.status == "failed"
    assert "550" in row.error and "Mailbox unavailable" in row.error
    assert smtp_sink.recipients() == ["ana@probation.example"]
    run_job()
    assert gone.emails.get().status == "failed"
    assert smtp_sink.recipients() == ["ana@probation.example"]


def test_a_transient_refusal_leaves_the_row_queued_for_the_next_run(frozen_now, webinar, smtp_sink):
    busy = register(webinar, "busy@probation.example")
    register(webinar, "ana@probation.example")
    smtp_sink.refuse("busy@probation.example", MAILBOX_BUSY)
    frozen_now.move_to(START - timedelta(days=6))
    event_reminders_send.delay()
    row = busy.emails.get()
    assert (row.status, row.attempts) == ("queued", 1)
    assert "450" in row.error
    assert smtp_sink.recipients() == ["ana@probation.example"]  # the rest of the batch is not held up

    smtp_sink.accept("busy@probation.example")
    frozen_now.shift(timedelta(minutes=1))
    outbox_sweep.delay()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == ("sent", 2, "")
    run_job()
    assert sorted(smtp_sink.recipients()) == ["ana@probation.example", "busy@probation.example"]


def test_a_connection_the_server_closes_mid_batch_keeps_what_was_sent_and_queues_the_rest(
    frozen_now, webinar, smtp_sink
):
    ana, busy, carl = (register(webinar, f"{name}@probation.example") for name in ("ana", "busy", "carl"))
    smtp_sink.refuse("busy@probation.example", "421 4.3.2 Service shutting down")
    frozen_now.move_to(START - timedelta(days=6))
    run_job()
    # Ana's message went before the connection closed: marked sent, so it is not sent again with the rest.
    assert [registration.emails.get().status for registration in (ana, busy, carl)] == ["sent", "queued", "queued"]

    smtp_sink.accept("busy@probation.example")
    frozen_now.shift(timedelta(minutes=1))
    outbox_sweep.delay()
    assert sorted(smtp_sink.recipients()) == [f"{name}@probation.example" for name in ("ana", "busy", "carl")]


def test_an_unreachable_mail_server_leaves_every_row_queued_with_its_tries_intact(frozen_now, webinar, settings):
    ana = register(webinar, "ana@probation.example")
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2  # nobody there
    frozen_now.move_to(START - timedelta(days=6))
    for _ in range(outbox.MAX_ATTEMPTS + 1):
        run_job()
    row = ana.emails.get()
    assert (row.status, row.attempts) == ("queued", 0)


def test_a_transient_refusal_is_given_up_after_max_attempts(frozen_now, webinar, smtp_sink):
    busy = register(webinar, "busy@probation.example")
    smtp_sink.refuse("busy@probation.example", TRANSIENT)
    frozen_now.move_to(START - timedelta(days=6))
    for _ in range(outbox.MAX_ATTEMPTS + 2):
        run_job()
    row = busy.emails.get()
    assert (row.status, row.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert smtp_sink.recipients() == []


def test_a_row_whose_worker_died_is_requeued_when_its_lease_runs_out_and_sent_once(frozen_now, webinar, smtp_sink):
    ana = register(webinar, "ana@probation.example")
    frozen_now.move_to(START - timedelta(days=6))
    reminders.reminders_create_due()
    # A worker claimed it and died before sending.
    assert outbox.claim(RegistrationEmail.objects.all(), limit=10) == [ana.emails.get().pk]
    outbox_sweep.delay()
    run_job()
    assert smtp_sink.recipients() == []  # still leased: it may yet be sent by its worker

    frozen_now.shift(outbox.DEFAULT_LEASE + timedelta(seconds=1))
    assert outbox_sweep.delay().get()["events.RegistrationEmail"] == {"requeued": 1, "enqueued": 1}
    outbox_sweep.delay()
    run_job()
    assert smtp_sink.recipients() == ["ana@probation.example"]
    row = ana.emails.get()
    assert (row.status, row.attempts) == ("sent", 2)
