"""What many tests use to read what a visitor gets."""

from bs4 import BeautifulSoup


def soup_of(response) -> BeautifulSoup:
    """A response's HTML, parsed as a browser reads it (whatever its status)."""
    return BeautifulSoup(response.content, "html.parser")


def page_soup(response) -> BeautifulSoup:
    """A page the visitor got (200), parsed as a browser reads it."""
    assert response.status_code == 200, response.status_code
    return soup_of(response)
