"""Demo content for Probation in Europe: the index under the home page and a profile of each country where the demo
has a member organisation, with its key figures and contacts.

The facts follow CEP's "Probation in Europe" country reports and the laws they name; the figures are years and
counts those sources state, never estimates. When a profile is made, the demo news and events about its country, and
CEP's country report on the Netherlands in the resource library, are tagged with it.
"""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from countries.models import CountryContact, CountryIndexPage, CountryPage, KeyFigure
from demo.site import publish_child
from events.models import EventPage
from news.models import NewsPage
from topics.models import ResourceFile, ResourceIndexPage, ResourcePage

INDEX_INTRODUCTION = (
    "How probation is organised across Europe: who does the work, the laws it rests on and a few key figures for "
    "each country, with CEP's members there and the news and events from it."
)


def figure(label, value, year, source, url=""):
    return {"label": label, "value": value, "year": year, "source_name": source, "source_url": url}


PROFILES = [
    {
        "country": "BE",
        "title": "Belgium",
        "summary": "The houses of justice of the Communities carry out probation: the Flemish Community in "
        "Flanders, the French Community in Wallonia and Brussels.",
        "organisation": [
            "Probation work is done by the houses of justice (justitiehuizen, maisons de justice), one in each "
            "judicial district. Since the sixth state reform they belong to the Communities: the Flemish Community's "
            "Department of Justice and Enforcement and the French Community's general administration of houses of "
            "justice.",
            "Justice assistants write social inquiries and reports for judges and prosecutors, supervise people on "
            "probation, conditional release and electronic monitoring, organise community service and support "
            "victims.",
        ],
        "legal_basis": [
            "The Law of 29 June 1964 on suspension, deferment and probation, the Law of 17 May 2006 on the external "
            "legal position of sentenced persons, and the Special Act of 6 January 2014 that moved the houses of "
            "justice to the Communities.",
        ],
        "figures": [
            figure("Houses of justice moved to the Communities", "2014", 2014, "Special Act of 6 January 2014"),
            figure("Law on suspension, deferment and probation", "1964", 1964, "Law of 29 June 1964"),
        ],
        "contacts": [
            {
                "name": "Departement Justitie en Handhaving",
                "role": "Houses of justice in Flanders",
                "website": "https://www.vlaanderen.be/justitie-en-handhaving",
            }
        ],
    },
    {
        "country": "CZ",
        "title": "Czechia",
        "summary": "One national Probation and Mediation Service, under the Ministry of Justice, works in every "
        "district court's area.",
        "organisation": [
            "The Probation and Mediation Service (Probační a mediační služba) is a single national organisation "
            "under the Ministry of Justice, with a centre in each district court's area. It joins probation and "
            "mediation: officers prepare reports, mediate between offenders and victims, supervise probation and "
            "community service, and check house arrest with electronic monitoring.",
        ],
        "legal_basis": [
            "Act No. 257/2000 Coll. on the Probation and Mediation Service, in force since 1 January 2001, and the "
            "Criminal Code (Act No. 40/2009 Coll.) with the Code of Criminal Procedure.",
        ],
        "figures": [
            figure("Probation and Mediation Service founded", "2001", 2001, "Act No. 257/2000 Coll."),
            figure("Criminal Code in force", "2010", 2010, "Act No. 40/2009 Coll."),
        ],
        "contacts": [
            {
                "name": "Probační a mediační služba ČR",
                "role": "National headquarters",
                "website": "https://www.pmscr.cz",
            }
        ],
    },
    {
        "country": "EE",
        "title": "Estonia",
        "summary": "Probation is part of the prison service: probation departments of the prisons supervise people "
        "in the community, under the Ministry of Justice and Digital Affairs.",
        "organisation": [
            "Probation supervision is done by the probation departments of Estonia's prisons, which are under the "
            "ministry responsible for justice. Probation officers prepare pre-sentence reports, supervise people on "
            "probation and conditional release, and organise community service and electronic monitoring.",
        ],
        "legal_basis": [
            "The Probation Supervision Act of 1998, the Penal Code of 2001 and the Imprisonment Act.",
        ],
        "figures": [
            figure("Probation Supervision Act", "1998", 1998, "Probation Supervision Act (Kriminaalhooldusseadus)"),
            figure("Penal Code adopted", "2001", 2001, "Penal Code (Karistusseadustik)"),
        ],
        "contacts": [
            {
                "name": "Estonian Prison Service – Probation Department",
                "role": "Probation supervision",
                "website": "https://www.vangla.ee",
            }
        ],
    },
    {
        "country": "IE",
        "title": "Ireland",
        "summary": "The Probation Service, an agency of the Department of Justice, works with offenders in the "
        "community across the country.",
        "organisation": [
            "The Probation Service is a national agency of the Department of Justice. Probation officers write "
            "pre-sanction reports for the courts, supervise people on probation and post-release orders, run "
            "community service and fund community-based projects that work with offenders. A Young Persons' "
            "Probation division works with children before the courts.",
        ],
        "legal_basis": [
            "The Probation of Offenders Act 1907, the Criminal Justice (Community Service) Act 1983 and the "
            "Children Act 2001.",
        ],
        "figures": [
            figure("Probation of Offenders Act", "1907", 1907, "Probation of Offenders Act 1907"),
            figure("Community service introduced", "1983", 1983, "Criminal Justice (Community Service) Act 1983"),
        ],
        "contacts": [
            {"name": "The Probation Service", "role": "Head office, Dublin", "website": "https://www.probation.ie"}
        ],
    },
    {
        "country": "NL",
        "title": "Netherlands",
        "summary": "Three private organisations, funded and overseen by the Ministry of Justice and Security, "
        "together form the Dutch probation service.",
        "organisation": [
            "Probation in the Netherlands is done by three organisations, each with its own supervisory board: "
            "Reclassering Nederland, the addiction probation service (SVG) and the probation service of the "
            "Salvation Army. The Ministry of Justice and Security is responsible for probation and funds it.",
            "Probation officers advise the public prosecutor and the courts, supervise special conditions and "
            "electronic monitoring, and carry out community service orders.",
        ],
        "legal_basis": [
            "The Criminal Code and the Code of Criminal Procedure, and the Probation Regulations 1995 "
            "(Reclasseringsregeling) on the tasks and funding of the three organisations.",
        ],
        "figures": [
            figure("Probation organisations", "3", 2020, "CEP, Probation in Europe: the Netherlands (2020)"),
            figure("First probation society founded", "1823", 1823, "CEP, Probation in Europe: the Netherlands (2020)"),
        ],
        "contacts": [
            {
                "name": "Reclassering Nederland",
                "role": "Head office, Utrecht",
                "website": "https://www.reclassering.nl",
            },
            {
                "name": "International Desk of the Dutch probation service",
                "role": "Transfers of probation measures within the EU",
            },
        ],
    },
    {
        "country": "NO",
        "title": "Norway",
        "summary": "The Norwegian Correctional Service runs both prisons and probation offices, under the Ministry "
        "of Justice and Public Security.",
        "organisation": [
            "Kriminalomsorgen, the Norwegian Correctional Service, is responsible for prisons and probation. Its "
            "probation offices prepare social inquiries, carry out community sentences and supervise people on "
            "parole, on electronic monitoring and in the drug programme under court control.",
        ],
        "legal_basis": [
            "The Execution of Sentences Act of 18 May 2001 (straffegjennomføringsloven) and the Penal Code of 2005.",
        ],
        "figures": [
            figure("Execution of Sentences Act", "2001", 2001, "Straffegjennomføringsloven"),
            figure("Community sentence introduced", "2002", 2002, "Straffegjennomføringsloven"),
        ],
        "contacts": [
            {
                "name": "Kriminalomsorgen (Norwegian Correctional Service)",
                "role": "Directorate",
                "website": "https://www.kriminalomsorgen.no",
            }
        ],
    },
    {
        "country": "ES",
        "title": "Spain",
        "summary": "Community sanctions are run by the state's prison administration, and in Catalonia by the "
        "Generalitat's Department of Justice.",
        "organisation": [
            "The General Secretariat of Penitentiary Institutions carries out community sanctions and measures in "
            "most of Spain through its services for alternative penalties and measures. Catalonia, which manages its "
            "own prisons, has its own community measures service within the Generalitat's Department of Justice.",
        ],
        "legal_basis": [
            "The Criminal Code (Organic Law 10/1995), the General Penitentiary Organic Law 1/1979 and Royal Decree "
            "840/2011 on community work and suspended sentences.",
        ],
        "figures": [
            figure("Criminal Code adopted", "1995", 1995, "Organic Law 10/1995"),
            figure("General Penitentiary Organic Law", "1979", 1979, "Organic Law 1/1979"),
        ],
        "contacts": [
            {
                "name": "Departament de Justícia – Generalitat de Catalunya",
                "role": "Community measures in Catalonia",
                "website": "https://justicia.gencat.cat",
            }
        ],
    },
    {
        "country": "GB",
        "title": "United Kingdom",
        "summary": "Each of the three jurisdictions has its own probation: the Probation Service in England and "
        "Wales, local authorities' justice social work in Scotland, and the Probation Board for Northern Ireland.",
        "organisation": [
            "In England and Wales the Probation Service is part of HM Prison and Probation Service, an agency of the "
            "Ministry of Justice. In Scotland, local authorities' justice social workers supervise community "
            "sentences, and Community Justice Scotland leads on improving community justice. In Northern Ireland "
            "the Probation Board for Northern Ireland is a public body of the Department of Justice.",
        ],
        "legal_basis": [
            "England and Wales: the Criminal Justice Act 2003 and the Offender Management Act 2007. Scotland: the "
            "Criminal Justice and Licensing (Scotland) Act 2010 and the Community Justice (Scotland) Act 2016. "
            "Northern Ireland: the Probation Board (Northern Ireland) Order 1982.",
        ],
        "figures": [
            figure(
                "Community Payback Orders introduced in Scotland",
                "2011",
                2011,
                "Criminal Justice and Licensing (Scotland) Act 2010",
            ),  # fmt: skip
            figure("Community Justice Scotland set up", "2017", 2017, "Community Justice (Scotland) Act 2016"),
            figure("Probation Board for Northern Ireland set up", "1982", 1982, "Probation Board (NI) Order 1982"),
        ],
        "contacts": [
            {
                "name": "Community Justice Scotland",
                "role": "Community justice in Scotland",
                "website": "https://communityjustice.scot",
            },
            {"name": "Probation Board for Northern Ireland", "website": "https://www.pbni.org.uk"},
        ],
    },
]

# Demo news about one country, by title.
NEWS_COUNTRIES = {
    "CoPPer Final Project Conference in The Hague": "NL",
    "Interventions Alliance’s Eden House Recognized as Outstanding": "GB",
}

NETHERLANDS_REPORT = {
    "title": "Probation in Europe: the Netherlands",
    "description": "CEP's country report on Dutch probation: its history since 1823, the laws it rests on, the three "
    "probation organisations and what they do at each stage of the criminal process.",
    "published": datetime.date(2020, 6, 1),
    "country": "NL",
}


def profile_page(data) -> CountryPage:
    page = CountryPage(
        title=data["title"],
        slug=data["title"].lower().replace(" ", "-"),
        country=data["country"],
        summary=data["summary"],
        organisation="".join(f"<p>{text}</p>" for text in data["organisation"]),
        legal_basis="".join(f"<p>{text}</p>" for text in data["legal_basis"]),
    )
    page.key_figures = [KeyFigure(**values) for values in data["figures"]]
    page.contacts = [CountryContact(**values) for values in data["contacts"]]
    return page


def tag(page, profile):
    """Tag a live demo page with a country, in its live version and in a new published revision."""
    page.countries.add(profile)
    page.save_revision().publish()


def netherlands_report(profile, stdout):
    from demo.topics import placeholder_pdf  # made with Pillow: loaded only when the report is made

    index = ResourceIndexPage.objects.first()
    if index is None:
        return
    data = NETHERLANDS_REPORT
    report = ResourcePage(
        title=data["title"],
        resource_type=ResourcePage.ResourceType.REPORT,
        publication_date=data["published"],
        description=data["description"],
    )
    report.countries = [profile]
    document = get_document_model().objects.create(
        title=f"{data['title']} (en)",
        file=ContentFile(placeholder_pdf(data["title"]), name="probation-in-europe-netherlands-en.pdf"),
    )
    report.files = [ResourceFile(language="en", document=document)]
    publish_child(index, report)
    stdout.write(f"Created the resource {data['title']}.")


def load(home, stdout):
    index = CountryIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home,
            CountryIndexPage(title="Probation in Europe", slug="probation-in-europe", introduction=INDEX_INTRODUCTION),
        )
        stdout.write("Created Probation in Europe.")
    existing = set(CountryPage.objects.values_list("country", flat=True))
    for data in PROFILES:
        if data["country"] in existing:
            continue
        profile = publish_child(index, profile_page(data))
        stdout.write(f"Created the country profile of {data['title']}.")
        # Tagged once, when the profile is made: an editor's later untagging stays.
        for title, country in NEWS_COUNTRIES.items():
            if country == profile.country:
                for news in NewsPage.objects.filter(title=title):
                    tag(news, profile)
        for event in EventPage.objects.filter(venue_country=profile.country):
            tag(event, profile)
        if profile.country == NETHERLANDS_REPORT["country"]:
            netherlands_report(profile, stdout)
    return index
