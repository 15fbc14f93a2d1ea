"""Each governance page takes as many queries for 100 people, papers or assemblies (40 reports) as for 10."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import StatutesVersion
from members.services import members_group
from tests.governance.factories import (
    AnnualReportPageFactory,
    GeneralAssemblyDocumentFactory,
    GeneralAssemblyPageFactory,
    GovernancePersonFactory,
    pdf_document,
)
from tests.helpers import image_create
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # renditions made, files sized and Wagtail's per-site caches filled, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def counts_for(client, path, add, first, then):
    add(0, first)
    with_few = queries_for(client, path)
    add(first, then)
    return with_few, queries_for(client, path)


def test_the_governance_page_with_100_people_and_statutes(client, governance_page):
    photo = image_create("Portrait", size=(200, 200))

    def add(start, end):
        for number in range(start, end):
            role = "board-member" if number % 2 else "policy-officer"
            ended = datetime.date(2020, 1, 1) if number % 5 == 0 else None
            GovernancePersonFactory(
                page=governance_page,
                role=role,
                photo=photo if number % 3 else None,
                term_start=datetime.date(2010, 1, 1),
                term_end=ended,
                sort_order=number,
            )
            StatutesVersion.objects.create(
                page=governance_page,
                document=pdf_document(f"Statutes {number}"),
                adopted_on=datetime.date(1981, 1, 1) + datetime.timedelta(days=number),
            )

    with_10, with_100 = counts_for(client, governance_page.url, add, 10, 100)
    assert with_100 == with_10


def test_the_assemblies_and_an_assembly_with_100_papers(client, assembly_index, assembly_collection):
    user = UserFactory(email="member@probation.example")
    user.groups.add(members_group())
    client.force_login(user)
    assembly = GeneralAssemblyPageFactory(parent=assembly_index, title="General Assembly 2024")

    def add(start, end):
        for number in range(start, end):
            GeneralAssemblyPageFactory(
                parent=assembly_index,
                title=f"Assembly {number}",
                date=datetime.date(1990, 1, 1) + datetime.timedelta(number),
            )
            document = pdf_document(f"Paper {number}", assembly_collection)
            GeneralAssemblyDocumentFactory(page=assembly, document=document, sort_order=number)

    first = counts_for(client, assembly_index.url, add, 10, 100)
    assert first[1] == first[0]
    # The assembly has its 100 papers now; compare with one that has 10.
    few = GeneralAssemblyPageFactory(parent=assembly_index, title="General Assembly 2021")
    for number in range(10):
        GeneralAssemblyDocumentFactory(page=few, document=assembly.documents.all()[number].document, sort_order=number)
    for page in (assembly, few):  # both visited before either is counted: the caches they share are filled
        client.get(page.url)
    assert queries_for(client, assembly.url) == queries_for(client, few.url)


def test_the_annual_reports_with_40_reports(client, report_index):
    cover = image_create("Cover", size=(300, 200))

    def add(start, end):
        for number in range(start, end):
            AnnualReportPageFactory(parent=report_index, year=2025 - number, cover_image=cover)

    with_10, with_40 = counts_for(client, report_index.url, add, 10, 40)
    assert with_40 == with_10
