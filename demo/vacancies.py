"""Demo content for vacancies: the index under the home page and two open jobs, closing some weeks after the load.

The current CEP site has no vacancies page; these two show the kinds of post CEP and its members advertise.
"""

import datetime
import json

from django.utils import timezone

from core.models import VacancyIndexPage, VacancyPage
from demo.site import block, paragraph, publish_child

VACANCY_INDEX_INTRODUCTION = (
    "Jobs, traineeships and secondments at the CEP secretariat and at our member organisations across Europe. "
    "Each vacancy is listed here until its closing date."
)


def none_open_text(newsletter_index) -> str:
    newsletter = f'<a linktype="page" id="{newsletter_index.pk}">newsletter</a>' if newsletter_index else "newsletter"
    return f"<p>New vacancies are announced in CEP's {newsletter}; subscribe to it to hear of the next one.</p>"


VACANCIES = [
    {
        "title": "Project Officer, CEP secretariat",
        "slug": "project-officer-cep-secretariat",
        "employer": "Confederation of European Probation (CEP)",
        "location": "Utrecht, the Netherlands",
        "contract_type": "fixed-term",
        "hours": "32 to 36 hours a week",
        "closes_in_days": 24,
        "introduction": (
            "The secretariat is looking for a project officer to organise CEP's expert meetings and conferences "
            "and to follow the projects CEP takes part in, together with members in more than 30 countries."
        ),
        "body": [
            ("heading", {"text": "What you will do", "level": "h2"}),
            (
                "bulleted_list",
                [
                    "Prepare expert meetings, webinars and the annual conferences with the host organisations;",
                    "Keep track of the work packages, reports and budgets of the European projects CEP is part of;",
                    "Write news items and contributions to the newsletter about the results.",
                ],
            ),
            ("heading", {"text": "Who we are looking for", "level": "h2"}),
            (
                "paragraph",
                "You have a degree in criminology, law, social work or public administration, experience in "
                "organising international meetings, and you write clearly in English. Knowledge of probation or "
                "of European funding programmes is an advantage.",
            ),
            ("heading", {"text": "What we offer", "level": "h2"}),
            (
                "paragraph",
                "A contract for one year, with the intention to extend it, in a small team that works with "
                "probation services from all over Europe. The secretariat is in Utrecht; part of the work can be "
                "done from home.",
            ),
        ],
        "how_to_apply": (
            "<p>Send a letter of motivation and your CV in English to the secretariat, "
            '<a href="mailto:info@cep-probation.org">info@cep-probation.org</a>, with “Project Officer” in the '
            "subject. Interviews are held online in the two weeks after the closing date.</p>"
        ),
    },
    {
        "title": "Traineeship in community sanctions research",
        "slug": "traineeship-community-sanctions-research",
        "employer": "Community Justice Scotland",
        "location": "Edinburgh, Scotland",
        "contract_type": "traineeship",
        "hours": "Full-time, six months",
        "closes_in_days": 38,
        "introduction": (
            "Community Justice Scotland, a member of CEP, offers a six-month traineeship for a graduate who wants "
            "to learn how community sentences are evaluated and improved."
        ),
        "body": [
            (
                "paragraph",
                "As a trainee you join the improvement team and help to gather and analyse the figures on unpaid "
                "work and supervision orders that local partnerships report each year. You will present what you "
                "found to the team at the end of the traineeship.",
            ),
            ("heading", {"text": "Who can apply", "level": "h2"}),
            (
                "paragraph",
                "Graduates of the last two years in criminology, social sciences or statistics, from any European "
                "country, with good written English.",
            ),
        ],
        "how_to_apply": (
            "<p>Apply through the vacancies page of Community Justice Scotland with your CV and a short note on "
            "why community justice interests you. Questions about the traineeship can be sent to CEP's "
            "secretariat, which will pass them on.</p>"
        ),
    },
]


def body_blocks(sections) -> list:
    blocks = []
    for block_type, value in sections:
        if block_type == "paragraph":
            value = paragraph(value)
        elif block_type == "bulleted_list":
            value = {"items": [paragraph(item) for item in value]}
        blocks.append(block(block_type, value))
    return blocks


def vacancy_page(data, today: datetime.date) -> VacancyPage:
    return VacancyPage(
        title=data["title"],
        slug=data["slug"],
        employer=data["employer"],
        location=data["location"],
        contract_type=data["contract_type"],
        hours=data["hours"],
        closing_date=today + datetime.timedelta(days=data["closes_in_days"]),
        introduction=data["introduction"],
        body=json.dumps(body_blocks(data["body"])),
        how_to_apply=data["how_to_apply"],
    )


def load(home, stdout, *, newsletter_index=None):
    index = VacancyIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home,
            VacancyIndexPage(
                title="Vacancies",
                slug="vacancies",
                introduction=VACANCY_INDEX_INTRODUCTION,
                none_open_text=none_open_text(newsletter_index),
            ),
        )
        stdout.write("Created the vacancy index.")
    # Found by slug, not by date: a vacancy that has closed since an earlier load stays as it was.
    existing = set(VacancyPage.objects.child_of(index).values_list("slug", flat=True))
    today = timezone.localdate()
    for data in VACANCIES:
        if data["slug"] in existing:
            continue
        publish_child(index, vacancy_page(data, today))
        stdout.write(f"Created the vacancy {data['title']}.")
    return index
