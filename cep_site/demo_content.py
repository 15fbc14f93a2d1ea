"""Demo content for the shared pages, written from the current CEP site (home page and About Us).

`manage.py load_demo_content` calls `load()`; it creates what is missing and leaves what exists
alone, so running it twice changes nothing and never overwrites an editor's work.
"""

import io
import json
import uuid
from html import escape
from urllib.parse import urlsplit

from PIL import Image as PillowImage
from PIL import ImageDraw

from django.conf import settings
from django.core.files.images import ImageFile

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage, NavigationSettings, SiteSettings, StandardPage

HOME_TAGLINE = "To contribute to safer communities by rehabilitating and reintegrating people who offended"
HOME_INTRODUCTION = (
    "The Confederation of European Probation (CEP) is a network organization that promotes the social "
    "inclusion of people who have offended through community sanctions and measures. CEP is committed to "
    "enhance the profile of probation and to improve professionalism in this field, on a national and a "
    "European level."
)

HOME_SECTIONS = [
    ("hero", {"tagline": HOME_TAGLINE, "introduction": HOME_INTRODUCTION}),
    ("highlighted_events", {"heading": "Highlighted events", "introduction": "", "count": 3}),
    (
        "latest_news",
        {
            "heading": "Latest news",
            "introduction": "Stay updated with the latest developments and insights in probation and community "
            "sanctions. Explore our news section for current updates and stories from CEP and the wider "
            "criminal justice community.",
            "count": 6,
        },
    ),
    (
        "text_section",
        {
            "heading": "We are CEP",
            "text": "<p>CEP is the Confederation of European Probation. It aims to promote the social inclusion "
            "of people who have offended through community sanctions and measures such as probation, community "
            "service, mediation and conciliation. CEP is committed to enhance the profile of probation and to "
            "improve professionalism in this field, on a national and a European level.</p>",
            "link_page": "about-us",
        },
    ),
    (
        "text_section",
        {
            "heading": "Who are we",
            "text": "<p>CEP is a network organization that strives to contribute to safer communities by "
            "rehabilitating and reintegrating people who have offended and providing the best possible "
            "interventions to reduce offending and the impact of crime. It supports professionals in probation "
            "and criminal justice through knowledge exchange, training, and best practices.</p>",
            "link_page": None,
        },
    ),
    (
        "upcoming_events",
        {
            "heading": "Upcoming Events",
            "introduction": "Stay informed about our upcoming events and opportunities for professional "
            "development. Join us at workshops and conferences to connect with experts and peers in the field "
            "of probation.",
            "count": 4,
        },
    ),
    (
        "topics",
        {
            "heading": "Topics",
            "introduction": "Explore a wide range of materials on probation, including research, presentations "
            "from events, articles, European regulations, and more. This section provides a comprehensive "
            "overview of key developments and resources in the field of probation.",
        },
    ),
    (
        "newsletter_signup",
        {
            "heading": "Subscribe to our bi-monthly email newsletter!",
            "points": ["Keep up to date with important probation developments and insights."],
        },
    ),
]

ABOUT_INTRODUCTION_PARAGRAPHS = [
    "CEP is the Confederation of European Probation. It aims to promote the social inclusion of offenders "
    "through community sanctions and measures such as probation, community service, mediation and "
    "conciliation. CEP is committed to enhance the profile of probation and to improve professionalism in "
    "this field, on a national and a European level.",
    "CEP therefore promotes pan-European cooperation by organising conferences on actual topics in probation. "
    "By making the reports of these events available, by publishing its digital newsletter and through this "
    "website, CEP stimulates the exchange of ideas on probation. In this way it makes an important "
    "contribution to the development of community sanctions and measures.",
    "Its members are organisations working in the field of probation and interested individuals. CEP thus "
    "brings together practitioners, managers, academics, stakeholders and others working in the field of "
    "probation and criminal justice from all over Europe. Together they represent a unique network of "
    "expertise about positive ways of working with offenders in the community. Their common concern is how "
    "to protect society without resorting to the expense of prison.",
    "To European bodies such as the European Union and the Council of Europe, CEP is the spokesperson for the "
    "sector of probation, providing expertise and comparative data. It is therefore the voice of probation "
    "in ‘Brussels’.",
    "CEP was founded in 1981 as the ‘Conférence permanente Européenne de la Probation’. Since October 2013, "
    "CEP is an acronym of Confederation of European Probation.",
]

ABOUT_VISION = (
    "To contribute to safer communities by rehabilitating and reintegrating offenders and providing the best "
    "possible interventions to reduce offending and the impact of crime."
)

ABOUT_AIMS = [
    "Creating an excellent international member organisation that is transparent, efficient and innovative;",
    "Appreciating diversity and difference;",
    "Demonstrating leadership and modelling effectiveness;",
    "Making probation understandable and accessible;",
    "Advocating probation at an international level;",
    "Focussing on dissemination of probation policy, knowledge and expertise;",
    "Participating in projects relating to probation and communicating outcomes;",
    "Bringing together the knowledge base, research and practice to improve learning and outcomes;",
    "Building effective partnerships across the criminal justice sector in Europe;",
    "Representing the probation sector to European institutions;",
    "Reaching out to other jurisdictions.",
]

ABOUT_FINANCIAL_STRATEGY = [
    "Membership fees – to hold membership fees at a level that avoids increasing the pressures on members; to "
    "seek to widen the membership and increase numbers of organisations in CEP according to the statutes;",
    "Operating Grant – continue in supporting the core business of CEP and delivering excellent services;",
    "Action Grants – to be an active participant in European projects and be paid to contribute using our "
    "pan-European links and services; to take the lead in an EU project and deliver project management;",
    "Generating income – identifying new ways of generating income in line with CEP’s values and objectives;",
    "Developing partnerships – expanding sponsorship for specific events.",
]

SITE_CONTACT = {
    "contact_email": "info@cep-probation.org",
    "linkedin_url": "https://www.linkedin.com/company/cep-probation/",
    "facebook_url": "https://www.facebook.com/CEPprobation/",
    "x_url": "https://x.com/CEPprobation",
}


def paragraph(text):
    return f"<p>{escape(text, quote=False)}</p>"


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def about_page_body():
    return [
        block("heading", {"text": "A short introduction to CEP", "level": "h2"}),
        *(block("paragraph", paragraph(text)) for text in ABOUT_INTRODUCTION_PARAGRAPHS),
        block("heading", {"text": "Vision for Probation in Europe", "level": "h2"}),
        block("quote", {"quote": ABOUT_VISION, "attribution": ""}),
        block("bulleted_list", {"items": [paragraph(item) for item in ABOUT_AIMS]}),
        block("heading", {"text": "Financial Strategy", "level": "h2"}),
        block("numbered_list", {"items": [paragraph(item) for item in ABOUT_FINANCIAL_STRATEGY]}),
    ]


def home_page_body(*, about_page):
    body = []
    for block_type, value in HOME_SECTIONS:
        if block_type == "text_section":
            value = {**value, "link_page": about_page.pk if value["link_page"] == about_page.slug else None}
        body.append(block(block_type, value))
    return body


def placeholder_image(*, title, size=(1200, 630)):
    """A plain generated image standing in for a photograph, found again by its title."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PillowImage.new("RGB", size, (0, 51, 153))
    ImageDraw.Draw(canvas).text((60, size[1] // 2 - 20), title, fill=(255, 204, 0), font_size=48)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    filename = f"{title.lower().replace(' ', '-')[:60]}.png"
    return image_model.objects.create(title=title, file=ImageFile(buffer, name=filename))


def root_page():
    """The root of the page tree, with the default locale and root collection it needs.

    Wagtail's migrations create all three; a flushed database (`manage.py flush`, or what a transactional
    test leaves behind) has none of them.
    """
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def home_page_get_or_create(stdout):
    home = HomePage.objects.first()
    if home:
        return home
    root = root_page()
    # Wagtail's migrations make a placeholder "Welcome" page at the site root; the home page replaces it.
    for placeholder in root.get_children().filter(slug="home").exact_type(Page):
        placeholder.delete()
    home = HomePage(
        title="Home",
        slug="home",
        seo_title="Confederation of European Probation (CEP)",
        search_description=HOME_INTRODUCTION,
        social_image=placeholder_image(title="Confederation of European Probation"),
        body=[],
    )
    publish_child(root.specific, home)
    stdout.write("Created the home page.")
    return home


def site_point_at(home):
    """The default site serves the home page, at the address the admin's links use."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        port = address.port or (443 if address.scheme == "https" else 80)
        return Site.objects.create(
            hostname=address.hostname, port=port, root_page=home, is_default_site=True, site_name="CEP"
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "CEP"
        site.save()
    return site


def about_page_get_or_create(home, stdout):
    about = StandardPage.objects.child_of(home).filter(slug="about-us").first()
    if about:
        return about
    about = StandardPage(
        title="About Us",
        slug="about-us",
        search_description=ABOUT_INTRODUCTION_PARAGRAPHS[0],
        body=json.dumps(about_page_body()),
    )
    publish_child(home, about)
    stdout.write("Created the About Us page.")
    return about


def home_page_fill(home, *, about_page):
    # A home page with no sections yet is filled; one an editor has changed is left alone.
    if len(home.body):
        return
    home.body = json.dumps(home_page_body(about_page=about_page))
    home.save_revision().publish()


def site_contact_fill(site):
    contact = SiteSettings.for_site(site)
    if not contact.contact_email:
        for field, value in SITE_CONTACT.items():
            setattr(contact, field, value)
        contact.save()


def navigation_include(site, pages):
    """Add each page to the header menu and the footer unless it is there already.

    Each app's demo content calls this for its index page, so the menu grows with the site.
    """
    navigation = NavigationSettings.for_site(site)
    changed = False
    for field in ("main_menu", "footer_links"):
        links = getattr(navigation, field)
        linked_page_ids = {link.value["page"].pk for link in links if link.value["page"]}
        missing = [page for page in pages if page.pk not in linked_page_ids]
        if missing:
            raw = list(links.raw_data) + [block("link", {"page": page.pk, "url": "", "label": ""}) for page in missing]
            setattr(navigation, field, json.dumps(raw))
            changed = True
    if changed:
        navigation.save()


def load(stdout):
    """The home page, About Us and the site settings; returns the home page and the About Us page."""
    home = home_page_get_or_create(stdout)
    site = site_point_at(home)
    about = about_page_get_or_create(home, stdout)
    home_page_fill(home, about_page=about)
    site_contact_fill(site)
    navigation_include(site, [about])
    return home, about
