"""Fixtures for the fees tests: CEP's invoicing details, the 2027 fee schedule and its renewal on 15 January."""

from decimal import Decimal

import pytest

from members.area import members_area_restrict
from tests.core.factories import publish
from tests.fees.factories import FeeFactory, InvoicingSettingsFactory, RenewalFactory
from tests.members.factories import MembersAreaPageFactory, MembershipPageFactory

FEES = {
    "full": Decimal("1250.00"),
    "associate-organisation": Decimal("600.00"),
    "associate-individual": Decimal("75.00"),
}


def schedule_2027():
    InvoicingSettingsFactory()
    for category, amount in FEES.items():
        FeeFactory(category=category, amount=amount)
    return RenewalFactory()


@pytest.fixture
def renewal(db):
    return schedule_2027()


@pytest.fixture
def members_area(demo_site):
    """The members' area, shown to the "Members" group only."""
    page = MembersAreaPageFactory(parent=publish(MembershipPageFactory(parent=demo_site)), title="Members' area")
    members_area_restrict(page)
    return publish(page)
