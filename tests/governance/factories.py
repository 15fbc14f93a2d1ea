"""Factories for the governance pages, their people, statutes and papers."""

import datetime

import factory
import wagtail_factories

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

from governance.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    GeneralAssemblyDocument,
    GeneralAssemblyIndexPage,
    GeneralAssemblyPage,
    GovernancePage,
    GovernancePerson,
)
from tests.members.factories import TINY_PDF


def pdf_document(title: str, collection: Collection | None = None, content: bytes = TINY_PDF):
    """A PDF document in `collection` (the root, public, when none is given)."""
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file = ContentFile(content, name=f"{title.lower().replace(' ', '-')}.pdf")
    document.save()
    return document


class GovernancePageFactory(wagtail_factories.PageFactory):
    title = "Governance"
    slug = "governance"
    introduction = "How CEP is run."

    class Meta:
        model = GovernancePage


class GovernancePersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Board Member {number}")
    role = "board-member"
    organisation = "Reclassering Nederland"
    country = "NL"
    term_start = datetime.date(2024, 6, 5)
    term_end = datetime.date(2027, 6, 30)

    class Meta:
        model = GovernancePerson


class GeneralAssemblyIndexPageFactory(wagtail_factories.PageFactory):
    title = "General Assembly"
    slug = "general-assembly"

    class Meta:
        model = GeneralAssemblyIndexPage


class GeneralAssemblyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"General Assembly number {number}")
    date = datetime.date(2024, 6, 5)
    place = "Vilnius, Lithuania"
    summary = "The members adopted the accounts and elected the Board."

    class Meta:
        model = GeneralAssemblyPage


class GeneralAssemblyDocumentFactory(factory.django.DjangoModelFactory):
    kind = "minutes"

    class Meta:
        model = GeneralAssemblyDocument


class AnnualReportIndexPageFactory(wagtail_factories.PageFactory):
    title = "Annual reports"
    slug = "annual-reports"

    class Meta:
        model = AnnualReportIndexPage


class AnnualReportPageFactory(wagtail_factories.PageFactory):
    year = factory.Sequence(lambda number: 2025 - number)
    title = factory.LazyAttribute(lambda report: f"Annual report {report.year}")
    slug = factory.LazyAttribute(lambda report: f"annual-report-{report.year}")
    summary = "A year of webinars, expert groups and projects."
    report = factory.LazyAttribute(lambda report: pdf_document(f"CEP annual report {report.year}"))

    class Meta:
        model = AnnualReportPage
