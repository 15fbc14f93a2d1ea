"""The governance pages under the minimal site: the governance page, its General Assembly (members only, as the demo
makes it) and its annual reports."""

import pytest

from demo.governance import general_assembly_collection
from members.area import members_area_restrict
from tests.core.factories import publish
from tests.governance.factories import (
    AnnualReportIndexPageFactory,
    GeneralAssemblyIndexPageFactory,
    GovernancePageFactory,
)


@pytest.fixture
def governance_page(demo_site):
    return publish(GovernancePageFactory(parent=demo_site))


@pytest.fixture
def assembly_index(governance_page):
    index = publish(GeneralAssemblyIndexPageFactory(parent=governance_page, introduction="The members' meetings."))
    members_area_restrict(index)
    return index


@pytest.fixture
def assembly_collection(db):
    return general_assembly_collection()


@pytest.fixture
def report_index(governance_page):
    return publish(AnnualReportIndexPageFactory(parent=governance_page, introduction="Every year's account."))
