"""Demo content for governance: the governance page with the Board, the secretariat and the statutes, the General
Assembly (members only, its papers in a restricted collection) and an archive of annual reports.

Facts from the stored pages of CEP's site: the Board elected by the 9th General Assembly in Tallinn in 2007 (listed
here as former Board members, until the 10th in Malaga on 27 May 2010, which Spain, Catalonia and Portugal hosted),
the founding at Royaumont in November 1981 and the new name in October 2013. The present Board and secretariat are
example people, which the page says: the stored pages do not name them. PDFs are made with ReportLab and portraits
are drawn like the rest of the demo's images (no faces, no letters), so the pages show what an editor's would.
"""

import datetime
import hashlib
import io
import json

from PIL import Image as PillowImage
from PIL import ImageDraw

from django.core.files.base import ContentFile
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from core.models import StandardPage
from demo import images
from demo.site import block, publish_child
from governance.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    GeneralAssemblyDocument,
    GeneralAssemblyIndexPage,
    GeneralAssemblyPage,
    GovernancePage,
    GovernancePerson,
    StatutesVersion,
)
from members.area import members_area_restrict
from members.services import members_group

GENERAL_ASSEMBLY_COLLECTION = "General Assembly"

GOVERNANCE_PAGE = {
    "title": "Governance",
    "slug": "governance",
    "introduction": (
        "CEP belongs to its members. Their General Assembly elects the Board and decides on the statutes, the "
        "accounts and the plans; the Board leads CEP between assemblies, and the secretariat does the daily work. "
        "Demo content: the present Board and secretariat are example people."
    ),
}

CURRENT_TERM = (datetime.date(2024, 6, 5), datetime.date(2027, 6, 30))
PREVIOUS_TERM = (datetime.date(2021, 6, 10), datetime.date(2024, 6, 5))
TALLINN_TERM = (datetime.date(2007, 9, 1), datetime.date(2010, 5, 27))

# (name, role, organisation, country, term, biography, has a portrait)
PEOPLE = [
    (
        "Aleksandra Wiśniewska",
        "president",
        "Probation Department, Ministry of Justice",
        "PL",
        CURRENT_TERM,
        "Leads the probation service's international work and chaired CEP's expert group on staff training before "
        "the General Assembly elected her President.",
        True,
    ),
    (
        "Jan Vermeulen",
        "vice-president",
        "Houses of Justice, Flanders",
        "BE",
        CURRENT_TERM,
        "Responsible for the transfer of probation measures between Member States under Framework Decisions "
        "2008/947/JHA and 2009/829/JHA.",
        True,
    ),
    (
        "Elena Popescu",
        "vice-president",
        "National Probation Directorate",
        "RO",
        CURRENT_TERM,
        "Works on volunteering in probation and on the training of new probation counsellors.",
        True,
    ),
    (
        "Lars Eriksson",
        "treasurer",
        "Swedish Prison and Probation Service",
        "SE",
        CURRENT_TERM,
        "Keeps CEP's accounts with the secretariat and presents them to the General Assembly.",
        True,
    ),
    (
        "Katrin Vogel",
        "board-member",
        "Public Probation and Parole Service Baden-Württemberg",
        "DE",
        CURRENT_TERM,
        "A social worker by training, she brings the view of probation practitioners to the Board.",
        True,
    ),
    (
        "Sofia Papadaki",
        "board-member",
        "Ministry of Justice, Directorate of Probation",
        "GR",
        CURRENT_TERM,
        "",
        True,
    ),
    (
        "Tomás Ferreira",
        "board-member",
        "Directorate-General for Reintegration and Prison Services",
        "PT",
        CURRENT_TERM,
        "",
        False,
    ),
    (
        "Pieter de Vries",
        "secretary-general",
        "CEP secretariat",
        "NL",
        (datetime.date(2019, 1, 1), None),
        "Runs the secretariat, prepares the Board's meetings and represents CEP to the European institutions.",
        True,
    ),
    (
        "Ana Martins",
        "policy-officer",
        "CEP secretariat",
        "PT",
        (datetime.date(2022, 3, 1), None),
        "Follows European policy on community sanctions and organises the expert groups.",
        True,
    ),
    (
        "Lena Novak",
        "communications-officer",
        "CEP secretariat",
        "SI",
        (datetime.date(2023, 9, 1), None),
        "Edits the newsletter, the website and the Division_Y vodcast.",
        False,
    ),
    ("Hanna Virtanen", "board-member", "Criminal Sanctions Agency", "FI", PREVIOUS_TERM, "", False),
    # The Board elected in Tallinn in 2007, from the stored page "CEP General Assembly: an overview".
    ("Patrick Madigou", "president", "", "FR", TALLINN_TERM, "", False),
    ("Margareta Lindholm", "vice-president", "", "SE", TALLINN_TERM, "", False),
    ("Riccardo Turrini Vita", "vice-president", "", "IT", TALLINN_TERM, "", False),
    ("Hans-Ulrich Bruni", "board-member", "", "CH", TALLINN_TERM, "", False),
    ("Zoltán Bogschütz", "board-member", "", "HU", TALLINN_TERM, "", False),
    ("Marc Cerón", "board-member", "", "ES", TALLINN_TERM, "", False),
    ("Mary Anne McFarlane", "board-member", "", "GB", TALLINN_TERM, "", False),
    ("Dimitar Rusinov", "board-member", "", "BG", TALLINN_TERM, "", False),
    ("Suzanne Vella O’Reilly", "board-member", "", "IE", TALLINN_TERM, "", False),
]

STATUTES = [
    (
        "Statutes of the Confederation of European Probation",
        datetime.date(2013, 10, 1),
        "CEP takes the name Confederation of European Probation",
        [
            "Article 1. The association is called Confederation of European Probation (CEP).",
            "Article 2. CEP promotes the social inclusion of offenders through community sanctions and measures.",
            "Article 3. Full members are public and non-profit private organisations providing probation services.",
            "Article 4. The General Assembly elects the Board and meets at least once every three years.",
        ],
    ),
    (
        "Founding statutes of the Conférence Permanente Européenne de la Probation",
        datetime.date(1981, 11, 27),
        "Adopted at the founding conference at Royaumont",
        [
            "Article 1. The association is called Conférence Permanente Européenne de la Probation (CEP).",
            "Article 2. CEP furthers cooperation in probation work between the countries of Europe.",
        ],
    ),
]

GENERAL_ASSEMBLY_INDEX = {
    "title": "General Assembly",
    "slug": "general-assembly",
    "introduction": (
        "The member organisations meet in the General Assembly every three years: they elect the Board, adopt the "
        "accounts, the budget and the plans, and decide on the statutes. Its papers are for members."
    ),
}

ASSEMBLIES = [
    {
        "title": "General Assembly 2024, Vilnius",
        "slug": "general-assembly-2024",
        "date": datetime.date(2024, 6, 5),
        "place": "Vilnius, Lithuania",
        "summary": (
            "Demo content. The representatives of the member organisations looked back on three years of webinars, "
            "expert groups and European projects, adopted the accounts and the budget until 2027, and elected a new "
            "Board."
        ),
        "documents": [
            ("Agenda of the General Assembly 2024", "agenda"),
            ("Minutes of the General Assembly 2024", "minutes"),
            ("Annual accounts 2021–2023", "annual-accounts"),
            ("Budget 2025–2027", "budget"),
            ("Election of the Board 2024–2027", "election"),
        ],
    },
    {
        "title": "10th General Assembly, Malaga",
        "slug": "general-assembly-2010",
        "date": datetime.date(2010, 5, 27),
        "place": "Malaga, Spain",
        "summary": (
            "Hosted by the Spanish Home Office Ministry and the Catalan Justice Department, joined by the Portuguese "
            "Ministry of Justice: the first General Assembly of CEP held within the programme of a Presidency of the "
            "Council of the European Union."
        ),
        "documents": [
            ("Agenda of the 10th General Assembly", "agenda"),
            ("Minutes of the 10th General Assembly", "minutes"),
            ("Resolution on the strategic plan 2010–2013", "resolution"),
        ],
    },
]

ANNUAL_REPORT_INDEX = {
    "title": "Annual reports",
    "slug": "annual-reports",
    "introduction": "Every year CEP gives an account of its work, its members and its finances in an annual report.",
}

ANNUAL_REPORTS = [
    {
        "year": 2025,
        "summary": (
            "A year of exchange on the Framework Decisions, a strong presence at the European Society of "
            "Criminology in Athens, and the end of the CoPPer project on volunteering in probation."
        ),
        "highlights": [
            "Expert workshop on Framework Decisions 2008/947/JHA and 2009/829/JHA in Brussels, 10–11 September",
            "CEP at EUROCRIM 2025 in Athens: penal policy transfer and ageing in prison",
            "CoPPer final conference in The Hague with 66 participants",
            "Two new episodes of the Division_Y vodcast",
        ],
    },
    {
        "year": 2024,
        "summary": (
            "The General Assembly in Vilnius elected a new Board, and CEP's expert groups met on electronic "
            "monitoring, gender-based violence and the training of probation staff."
        ),
        "highlights": [
            "General Assembly in Vilnius and a new Board",
            "Expert group meetings on electronic monitoring and on gender-based violence",
            "Launch of the Division_Y vodcast",
        ],
    },
    {
        "year": 2023,
        "summary": (
            "CEP brought probation services together on technology in probation and on alternatives to pre-trial "
            "detention, and welcomed new members from across Europe."
        ),
        "highlights": [
            "Conference on technology in probation",
            "Workshop on alternatives to pre-trial detention",
            "New members in the Western Balkans",
        ],
    },
    {
        "year": 2022,
        "summary": (
            "The CEP Awards returned, with the Public Protection Award for Eden House, and the CoPPer project on "
            "volunteering in probation began."
        ),
        "highlights": [
            "CEP Public Protection Award for Eden House",
            "Start of the CoPPer project (Erasmus+)",
            "Webinars on the European Probation Rules",
        ],
    },
]


# ---------------------------------------------------------------------------
# Portraits and PDFs
# ---------------------------------------------------------------------------


def portrait(slug: str, mood: images.Mood, *, scale: float = 1.0) -> images.Generated:
    """A 1:1 stand-in for a photograph: a head and shoulders in the mood's strong tone, off centre, on a quarter
    disc or two of the field, with one accent disc at a corner. No face, no letters (design brief §5)."""
    rng = images.seeded("person", slug)
    side, _height = images.size_of("1:1", scale)
    big = side * images.SUPERSAMPLING
    canvas = PillowImage.new("RGB", (big, big), mood.background)
    draw = ImageDraw.Draw(canvas)
    half = big // 2
    for corner in rng.sample([(0, 0), (1, 0), (0, 1), (1, 1)], 2):
        centre = (corner[0] * big, corner[1] * big)
        draw.ellipse(
            (centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half), fill=rng.choice(mood.field)
        )
    x = big * (0.5 + rng.uniform(-0.05, 0.05))
    shoulders, head = big * 0.36, big * 0.16
    draw.ellipse((x - shoulders, big * 0.74, x + shoulders, big * 0.74 + 2 * shoulders), fill=mood.strong)
    draw.ellipse((x - head, big * 0.40 - head, x + head, big * 0.40 + head), fill=mood.strong)
    accent = big * 0.09
    corner_x = big - accent * 1.6 if rng.random() < 0.5 else accent * 1.6
    draw.ellipse((corner_x - accent, accent * 0.6, corner_x + accent, accent * 2.6), fill=mood.accent)
    focal = (round((x - head) / images.SUPERSAMPLING), round((big * 0.40 - head) / images.SUPERSAMPLING))
    size = round(2 * head / images.SUPERSAMPLING)
    return images.Generated(images.downsampled(canvas, (side, side)), (*focal, size, size))


def portrait_image(name: str, position: int):
    """A person's demo portrait (alt text empty: the card names the person); Sky and Paper alternate."""
    mood = (images.SKY, images.PAPER)[position % 2]
    return images.wagtail_image(f"[Demo] Portrait – {name}", portrait, slugify(name), mood)


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines, standing in for a real paper."""
    from reportlab.lib.pagesizes import A4  # ReportLab is for the demo alone: imported when a PDF is made
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor("Confederation of European Probation (CEP)")
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, title)
    pdf.setFont("Helvetica", 11)
    for number, line in enumerate([*lines, "", "Demo content of the CEP website."]):
        pdf.drawString(72, 740 - 18 * number, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def document_get_or_create(title: str, lines: list[str], collection: Collection):
    """The document called `title`, made as a small PDF in `collection` when there is none."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing:
        return existing
    content = pdf_bytes(title, lines)
    document = document_model(
        title=title,
        collection=collection,
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324 - Wagtail's duplicate check, not a secret
    )
    document.file = ContentFile(content, name=f"{slugify(title)[:80]}.pdf")
    document.save()
    return document


def general_assembly_collection() -> Collection:
    """The collection of the assemblies' papers, under the root, visible to the "Members" group only."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=GENERAL_ASSEMBLY_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=GENERAL_ASSEMBLY_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(members_group())
    return collection


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def governance_page_create(home):
    root_collection = Collection.get_first_root_node()
    page = GovernancePage(**GOVERNANCE_PAGE, search_description=GOVERNANCE_PAGE["introduction"])
    for position, (name, role, organisation, country, (start, end), biography, has_photo) in enumerate(PEOPLE):
        page.people.add(
            GovernancePerson(
                name=name,
                role=role,
                organisation=organisation,
                country=country,
                term_start=start,
                term_end=end,
                biography=biography,
                photo=portrait_image(name, position) if has_photo else None,
                sort_order=position,
            )
        )
    for position, (title, adopted_on, note, lines) in enumerate(STATUTES):
        document = document_get_or_create(title, lines, root_collection)
        page.statutes.add(StatutesVersion(document=document, adopted_on=adopted_on, note=note, sort_order=position))
    return publish_child(home, page)


def general_assembly_load(governance, stdout):
    index = GeneralAssemblyIndexPage.objects.child_of(governance).first()
    if index is None:
        index = publish_child(
            governance,
            GeneralAssemblyIndexPage(
                **GENERAL_ASSEMBLY_INDEX, search_description=GENERAL_ASSEMBLY_INDEX["introduction"]
            ),
        )
        stdout.write("Created the General Assembly index.")
    # Members only: the index and, through it, every assembly; the papers' own addresses through their collection.
    members_area_restrict(index)
    collection = general_assembly_collection()
    existing = set(GeneralAssemblyPage.objects.child_of(index).values_list("slug", flat=True))
    for data in ASSEMBLIES:
        if data["slug"] in existing:
            continue
        page = GeneralAssemblyPage(
            title=data["title"], slug=data["slug"], date=data["date"], place=data["place"], summary=data["summary"]
        )
        for position, (title, kind) in enumerate(data["documents"]):
            lines = [f"{data['title']}, {data['date']:%d %B %Y}, {data['place']}.", "For CEP members only."]
            document = document_get_or_create(title, lines, collection)
            page.documents.add(GeneralAssemblyDocument(document=document, kind=kind, sort_order=position))
        publish_child(index, page)
        stdout.write(f"Created the {data['title']}.")
    return index


def annual_reports_load(governance, stdout):
    index = AnnualReportIndexPage.objects.child_of(governance).first()
    if index is None:
        index = publish_child(
            governance,
            AnnualReportIndexPage(**ANNUAL_REPORT_INDEX, search_description=ANNUAL_REPORT_INDEX["introduction"]),
        )
        stdout.write("Created the annual report index.")
    root_collection = Collection.get_first_root_node()
    existing = set(AnnualReportPage.objects.values_list("year", flat=True))
    for position, data in enumerate(ANNUAL_REPORTS):
        if data["year"] in existing:
            continue
        title = f"Annual report {data['year']}"
        report = document_get_or_create(f"CEP annual report {data['year']}", data["highlights"], root_collection)
        cover = images.pattern_image(
            title=f"[Demo] Annual report – {data['year']}",
            model="annual-report",
            slug=str(data["year"]),
            mood=(images.PAPER, images.SKY, images.NIGHT)[position % 3],
        )
        page = AnnualReportPage(
            title=title,
            slug=f"annual-report-{data['year']}",
            year=data["year"],
            summary=data["summary"],
            search_description=data["summary"],
            highlights="\n".join(data["highlights"]),
            report=report,
            cover_image=cover,
        )
        publish_child(index, page)
        stdout.write(f"Created the {title}.")
    return index


def about_page_link(about, governance):
    """A short section at the end of About Us that leads to the governance page, added when that page is made."""
    link = f'<a linktype="page" id="{governance.pk}">Governance</a>'
    text = (
        f"<p>{link}: who is on the Board and in the secretariat, CEP's statutes, the General Assembly of the "
        "members and the annual reports.</p>"
    )
    about.body = json.dumps(
        [
            *about.body.raw_data,
            block("heading", {"text": "Governance", "level": "h2"}),
            block("paragraph", text),
        ]
    )
    about.save_revision().publish()


def load(home, about, stdout):
    """The governance page with its General Assembly and annual reports; returns the governance page."""
    governance = GovernancePage.objects.child_of(home).first()
    if governance is None:
        governance = governance_page_create(home)
        stdout.write("Created the governance page.")
        if about is not None and isinstance(about, StandardPage):
            about_page_link(about, governance)
    general_assembly_load(governance, stdout)
    annual_reports_load(governance, stdout)
    return governance
