"""Every block of the shared body, as a visitor sees it on a standard page."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from core.models import StandardPage
from demo.site import block
from tests.core.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=cep-division-y"


def png_file(name):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (0, 51, 153)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


@pytest.fixture
def page_with_every_block(demo_site):
    image = get_image_model().objects.create(
        title="board.png", description="Board meeting in Brussels", file=png_file("board.png")
    )
    document = get_document_model().objects.create(
        title="Annual report 2025", file=ContentFile(b"%PDF-1.4 annual report", name="annual-report-2025.pdf")
    )
    # The oEmbed provider is the edge of the world: its answer is stored as Wagtail caches it.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Division_Y episode 14" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        width=640,
        height=360,
    )
    about = StandardPage.objects.get(slug="about-us")
    page = StandardPageFactory(
        parent=demo_site,
        title="Governance",
        slug="governance",
        body=json.dumps(
            [
                block("heading", {"text": "The Board", "level": "h2"}),
                block("heading", {"text": "Members of the Board", "level": "h3"}),
                block("paragraph", '<p>The Board meets in <a href="https://example.org/">April</a> and October.</p>'),
                block("quote", {"quote": "Probation works.", "attribution": "The President"}),
                block("bulleted_list", {"items": ["<p>Transparent</p>", "<p>Efficient</p>"]}),
                block("numbered_list", {"items": ["<p>Apply</p>", "<p>Be confirmed</p>"]}),
                block("image", {"image": image.pk, "caption": "The Board in 2025", "alt_text": ""}),
                block("document", {"document": document.pk, "label": ""}),
                block("embed", {"embed": VIDEO_URL, "caption": "Division_Y, episode 14"}),
                block(
                    "call_to_action",
                    {
                        "heading": "Become a member",
                        "text": "<p>Join the network.</p>",
                        "button_label": "Read about CEP",
                        "link_page": about.pk,
                        "link_url": "",
                    },
                ),
            ]
        ),
    )
    page.save_revision().publish()
    return page


def test_every_body_block_renders_what_the_editor_entered(client, page_with_every_block):
    response = client.get("/governance/")
    assert response.status_code == 200
    prose = BeautifulSoup(response.content, "html.parser").select_one(".prose")
    assert prose.select_one("h2").get_text() == "The Board"
    assert prose.select_one("h3").get_text() == "Members of the Board"
    assert prose.select_one('p a[href="https://example.org/"]').get_text() == "April"
    # The quotation mark is the stylesheet's (.quote::before), not the editor's text.
    assert prose.select_one("blockquote").get_text(strip=True) == "Probation works."
    assert prose.select_one("figure.quote figcaption").get_text() == "The President"
    assert [li.get_text(strip=True) for li in prose.select("ul.content-list li")] == ["Transparent", "Efficient"]
    assert [li.get_text(strip=True) for li in prose.select("ol.content-list li")] == ["Apply", "Be confirmed"]

    image = prose.select_one("figure.content-image img")
    assert image["alt"] == "Board meeting in Brussels"
    assert image["width"] and image["height"]
    assert prose.select_one("figure.content-image figcaption").get_text() == "The Board in 2025"

    document_link = prose.select_one(".document-link a")
    assert document_link.get_text() == "Annual report 2025"
    assert "(PDF, 22\xa0bytes)" in prose.select_one(".document-link").get_text()
    assert client.get(document_link["href"]).status_code == 200

    assert prose.select_one('.content-embed iframe[title="Division_Y episode 14"]')
    assert prose.select_one(".content-embed figcaption").get_text() == "Division_Y, episode 14"

    call = prose.select_one(".call-to-action")
    assert call.select_one("h2").get_text() == "Become a member"
    assert call.select_one("a.button")["href"] == "/about-us/"


def test_a_call_to_action_needs_exactly_one_destination():
    from wagtail.blocks import StructBlockValidationError

    from core.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python({"heading": "Join", "text": "", "button_label": "Join", "link_page": None, "link_url": ""})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
