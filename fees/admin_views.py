"""The fee schedule, the yearly renewals and the invoices in the Wagtail admin, with recording a payment and
cancelling an invoice with a credit note (fees.services does both)."""

import re
from decimal import Decimal

from django import forms
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.views.generic import View

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton

from core.admin_views import RecordActionView

from .models import CreditNote, Fee, Invoice, Renewal, money
from .pdf import credit_note_pdf, invoice_pdf, pdf_response
from .services import FeeRefused, invoice_cancel, payment_record, renewal_invoice, renewal_uninvoiced


def long_date(day) -> str:
    return date_format(day, "j M Y")


def amount_cell(amount, invoice) -> str:
    """An amount in a column: on one line, its currency included."""
    return format_html("{}&nbsp;{}", invoice.currency, f"{amount:,.2f}")


AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")


class AmountField(forms.CharField):
    """An amount in euros as people type it: 1250, 1250.00 or 1250,00 (spaces between thousands allowed)."""

    def clean(self, value):
        typed = re.sub(r"[\s\u00a0\u202f]", "", super().clean(value) or "").removeprefix("€").removeprefix("EUR")
        if not AMOUNT.match(typed):
            raise forms.ValidationError(
                "Write the amount in euros with a decimal point or comma and no thousands separator, e.g. 1250.00."
            )
        return Decimal(typed.replace(",", "."))


class PaymentForm(forms.Form):
    amount = AmountField(label="Amount (EUR)", max_length=20, help_text="As on the bank statement, e.g. 625.00.")
    received_on = forms.DateField(
        label="Received on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the money reached CEP's account.",
    )
    reference = forms.CharField(max_length=100, help_text="The transfer's reference on the bank statement.")


class CancelForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Printed on the credit note and kept with the invoice."
    )


class InvoiceActionView(RecordActionView):
    """GET: the invoice and a form; POST: the service does it, or says why not, and nothing changes."""

    model = Invoice
    template_name = "fees/admin/invoice_action.html"
    index_url_name = "fees_invoices:index"
    form_class = None
    explanation = ""

    def get_queryset(self):
        return Invoice.objects.select_related("member")

    def get_page_subtitle(self):
        return f"{self.object} · {self.object.member_name}"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or self.form_class(),
            invoice=self.object,
            explanation=self.explanation,
            action_label=self.action_label,
            back_url=self.back_url,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            message = self.perform(form.cleaned_data)
        except FeeRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, message)
        return redirect(self.back_url)


class PaymentRecordView(InvoiceActionView):
    form_class = PaymentForm
    action_label = "Record a payment"
    explanation = (
        "A bank transfer received for this invoice. Part payments add up; more than is owed shows as owed to the "
        "member."
    )

    def get_context_data(self, form=None, **kwargs):
        form = form or self.form_class(initial={"received_on": timezone.localdate()})
        return super().get_context_data(form=form, **kwargs)

    def perform(self, data):
        payment = payment_record(self.object, by=self.request.user, **data)
        invoice = Invoice.objects.with_paid().select_related("member").get(pk=self.object.pk)
        if invoice.balance == 0:
            state = "paid in full"
        elif invoice.balance > 0:
            state = f"{money(invoice.balance, invoice.currency)} short"
        else:
            state = f"overpaid by {money(invoice.overpaid, invoice.currency)}"
        message = f"{money(payment.amount, payment.currency)} recorded: invoice {invoice.number} is {state}."
        if self.object.member and invoice.member.status != self.object.member.status:
            message += f" The membership of {invoice.member.name} is restored."
        return message


class InvoiceCancelView(InvoiceActionView):
    form_class = CancelForm
    action_label = "Cancel with a credit note"
    explanation = (
        "An issued invoice never changes: a credit note for its whole amount cancels it. Issue a new invoice if one "
        "is still owed."
    )

    def perform(self, data):
        note = invoice_cancel(self.object, reason=data["reason"])
        return f"Invoice {self.object.number} is cancelled by credit note {note.number}."


class InvoicePDFView(PermissionCheckedMixin, View):
    """The invoice, or the credit note that cancels it, as a PDF file to download."""

    model = Invoice
    permission_required = "view"
    credit_note = False

    def get(self, request, pk):
        invoice = get_object_or_404(Invoice, pk=pk)
        if self.credit_note:
            note = get_object_or_404(CreditNote, invoice=invoice)
            return pdf_response(credit_note_pdf(note), f"cep-credit-note-{note.number}.pdf")
        return pdf_response(invoice_pdf(invoice), f"cep-invoice-{invoice.number}.pdf")


class InvoiceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_paid()


class InvoiceInspectView(InspectView):
    pdf_url_name = None
    credit_note_pdf_url_name = None
    pay_url_name = None
    cancel_url_name = None

    def get_object(self, queryset=None):
        # Paid, balance and overpaid are read several times on the page: annotated once instead of a query each.
        return get_object_or_404(Invoice.objects.with_paid(), pk=unquote(str(self.pk)))

    # What an invoice prints on several lines is shown on several lines; amounts as the invoice writes them.
    def get_amount_display_value(self):
        return money(self.object.amount, self.object.currency)

    def get_billing_address_display_value(self):
        return linebreaksbr(self.object.billing_address) or "-"

    def get_seller_display_value(self):
        return linebreaksbr(self.object.seller)

    def get_context_data(self, **kwargs):
        invoice = self.object
        issued = invoice.status == Invoice.Status.ISSUED
        return super().get_context_data(
            payments=invoice.payments.select_related("recorded_by"),
            reminders=invoice.reminders.order_by("days_after_issue"),
            credit_note=getattr(invoice, "credit_note", None) if not issued else None,
            pdf_url=reverse(self.pdf_url_name, args=[invoice.pk]),
            credit_note_pdf_url=not issued and reverse(self.credit_note_pdf_url_name, args=[invoice.pk]),
            pay_url=issued and reverse(self.pay_url_name, args=[invoice.pk]),
            cancel_url=issued and reverse(self.cancel_url_name, args=[invoice.pk]),
            **kwargs,
        )


class InvoiceViewSet(ModelViewSet):
    """Invoices are issued by the renewal (or the services), never typed in: no add, edit or delete."""

    model = Invoice
    name = "fees_invoices"
    url_prefix = "fees/invoices"
    icon = "doc-full"
    menu_label = "Invoices"
    index_view_class = InvoiceIndexView
    inspect_view_class = InvoiceInspectView
    inspect_template_name = "fees/admin/invoice_inspect.html"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "number",
        "member_name",
        # Dates and amounts as on the invoice and the bank statement, not "1 month ago".
        Column(
            "issued_on", label="Issued", accessor=lambda invoice: long_date(invoice.issued_on), sort_key="issued_on"
        ),
        Column("due_on", label="Due", accessor=lambda invoice: long_date(invoice.due_on), sort_key="due_on"),
        Column(
            "amount",
            label="Amount",
            accessor=lambda invoice: money(invoice.amount, invoice.currency),
            sort_key="amount",
        ),
        Column("paid", label="Paid", accessor=lambda invoice: money(invoice.paid, invoice.currency)),
        Column("balance", label="Left to pay", accessor=lambda invoice: money(invoice.balance, invoice.currency)),
        "status",
    ]
    list_filter = ["year", "status", "fee_category"]
    # For the accountant: the list as filtered, as CSV or XLSX.
    list_export = [
        "number",
        "issued_on",
        "due_on",
        "member_name",
        "vat_number",
        "description",
        "currency",
        "amount",
        "paid",
        "balance",
        "get_status_display",
    ]
    export_headings = {
        "number": "Invoice",
        "issued_on": "Issued",
        "due_on": "Due",
        "member_name": "Member",
        "vat_number": "Member's VAT number",
        "paid": "Paid",
        "balance": "Left to pay",
        "get_status_display": "Status",
    }
    export_filename = "cep-invoices"
    search_fields = ["number", "member_name"]
    search_backend_name = None
    form_fields = []
    inspect_view_fields = [
        "number",
        "issued_on",
        "due_on",
        "member",
        "member_name",
        "billing_address",
        "vat_number",
        "description",
        "amount",
        "status",
        "seller",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            inspect_url_name=self.get_url_name("inspect"),
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            pdf_url_name=self.get_url_name("pdf"),
            credit_note_pdf_url_name=self.get_url_name("credit_note_pdf"),
            pay_url_name=self.get_url_name("pay"),
            cancel_url_name=self.get_url_name("cancel"),
            **kwargs,
        )

    def get_urlpatterns(self):
        listing = ("index", "index_results", "inspect")
        kept = [pattern for pattern in super().get_urlpatterns() if pattern.name in listing]
        return [
            *kept,
            path("pay/<int:pk>/", self.construct_view(PaymentRecordView), name="pay"),
            path("cancel/<int:pk>/", self.construct_view(InvoiceCancelView), name="cancel"),
            path("pdf/<int:pk>/", self.construct_view(InvoicePDFView), name="pdf"),
            path(
                "credit-note-pdf/<int:pk>/",
                self.construct_view(InvoicePDFView, credit_note=True),
                name="credit_note_pdf",
            ),
        ]


class FeeViewSet(ModelViewSet):
    model = Fee
    name = "fees_schedule"
    url_prefix = "fees/schedule"
    icon = "tag"
    menu_label = "Fee schedule"
    list_display = ["year", "category", "amount", "due_days"]
    list_filter = ["year"]
    form_fields = ["year", "category", "amount", "due_days"]
    copy_view_enabled = True


class RenewalInvoiceView(RecordActionView):
    """Invoice the active members a renewal has not invoiced yet: those who joined since its day, or all of them
    before it. GET says who; POST issues and e-mails their invoices."""

    model = Renewal
    template_name = "fees/admin/renewal_invoice.html"
    action_label = "Invoice the members not yet invoiced"
    index_label = "Yearly renewals"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            renewal=self.object,
            uninvoiced=renewal_uninvoiced(self.object),
            back_url=self.back_url,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        made = renewal_invoice(self.object)
        left = renewal_uninvoiced(self.object).count()
        if made:
            messages.success(request, f"{len(made)} invoice{'s'[: len(made) != 1]} issued and e-mailed.")
        if left:
            messages.error(
                request,
                f"{left} member{'s'[: left != 1]} could not be invoiced: add the {self.object.year} fee for their "
                "category to the fee schedule, and they are invoiced within the hour.",
            )
        elif not made:
            messages.success(request, f"Every member is invoiced for {self.object.year} already.")
        return redirect(self.index_url_name)


class RenewalIndexView(IndexView):
    invoice_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                ListingButton(
                    "Invoice the members not yet invoiced",
                    reverse(self.invoice_url_name, args=[instance.pk]),
                    icon_name="doc-full",
                    priority=20,
                )
            )
        return buttons


class RenewalViewSet(ModelViewSet):
    model = Renewal
    name = "fees_renewals"
    url_prefix = "fees/renewals"
    icon = "date"
    menu_label = "Yearly renewals"
    index_view_class = RenewalIndexView
    list_display = [
        "year",
        Column("invoice_on", label="Invoices issued on", accessor=lambda renewal: long_date(renewal.invoice_on)),
        "grace_days",
        "invoiced_at",
    ]
    form_fields = ["year", "invoice_on", "grace_days"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(invoice_url_name=self.get_url_name("invoice"), **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "invoice/<int:pk>/",
                self.construct_view(RenewalInvoiceView, index_url_name=self.get_url_name("index")),
                name="invoice",
            ),
        ]


class FeesViewSetGroup(ModelViewSetGroup):
    items = (InvoiceViewSet, FeeViewSet, RenewalViewSet)
    menu_label = "Fees"
    menu_icon = "form"
    menu_name = "fees"
