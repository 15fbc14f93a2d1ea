"""A statute is accepted only as a real PDF of a reasonable size: by its content, not its name."""

import pytest

from django.core.exceptions import ValidationError

from members import services
from members.models import MemberOrganisation
from tests.members.factories import TINY_PDF, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_real_pdf_is_accepted():
    services.statute_validate(pdf_upload())


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused():
    disguised = pdf_upload("statute.pdf", b"PK\x03\x04 a Word document renamed to .pdf")
    with pytest.raises(ValidationError, match="must be a PDF") as refusal:
        services.statute_validate(disguised)
    assert refusal.value.code == "statute_not_pdf"


def test_a_pdf_under_another_name_is_refused():
    with pytest.raises(ValidationError, match="must be a PDF"):
        services.statute_validate(pdf_upload("statute.exe"))


def test_a_statute_over_the_size_limit_is_refused(settings):
    settings.MEMBER_STATUTE_MAX_BYTES = len(TINY_PDF) + 10
    services.statute_validate(pdf_upload())
    too_large = pdf_upload(content=TINY_PDF + b"%" * 11)
    with pytest.raises(ValidationError, match="too large") as refusal:
        services.statute_validate(too_large)
    assert refusal.value.code == "statute_too_large"


def test_the_limit_is_five_megabytes_unless_set(settings):
    del settings.MEMBER_STATUTE_MAX_BYTES
    assert services.statute_max_bytes() == 5 * 1024 * 1024
    with pytest.raises(ValidationError, match="at most 5 MB"):
        services.statute_validate(pdf_upload(content=TINY_PDF + b"%" * (5 * 1024 * 1024)))


def test_an_application_with_a_disguised_statute_creates_nothing(applicant, organisation_data):
    with pytest.raises(ValidationError):
        services.application_submit(applicant, data=organisation_data, statute=pdf_upload(content=b"<html>"))
    assert not MemberOrganisation.objects.exists()


def test_the_validated_file_is_stored_from_its_start(applicant, organisation_data):
    application = services.application_submit(applicant, data=organisation_data, statute=pdf_upload())
    assert application.statute.read() == TINY_PDF
