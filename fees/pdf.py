"""Invoices and credit notes as PDF files (ReportLab), made from what the document holds, so the same document gives
the same file whenever it is asked for: nothing is stored but the invoice itself.

The font is Source Sans 3, the site's own, embedded: the standard PDF fonts cover Western European letters only, and
CEP's members write their names in every European alphabet.
"""

from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.http import HttpResponse
from django.utils.dateformat import format as date_format

from .models import CreditNote, Invoice, InvoicingSettings, money

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "SourceSans3", "SourceSans3-Semibold"
NAVY = colors.HexColor("#003399")


def fonts_register() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, FONTS / "SourceSans3-Regular.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, FONTS / "SourceSans3-Semibold.ttf"))
        # <b> in a paragraph's markup picks the family's bold.
        registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


STYLES = {
    "body": ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14),
    "small": ParagraphStyle("small", fontName=REGULAR, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444")),
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=20, leading=26, textColor=NAVY, alignment=TA_RIGHT),
    "seller": ParagraphStyle("seller", fontName=BOLD, fontSize=12, leading=15, textColor=NAVY),
    "right": ParagraphStyle("right", fontName=REGULAR, fontSize=10, leading=14, alignment=TA_RIGHT),
}


def lines(text: str) -> str:
    """Text of several lines as a paragraph's markup."""
    return "<br/>".join(escape(line) for line in text.splitlines() if line.strip())


def long_date(day) -> str:
    return date_format(day, "j F Y")


def document_pdf(
    document, *, title: str, facts: list[tuple[str, str]], rows: list[tuple[str, str]], closing: list[str]
):
    fonts_register()
    buffer = BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {document.number}",
        author=document.seller.splitlines()[0],
    )
    seller_name, *seller_rest = document.seller.splitlines()
    header = Table(
        [
            [
                [
                    Paragraph(lines(seller_name), STYLES["seller"]),
                    Paragraph(lines("\n".join(seller_rest)), STYLES["small"]),
                ],
                [Paragraph(title, STYLES["title"])]
                + [Paragraph(f"{label}: <b>{value}</b>", STYLES["right"]) for label, value in facts],
            ]
        ],
        colWidths=[95 * mm, 75 * mm],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    bill_to = [Paragraph("<b>To</b>", STYLES["body"]), Paragraph(lines(document.member_name), STYLES["body"])]
    if document.billing_address:
        bill_to.append(Paragraph(lines(document.billing_address), STYLES["body"]))
    if document.vat_number:
        bill_to.append(Paragraph(f"VAT {document.vat_number}", STYLES["body"]))
    items = Table(
        [
            [Paragraph("<b>Description</b>", STYLES["body"]), Paragraph("<b>Amount</b>", STYLES["right"])],
            *[[Paragraph(lines(text), STYLES["body"]), Paragraph(amount, STYLES["right"])] for text, amount in rows],
            [
                Paragraph("<b>Total</b>", STYLES["body"]),
                Paragraph(f"<b>{money(document.amount, document.currency)}</b>", STYLES["right"]),
            ],
        ],
        colWidths=[130 * mm, 40 * mm],
    )
    items.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story = [header, Spacer(0, 14 * mm), *bill_to, Spacer(0, 10 * mm), items, Spacer(0, 8 * mm)]
    story += [Paragraph(text, STYLES["body"]) for text in closing]
    pdf.build(story)
    return buffer.getvalue()


def invoice_pdf(invoice: Invoice) -> bytes:
    account = InvoicingSettings.load()
    bank = f"IBAN {account.iban}" + (f", BIC {account.bic}" if account.bic else "")
    return document_pdf(
        invoice,
        title="Invoice",
        facts=[("Number", invoice.number), ("Date", long_date(invoice.issued_on)), ("Due", long_date(invoice.due_on))],
        rows=[(invoice.description, money(invoice.amount, invoice.currency))],
        closing=[
            f"Please pay {money(invoice.amount, invoice.currency)} by {long_date(invoice.due_on)} to "
            f"{account.seller_name}, {bank}, giving the reference <b>{invoice.number}</b>.",
        ],
    )


def credit_note_pdf(note: CreditNote) -> bytes:
    return document_pdf(
        note,
        title="Credit note",
        facts=[("Number", note.number), ("Date", long_date(note.issued_on)), ("Cancels", note.invoice.number)],
        rows=[(f"Cancels invoice {note.invoice.number}: {note.reason}", money(note.amount, note.currency))],
        closing=["Nothing is owed on the invoice this note cancels."],
    )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF to download, kept by no cache on the way: an invoice is one member's business."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
