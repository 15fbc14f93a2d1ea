"""The demo's governance pages: what a new install shows, members only where CEP keeps it so, and a second load
that adds nothing."""

import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core.models import StandardPage
from governance.models import (
    AnnualReportPage,
    GeneralAssemblyDocument,
    GeneralAssemblyIndexPage,
    GeneralAssemblyPage,
    GovernancePage,
    GovernancePerson,
    StatutesVersion,
)
from tests.core.test_admin_editing import fields_without_help

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def text_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)


def test_the_demo_has_the_board_the_secretariat_the_statutes_and_four_annual_reports(client, full_demo_site):
    page = GovernancePage.objects.child_of(full_demo_site).get()
    text = text_of(client.get(page.url))
    for expected in ["Aleksandra Wiśniewska", "President", "Secretary General", "Patrick Madigou", "2007–2010"]:
        assert expected in text
    assert "Current statutes (PDF" in text and "Statutes of 27 Nov 1981" in text
    assert list(AnnualReportPage.objects.order_by("-year").values_list("year", flat=True)) == [2025, 2024, 2023, 2022]
    # About Us leads to it.
    about = StandardPage.objects.child_of(full_demo_site).get(slug="about-us")
    assert f'href="{page.url}"' in client.get(about.url).content.decode()


def test_the_demo_assemblies_and_their_papers_are_for_members_only(client, full_demo_site):
    index = GeneralAssemblyIndexPage.objects.get()
    assert GeneralAssemblyPage.objects.child_of(index).count() == 2
    assert client.get(index.url).status_code == 302
    papers = GeneralAssemblyDocument.objects.select_related("document__collection")
    assert papers.count() >= 6
    for paper in papers:
        assert paper.document.collection.get_view_restrictions().exists()
        assert client.get(paper.document.url).status_code == 302
    # The statutes and the reports are public.
    for version in StatutesVersion.objects.select_related("document"):
        assert client.get(version.document.url).status_code == 200


def test_loading_the_demo_again_adds_nothing(full_demo_site):
    def counts():
        return [
            model.objects.count()
            for model in (
                GovernancePage,
                GovernancePerson,
                StatutesVersion,
                GeneralAssemblyPage,
                GeneralAssemblyDocument,
                AnnualReportPage,
                get_document_model(),
                get_image_model(),
            )
        ]

    before = counts()
    about_revision = StandardPage.objects.get(slug="about-us").latest_revision_id
    call_command("load_demo_content", stdout=io.StringIO())

    assert counts() == before
    assert StandardPage.objects.get(slug="about-us").latest_revision_id == about_revision


def test_every_field_of_the_governance_pages_that_is_not_obvious_says_what_it_is_for(client, full_demo_site):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    pages = [
        GovernancePage.objects.get(),
        GeneralAssemblyIndexPage.objects.get(),
        GeneralAssemblyPage.objects.first(),
        AnnualReportPage.objects.first(),
        AnnualReportPage.objects.first().get_parent(),
    ]
    missing = set()
    for page in pages:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        missing |= {(type(page.specific).__name__, field) for field in fields_without_help(response.content)}
    assert not missing
