"""Staff can open every kind of page in the editor, and add each kind where it belongs."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.utils.dateformat import format as date_format

from wagtail.models import Page, get_page_models

from events.models import EventPage
from news.models import NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

PROJECT_APPS = {
    "cep_site",
    "home",
    "news",
    "events",
    "projects",
    "awards",
    "topics",
    "members",
    "newsletter",
    "countries",
    "governance",
}


@pytest.fixture
def editor_client(client, full_demo_site):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    return client


def one_page_of_each_type():
    pages = {}
    for page in Page.objects.filter(depth__gt=1).specific():
        pages.setdefault(type(page), page)
    return pages


def project_page_types():
    """Every page type of the site's own apps (not Wagtail's bare Page)."""
    return {model for model in get_page_models() if model._meta.app_label in PROJECT_APPS}


def test_the_demo_has_a_page_of_every_page_type(editor_client):
    # A new page type needs demo content too, so that this and the next tests open it in the editor.
    assert set(one_page_of_each_type()) == project_page_types()


def test_the_editor_opens_every_page_type_of_the_demo_with_its_live_preview(editor_client):
    pages = one_page_of_each_type()
    for page in pages.values():
        response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, type(page).__name__
        # The preview panel, which also runs Wagtail's accessibility checks, and the page it shows.
        assert BeautifulSoup(response.content, "html.parser").select_one("[data-side-panel-toggle=preview]")
        assert editor_client.get(f"/admin/pages/{page.pk}/view_draft/").status_code == 200, type(page).__name__


def test_staff_can_start_a_new_page_of_each_type_under_its_parent(editor_client):
    for page in one_page_of_each_type().values():
        parent = page.get_parent()
        model = type(page)
        if not model.can_create_at(parent):  # single pages such as the indexes exist once
            continue
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        assert editor_client.get(url).status_code == 200, model.__name__


def test_staff_manage_news_labels_and_partners_as_snippets(editor_client):
    for url in [
        "/admin/snippets/news/newscategory/",
        "/admin/snippets/news/newstype/",
        "/admin/snippets/projects/partnerorganisation/",
    ]:
        assert editor_client.get(url).status_code == 200, url
    response = editor_client.get("/admin/snippets/news/newscategory/")
    assert "Framework Decisions" in response.content.decode()


def new_page_form(editor_client, model):
    parent = model.objects.first().get_parent()
    url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
    return BeautifulSoup(editor_client.get(url).content, "html.parser")


def test_a_new_news_item_is_dated_today_and_takes_categories_and_topics_as_checkboxes(editor_client):
    form = new_page_form(editor_client, NewsPage)

    assert form.select_one("input[name=date]")["value"] == date_format(datetime.date.today(), "Y-m-d")
    for name in ("categories", "topics"):
        assert form.select(f"input[type=checkbox][name={name}]"), name
        assert not form.select(f"select[name={name}]"), name


def test_a_new_event_takes_registrations_unless_the_editor_says_otherwise(editor_client):
    form = new_page_form(editor_client, EventPage)

    assert form.select_one("input[name=takes_registrations]").has_attr("checked")
    assert form.select("input[type=checkbox][name=topics]")


# Fields whose label says all an editor needs: anything else in an editor carries a help text.
SELF_EXPLANATORY = {"title", "name", "email", "phone", "body", "description", "slug"}
SNIPPET_AND_SETTINGS_EDITORS = [
    "/admin/snippets/events/eventseries/add/",
    "/admin/snippets/news/newscategory/add/",
    "/admin/snippets/news/newstype/add/",
    "/admin/snippets/projects/partnerorganisation/add/",
    "/admin/settings/cep_site/sitesettings/",
    "/admin/settings/cep_site/navigationsettings/",
]


def fields_without_help(html):
    soup = BeautifulSoup(html, "html.parser")
    for field in soup.select("[data-field][data-contentpath]"):
        help_text = field.select_one("[data-field-help]")
        if field["data-contentpath"] not in SELF_EXPLANATORY and not (help_text and help_text.get_text(strip=True)):
            yield field["data-contentpath"]


def test_every_field_that_is_not_obvious_says_what_it_is_for(editor_client):
    missing = set()
    for page in one_page_of_each_type().values():
        html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content
        missing |= {(type(page).__name__, field) for field in fields_without_help(html)}
    for url in SNIPPET_AND_SETTINGS_EDITORS:
        missing |= {(url, field) for field in fields_without_help(editor_client.get(url, follow=True).content)}
    assert not missing
