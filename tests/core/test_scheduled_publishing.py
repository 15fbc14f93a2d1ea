"""What editors schedule happens at its time, through beat's jobs on a real Celery worker over Redis: a page goes
live at its go-live time and comes down at its expiry (core.tasks.scheduled_pages_publish), and an issue of the
newsletter is sent at its time, once (newsletter.tasks.newsletter_scheduled_send).

The clock is frozen with time-machine, which the worker shares: it runs as a thread of this process.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.tasks import scheduled_pages_publish
from news.models import NewsPage
from newsletter import sending
from newsletter.tasks import newsletter_scheduled_send
from tests.core.factories import publish
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from tests.newsletter.test_sending_worker import subscribers
from tests.processes import wait_until_idle

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MONDAY = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)
GO_LIVE = MONDAY + timedelta(hours=1)
EXPIRY = MONDAY + timedelta(days=2)


def beat_runs(task, broker):
    """As beat does when the task falls due: one message to the broker, which the worker takes."""
    task.delay()
    wait_until_idle(broker)


def test_the_schedule_runs_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert (entry["task"], entry["schedule"]) == ("core.tasks.scheduled_pages_publish", 60)


def test_a_page_goes_live_at_its_time_and_comes_down_at_its_expiry(demo_site, client, real_broker, worker):
    news_index = publish(NewsIndexPageFactory(parent=demo_site))
    with time_machine.travel(MONDAY, tick=True) as clock:
        news = NewsPageFactory(parent=news_index, title="Annual report 2026", live=False)
        news.go_live_at, news.expire_at = GO_LIVE, EXPIRY
        news.save_revision().publish()  # with a go-live time to come: scheduled, not live

        beat_runs(scheduled_pages_publish, real_broker)
        assert not NewsPage.objects.get(pk=news.pk).live

        clock.move_to(GO_LIVE + timedelta(seconds=30))
        beat_runs(scheduled_pages_publish, real_broker)
        live = NewsPage.objects.get(pk=news.pk)
        assert live.live
        assert client.get(live.url).status_code == 200

        clock.move_to(EXPIRY + timedelta(seconds=30))
        beat_runs(scheduled_pages_publish, real_broker)
        expired = NewsPage.objects.get(pk=news.pk)
        assert (expired.live, expired.expired) == (False, True)
        assert client.get(live.url).status_code == 404


def test_a_scheduled_issue_is_sent_at_its_time_and_once(demo_site, smtp_sink, real_broker, worker):
    readers = subscribers(3)
    issue = NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site), title="Newsletter May")
    with time_machine.travel(MONDAY, tick=True) as clock:
        sending.sending_start(issue, by=None, send_at=GO_LIVE)

        beat_runs(newsletter_scheduled_send, real_broker)
        assert smtp_sink.received == []

        clock.move_to(GO_LIVE + timedelta(seconds=30))
        beat_runs(newsletter_scheduled_send, real_broker)
        beat_runs(newsletter_scheduled_send, real_broker)  # a minute later, beat's next run

    assert sorted(recipient for message in smtp_sink.received for recipient in message.recipients) == readers
