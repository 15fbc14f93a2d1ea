"""Nominations hold personal data: they are deleted, with their supporting PDFs, AWARD_NOMINATION_RETENTION_YEARS
after their call closed (daily by beat, or by `manage.py purge_award_nominations`); the winners stay on the page."""

import datetime
import io

import pytest
import time_machine

from django.core.files.base import ContentFile
from django.core.management import call_command

from awards.models import AwardWinner, Nomination
from awards.services import nominations_purge
from awards.tasks import nominations_purge as nominations_purge_task
from tests.awards.factories import (
    AwardCallFactory,
    AwardCategoryFactory,
    AwardPageFactory,
    AwardWinnerFactory,
    NominationFactory,
)
from tests.members.factories import TINY_PDF

pytestmark = pytest.mark.django_db

# The 2027 call closes on 31 March 2027, the 2028 call on 31 March 2028.
TWO_YEARS_AFTER_2027_CLOSED = datetime.date(2029, 4, 1)


@pytest.fixture
def award(demo_site):
    page = AwardPageFactory(parent=demo_site)
    AwardWinnerFactory(page=page, year=2027, name="You Matter Too")
    return page


def nomination_with_pdf(award, year: int) -> Nomination:
    call = AwardCallFactory(
        page=award, year=year, opens_on=datetime.date(year, 1, 15), closes_on=datetime.date(year, 3, 31)
    )
    nomination = NominationFactory(call=call, category=AwardCategoryFactory(page=award), nominee=f"Nominee {year}")
    nomination.supporting_pdf.save("evaluation.pdf", ContentFile(TINY_PDF))
    return nomination


def stored_pdfs(private_media_root) -> list[str]:
    return sorted(path.name for path in private_media_root.rglob("*.pdf"))


def test_the_retention_period_is_two_years_after_the_call_closed(settings):
    assert settings.AWARD_NOMINATION_RETENTION_YEARS == 2


def test_nominations_of_a_call_closed_longer_ago_are_deleted_with_their_pdf(award, private_media_root):
    old, recent = nomination_with_pdf(award, 2027), nomination_with_pdf(award, 2028)
    old_pdf, recent_pdf = old.supporting_pdf.name.rsplit("/", 1)[1], recent.supporting_pdf.name.rsplit("/", 1)[1]
    assert stored_pdfs(private_media_root) == sorted([old_pdf, recent_pdf])

    assert nominations_purge(today=TWO_YEARS_AFTER_2027_CLOSED - datetime.timedelta(days=1)) == 0
    assert nominations_purge(today=TWO_YEARS_AFTER_2027_CLOSED) == 1

    assert list(Nomination.objects.values_list("nominee", flat=True)) == ["Nominee 2028"]
    assert stored_pdfs(private_media_root) == [recent_pdf]
    assert list(AwardWinner.objects.values_list("name", flat=True)) == ["You Matter Too"]


def test_the_daily_task_and_the_command_purge_what_is_past_the_period(award, private_media_root):
    nomination_with_pdf(award, 2027)
    nomination_with_pdf(award, 2028)

    with time_machine.travel(datetime.datetime(2029, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert nominations_purge_task() == {"deleted": 1}
        assert stored_pdfs(private_media_root) == [Nomination.objects.get().supporting_pdf.name.rsplit("/", 1)[1]]
        out = io.StringIO()
        call_command("purge_award_nominations", stdout=out)

    assert out.getvalue() == "Nominations of calls closed more than 2 years ago deleted: 0.\n"
    assert list(Nomination.objects.values_list("nominee", flat=True)) == ["Nominee 2028"]


def test_the_purge_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-award-nominations"]
    assert (entry["task"], entry["schedule"]) == ("awards.tasks.nominations_purge", 60 * 60 * 24)
    assert nominations_purge_task.name == entry["task"]
