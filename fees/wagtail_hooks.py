from wagtail import hooks

from core.contributions import ACCOUNT_PANELS, PERSONAL_DATA
from core.mail import OUTBOX_ATTACHMENTS
from core.roles import MEMBERSHIP_SECRETARY, ROLE_GRANTS, RoleGrant

from . import contributions, dashboard
from .admin_views import FeesViewSetGroup
from .models import Invoice
from .pdf import invoice_pdf
from .services import INVOICE_PDF


@hooks.register("register_admin_viewset")
def register_fees_admin():
    return FeesViewSetGroup()


@hooks.register(ROLE_GRANTS)
def membership_secretary_fee_permissions():
    # The secretariat keeps the fee schedule and the renewals, records payments and cancels invoices; invoices
    # themselves are only issued by the renewal.
    return [
        RoleGrant(
            MEMBERSHIP_SECRETARY,
            permissions=(
                "fees.view_fee",
                "fees.add_fee",
                "fees.change_fee",
                "fees.view_renewal",
                "fees.add_renewal",
                "fees.change_renewal",
                "fees.view_invoice",
                "fees.change_invoice",
            ),
        )
    ]


def invoice_attachment(invoice_id: int) -> tuple[str, bytes, str]:
    invoice = Invoice.objects.get(pk=invoice_id)
    return f"cep-invoice-{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf"


@hooks.register(OUTBOX_ATTACHMENTS)
def fee_attachments():
    # The invoice mailed to a member carries its PDF, made when the e-mail is sent.
    return {INVOICE_PDF: invoice_attachment}


# A member's invoices on the account page of each of its people.
hooks.register(ACCOUNT_PANELS, contributions.account_panel)
hooks.register(PERSONAL_DATA, contributions.invoices_of_a_person)

hooks.register("construct_homepage_panels", dashboard.fees_panel)
