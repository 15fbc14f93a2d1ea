"""Editing the award page: one call per year that closes after it opens, and nothing the jury works on removed."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from awards.models import AwardCall
from tests.awards.factories import AwardCallFactory, AwardCategoryFactory, AwardPageFactory, NominationFactory
from tests.core.factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    return client


@pytest.fixture
def award(demo_site):
    page = publish(AwardPageFactory(parent=demo_site))
    AwardCategoryFactory(page=page, name="Probation research")
    return page


def call_row(call=None, **fields):
    row = {"year": "2027", "opens_on": "2027-01-10", "closes_on": "2027-03-31", "winners_announced": "", **fields}
    return {"id": call.pk if call else "", **row} if call else row


def page_form(page, *, calls, categories=None, calls_stored=0, **extra):
    categories = categories or [
        {"id": category.pk, "name": category.name, "description": category.description}
        for category in page.categories.all()
    ]
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": page.introduction,
            "rules": rich_text(page.rules),
            "calls": inline_formset(calls, initial=calls_stored),
            "categories": inline_formset(categories, initial=len(categories)),
            "winners": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
            **extra,
        }
    )


def edit(editor, page, form):
    return editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form)


def test_an_editor_opens_a_call_and_the_page_offers_the_form(editor, award, client):
    response = edit(editor, award, page_form(award, calls=[call_row()]))

    assert response.status_code == 302
    assert AwardCall.objects.get(page=award).year == 2027


def test_a_call_that_closes_before_it_opens_is_refused_with_a_message(editor, award):
    response = edit(editor, award, page_form(award, calls=[call_row(closes_on="2027-01-01")]))

    assert response.status_code == 200
    assert "The call must close after the day it opens." in response.content.decode()
    assert not AwardCall.objects.exists()


def test_two_calls_for_one_year_are_refused_with_a_message(editor, award):
    response = edit(
        editor, award, page_form(award, calls=[call_row(), call_row(opens_on="2027-05-01", closes_on="2027-06-01")])
    )

    assert response.status_code == 200
    assert "There is another call for this year: one call per year." in response.content.decode()
    assert not AwardCall.objects.exists()


def test_a_call_with_nominations_cannot_be_removed(editor, award):
    call = AwardCallFactory(page=award, year=2027)
    NominationFactory(call=call, category=award.categories.get())

    response = edit(editor, award, page_form(award, calls=[{**call_row(call), "DELETE": "1"}], calls_stored=1))

    assert response.status_code == 200
    assert "has nominations, so it cannot be removed" in response.content.decode()
    assert AwardCall.objects.filter(pk=call.pk).exists()


def test_an_award_page_with_nominations_cannot_be_deleted(editor, award):
    NominationFactory(call=AwardCallFactory(page=award), category=award.categories.get())

    response = editor.post(reverse("wagtailadmin_pages:delete", args=[award.pk]))

    assert response.status_code == 302
    assert Page.objects.filter(pk=award.pk).exists()
