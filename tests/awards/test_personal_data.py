"""A nominator's nominations in their data export, and their name and address gone when their account is erased."""

import pytest

from core.contributions import personal_data
from tests.awards.factories import NominationFactory

pytestmark = pytest.mark.django_db


def award_nominations():
    return next(part for part in personal_data() if part.key == "award_nominations")


def test_a_person_gets_the_nominations_sent_from_their_address_and_no_one_elses(demo_site):
    NominationFactory(nominee="You Matter Too", nominator_email="Jana@Probation.example")
    NominationFactory(nominee="Someone else's", nominator_email="petr@probation.example")

    exported = award_nominations().export(None, ["jana@probation.example"])

    assert [(row["nominee"], row["your_email"]) for row in exported] == [("You Matter Too", "Jana@Probation.example")]


def test_erasing_keeps_the_nomination_for_the_jury_without_who_sent_it(demo_site):
    mine = NominationFactory(nominator_email="jana@probation.example")
    other = NominationFactory(nominator_email="petr@probation.example")

    award_nominations().erase(None, ["jana@probation.example"])

    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.nominator_name, mine.nominator_email, mine.nominee) == ("", "", mine.nominee)
    assert other.nominator_email == "petr@probation.example"
