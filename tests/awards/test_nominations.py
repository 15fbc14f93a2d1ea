"""The nomination form: what it takes, what it refuses and says why, the nominator's confirmation, and the PDF kept
where no visitor can reach it."""

from pathlib import Path

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.forms import SUPPORTING_PDF_MAX_BYTES
from awards.models import Nomination
from core.models import OutboxEmail, SiteSettings
from tests.awards.factories import AwardCallFactory, AwardCategoryFactory, AwardPageFactory, in_days
from tests.core.factories import StandardPageFactory, publish
from tests.helpers import page_soup, soup_of
from tests.members.factories import TINY_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(demo_site):
    page = publish(AwardPageFactory(parent=demo_site))
    AwardCallFactory(page=page, year=2027, closes_on=in_days(20))
    return page


@pytest.fixture
def category(award):
    return AwardCategoryFactory(page=award, name="Probation research")


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.AWARD_NOMINATION_RATE = "1000/m"


def form_url(page):
    return f"{page.url}nominate/"


def pdf(name="evaluation.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def valid(chosen, **changes):
    return {
        "nominee": "You Matter Too (UM2)",
        "organisation": "Probation and Mediation Service",
        "country": "CZ",
        "category": chosen.pk,
        "motivation": "A restorative programme for people convicted of violent crimes, now run in 13 prisons. " * 3,
        "nominator_name": "Jana Nováková",
        "nominator_email": "jana@probation.example",
        **changes,
    }


def post(client, page, data, **extra):
    return client.post(form_url(page), data, **extra)


def test_the_form_asks_for_the_nomination_and_links_the_privacy_notice(client, award, category, demo_site):
    privacy = publish(StandardPageFactory(parent=demo_site, title="Privacy notice", slug="privacy"))
    site_settings = SiteSettings.for_site(demo_site.get_site())
    site_settings.privacy_page = privacy
    site_settings.save()

    soup = page_soup(client.get(form_url(award)))

    assert soup.h1.get_text(strip=True) == "Nominate for the CEP Award 2027"
    labels = [label.get_text(" ", strip=True) for label in soup.select("main form label.field__label")]
    assert labels == [
        "Nominee",
        "Organisation",
        "Country",
        "Category",
        "Why this nominee?",
        "Supporting document (PDF) (optional)",
        "Your name",
        "Your e-mail address",
    ]
    assert [option.get_text() for option in soup.select("#id_category option")][1:] == ["Probation research"]
    link = soup.select_one("main form .form__actions .privacy-note a")
    assert link.get_text() == "Privacy notice" and link["href"] == "/privacy/"


def test_a_nomination_is_stored_with_its_pdf_and_the_nominator_gets_a_confirmation(
    client, award, category, private_media_root, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, award, {**valid(category), "supporting_pdf": pdf()})

    assert response.status_code == 303
    assert response["Location"] == f"{award.url}nominate/thanks/"
    nomination = Nomination.objects.get()
    assert (nomination.nominee, nomination.category, nomination.call.year, nomination.status) == (
        "You Matter Too (UM2)",
        category,
        2027,
        "received",
    )
    stored = Path(nomination.supporting_pdf.path)
    assert stored.read_bytes() == TINY_PDF
    assert stored.is_relative_to(private_media_root)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    (confirmation,) = mail.outbox
    assert confirmation.to == ["jana@probation.example"]
    assert confirmation.subject == "Your nomination for the CEP Award 2027"
    assert "You Matter Too (UM2)" in confirmation.body and "Probation research" in confirmation.body
    assert OutboxEmail.objects.get().kind == "awards.nomination-received"
    thanks = page_soup(client.get(response["Location"]))
    assert thanks.h1.get_text() == "Thank you for your nomination"


def test_the_supporting_pdf_has_no_public_address(client, award, category, settings):
    post(client, award, {**valid(category), "supporting_pdf": pdf()})
    nomination = Nomination.objects.get()

    name = Path(nomination.supporting_pdf.name)
    for address in [f"/media/{name}", f"/media/{name.name}", f"/private-media/{name}", f"/{name}"]:
        assert client.get(address).status_code == 404, address
    with pytest.raises(ValueError, match="not accessible via a URL"):
        nomination.supporting_pdf.url  # noqa: B018


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nominee": "   "}, "nominee", "Name the project, programme, team or person you nominate."),
        ({"organisation": ""}, "organisation", "Name the organisation that carries out the work."),
        ({"country": "ZZ"}, "country", "Select a valid choice"),
        ({"category": ""}, "category", "Choose the category you nominate for."),
        ({"category": "999999"}, "category", "Choose one of the award's categories."),
        ({"motivation": "Great work."}, "motivation", "Write at least 100 characters"),
        ({"motivation": "x" * 4001}, "motivation", "Keep it to 4000 characters"),
        ({"nominator_name": ""}, "nominator_name", "Enter your name."),
        ({"nominator_email": "jana@"}, "nominator_email", "Enter an e-mail address like name@example.org."),
    ],
)
def test_bad_input_comes_back_with_the_fields_message_and_nothing_is_stored(
    client, award, category, changes, field, message
):
    response = post(client, award, valid(category, **changes))

    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.title.get_text().startswith("Error: ")
    assert message in soup.select_one(f"#id_{field}_error").get_text()
    assert soup.select_one(".error-summary a")["href"] == f"#id_{field}"
    assert not Nomination.objects.exists()
    assert not mail.outbox and not OutboxEmail.objects.exists()
    assert response["Cache-Control"] == "private, no-store"


def test_a_category_of_another_award_is_refused(client, award, category):
    other = AwardCategoryFactory(page=AwardPageFactory(parent=award.get_parent(), slug="another-award"))

    response = post(client, award, valid(category, category=other.pk))

    assert response.status_code == 400
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("report.pdf", b"<html><script>alert(1)</script></html>"), "The file is not a PDF"),
        (pdf("report.exe", TINY_PDF), "The file is not a PDF"),
        (pdf("report.pdf", b"PK\x03\x04 a zip named pdf"), "The file is not a PDF"),
        (
            pdf("big.pdf", TINY_PDF + b"0" * SUPPORTING_PDF_MAX_BYTES),
            "The file is too large: send a PDF of at most 10 MB",
        ),
    ],
)
def test_a_file_that_is_not_a_pdf_or_too_large_is_refused(client, award, category, private_media_root, upload, message):
    response = post(client, award, {**valid(category), "supporting_pdf": upload})

    assert response.status_code == 400
    assert message in soup_of(response).select_one("#id_supporting_pdf_error").get_text()
    assert not Nomination.objects.exists()
    assert not private_media_root.exists() or not any(private_media_root.rglob("*.*"))


def test_a_filled_honeypot_is_thanked_and_nothing_is_kept_or_sent(client, award, category):
    response = post(client, award, {**valid(category), "website": "http://spam.example"})

    assert response.status_code == 303
    assert not Nomination.objects.exists() and not OutboxEmail.objects.exists()


def test_over_the_rate_the_form_answers_429_and_keeps_nothing(client, award, category, settings):
    settings.AWARD_NOMINATION_RATE = "2/m"
    assert [post(client, award, valid(category)).status_code for _ in range(2)] == [303, 303]

    response = post(client, award, valid(category, nominee="A third nomination"))

    assert response.status_code == 429
    assert "Too many nominations" in soup_of(response).h1.get_text()
    assert Nomination.objects.count() == 2


@pytest.mark.parametrize(
    ("opens", "closes", "says"),
    [(-60, -1, "are closed"), (3, 40, "open on")],
)
def test_while_no_call_is_open_the_form_is_not_offered_nor_taken(client, demo_site, opens, closes, says):
    award = publish(AwardPageFactory(parent=demo_site))
    category = AwardCategoryFactory(page=award)
    AwardCallFactory(page=award, opens_on=in_days(opens), closes_on=in_days(closes))

    shown = client.get(form_url(award))
    posted = post(client, award, valid(category))

    assert shown.status_code == 200
    soup = page_soup(shown)
    assert soup.h1.get_text() == "Nominations are not open"
    assert says in soup.select_one(".award-call").get_text()
    assert not soup.select("main form")
    assert posted.status_code == 403
    assert "this nomination was not kept" in soup_of(posted).select_one(".lead").get_text()
    assert not Nomination.objects.exists()


def test_an_award_without_calls_answers_the_form_address_with_the_notice(client, demo_site):
    award = publish(AwardPageFactory(parent=demo_site))

    response = client.get(form_url(award))

    assert response.status_code == 200
    assert "No call for nominations at the moment" in page_soup(response).select_one(".award-call").get_text()
