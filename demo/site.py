"""Demo content for the shared pages, written from the current CEP site (home page and About Us).

`manage.py load_demo_content` calls `load()`; it creates what is missing and leaves what exists
alone, so running it twice changes nothing and never overwrites an editor's work.
"""

import json
import uuid
from html import escape
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.text import slugify

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from core.models import NavigationSettings, SiteSettings, StandardPage
from demo import images
from home.models import HomePage

HOME_TAGLINE = "To contribute to safer communities by rehabilitating and reintegrating people who offended"
HOME_INTRODUCTION = (
    "The Confederation of European Probation (CEP) is a network organization that promotes the social "
    "inclusion of people who have offended through community sanctions and measures. CEP is committed to "
    "enhance the profile of probation and to improve professionalism in this field, on a national and a "
    "European level."
)

# Each section of the current home page once, in its order: its "Highlighted events" and "Upcoming Events" are one
# section here (highlighted first), and "Who are we" said again what "We are CEP" says.
HOME_SECTIONS = [
    ("hero", {"tagline": HOME_TAGLINE, "introduction": HOME_INTRODUCTION, "image": None, "buttons": []}),
    (
        "upcoming_events",
        {
            "heading": "Upcoming events",
            "introduction": "Webinars, workshops and conferences to connect with experts and peers in probation.",
            "count": 3,
        },
    ),
    (
        "latest_news",
        {
            "heading": "Latest news",
            "introduction": "Developments and insights in probation and community sanctions from across Europe.",
            "count": 3,
        },
    ),
    (
        "open_vacancies",
        {
            "heading": "Vacancies",
            "count": 2,
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
            "membership_figures": True,
            "figures": [{"number": "1981", "label": "the year CEP was founded"}],
        },
    ),
    (
        "topics",
        {
            "heading": "Topics",
            "introduction": "Research, presentations, articles and European rules on the questions probation works on.",
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

# The header menu's labels: short enough for one line at 1024 px. Pages not named here show their title.
MENU_LABELS = {
    "about-us": "About",
    "news": "News",
    "events": "Events",
    "topics": "Topics",
    "projects": "Projects",
    "resources": "Resources",
    "expert-groups": "Expert groups",
    "membership": "Membership",
    "newsletter": "Newsletter",
    # Labels fit the menu at 1024 px in 14 characters or fewer.
    "probation-in-europe": "Countries",
}

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


def home_page_body(*, about_page, hero_buttons, hero_image):
    body = []
    for block_type, value in HOME_SECTIONS:
        if block_type == "hero":
            value = {**value, "image": hero_image.pk if hero_image else None, "buttons": hero_buttons}
        if block_type == "text_section":
            value = {**value, "link_page": about_page.pk if value["link_page"] == about_page.slug else None}
        body.append(block(block_type, value))
    return body


def placeholder_image(*, title):
    """A generated 3:2 Paper pattern standing in for a photograph, found again by its title (for tests; the demo
    content uses the functions of demo.images)."""
    return images.pattern_image(title=title, model="placeholder", slug=slugify(title), mood=images.PAPER)


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
        social_image=images.social_image(),
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
        hero_image=images.about_hero_image(),
        body=json.dumps(about_page_body()),
    )
    publish_child(home, about)
    stdout.write("Created the About Us page.")
    return about


def home_page_fill(home, *, about_page, membership_page=None, hero_image=None):
    """The home page's sections; after the pages its buttons lead to. One an editor has changed is left alone."""
    if len(home.body):
        return
    buttons = [{"page": about_page.pk, "label": "About CEP"}]
    if membership_page is not None:
        buttons.append({"page": membership_page.pk, "label": "Become a member"})
    home.body = json.dumps(home_page_body(about_page=about_page, hero_buttons=buttons, hero_image=hero_image))
    home.save_revision().publish()


def site_contact_fill(site):
    contact = SiteSettings.for_site(site)
    if not contact.contact_email:
        for field, value in SITE_CONTACT.items():
            setattr(contact, field, value)
        contact.save()


def navigation_include(site, pages, *, field="main_menu"):
    """Add each page to a menu (the header's, or the footer's links) unless it is there already.

    Each app's demo content calls this for its index page, so the menu grows with the site.
    """
    navigation = NavigationSettings.for_site(site)
    links = getattr(navigation, field)
    linked_page_ids = {link.value["page"].pk for link in links if link.value["page"]}
    missing = [page for page in pages if page.pk not in linked_page_ids]
    if missing:
        labels = MENU_LABELS if field == "main_menu" else {}
        added = [block("link", {"page": page.pk, "url": "", "label": labels.get(page.slug, "")}) for page in missing]
        setattr(navigation, field, json.dumps([*links.raw_data, *added]))
        navigation.save()


def tree_order_as_menu(site):
    """Order the home page's children as the header's menu lists them, the others after, so that the admin's
    explorer shows the sections in the order visitors see them."""
    home = site.root_page
    children = set(home.get_children().values_list("pk", flat=True))
    menu = NavigationSettings.for_site(site).main_menu
    in_menu = [link.value["page"].pk for link in menu if link.value["page"] and link.value["page"].pk in children]
    for pk in reversed(in_menu):
        Page.objects.get(pk=pk).move(home, pos="first-child")


def load(stdout):
    """The home page, About Us and the site settings; returns the home page and the About Us page."""
    home = home_page_get_or_create(stdout)
    site = site_point_at(home)
    about = about_page_get_or_create(home, stdout)
    site_contact_fill(site)
    navigation_include(site, [about])
    return home, about


# ---------------------------------------------------------------------------
# The contact page and the trust pages: privacy notice, cookies, legal notice, accessibility statement
# ---------------------------------------------------------------------------
# StandardPages like any other, so editors change them in the admin. Their texts say what the code does: the
# retention periods, cookie lifetimes and limits come from the settings and constants when the pages are made
# (`trust_facts`), and tests/core/test_trust_pages.py checks them against the code. Placeholders in braces are
# filled from those facts; `<a page="slug">` becomes a link to the trust page (or the contact page) of that slug.

TRUST_PAGES_PREPARED_ON = "6 December 2026"

CONTACT_PAGE = {
    "title": "Contact",
    "slug": "contact",
    "introduction": (
        "Questions about CEP, its events, projects or membership? Write to the secretariat with the form below, "
        "or by e-mail."
    ),
}

PRIVACY_SECTIONS = [
    ("h2", "Who is responsible"),
    (
        "p",
        "The Confederation of European Probation (CEP) is responsible for the personal data this website collects "
        "(the controller, in the words of the General Data Protection Regulation, GDPR).{postal_address} For "
        'anything about your data, write to <a href="mailto:{contact_email}">{contact_email}</a> or use the '
        '<a page="contact">contact form</a>.',
    ),
    ("h2", "What the site does not do"),
    (
        "p",
        "The site has no analytics, no advertising and no tracking. It sets only the cookies it needs to work (see "
        'the <a page="cookies">cookie notice</a>) and loads no scripts, fonts or images from other websites, apart '
        "from the player of an embedded video. It passes your details to no one but the services named under “Who "
        "else handles your data”.",
    ),
    ("h2", "Newsletter sign-up"),
    (
        "ul",
        [
            "<b>What:</b> your e-mail address, your name if you give it, the consent wording you agreed to, and when "
            "and from which network (IP) address you signed up and confirmed; then which issues were sent to you.",
            "<b>Why:</b> to send you the CEP newsletter, about every two months, and to be able to show that you "
            "asked for it.",
            "<b>Legal basis:</b> your consent (Article 6(1)(a) GDPR). You withdraw it at any time with the "
            'unsubscribe link in every issue, or on <a href="{account_url}">your account page</a>.',
            "<b>How long:</b> a sign-up not confirmed within {newsletter_purge_days} days is deleted. When you "
            "unsubscribe we keep the record, marked unsubscribed, as proof of what you agreed to and when you "
            "withdrew; an address whose mail server refuses our mail for good, or keeps failing to take it, is "
            "marked as bounced and gets no more issues, and reporting an issue as spam unsubscribes you. Deleting "
            "your account deletes the subscriptions of its addresses; otherwise, ask us to delete yours.",
        ],
    ),
    ("h2", "Event registration"),
    (
        "ul",
        [
            "<b>What:</b> your name and e-mail address, your organisation and country if you give them, whether your "
            "organisation is a CEP member, whether you want reminders, where your registration stands (registered, "
            "waiting list, cancelled) and which e-mails were sent to you about it. When you are logged in, the "
            "registration is linked to your account.",
            "<b>Why:</b> to give you a place or a place on the waiting list, and to send you the confirmation, the "
            "joining details of an online event and any change of time; reminders only if you ask for them.",
            "<b>Legal basis:</b> handling the registration you ask for (Article 6(1)(b) GDPR); for the reminders, "
            "your consent with the box on the form (Article 6(1)(a)), which you withdraw by writing to us.",
            "<b>How long:</b> registrations are not deleted automatically: they are the record of who took part. "
            "You can cancel with the link in your confirmation e-mail; a cancelled registration is kept, marked "
            "cancelled. Deleting your account deletes the registrations made while logged in or with an address "
            "you have confirmed; otherwise, ask us to delete yours.",
        ],
    ),
    ("h2", "Membership application"),
    (
        "ul",
        [
            "<b>What:</b> whether you apply as an organisation or as a private person, the organisation's name, the "
            "type of membership, the country, the contact person's name, e-mail address, phone and position, the "
            "organisation's statute (a PDF) and your motivation; then the Board's decision and, if you join, your "
            "membership.",
            "<b>Why:</b> to handle your application, on which the Board decides in April and October, and then your "
            "membership: the members' area, and the member directory for organisations listed in it. If you apply "
            "without being logged in, what you send is held on the site until you confirm your e-mail address; only "
            "then does it reach the secretariat.",
            "<b>Legal basis:</b> handling the application you send, and the membership that follows (Article 6(1)(b) "
            "GDPR). The box you tick on the form confirms that CEP keeps these details for that purpose, as this "
            "notice describes.",
            "<b>How long:</b> as long as your account exists. Deleting it deletes your applications with their "
            "statute files, an application still waiting for your confirmation, your memberships and, for a private "
            "person, the membership record itself. An organisation's membership record and its history stay with "
            "the organisation, without your name. An application whose e-mail address is not confirmed within "
            "{unverified_account_days} days is deleted with its statute file and the account made for it, "
            "automatically, every day.",
        ],
    ),
    ("h2", "Membership fees and invoices"),
    (
        "ul",
        [
            "<b>What:</b> for each member, the invoices of its yearly fee, with the name, billing address and VAT "
            "number they were issued to, the payments received against them (date, amount, bank reference), the "
            "reminders sent and whether the membership lapsed for an unpaid fee. For a private person (an individual "
            "associate member), the name and address on the invoice are theirs.",
            "<b>Why:</b> to invoice the membership fee, keep CEP's accounts and tell a member what is still to pay. "
            "The invoices are e-mailed to the member's main contacts and listed on the account page of each of its "
            "people.",
            "<b>Legal basis:</b> the membership (Article 6(1)(b) GDPR) and CEP's legal obligation to keep its "
            "accounts (Article 6(1)(c)).",
            "<b>How long:</b> invoices, credit notes and payments are kept for seven years after the year they were "
            "issued, as Dutch tax law requires of CEP's accounts, even when you delete your account. Deleting the "
            "account of a private member takes their name and address off its invoices, which stay without them; "
            "an organisation's invoices stay with the organisation.",
        ],
    ),
    ("h2", "Your account"),
    (
        "ul",
        [
            "<b>What:</b> your e-mail address (your login) and any other address you add, your name, your password "
            "(stored only in a form from which it cannot be read back) and a record of each login: when, from which "
            "network address and with which browser. Failed logins are counted for your address and network "
            "address.",
            "<b>Why:</b> to let you log in and follow your application, membership and registrations, and to protect "
            "accounts from password guessing: {lockout_failures} failed logins lock the address out for "
            "{lockout_duration} from that network.",
            "<b>Legal basis:</b> providing the account you ask for (Article 6(1)(b) GDPR); the login records and "
            "the lock-out: CEP's legitimate interest in keeping accounts secure (Article 6(1)(f)).",
            "<b>How long:</b> until you delete your account, which deletes the login records as well. Failed logins "
            "are deleted {lockout_duration} after the last one, at the next login on the site, or when you log in. "
            "An account whose address is not confirmed within {unverified_account_days} days is deleted, "
            "automatically, every day.",
        ],
    ),
    ("h2", "Contact form"),
    (
        "ul",
        [
            "<b>What:</b> your name, e-mail address, organisation if you give it, the subject and your message.",
            "<b>Why:</b> to answer you. The message is sent by e-mail to the secretariat, with your address to "
            "reply to, and kept in the site's administration.",
            "<b>Legal basis:</b> CEP's legitimate interest in answering the people who write to it (Article 6(1)(f) "
            "GDPR).",
            "<b>How long:</b> messages are deleted from the site {contact_months} months after they were sent, "
            "automatically, every day. They are not linked to an account, so the download on the account page does "
            "not include them: ask us for a copy, or to delete yours sooner.",
        ],
    ),
    ("h2", "CEP Award nominations"),
    (
        "ul",
        [
            "<b>What:</b> about the person or project you nominate: the nominee's name, organisation and country, "
            "the category, why you nominate them and, if you add one, a supporting document (a PDF); about you: "
            "your name and e-mail address. The jury adds where the nomination stands and its notes.",
            "<b>Why:</b> for the jury to review the nominations and choose the winners of the CEP Award, and to "
            "confirm your nomination to you. The winners' names and the jury's citations are published on the award "
            "page and in CEP's news; the other nominations are not published.",
            "<b>Who sees it:</b> the secretariat and the members of the award jury, in the site's administration. "
            "The supporting document has no address on the website: only they can download it.",
            "<b>Legal basis:</b> CEP's legitimate interest in running its award and making good work in probation "
            "known (Article 6(1)(f) GDPR).",
            "<b>How long:</b> nominations and their supporting documents are deleted {award_nomination_years} years "
            "after the call for nominations closed, automatically, every day: time for the jury's review and for any "
            "question about its decision. The winners stay on the award page. A nominee may ask us to see what was "
            "sent about them, or to erase it. The download on your account page lists the nominations sent from "
            "your addresses; deleting your account takes your name and address off them.",
        ],
    ),
    ("h2", "Protecting the forms"),
    (
        "p",
        "To stop automated abuse, the site counts how often each form is sent from one network address. The counts "
        "are kept in the site's cache for at most an hour, apart from your details, and then expire.",
    ),
    ("h2", "Who else handles your data"),
    (
        "ul",
        [
            "The company that hosts the website, its database and its files, where everything described here is "
            "stored.",
            "The e-mail service through which the site sends its mail: confirmations, reminders, the newsletter and "
            "contact messages to the secretariat. It handles each message's addresses and content to deliver it.",
            "CEP's staff and the people who edit this website, in its administration, as far as their work needs.",
        ],
    ),
    ("h2", "Your rights"),
    (
        "p",
        "You may ask to see the data CEP holds about you, to have it corrected or deleted, to restrict or object to "
        "its use, and to receive it in a portable form. Where CEP relies on your consent, you may withdraw it at "
        "any time; what was done before stays lawful.",
    ),
    (
        "ul",
        [
            '<a href="{account_url}">Your account page</a> shows your profile, memberships, registrations and '
            "newsletter subscription, and lets you correct your name.",
            '<a href="{data_url}">Download your data</a>: everything the site holds about your account, as one '
            "file: your account and addresses, memberships, applications, registrations with the e-mails sent "
            "about them, newsletter subscriptions, award nominations you sent and login records.",
            '<a href="{delete_url}">Delete your account</a> and the data it holds, as described above.',
            "For anything else, such as a registration made without an account, a contact message or a nomination "
            "that names you, write to "
            '<a href="mailto:{contact_email}">{contact_email}</a>.',
        ],
    ),
    (
        "p",
        "You may also complain to a data protection supervisory authority, in particular in the EU country where you "
        "live or work.",
    ),
    ("h2", "Changes to this notice"),
    ("p", "This notice describes the site as it works on {prepared_on}, when it was last updated."),
]

COOKIE_SECTIONS = [
    ("h2", "The cookies this site sets"),
    (
        "ul",
        [
            "<b>{csrf_cookie}</b>: protects the forms against requests forged by other websites; a form is accepted "
            "only with the matching token. Set when you open a page with a form. Lasts {csrf_age}.",
            "<b>{session_cookie}</b>: keeps you logged in, and remembers a step in progress such as a sign-up. Set "
            "when you log in or start such a step, and deleted when you log out. Lasts {session_age}, or until you "
            "close the browser if you log in without “Remember me”.",
            "<b>{messages_cookie}</b>: carries a short message to the next page you see, such as “You are subscribed "
            "to the newsletter.”, and is deleted once shown. Lasts until you close the browser at the most.",
            "<b>{sidebar_cookie}</b>: only in the administration, for CEP's staff and editors: remembers whether its "
            "side menu is folded. Lasts until the browser is closed.",
        ],
    ),
    (
        "p",
        "All of them belong to this site alone (first-party cookies): no other website can read them.",
    ),
    ("h2", "Why there is no cookie banner"),
    (
        "p",
        "Each of these cookies is strictly necessary for something you ask for: sending a form, logging in, seeing "
        "the result. The law does not require consent for such cookies (Article 5(3) of the ePrivacy Directive), so "
        "the site does not ask for it. It sets no analytics, advertising or tracking cookies, and loads no scripts, "
        "fonts or images from other websites, apart from the video players described below.",
    ),
    ("h2", "Embedded videos"),
    (
        "p",
        "A page may show a video from YouTube or Vimeo. Its player is loaded from that service, which may set cookies "
        "of its own, under its own privacy policy; CEP does not control them.",
    ),
    ("h2", "Controlling cookies"),
    (
        "p",
        "Your browser's settings let you see, delete and block cookies. Without {csrf_cookie} the forms cannot be "
        'sent, and without {session_cookie} you cannot log in. How CEP handles personal data: the <a page="privacy">'
        "privacy notice</a>.",
    ),
]

LEGAL_NOTICE_SECTIONS = [
    ("h2", "Publisher"),
    ("p", "Confederation of European Probation (CEP){postal_address_lines}"),
    ("p", 'E-mail: <a href="mailto:{contact_email}">{contact_email}</a>{phone_line}'),
    (
        "p",
        "CEP was founded in 1981 as the Conférence Permanente Européenne de la Probation. Since October 2013 the "
        "initials stand for Confederation of European Probation.",
    ),
    ("h2", "Responsible for the content"),
    (
        "p",
        'The CEP secretariat: write to it at the e-mail address above or through the <a page="contact">contact '
        "page</a>. Please tell us about any mistake you find on the site.",
    ),
    ("h2", "Links to other websites"),
    (
        "p",
        "This site links to websites of others, such as CEP's members and partners. Their owners are responsible "
        "for what those websites say and do.",
    ),
    ("h2", "Personal data and accessibility"),
    (
        "p",
        'How CEP handles personal data: the <a page="privacy">privacy notice</a> and the <a page="cookies">cookie '
        'notice</a>. How accessible this site is: the <a page="accessibility">accessibility statement</a>.',
    ),
]

ACCESSIBILITY_SECTIONS = [
    (
        "p",
        "CEP wants everyone to be able to use this website, whatever their abilities or the way they browse. This "
        "statement follows the model of the EU Web Accessibility Directive (Directive (EU) 2016/2102) and applies to "
        "this website.",
    ),
    ("h2", "Compliance status"),
    (
        "p",
        "This website is <b>partially compliant</b> with the Web Content Accessibility Guidelines (WCAG) 2.1, level "
        "AA, and with the European standard EN 301 549, because of the shortcomings listed below.",
    ),
    ("h2", "Content that is not accessible"),
    ("h3", "Shortcomings"),
    (
        "ul",
        [
            "Documents: PDF and other documents in the library are uploaded as their authors made them, and the site "
            "does not check them. Some, older reports in particular, may have no tags, headings or text alternatives "
            "(WCAG 1.1.1, 1.3.1, 2.4.2).",
            "Images: where an editor has given an image no description, its text alternative is the image's title, "
            "which may not say what the image shows (WCAG 1.1.1).",
            "Videos: embedded videos play in YouTube's or Vimeo's player, and we have not checked that every video "
            "has captions and a transcript (WCAG 1.2.2, 1.2.3, 1.2.5).",
        ],
    ),
    ("h3", "Content outside the scope of the directive"),
    (
        "ul",
        [
            "Office documents, such as PDFs, published before 23 September 2018.",
            "Recorded audio and video published before 23 September 2020.",
            "Content from others that CEP neither funds nor controls, such as the players of embedded videos.",
        ],
    ),
    ("h2", "How this statement was prepared"),
    (
        "p",
        "This statement was prepared on {prepared_on} and last reviewed on {prepared_on}. The method was a "
        "self-assessment: automated checks with axe-core of every type of public page and of the main forms when "
        "they show errors, at phone and desktop widths, run with the site's tests; Lighthouse audits; and checks "
        "of the main paths with the keyboard alone.",
    ),
    ("h2", "Feedback and contact"),
    (
        "p",
        "If something on this site is hard to use for you, or you need a document or video in another format, tell "
        'us: write to <a href="mailto:{contact_email}">{contact_email}</a> or use the <a page="contact">contact '
        "form</a>. Say which page or document it is about and what went wrong.",
    ),
    ("h2", "If you are not satisfied with our answer"),
    (
        "p",
        "Write to us again and ask the secretariat to look at it once more. If you are still not satisfied, you can "
        "turn to the authority in your country that oversees the accessibility of websites.",
    ),
]

TRUST_PAGES = [
    {
        "title": "Privacy notice",
        "slug": "privacy",
        "introduction": (
            "How CEP handles the personal details you give this website: what it keeps and why, on which legal "
            "basis, for how long, who else handles them, and your rights."
        ),
        "sections": PRIVACY_SECTIONS,
    },
    {
        "title": "Cookies",
        "slug": "cookies",
        "introduction": "Which cookies this website sets, what each is for, how long it lasts, and why the site asks "
        "for no consent.",
        "sections": COOKIE_SECTIONS,
    },
    {
        "title": "Legal notice",
        "slug": "legal-notice",
        "introduction": "Who publishes this website, and how to reach them.",
        "sections": LEGAL_NOTICE_SECTIONS,
    },
    {
        "title": "Accessibility statement",
        "slug": "accessibility",
        "introduction": "How accessible this website is, what we know is not yet accessible, and how to tell us.",
        "sections": ACCESSIBILITY_SECTIONS,
    },
]


def duration_text(seconds: int) -> str:
    """A cookie's or lock-out's lifetime as people say it: "52 weeks (a year)", "2 weeks", "1 hour"."""
    for unit_seconds, unit in ((7 * 24 * 3600, "week"), (24 * 3600, "day"), (3600, "hour"), (60, "minute")):
        count, rest = divmod(int(seconds), unit_seconds)
        if count and not rest:
            text = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"{text} (a year)" if unit == "week" and count == 52 else text
    return f"{int(seconds)} seconds"


def trust_facts(site) -> dict:
    """What the trust pages state about the site, read from its settings and code (escaped for rich text)."""
    from django.urls import reverse

    from newsletter.services import PURGE_AFTER

    contact = SiteSettings.for_site(site)
    email = escape(contact.contact_email or "")
    address_lines = [escape(line.strip()) for line in (contact.address or "").splitlines() if line.strip()]
    return {
        "contact_email": email,
        "postal_address": f" Its postal address is {', '.join(address_lines)}." if address_lines else "",
        "postal_address_lines": "".join(f"<br/>{line}" for line in address_lines),
        "phone_line": f"<br/>Phone: {escape(contact.phone)}" if contact.phone else "",
        "account_url": reverse("account"),
        "data_url": reverse("account_data"),
        "delete_url": reverse("account_delete"),
        "newsletter_purge_days": PURGE_AFTER.days,
        "contact_months": settings.CONTACT_SUBMISSION_RETENTION_MONTHS,
        "award_nomination_years": settings.AWARD_NOMINATION_RETENTION_YEARS,
        "unverified_account_days": settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        "lockout_failures": settings.AXES_FAILURE_LIMIT,
        "lockout_duration": duration_text(settings.AXES_COOLOFF_TIME.total_seconds()),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_age": duration_text(settings.CSRF_COOKIE_AGE),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_age": duration_text(settings.SESSION_COOKIE_AGE),
        "messages_cookie": "messages",  # django.contrib.messages' CookieStorage.cookie_name
        "sidebar_cookie": "wagtail_sidebar_collapsed",  # set by the Wagtail admin's menu
        "prepared_on": TRUST_PAGES_PREPARED_ON,
    }


def trust_rich_text(text: str, facts: dict, pages: dict) -> str:
    """`text` with its placeholders filled and each `<a page="slug">` linked to that page (plain text if none)."""
    import re

    def page_link(match):
        page = pages.get(match.group(1))
        label = match.group(2)
        return f'<a linktype="page" id="{page.pk}">{label}</a>' if page else label

    return re.sub(r'<a page="([a-z-]+)">(.*?)</a>', page_link, text.format_map(facts), flags=re.DOTALL)


def trust_page_body(sections, facts: dict, pages: dict) -> list:
    body = []
    for kind, value in sections:
        if kind in ("h2", "h3"):
            body.append(block("heading", {"text": value.format_map(facts), "level": kind}))
        elif kind == "p":
            body.append(block("paragraph", f"<p>{trust_rich_text(value, facts, pages)}</p>"))
        else:
            body.append(
                block("bulleted_list", {"items": [f"<p>{trust_rich_text(item, facts, pages)}</p>" for item in value]})
            )
    return body


def contact_page_get_or_create(home, stdout):
    from core.models import ContactPage

    page = ContactPage.objects.child_of(home).first()
    if page:
        return page
    page = ContactPage(**CONTACT_PAGE, search_description=CONTACT_PAGE["introduction"])
    publish_child(home, page)
    stdout.write("Created the contact page.")
    return page


def trust_pages_load(home, stdout):
    """The contact page, the privacy notice, cookie notice, legal notice and accessibility statement under the home
    page, linked from the footer; the privacy notice is the one the forms link (SiteSettings.privacy_page).

    Pages that exist (by slug) are left as they are. Returns the pages by slug.
    """
    site = Site.objects.get(is_default_site=True)
    pages = {"contact": contact_page_get_or_create(home, stdout)}
    created = []
    for spec in TRUST_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            # Made first, unpublished and empty, so that the texts can link to each other.
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                introduction=spec["introduction"],
                search_description=spec["introduction"],
                body=[],
                live=False,
            )
            home.add_child(instance=page)
            created.append((page, spec))
        pages[spec["slug"]] = page
    facts = trust_facts(site)
    for page, spec in created:
        page.body = json.dumps(trust_page_body(spec["sections"], facts, pages))
        page.save_revision().publish()
        stdout.write(f"Created the {spec['title'].lower()} page.")

    contact = SiteSettings.for_site(site)
    if contact.privacy_page_id is None:
        contact.privacy_page = pages["privacy"]
        contact.save()
    navigation_include(
        site,
        [pages[slug] for slug in ("contact", "privacy", "cookies", "legal-notice", "accessibility")],
        field="footer_links",
    )
    return pages
