"""The annual reports: newest year first with their PDFs' format and size, one report a year, found by search."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from governance.models import AnnualReportPage
from tests.governance.factories import AnnualReportPageFactory, GeneralAssemblyPageFactory, pdf_document
from tests.helpers import page_soup

pytestmark = pytest.mark.django_db


def test_the_archive_lists_the_reports_newest_year_first_with_format_and_size(client, report_index):
    for year in (2023, 2025, 2022, 2024):
        AnnualReportPageFactory(parent=report_index, year=year)

    soup = page_soup(client.get(report_index.url))

    titles = [link.get_text(strip=True) for link in soup.select(".report-card .card__title a")]
    assert titles == ["Annual report 2025", "Annual report 2024", "Annual report 2023", "Annual report 2022"]
    size = AnnualReportPage.objects.get(year=2025).report.file_size
    assert soup.select_one(".report-card .card__meta").get_text(strip=True) == f"PDF, {size}\xa0bytes"


def test_a_report_page_links_its_pdf_with_its_size_and_lists_its_highlights(client, report_index):
    report = pdf_document("CEP annual report 2025", content=b"%PDF-1.4\n" + b"0" * 2_500_000)
    page = AnnualReportPageFactory(
        parent=report_index, year=2025, report=report, highlights="Expert workshop in Brussels\n\n- CoPPer conference"
    )

    soup = page_soup(client.get(page.url))

    link = soup.select_one(".download a")
    assert link["href"] == report.url
    assert link.get_text(strip=True) == "The annual report 2025 (PDF, 2.4\xa0MB)"
    assert [item.get_text() for item in soup.select("main h2 + ul li")] == [
        "Expert workshop in Brussels",
        "CoPPer conference",
    ]
    assert client.get(report.url).status_code == 200


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    return client


def new_report_form(report_index, year, **fields):
    return nested_form_data(
        {
            "title": f"Annual report {year}",
            "slug": f"annual-report-{year}-again",
            "year": year,
            "summary": "A year of CEP.",
            "report": pdf_document(f"Report {year}").pk,
            "highlights": "",
            "comments": inline_formset([]),
            **fields,
        }
    )


def test_a_second_report_for_the_same_year_is_refused_with_a_clear_message(editor, report_index):
    AnnualReportPageFactory(parent=report_index, year=2024)
    url = f"/admin/pages/add/governance/annualreportpage/{report_index.pk}/"

    response = editor.post(url, new_report_form(report_index, 2024))

    assert response.status_code == 200  # the form again, nothing stored
    errors = BeautifulSoup(response.content, "html.parser").select_one("[data-contentpath=year] .error-message")
    assert "There is already an annual report for this year" in errors.get_text()
    assert AnnualReportPage.objects.filter(year=2024).count() == 1


@pytest.mark.parametrize(
    ("year", "message"),
    [(1980, "CEP was founded in 1981"), (datetime.date.today().year + 1, "this one is still ahead")],
)
def test_a_year_before_cep_or_still_ahead_is_refused(editor, report_index, year, message):
    url = f"/admin/pages/add/governance/annualreportpage/{report_index.pk}/"

    response = editor.post(url, new_report_form(report_index, year))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AnnualReportPage.objects.exists()


@pytest.mark.usefixtures("search_index")
def test_search_finds_the_reports_and_never_the_members_only_assemblies(client, report_index, assembly_index):
    AnnualReportPageFactory(parent=report_index, year=2024, summary="The General Assembly met in Vilnius.")
    GeneralAssemblyPageFactory(parent=assembly_index, title="General Assembly in Vilnius", place="Vilnius")

    response = client.get("/search/", {"q": "vilnius"})

    titles = [link.get_text(strip=True) for link in page_soup(response).select(".search-result__title a")]
    assert titles == ["Annual report 2024"]
