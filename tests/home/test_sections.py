"""The home page's sections are the same for every visitor: each is rendered once, then served as it was kept."""

import pytest

from django.test.signals import template_rendered

from tests.helpers import soup_of

pytestmark = pytest.mark.django_db


def templates_rendered(client, path):
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        response = client.get(path)
    finally:
        template_rendered.disconnect(record)
    return response, names


def test_each_section_is_rendered_once_then_kept_even_with_lists_stored_without_ids(client, full_demo_site):
    # The demo stores the hero's buttons and the figures as plain lists, without the ids the admin gives list items.
    first, rendered_first = templates_rendered(client, "/")
    again, rendered_again = templates_rendered(client, "/")
    sections = {"blocks/hero_block.html", "blocks/text_section_block.html"}
    assert sections <= set(rendered_first)
    assert not sections & set(rendered_again)
    assert soup_of(again).select_one("main").get_text(" ", strip=True) == (
        soup_of(first).select_one("main").get_text(" ", strip=True)
    )
