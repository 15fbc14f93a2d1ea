"""Demo content for topics, the resource library and expert groups, from the current CEP site's home page."""

import datetime
import json

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from demo.documents import publication_pdf
from demo.images import topic_image
from demo.site import block, paragraph, publish_child
from topics.models import (
    ExpertGroupIndexPage,
    ExpertGroupPage,
    ResourceFile,
    ResourceIndexPage,
    ResourcePage,
    TopicIndexPage,
    TopicPage,
)

TOPIC_INDEX_INTRODUCTION = (
    "Explore a wide range of materials on probation, including research, presentations from events, articles, "
    "European regulations, and more. This section provides a comprehensive overview of key developments and "
    "resources in the field of probation."
)

# Title, then paragraphs: the first is the short description shown on the home page.
TOPICS = [
    (
        "Community Sanctions and Measures",
        [
            "Community sanctions and measures have a long history in Europe, spanning over a century. Community "
            "sanctions and measures are sanctions and measures which maintain suspects or offenders in the "
            "community and involve some restrictions on their liberty through the imposition of conditions and/ "
            "or obligations.",
        ],
    ),
    (
        "Alternatives to Pre-trial Detention",
        [
            "The overuse of pre-trial detention is a public policy concern capable of causing different "
            "dysfunctions of the criminal justice systems which can, in turn, undermine the rule of law, lead to "
            "various breaches of human rights.",
        ],
    ),
    (
        "Technology",
        [
            "We live in a rapidly changing world were technology plays an important role. Within a second, we "
            "have access to all the information we need and more. Technology in probation is rapidly changing and "
            "expanding as well. Nowadays, things like electronic monitoring, applications and virtual reality are "
            "used by probation officers in their daily work. Something we could have never thought of ten years "
            "ago. What sort of technology will we use in ten years?",
            "Besides technology that probation officers can use in their daily work, the access to technology also "
            "created a new sort of offender: cybercriminals. Offenders that use technology to commit crimes.",
        ],
    ),
    (
        "Education and Training",
        [
            "In 2017 the European Commission Directorate General for Justice, highlighted its interest in the "
            "training of probation professionals. CEP was encouraged to work on creating a network of experts on "
            "the training of probation professionals at European level. This interest was formalized in the "
            "report prepared by the European Commission, “Evaluation of the 2011 European Judicial Training "
            "Strategy and preparation of the future 2019-2025 strategy”, which expanded the range of professional "
            "categories to be included in the new European Commission’s Judicial Training Strategy for the coming "
            "years and included probation professionals.",
            "CEP members also highlighted their interest in the topic of education and training of probation "
            "staff. In a context of a rapid development of the criminal justice field and the growing importance "
            "of probation measures as more effective and with less economic cost, the training of Probation "
            "professionals has become crucial and challenging. In addition, the transfer of probation supervision "
            "orders between Member States has emphasised the need for comparable and equivalent practice across "
            "jurisdictions. In these circumstances, it is important to share knowledge and training expertise "
            "across Europe, train probation staff as specialized professionals and to share good practices, "
            "training methodologies and materials to assure quality training and practice.",
            "CEP is working on the following objectives:",
        ],
    ),
    (
        "Electronic Monitoring",
        [
            "Electronic monitoring (EM) has matured into a commonplace penal tool used widely across Europe and "
            "beyond. Its applications appear to be limitless and its purposes diverse.",
            "It is used in the areas of mental health, domestic violence, terrorism and immigration and diverse "
            "target groups including mental health patients, children and young people, victims of domestic "
            "violence as well as offenders.",
            "EM also creates new challenges. For example, it leads to questions about whether, and in what ways, "
            "EM replaces, develops and/or improves the traditional roles of probation services; the extent to "
            "which the police and families are and/or should be involved in ‘supervising’ offenders; and the most "
            "effective and efficient ways of providing supervision and support for monitored individuals.",
            "At the same time it creates opportunities to join up different areas of public and social policy and "
            "to act as a catalyst for meaningful multi-agency and multi-sector working thereby enabling a more "
            "holistic view of monitored individuals to be taken.",
        ],
    ),
    (
        "Radicalisation and Violent Extremism",
        [
            "The dangers caused by violent extremism in European countries are paramount concerns of the criminal "
            "justice system. Prison and probation programs are two working fields where radicalisation, as well as "
            "deradicalisation meet. It is therefore important that prison and probation programs play an effective "
            "role in preventing violent extremism and raising knowledge regarding (de) radicalisation. Firstly, "
            "because people who are sentenced for executing radical acts, end up there. A part of them will remain "
            "hardboiled and are determined to be faithful to their ideology. Others might want to quit their "
            "radical activities or want to stop being a member of a radicalised group. A third group are prisoners "
            "who are at risk of being recruited and get radicalised during imprisonment.",
            "CEP contributes to the EU Counter-Terrorism Strategy and the EU Strategy for Combating Radicalisation "
            "and Recruitment to Terrorism by playing an active role in the Prison and Probation Working Group of "
            "the Radicalisation Awareness Network (RAN) of the EU Directorate-General Home Affairs and by raising "
            "awareness on these issues among its members by organising meetings and events.",
        ],
    ),
    (
        "Gender-based Violence",
        [
            "Recognizing the severe impact of gender-based violence on individuals and communities, and the need "
            "for coordinated approaches to prevention and rehabilitation, CEP established the Expert Group on "
            "Gender-based Violence in the Probation field to strengthen cooperation, share good practices, and "
            "support effective offender management across Europe.",
        ],
    ),
    (
        "Framework Decisions",
        [
            "The European Union and the Council of Europe have become increasingly important players in the "
            "development of probation in Europe. CEP is not only the voice of probation in Europe, it also wants "
            "to stimulate and support initiatives of international cooperation on probation and on the "
            "implementation of EU regulations. Below you will find all the information about the implementation "
            "of Framework Decisions 2009/829/JHA and 2008/947/JHA.",
        ],
    ),
    (
        "Domestic Violence",
        [
            "Probation services across Europe supervise many people convicted of domestic violence. CEP brings "
            "practitioners together to compare perpetrator programmes, risk assessment and the cooperation with "
            "victim support that keeps partners and children safe.",
        ],
    ),
    (
        "Sexual Offenders",
        [
            "The supervision of people convicted of sexual offences asks for specialised assessment, treatment and "
            "multi-agency public protection arrangements. CEP shares research and practice on what reduces "
            "reoffending while protecting the public.",
        ],
    ),
    (
        "Restorative Justice",
        [
            "Restorative justice gives victims, offenders and communities a voice in repairing the harm caused by "
            "crime. Probation services play a growing role in victim-offender mediation and restorative "
            "conferencing, and CEP promotes the exchange of their experience.",
        ],
    ),
]

EDUCATION_AND_TRAINING_OBJECTIVES = [
    "to create a solid expert network in the field of education and training of probation staff at a "
    "pan-European level;",
    "to exchange experiences and best practices between countries and bodies in the field of education and training;",
    "to share knowledge updates in relation to legislative developments, intervention Guidelines from the "
    "European Commission and the Council of Europe and other research findings;",
    "to have an information data base and central resource point on innovation and good practices presented at "
    "CEP expert network and other meetings on the CEP website.",
]

EXPERT_GROUPS = [
    (
        "Communication and Awareness-Raising",
        "To make probation understandable and visible to the public, the media and policy makers, and to share "
        "how probation services across Europe communicate about their work.",
        [],
    ),
    (
        "Electronic Monitoring",
        "To exchange knowledge on the use of electronic monitoring in probation, its effects and its ethics, and "
        "to prepare CEP's conferences on electronic monitoring.",
        ["Electronic Monitoring", "Technology"],
    ),
    (
        "Education and Training",
        "To create a solid expert network in the field of education and training of probation staff at a "
        "pan-European level, and to exchange experiences, good practices and training materials.",
        ["Education and Training"],
    ),
    (
        "Mental Health",
        "To share practice and research on the supervision of people with mental health problems in the "
        "community, and the cooperation between probation and health services.",
        ["Community Sanctions and Measures"],
    ),
    (
        "Research",
        "To bring together the knowledge base, research and practice to improve learning and outcomes in "
        "probation across Europe.",
        ["Community Sanctions and Measures"],
    ),
    (
        "Gender-based Violence",
        "To strengthen cooperation, share good practices, and support effective offender management across "
        "Europe in cases of gender-based violence.",
        ["Gender-based Violence", "Domestic Violence"],
    ),
]

# Who publishes each type of the demo's resources: CEP's leaflet, the Council of Europe's standards.
RESOURCE_PUBLISHERS = {
    ResourcePage.ResourceType.LEAFLET: "Confederation of European Probation (CEP)",
    ResourcePage.ResourceType.GUIDELINES: "Council of Europe",
}

# Title, type, publication date, description, topics, file languages.
RESOURCES = [
    (
        "European Rules on Community Sanctions and Measures",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2017, 3, 22),
        "Recommendation CM/Rec(2017)3 of the Committee of Ministers of the Council of Europe, which sets out how "
        "community sanctions and measures should be imposed and implemented.",
        ["Community Sanctions and Measures"],
        ["en", "fr"],
    ),
    (
        "Council of Europe Probation Rules",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2010, 1, 20),
        "Recommendation CM/Rec(2010)1 on the Council of Europe Probation Rules: the standards for the work, "
        "organisation and staff of probation agencies.",
        ["Community Sanctions and Measures", "Education and Training"],
        ["en", "fr", "de"],
    ),
    (
        "Framework Decisions 2008/947/JHA and 2009/829/JHA explained",
        ResourcePage.ResourceType.LEAFLET,
        datetime.date(2025, 9, 10),
        "A short guide for practitioners to the transfer of probation measures and supervision orders between EU "
        "Member States, presented at the 2025 Expert Workshop in Brussels.",
        ["Framework Decisions", "Alternatives to Pre-trial Detention"],
        ["en", "fr", "de"],
    ),
    # The Council of Europe's standards on the topics the current site's news and projects leave without content.
    (
        "Recommendation CM/Rec(2014)4 on electronic monitoring",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2014, 2, 19),
        "The Committee of Ministers of the Council of Europe sets out the basic principles for using electronic "
        "monitoring in the criminal justice process in a way that is ethical, proportionate and respects the "
        "private and family life of the people monitored.",
        ["Electronic Monitoring", "Technology"],
        ["en", "fr"],
    ),
    (
        "Guidelines for prison and probation services regarding radicalisation and violent extremism",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2016, 3, 2),
        "Guidelines adopted by the Committee of Ministers of the Council of Europe on how prison and probation "
        "services can prevent radicalisation to violent extremism among the people in their care, and detect, "
        "manage and resettle those who have been radicalised.",
        ["Radicalisation and Violent Extremism"],
        ["en", "fr"],
    ),
    (
        "Recommendation CM/Rec(2018)8 concerning restorative justice in criminal matters",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2018, 10, 3),
        "The Committee of Ministers of the Council of Europe encourages member States to develop restorative "
        "justice and sets out standards for its use at every stage of the criminal justice process, probation "
        "included.",
        ["Restorative Justice"],
        ["en", "fr"],
    ),
    (
        "Council of Europe Convention on preventing and combating violence against women and domestic violence",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2011, 5, 11),
        "The Istanbul Convention (CETS No. 210), opened for signature in May 2011. Among its measures, States set "
        "up programmes that teach perpetrators of domestic violence to behave non-violently (Article 16).",
        ["Gender-based Violence", "Domestic Violence"],
        ["en", "fr"],
    ),
    (
        "Council of Europe Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse",
        ResourcePage.ResourceType.GUIDELINES,
        datetime.date(2007, 10, 25),
        "The Lanzarote Convention (CETS No. 201), opened for signature in October 2007. It provides for "
        "intervention programmes for people prosecuted for or convicted of sexual offences against children, to "
        "prevent them from offending again (Articles 15 to 17).",
        ["Sexual Offenders"],
        ["en", "fr"],
    ),
]


def placeholder_pdf(title, summary="", publisher=""):
    """A PDF with text standing in for a real publication (demo/documents.py)."""
    return publication_pdf(title, summary, publisher)


def topic_body(title, paragraphs):
    body = [block("paragraph", paragraph(text)) for text in paragraphs[1:]]
    if title == "Education and Training":
        body.append(block("bulleted_list", {"items": [paragraph(item) for item in EDUCATION_AND_TRAINING_OBJECTIVES]}))
    return json.dumps(body)


def topics_load(home, stdout):
    index = TopicIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home, TopicIndexPage(title="Our priority topics", slug="topics", introduction=TOPIC_INDEX_INTRODUCTION)
        )
        stdout.write("Created the topic index.")
    existing = set(TopicPage.objects.child_of(index).values_list("title", flat=True))
    for position, (title, paragraphs) in enumerate(TOPICS):
        if title in existing:
            continue
        publish_child(
            index,
            TopicPage(
                title=title,
                short_description=paragraphs[0],
                image=topic_image(title, position=position),
                body=topic_body(title, paragraphs),
            ),
        )
        stdout.write(f"Created the topic {title}.")
    return index


def topics_by_title():
    return {topic.title: topic for topic in TopicPage.objects.all()}


def expert_groups_load(home, stdout):
    index = ExpertGroupIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home,
            ExpertGroupIndexPage(
                title="Expert groups and networks",
                slug="expert-groups",
                introduction="CEP's expert groups bring together practitioners, managers and researchers from its "
                "members to work on one subject, share good practice and advise the Board.",
            ),
        )
        stdout.write("Created the expert group index.")
    existing = set(ExpertGroupPage.objects.child_of(index).values_list("title", flat=True))
    topics = topics_by_title()
    for title, mandate, topic_titles in EXPERT_GROUPS:
        if title in existing:
            continue
        group = ExpertGroupPage(title=title, mandate=paragraph(mandate), period="Ongoing", body="[]")
        group.topics = [topics[name] for name in topic_titles]
        publish_child(index, group)
        stdout.write(f"Created the expert group {title}.")
    return index


def resources_load(home, stdout):
    index = ResourceIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_child(
            home,
            ResourceIndexPage(
                title="Resources",
                slug="resources",
                introduction="Reports, guidelines, leaflets and presentations on probation, many of them in "
                "several languages.",
            ),
        )
        stdout.write("Created the resource library.")
    existing = set(ResourcePage.objects.child_of(index).values_list("title", flat=True))
    topics = topics_by_title()
    document_model = get_document_model()
    for title, resource_type, published, description, topic_titles, languages in RESOURCES:
        if title in existing:
            continue
        resource = ResourcePage(
            title=title, resource_type=resource_type, publication_date=published, description=description
        )
        resource.topics = [topics[name] for name in topic_titles]
        resource.files = [
            ResourceFile(
                language=language,
                document=document_model.objects.create(
                    title=f"{title} ({language})",
                    file=ContentFile(
                        placeholder_pdf(title, description, RESOURCE_PUBLISHERS[resource_type]),
                        name=f"{resource.title[:40]}-{language}.pdf",
                    ),
                ),
            )
            for language in languages
        ]
        publish_child(index, resource)
        stdout.write(f"Created the resource {title}.")
    return index


def load(home, stdout):
    """Returns the index pages, for the menu."""
    return [topics_load(home, stdout), resources_load(home, stdout), expert_groups_load(home, stdout)]
