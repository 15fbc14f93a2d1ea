import json

import pytest
from bs4 import BeautifulSoup

from demo.site import block, paragraph

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]


def test_site_search_finds_a_project_by_a_word_in_its_description(client, make_project):
    make_project(
        title="Island probation exchange",
        description=json.dumps([block("paragraph", paragraph("Probation officers visited Zanzibar together."))]),
    )
    make_project(title="Some other project")
    response = client.get("/search/?q=zanzibar")
    assert response.status_code == 200
    titles = [link.get_text() for link in BeautifulSoup(response.content, "html.parser").select(".search-result a")]
    assert titles == ["Island probation exchange"]
