"""Fixtures for the membership tests: staff, an applicant, and a small PDF to upload as a statute."""

import json

import pytest

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.members import MEMBERSHIP_TYPES
from demo.site import block
from tests.factories import MembershipPageFactory, UserFactory

# The smallest file a PDF reader accepts: header, catalogue, one empty page, trailer.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="statute.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser(email="secretariat@cep-probation.org", password="x")


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org", first_name="Kadri", last_name="Tamm")


@pytest.fixture
def organisation_data():
    return {
        "name": "Estonian Prison Service – Probation Department",
        "applied_as": "organisation",
        "membership_type": "full",
        "country": "EE",
        "contact_name": "Kadri Tamm",
        "contact_phone": "+372 600 0000",
        "contact_position": "Head of Probation",
        "website": "https://www.vanglateenistus.ee",
        "motivation": "To learn from probation services across Europe.",
    }


@pytest.fixture
def membership_page(demo_site):
    page = MembershipPageFactory(
        parent=demo_site,
        membership_types=json.dumps([block("membership_type", value) for value in MEMBERSHIP_TYPES]),
        how_to_apply="<p>Write a letter to the Board, which meets in April and October.</p>",
        directory_introduction="The organisations that are members of CEP, by country.",
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


APPLICANT_PASSWORD = "a-long-passphrase-for-tests"


def application_form_data(**changes):
    """The public application form filled in as an organisation applying for full membership; `changes` override."""
    data = {
        "applied_as": "organisation",
        "organisation_name": "Estonian Prison Service – Probation Department",
        "membership_type": "full",
        "country": "EE",
        "first_name": "Kadri",
        "last_name": "Tamm",
        "email": "kadri.tamm@example.org",
        "contact_phone": "+372 600 0000",
        "contact_position": "Head of Probation",
        "statute": pdf_upload(),
        "motivation": "To learn from probation services across Europe.",
        "password1": APPLICANT_PASSWORD,
        "password2": APPLICANT_PASSWORD,
        "privacy_consent": "on",
        "website": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
