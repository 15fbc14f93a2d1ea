"""Demo content for news: every news item the current CEP site shows, with its categories, type and date."""

import datetime
import json

from demo.images import news_image
from demo.site import block, paragraph, publish_child
from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsType

NEWS_INDEX_INTRODUCTION = (
    "Stay updated with the latest developments and insights in probation and community sanctions. Explore our "
    "news section for current updates and stories from CEP and the wider criminal justice community."
)

CATEGORIES = [
    "CEP Events",
    "Framework Decisions",
    "Probation in Europe",
    "CEP Board",
    "Technology",
    "Criminal Justice",
    "CEP members",
    "Gender-based violence",
    "Education and Training",
    "Alternatives to pre-trial detention",
    "Uncategorized",
]

TYPES = [
    "Announcement",
    "Recap",
    "Vodcast episode",
    "Interview",
    "Call",
    "Publication",
    "Award",
    "Webinar announcement",
]

DIVISION_Y_INTRODUCTION = (
    "Division_Y is CEP's vodcast: conversations with the people who shape probation in Europe, one guest an episode."
)

# Each item: title, date, categories, type, topics, paragraphs (the first is the teaser, the rest the body), and
# extra fields. The topics say what the item is about, which the site's categories do not always: an item on no
# priority topic has none.
NEWS_ITEMS = [
    {
        "title": "Recap: Expert Workshop on Framework Decision 2008/947/JHA and 2009/829/JHA",
        "date": datetime.date(2025, 9, 16),
        "categories": ["CEP Events", "Framework Decisions"],
        "type": "Recap",
        "topics": ["Framework Decisions"],
        "paragraphs": [
            "The Expert Workshop held on September 10–11, 2025, in Brussels, Belgium, brought together senior "
            "managers, probation practitioners, criminal justice professionals such as lawyers and prosecutors "
            "from across Europe as well as representatives of the European Commission, Academy of European Law "
            "and European Judicial Network to discuss the advancements in the implementation of Framework "
            "Decisions 2008/947/JHA and 2009/829/JHA. Hosted at the Houses of Justice, the CEP Expert Workshop "
            "served as a dynamic platform for mutual learning, collaboration, and strategic planning.",
        ],
    },
    {
        "title": "New Vodcast Episode: Katharina Heitz on the Ressources-Risk-Inventory in Probation",
        "date": datetime.date(2025, 9, 11),
        "categories": ["Probation in Europe"],
        "type": "Vodcast episode",
        "topics": ["Community Sanctions and Measures"],
        "paragraphs": [
            "The 14th episode of Division_Y features Katharina Heitz, Head of the Central Department for Social "
            "Work at the Public Probation and Parole Service Baden-Württemberg, Germany.",
        ],
        "series": "Division_Y",
        "episode_number": 14,
        "guest": "Katharina Heitz, Head of the Central Department for Social Work at the Public Probation and "
        "Parole Service Baden-Württemberg, Germany",
    },
    {
        "title": "CEP at ESC 2025: Penal Policy Transfer and Ageing in Prison in Focus",
        "date": datetime.date(2025, 9, 8),
        "categories": ["CEP Board", "Probation in Europe"],
        "type": "Recap",
        "topics": [],
        "paragraphs": [
            "The Confederation of European Probation (CEP) had a strong presence at the 25th Annual Conference of "
            "the European Society of Criminology (EUROCRIM 2025), held in Athens from 3 to 6 September 2025. As one "
            "of Europe’s largest gatherings of criminologists, the ESC annual conference brings together "
            "researchers, practitioners, and policymakers from around the world to exchange knowledge on crime, "
            "justice, and social responses. This year’s theme was “Logos of Crime and Punishment,” inspired by "
            "classical Greek philosophy.",
        ],
    },
    {
        "title": "Have Your Say: EU Call for Evidence on the Digitalisation of Justice (2025–2030)",
        "date": datetime.date(2025, 8, 18),
        "categories": ["Probation in Europe", "Technology"],
        "type": "Call",
        "topics": ["Technology", "Education and Training"],
        "paragraphs": [
            "The European Commission has opened a Call for Evidence on the Digitalisation of Justice: 2025–2030 "
            "European Judicial Training Strategy.",
        ],
    },
    {
        "title": "Parole Futures",
        "date": datetime.date(2025, 8, 18),
        "categories": ["Criminal Justice"],
        "type": "Publication",
        "topics": ["Community Sanctions and Measures"],
        "paragraphs": [
            "At a time when many parole systems are experiencing considerable strain, the aims of this collection "
            "are twofold: first, to encourage systematic and critical reflection on the rationalities, "
            "institutions and practices of parole. Second, to think big, and pose ambitious ‘what if’ questions "
            "about the possible futures of parole and prison release. Offering novel insights from Asia, "
            "Australia, Europe, North America and South America, this collection builds the case for, and then "
            "showcases, a ‘way of doing’ parole research that is global in outlook, interdisciplinary in approach "
            "and unapologetically normative in character.",
        ],
    },
    {
        "title": "New Vodcast Episode: Prof. Bernd Maelicke on The Prison-Dilemma",
        "date": datetime.date(2025, 8, 12),
        "categories": ["Probation in Europe"],
        "type": "Vodcast episode",
        "topics": ["Community Sanctions and Measures"],
        "paragraphs": [
            "The 13th episode of Division_Y features an in-depth conversation with Prof. Bernd Maelicke, one of "
            "Germany’s most respected voices in prison and probation reform.",
        ],
        "series": "Division_Y",
        "episode_number": 13,
        "guest": "Prof. Bernd Maelicke",
    },
    {
        "title": "CoPPer Final Project Conference in The Hague",
        "date": datetime.date(2025, 11, 6),
        "categories": ["CEP Events"],
        "type": "Recap",
        "topics": ["Community Sanctions and Measures"],
        "project": "copper-project",
        "paragraphs": [
            "On 6 November 2025, the CoPPer Final Project Conference took place at Het Nutshuis in The Hague, the "
            "Netherlands, marking a milestone in European cooperation and innovation in the field of probation.",
            "The event brought together 66 participants representing jurisdictions from Germany, Ireland, United "
            "Kingdom, Portugal, Netherlands, Romania, Estonia, as well as Türkiye and Japan, a clear sign of the "
            "growing international interest in the CoPPer project and its outcomes.",
        ],
    },
    {
        "title": "Interventions Alliance’s Eden House Recognized as Outstanding",
        "date": datetime.date(2026, 1, 15),
        "categories": ["CEP members", "Gender-based violence"],
        "type": "Award",
        "topics": ["Gender-based Violence"],
        "paragraphs": [
            "CEP is delighted to share that Eden House, an Interventions Alliance residential service for women "
            "with high-risk or complex needs on probation, has been rated “Outstanding” overall by HM Inspectorate "
            "of Probation. In 2022, Eden House was honored with the CEP Public Protection Award. Our sincere "
            "congratulations to the team for this remarkable achievement.",
        ],
    },
    {
        "title": "The Judicial Training Dashboard",
        "date": datetime.date(2026, 1, 14),
        "categories": ["Education and Training"],
        "type": "Announcement",
        "topics": ["Education and Training"],
        "paragraphs": [
            "The European Training Platform (ETP) is a search tool for justice professionals. You can find "
            "self-learning materials on a great variety of EU law practice areas and related topics, as well as "
            "links to training providers’ homepages and course catalogues.",
        ],
    },
    {
        "title": "Communication on DigitalJustice@2030",
        "date": datetime.date(2026, 1, 13),
        "categories": ["Technology"],
        "type": "Publication",
        "topics": ["Technology"],
        "paragraphs": [
            "The EU’s competitiveness will increasingly depend on the digitalisation of all sectors, which will "
            "drive investment. Digitalisation and the deployment of artificial intelligence (AI) will be essential "
            "to the ability of public authorities to deliver high-quality public services, notably also in the "
            "field of justice. Europe’s Digital Decade is underway with the ambition that by 2030 the EU has all "
            "key public services available online. The ultimate aim will be to increase the efficiency of public "
            "services by making them digital by default, stimulating productivity.",
        ],
    },
    {
        "title": "Webinar on Alternatives to Detention – CEP Webinar Series 2026",
        "date": datetime.date(2026, 1, 13),
        "categories": ["Alternatives to pre-trial detention", "CEP Events"],
        "type": "Webinar announcement",
        "topics": ["Alternatives to Pre-trial Detention"],
        "paragraphs": [
            "CEP is pleased to invite you to the first webinar in the CEP Webinar Series 2026, taking place on "
            "Thursday, 22 January 2026, at 14:00 CET. This webinar will introduce a unique programme developed by "
            "the Meuse Probation Service, which was awarded the CEP Award 2025 in the category of Rehabilitation "
            "and Social Inclusion (The Sue Hall Award).",
        ],
    },
    {
        "title": "CEP Webinar Series 2026",
        "date": datetime.date(2026, 1, 12),
        "categories": ["Alternatives to pre-trial detention", "CEP Events"],
        "type": "Webinar announcement",
        "topics": ["Alternatives to Pre-trial Detention"],
        "paragraphs": [
            "In 2026 CEP launches a series of short webinars that will take place every third Thursday of January, "
            "March, May and November.",
            "We sincerely invite all probation practitioners, social workers, managers, policy makers, "
            "researchers, students as well as colleagues from partners organisations to join and share your "
            "knowledge with us.",
        ],
    },
    {
        "title": "Help Us Improve the CEP Website",
        "date": datetime.date(2026, 1, 7),
        "categories": ["Uncategorized"],
        "type": "Call",
        "topics": [],
        "paragraphs": [
            "At Confederation of European Probation (CEP), we want to make sure our website continues to support "
            "our mission and the work of our community in the best possible way.",
            "We are inviting you to take part in a short survey that takes around six minutes. Your feedback will "
            "help us understand what is working well and where the website can be improved.",
        ],
    },
]


def taxonomies_load():
    for name in CATEGORIES:
        NewsCategory.objects.get_or_create(name=name)
    for name in TYPES:
        NewsType.objects.get_or_create(name=name)
    return (
        {category.name: category for category in NewsCategory.objects.all()},
        {news_type.name: news_type for news_type in NewsType.objects.all()},
    )


def news_page(item, *, categories, types, topics, projects):
    page = NewsPage(
        title=item["title"],
        date=item["date"],
        teaser=item["paragraphs"][0],
        listing_image=news_image(item, NEWS_ITEMS),
        # The teaser is shown above the body as its lead: the body starts after it, and is empty when the current
        # site gives only the one paragraph.
        body=json.dumps([block("paragraph", paragraph(text)) for text in item["paragraphs"][1:]]),
        news_type=types[item["type"]],
        related_project=projects.get(item.get("project")),
        series=item.get("series", ""),
        episode_number=item.get("episode_number"),
        guest=item.get("guest", ""),
    )
    page.categories = [categories[name] for name in item["categories"]]
    page.topics = [topics[name] for name in item["topics"]]
    return page


def load(home, stdout):
    from demo.topics import topics_by_title
    from projects.models import ProjectPage

    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home,
            NewsIndexPage(
                title="News",
                slug="news",
                introduction=NEWS_INDEX_INTRODUCTION,
                vodcast_introduction=DIVISION_Y_INTRODUCTION,
            ),
        )
        stdout.write("Created the news index.")
    categories, types = taxonomies_load()
    topics = topics_by_title()
    projects = {project.slug: project for project in ProjectPage.objects.all()}
    existing = set(NewsPage.objects.child_of(index).values_list("title", flat=True))
    for item in NEWS_ITEMS:
        if item["title"] in existing:
            continue
        publish_child(index, news_page(item, categories=categories, types=types, topics=topics, projects=projects))
        stdout.write(f"Created the news item {item['title']}.")
    return index
