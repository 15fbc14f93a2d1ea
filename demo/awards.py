"""Demo content for the CEP Award: the award page with the categories and rules of the current scheme, a call open
around the day the command runs, winners of past editions linked to their news, the demo news item about a winner
linking the winners' page, and two nominations for the jury's list.

Facts (editions at the General Assemblies of 2016, 2019, 2022 and 2025, their winners, the three categories) are
from CEP's award pages; the sentences are ours. A country the sources do not state is left empty.
"""

import datetime
import json

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import AwardCall, AwardCategory, AwardPage, AwardWinner, Nomination
from demo import images
from demo.site import block, publish_child
from news.models import NewsPage, NewsType

INTRODUCTION = (
    "With its award, CEP celebrates outstanding contributions to probation in Europe: work that helps people on "
    "probation back into the community, raises the profile of the profession, or brings research into practice."
)

CATEGORIES = [
    (
        "Rehabilitation and social inclusion (The Sue Hall Award)",
        "Rehabilitation that works and helps probation clients to take their place in the community again.",
    ),
    (
        "Enhancing the profile of probation and promoting professionalisation",
        "Work that makes probation better known to the public, or develops the skills and training of its staff.",
    ),
    (
        "Probation research",
        "Research that has changed probation practice or policy, shown by its results, in the last five years.",
    ),
]

RULES = (
    "<p>The award reflects CEP’s vision: safer communities through the rehabilitation and reintegration of people "
    "under probation supervision. It aims to recognise excellence, to share good practice across Europe, and to "
    "promote professionalism, research, diversity and human rights.</p>"
    "<ul><li>Anyone may nominate a project, programme, team or person working in probation in Europe.</li>"
    "<li>An organisation may send several nominations, but each nomination is for one category only.</li>"
    "<li>Tell the jury what the work achieved and how you know; a supporting PDF (a report, an evaluation, an "
    "article) helps.</li>"
    "<li>An independent jury reviews every nomination after the call closes and chooses a winner in each "
    "category.</li>"
    "<li>Winners are invited to receive their award at CEP’s General Assembly and to present their work "
    "there.</li></ul>"
)

WINNERS = [
    {
        "year": 2025,
        "category": "Rehabilitation and social inclusion (The Sue Hall Award)",
        "name": "Meuse Probation Service",
        "organisation": "",
        "country": "",
        "citation": "A programme of the Meuse Probation Service on alternatives to detention, introduced to CEP’s "
        "members in the first webinar of the CEP Webinar Series 2026.",
        "news": "Webinar on Alternatives to Detention – CEP Webinar Series 2026",
    },
    {
        "year": 2022,
        "category": "Rehabilitation in the community",
        "name": "You Matter Too (UM2)",
        "organisation": "Probation and Mediation Service",
        "country": "CZ",
        "citation": "A restorative programme for people convicted of violent crimes that builds empathy and "
        "responsibility towards victims; begun in prisons, it now runs in thirteen of them.",
    },
    {
        "year": 2022,
        "category": "Public protection",
        "name": "Eden House",
        "organisation": "Interventions Alliance",
        "country": "GB",
        "citation": "A residential service for women on probation with high-risk or complex needs, since rated "
        "“Outstanding” by HM Inspectorate of Probation.",
        "news": "Interventions Alliance’s Eden House Recognized as Outstanding",
    },
    {
        "year": 2019,
        "category": "Research",
        "name": "Swansea Service Evaluation Inventory – Women’s Projects",
        "organisation": "Swansea University",
        "country": "GB",
        "citation": "Doctoral research by Dr Bridget Kerr on how probation services can evaluate their work, "
        "taken out of academia into practice.",
    },
]

# The demo news item about an award winner: when the award page is made, it gains a link to the winners.
WINNER_NEWS_TITLE = "Interventions Alliance’s Eden House Recognized as Outstanding"

NOMINATIONS = [
    {
        "nominee": "Restart mentoring programme",
        "organisation": "Probation Service of Flanders",
        "country": "BE",
        "category": 0,
        "motivation": "Volunteer mentors meet people leaving prison in the week before release and stay with them "
        "for their first six months outside: housing, work and family come first. Of the 140 people mentored "
        "since 2023, most kept their housing for the whole year.",
        "nominator_name": "Ilse Peeters",
        "nominator_email": "ilse.peeters@probation.example",
        "pdf": True,
    },
    {
        "nominee": "Probation in the classroom",
        "organisation": "National Probation Directorate",
        "country": "RO",
        "category": 1,
        "motivation": "Probation officers visit secondary schools to explain what probation is and how community "
        "sentences work, with stories told by former clients. Teachers ask for the lessons again each year.",
        "nominator_name": "Andrei Popescu",
        "nominator_email": "andrei.popescu@probation.example",
        "pdf": False,
    },
]

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def award_page(today: datetime.date) -> AwardPage:
    page = AwardPage(
        title="The CEP Award",
        slug="the-cep-award",
        introduction=INTRODUCTION,
        search_description=INTRODUCTION,
        hero_image=images.pattern_image(
            title="[Demo] The CEP Award", model="awards.AwardPage", slug="the-cep-award", mood=images.SKY
        ),
        rules=RULES,
        news_type=NewsType.objects.filter(name="Award").first(),
    )
    page.categories = [AwardCategory(name=name, description=description) for name, description in CATEGORIES]
    # Open around the day the demo is loaded, so that a new install shows the form.
    closes_on = today + datetime.timedelta(days=60)
    page.calls = [
        AwardCall(
            year=closes_on.year,
            opens_on=today - datetime.timedelta(days=14),
            closes_on=closes_on,
            winners_announced="at CEP’s next General Assembly",
        )
    ]
    titles = [winner["news"] for winner in WINNERS if "news" in winner]
    stories = {story.title: story for story in NewsPage.objects.filter(title__in=titles)}
    page.winners = [award_winner(winner, stories) for winner in WINNERS]
    return page


def award_winner(data: dict, stories: dict) -> AwardWinner:
    fields = dict(data)
    story_title = fields.pop("news", None)
    return AwardWinner(**fields, news_page=stories.get(story_title))


def winners_linked_from_news(award: AwardPage) -> NewsPage | None:
    story = NewsPage.objects.filter(title=WINNER_NEWS_TITLE).first()
    if story is None:
        return None
    link = (
        f'<p>Eden House is one of the <a href="{award.url}winners/">winners of the CEP Award</a>; the award’s '
        "page has all of them, year by year.</p>"
    )
    story.body = json.dumps([*story.body.raw_data, block("paragraph", link)])
    story.save_revision().publish()
    return story


def nominations_load(award: AwardPage) -> int:
    call = award.calls.first()
    categories = list(award.categories.order_by("sort_order"))
    if call is None or Nomination.objects.filter(call=call).exists() or len(categories) < 2:
        return 0
    for data in NOMINATIONS:
        fields = dict(data)
        category, with_pdf = categories[fields.pop("category")], fields.pop("pdf")
        nomination = Nomination(call=call, category=category, **fields)
        if with_pdf:
            nomination.supporting_pdf.save("evaluation.pdf", ContentFile(DEMO_PDF), save=False)
        nomination.save()
    return len(NOMINATIONS)


def load(home, stdout):
    award = AwardPage.objects.child_of(home).first()
    if award is None:
        award = publish_child(home, award_page(timezone.localdate()))
        stdout.write("Created the award page.")
        # Once, with the page: a second load leaves the news item as an editor may have changed it.
        if winners_linked_from_news(award):
            stdout.write(f"Linked the winners from the news item {WINNER_NEWS_TITLE}.")
    if nominations_load(award):
        stdout.write("Created two nominations for the jury.")
    return award
