"""What many tests use: reading what a visitor gets, and making images, body text and times."""

import io
import json
import time
from datetime import UTC, datetime

from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from django.core.files.base import ContentFile

from wagtail.images import get_image_model

from demo.site import block


def soup_of(response) -> BeautifulSoup:
    """A response's HTML, parsed as a browser reads it (whatever its status)."""
    return BeautifulSoup(response.content, "html.parser")


def page_soup(response) -> BeautifulSoup:
    """A page the visitor got (200), parsed as a browser reads it."""
    assert response.status_code == 200, response.status_code
    return soup_of(response)


def card_titles(page):
    return [link.get_text(strip=True) for link in page.select("main .news-card .card__title a")]


def png_file(name, size=(640, 360)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (0, 51, 153)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def image_create(title, size=(640, 360)):
    return get_image_model().objects.create(title=title, file=png_file(f"{title.lower().replace(' ', '-')}.png", size))


def paragraphs(*texts):
    return json.dumps([block("paragraph", f"<p>{text}</p>") for text in texts])


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def wait_for(condition, timeout: float = 15, interval: float = 0.05):
    """Asks `condition` again until it gives something true, and returns that; fails after `timeout` seconds (for
    what a live server, a worker or the SMTP sink does in another thread or process)."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(interval)
    return result
