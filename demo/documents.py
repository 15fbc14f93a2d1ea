"""The demo's PDF files: real PDFs with text (ReportLab), so that site search has words inside documents to find.

A resource's file has a cover page (its title, who publishes it, the summary its page shows) and a page about the
copy; the CEP leaflet on the Framework Decisions has two pages of its own, whose words ("certificate", "lawfully",
"breaches") are on no page of the site: searching for them finds the resource through its PDF.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from core.documents import documents_read, documents_unread

ABOUT_THIS_COPY = (
    "About this copy",
    [
        "This is a demonstration copy, made by the demo content of the CEP website so that the resource library has "
        "a file to offer. The authoritative text is the one its publisher makes available.",
    ],
)

# Pages after the cover, by title: each a heading and its paragraphs.
PUBLICATION_PAGES = {
    "Framework Decisions 2008/947/JHA and 2009/829/JHA explained": [
        (
            "Probation measures and alternative sanctions (2008/947/JHA)",
            [
                "A person sentenced in one EU Member State can serve a probation measure or an alternative sanction "
                "in the Member State where they lawfully and ordinarily reside.",
                "The issuing State sends the judgment with a certificate; the executing State recognises the judgment "
                "and supervises the measure as it would one of its own.",
            ],
        ),
        (
            "Supervision instead of pre-trial detention (2009/829/JHA)",
            [
                "The European Supervision Order lets a suspect who lives in another Member State wait for the trial "
                "at home, under supervision measures, rather than in pre-trial detention abroad.",
                "The home State supervises the measures and reports breaches to the State where the trial takes place.",
            ],
        ),
        ABOUT_THIS_COPY,
    ],
}


def publication_pdf(title: str, summary: str = "", publisher: str = "") -> bytes:
    """A PDF of the publication: its cover, then its pages (PUBLICATION_PAGES), else a page about the copy."""
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(title), styles["Title"])]
    if publisher:
        story.append(Paragraph(escape(publisher), styles["Heading3"]))
    if summary:
        story += [Spacer(1, 12), Paragraph(escape(summary), styles["BodyText"])]
    for heading, paragraphs in PUBLICATION_PAGES.get(title, [ABOUT_THIS_COPY]):
        story += [PageBreak(), Paragraph(escape(heading), styles["Heading2"])]
        story += [Paragraph(escape(text), styles["BodyText"]) for text in paragraphs]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, author=publisher or "CEP").build(story)
    return buffer.getvalue()


def load(stdout) -> None:
    """Read the text of the demo's documents now, inside the load: the reading their upload queued comes at commit,
    after the pages were indexed, and the tests' snapshot of the demo is rolled back before any commit."""
    unread = documents_unread()
    documents_read(document_ids=unread)
    if unread:
        stdout.write(f"Read the text of {len(unread)} documents for search.")
