"""Demo content for projects: CoPPer in full, from the current CEP site, and ERA, EMPRO and HELP in short."""

import datetime
import json

from demo.images import project_image
from demo.site import block, paragraph, publish_child
from projects.models import PartnerOrganisation, ProjectIndexPage, ProjectPage, ProjectPartner

PROJECT_INDEX_INTRODUCTION = (
    "Discover the projects CEP is involved in, both ongoing and completed: initiatives that advance probation "
    "and community sanctions across Europe."
)

COPPER_DESCRIPTION = [
    "The Cooperation to Promote a European Volunteering Programme in Probation Services (CoPPer) project aims to "
    "create and improve social models that support the values of European unity and solidarity in the fight "
    "against the COVID-19 pandemic. It responds to the EU Strategic Agenda 2019-2024 by promoting the active "
    "engagement of citizens and civil society as supporters in the social inclusion of offenders and ensuring "
    "that we all play our role as key guarantors of a common European culture of the rule of law and democracy.",
    "CoPPer’s main idea is to increase community participation as a vital element that can enhance the work of "
    "probation staff in supporting these often low-qualified adults to pursue education, training and employment "
    "opportunities once outside prison or while serving community sanctions. The project proposes to train "
    "volunteers in the community to provide informal support, advice and guidance to probationers. They can act "
    "as a stepping stone for the probationers’ social reintegration by motivating them for behaviour change, "
    "helping them enhance their competencies, access to adult education opportunities, look for a job, or just "
    "represent a pro-social model.",
    "Criminal justice systems (CJS) have a complex mission: rehabilitation and resettlement of offenders. In the "
    "pursuit of their mission, the CJS should be knowledgeable and open to the importance of partnerships and "
    "inter-agency cooperation with community-based organisations (UNODC, 2012). This priority responds to the "
    "CoE’s Guidelines (2019) on recruitment, selection, education, training and professional development of "
    "prison and probation staff, to the CoE’ Probation Rules (2010), and the Recommendation CM/Rec(2017)3 on the "
    "European Rules on community sanctions & measures.",
    "The Tokyo Rules encourage public participation in community-based interventions, stressing the importance of "
    "the role of volunteers in boosting “offenders and their families to develop meaningful ties with the "
    "community and a broader sphere of contact by providing counseling and other appropriate forms of assistance "
    "according to their capacity and the offenders’ needs” (rule 19.2). Also it responds to the 2021-2024 "
    "European judicial training strategy, promoting cross-border network, participation in training and "
    "upscaling the digitalisation of justice (through blended-learning training).",
]

COPPER_LATEST_UPDATE = (
    "On 6 November 2025, the CoPPer Final Project Conference took place at Het Nutshuis in The Hague, the "
    "Netherlands, marking a milestone in European cooperation and innovation in the field of probation. The event "
    "brought together 66 participants representing jurisdictions from Germany, Ireland, United Kingdom, Portugal, "
    "Netherlands, Romania, Estonia, as well as Türkiye and Japan, a clear sign of the growing international "
    "interest in the CoPPer project and its outcomes."
)

COPPER_WEBSITE = "https://www.copper-initiative.com"

# CoPPer has none: the current site shows its partner organisations as nine logos without their names, and the
# demo does not guess them. An editor adds them, with their logos, as partner organisations.
PARTNERS = {
    "EMPRO": [("Confederation of European Probation", "NL", "https://www.cep-probation.org")],
}

SHORT_PROJECTS = [
    {
        "title": "ERA project",
        "slug": "era-project",
        "acronym": "ERA",
        "full_name": "Training on EU instruments in the field of deprivation or restriction of liberty",
        "start_date": datetime.date(2023, 1, 1),
        "end_date": datetime.date(2024, 12, 31),
        "cep_role": ProjectPage.Role.ASSOCIATED_PARTNER,
        "summary": "Training for justice practitioners on the EU instruments of mutual recognition that concern "
        "deprivation or restriction of liberty, and on alternatives to detention.",
        "description": [
            "Prison population rates still differ greatly between EU Member States, and so does the use of "
            "non-custodial sanctions and measures. Practitioners in particular lack knowledge of Framework "
            "Decisions 2008/947/JHA and 2009/829/JHA, an obstacle to their more frequent use.",
            "The project gives an overview of these instruments in the wider context of Council of Europe "
            "recommendations and the case law of the European courts, to ease cross-border cooperation and raise "
            "awareness of alternatives to detention. CEP is an associated partner.",
        ],
        "topics": ["Framework Decisions", "Alternatives to Pre-trial Detention"],
        "funding_programme": "Justice Programme",
    },
    {
        "title": "EMPRO project",
        "slug": "empro-project",
        "acronym": "EMPRO",
        "full_name": "Empowerment of the Framework Decisions 2008/947 and 2009/829 through EU Probation Services",
        "start_date": datetime.date(2024, 10, 1),
        "end_date": None,
        "cep_role": ProjectPage.Role.PARTNER,
        "summary": "Hybrid training for probation officers on applying Framework Decisions 2008/947 and 2009/829, "
        "in France, the Netherlands, Portugal, Romania, Germany and Belgium.",
        "description": [
            "EMPRO aims to strengthen the understanding and application of Framework Decisions 2008/947 and "
            "2009/829 within the European Union, in line with the EU Charter of Fundamental Rights, with attention "
            "to the needs and rights of foreign nationals before and after trial.",
            "Through hybrid training and the use of digital tools, the project helps justice professionals make "
            "faster and more frequent use of alternatives to detention, and improves cooperation between "
            "authorities at national and European level.",
        ],
        "topics": ["Framework Decisions", "Alternatives to Pre-trial Detention", "Education and Training"],
        "funding_programme": "Justice Programme",
    },
    {
        "title": "HELP",
        "slug": "help",
        "acronym": "HELP",
        "full_name": "Radicalisation Prevention, Judicial Response to Terrorism & International Cooperation in "
        "Criminal Matters (HELP RP-TERR-ICCM)",
        "start_date": datetime.date(2022, 1, 1),
        "end_date": None,
        "cep_role": ProjectPage.Role.PARTNER,
        "summary": "An EU and Council of Europe project, in partnership with CEP, that trains legal professionals in "
        "radicalisation prevention and international cooperation in criminal matters.",
        "description": [
            "Cross-border crime and radicalisation leading to violent extremism call for a stronger criminal "
            "justice response that respects fundamental rights, and for intense international cooperation.",
            "The project is funded by the European Union and implemented by the Council of Europe through its "
            "Programme for Human Rights Education for Legal Professionals (HELP), in partnership with CEP.",
        ],
        "topics": ["Radicalisation and Violent Extremism"],
        "funding_programme": "EU / Council of Europe joint programme",
    },
]


def partners_for(acronym):
    partners = []
    for name, country, website in PARTNERS.get(acronym, []):
        organisation, _ = PartnerOrganisation.objects.get_or_create(
            name=name, defaults={"country": country, "website": website}
        )
        partners.append(ProjectPartner(organisation=organisation))
    return partners


def copper_project(topics):
    project = ProjectPage(
        title="CoPPer Project",
        slug="copper-project",
        acronym="CoPPer",
        full_name="Cooperation to Promote a European Volunteering Programme in Probation Services",
        # Not in the seed's text: the current site's CoPPer page gives them ("starts on the 1st of December 2022
        # and ends on the 1st of December 2025").
        start_date=datetime.date(2022, 12, 1),
        end_date=datetime.date(2025, 12, 1),
        cep_role=ProjectPage.Role.PARTNER,
        image=project_image(slug="copper-project", title="CoPPer Project"),
        summary=COPPER_DESCRIPTION[0],
        description=json.dumps([block("paragraph", paragraph(text)) for text in COPPER_DESCRIPTION]),
        latest_update=json.dumps([block("paragraph", paragraph(COPPER_LATEST_UPDATE))]),
        website=COPPER_WEBSITE,
        social_links=json.dumps(
            [
                block("link", {"platform": "linkedin", "url": "https://www.linkedin.com/company/copper-initiative/"}),
                block("link", {"platform": "facebook", "url": "https://www.facebook.com/copperinitiative"}),
                block("link", {"platform": "x", "url": "https://x.com/copper_project"}),
            ]
        ),
        results=json.dumps(
            [
                block(
                    "result",
                    {"label": "Project results", "url": f"{COPPER_WEBSITE}/results", "document": None,
                     "languages": ["en"]},
                )
            ]
        ),
        webinars=json.dumps(
            [
                block(
                    "webinar",
                    {"label": "CoPPer webinars", "url": f"{COPPER_WEBSITE}/webinars", "document": None,
                     "languages": ["nl", "en", "ro", "pt"]},
                )
            ]
        ),
        eu_funded=True,
        funding_programme="Erasmus+ KA220-ADU – Cooperation partnerships in adult education",
        agreement_number="2022-1-NL01-KA220-ADU-000089938",
    )  # fmt: skip
    project.topics = [topics["Community Sanctions and Measures"], topics["Education and Training"]]
    project.partners = partners_for("CoPPer")
    return project


def short_project(data, topics):
    fields = {key: value for key, value in data.items() if key not in {"description", "topics"}}
    project = ProjectPage(
        **fields,
        image=project_image(slug=data["slug"], title=data["title"]),
        description=json.dumps([block("paragraph", paragraph(text)) for text in data["description"]]),
        latest_update="[]",
        eu_funded=True,
    )
    project.topics = [topics[name] for name in data["topics"]]
    project.partners = partners_for(data["acronym"])
    return project


def load(home, stdout):
    from demo.topics import topics_by_title

    index = ProjectIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home, ProjectIndexPage(title="Projects", slug="projects", introduction=PROJECT_INDEX_INTRODUCTION)
        )
        stdout.write("Created the project index.")
    existing = set(ProjectPage.objects.child_of(index).values_list("slug", flat=True))
    topics = topics_by_title()
    projects = [copper_project(topics)] + [short_project(data, topics) for data in SHORT_PROJECTS]
    for project in projects:
        if project.slug in existing:
            continue
        publish_child(index, project)
        stdout.write(f"Created the project {project.acronym}.")
    return index
