"""Fixtures for the membership tests: staff, an applicant, and a small PDF to upload as a statute."""

import json

import pytest

from django.contrib.auth import get_user_model

from demo.members import MEMBERSHIP_TYPES
from demo.site import block
from tests.core.factories import publish
from tests.members.factories import MembershipPageFactory, UserFactory


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
    return publish(page)
