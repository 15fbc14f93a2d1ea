"""The governance page: the current Board, then the secretariat, former Board members by their terms, the statutes."""

import datetime

import pytest
import time_machine

from django.core.exceptions import ValidationError

from governance.models import GovernancePerson, StatutesVersion
from tests.governance.factories import GovernancePersonFactory, pdf_document
from tests.helpers import image_create, page_soup

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def names(soup, section_id):
    section = soup.select_one(f"section[aria-labelledby={section_id}]")
    if section is None:
        return []
    return [name.get_text(strip=True) for name in section.select(".person-card__name, .former-board__name")]


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_page_shows_the_current_board_then_the_secretariat_and_former_members_by_their_terms(
    client, governance_page
):
    person = GovernancePersonFactory
    person(page=governance_page, name="Marta Kowalczyk", role="president", sort_order=0)
    person(page=governance_page, name="Jan Vermeulen", role="vice-president", sort_order=1)
    person(
        page=governance_page,
        name="Hanna Virtanen",
        term_start=datetime.date(2021, 6, 10),
        term_end=datetime.date(2024, 6, 5),
        sort_order=2,
    )
    person(
        page=governance_page,
        name="Patrick Madigou",
        role="president",
        country="FR",
        term_start=datetime.date(2007, 9, 1),
        term_end=datetime.date(2010, 5, 27),
        sort_order=3,
    )
    person(page=governance_page, name="Ends today", term_end=TODAY, sort_order=4)
    person(page=governance_page, name="Elected next year", term_start=datetime.date(2027, 6, 1), sort_order=5)
    person(
        page=governance_page,
        name="Pieter de Vries",
        role="secretary-general",
        term_start=datetime.date(2019, 1, 1),
        term_end=None,
        sort_order=6,
    )
    person(
        page=governance_page,
        name="Left the secretariat",
        role="policy-officer",
        term_start=datetime.date(2019, 1, 1),
        term_end=datetime.date(2025, 1, 1),
        sort_order=7,
    )

    soup = page_soup(client.get(governance_page.url))

    assert names(soup, "board-heading") == ["Marta Kowalczyk", "Jan Vermeulen", "Ends today"]
    assert names(soup, "secretariat-heading") == ["Pieter de Vries"]
    # The last to leave first; someone not yet in office is nowhere, nor is a former member of the secretariat.
    assert names(soup, "former-board-heading") == ["Hanna Virtanen", "Patrick Madigou"]
    text = soup.select_one("main").get_text(" ", strip=True)
    assert "Elected next year" not in text and "Left the secretariat" not in text
    board = soup.select_one("section[aria-labelledby=board-heading]").get_text(" ", strip=True)
    assert "Board member since 2024, term until 2027" in board
    assert "Reclassering Nederland, Netherlands" in board
    assert "Patrick Madigou , President, France 2007–2010" in soup.select_one(".former-board").get_text(" ", strip=True)
    assert "In the secretariat since 2019" in names_section_text(soup, "secretariat-heading")


def names_section_text(soup, section_id):
    return soup.select_one(f"section[aria-labelledby={section_id}]").get_text(" ", strip=True)


def test_a_photo_is_shown_with_its_own_alt_text_and_a_person_without_one_gets_initials(client, governance_page):
    photo = image_create("Portrait of Marta Kowalczyk", size=(400, 400))
    photo.description = "Marta Kowalczyk at the General Assembly in Vilnius"
    photo.save()
    GovernancePersonFactory(page=governance_page, name="Marta Kowalczyk", photo=photo, sort_order=0)
    GovernancePersonFactory(page=governance_page, name="Tomás de la Ferreira", sort_order=1)

    cards = page_soup(client.get(governance_page.url)).select(".person-card")

    image = cards[0].select_one("img")
    assert image["alt"] == "Marta Kowalczyk at the General Assembly in Vilnius"
    assert (image["width"], image["height"]) == ("96", "96")
    initials = cards[1].select_one(".person-card__initials")
    assert initials.get_text(strip=True) == "TF"
    assert initials["aria-hidden"] == "true"


def test_a_term_cannot_end_before_it_starts(governance_page):
    person = GovernancePerson(
        page=governance_page,
        name="Jan Vermeulen",
        role="board-member",
        term_start=datetime.date(2024, 6, 5),
        term_end=datetime.date(2021, 6, 5),
    )

    with pytest.raises(ValidationError) as error:
        person.full_clean()

    assert error.value.message_dict["term_end"] == ["The term cannot end before it starts."]


def test_the_current_statutes_are_the_last_adopted_and_the_others_are_earlier_versions(client, governance_page):
    founding = pdf_document("Founding statutes")
    current = pdf_document("Statutes 2013")
    StatutesVersion.objects.create(page=governance_page, document=founding, adopted_on=datetime.date(1981, 11, 27))
    StatutesVersion.objects.create(
        page=governance_page, document=current, adopted_on=datetime.date(2013, 10, 1), note="The new name"
    )

    section = page_soup(client.get(governance_page.url)).select_one("section[aria-labelledby=statutes-heading]")

    links = section.select(".download a")
    assert links[0]["href"] == current.url
    assert links[0].get_text(strip=True).startswith("Current statutes (PDF, ")
    assert "Adopted on 1 Oct 2013 · The new name" in section.get_text(" ", strip=True)
    assert links[1]["href"] == founding.url
    assert links[1].get_text(strip=True).startswith("Statutes of 27 Nov 1981 (PDF, ")
    # Public: anyone may download the statutes.
    assert client.get(current.url).status_code == 200
