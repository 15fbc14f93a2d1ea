from django.contrib.auth.decorators import login_required
from django.http import Http404

from .contributions import invoices_of
from .pdf import invoice_pdf, pdf_response


@login_required
def invoice_download(request, number):
    """An invoice's PDF, for the people of the member it is addressed to and nobody else (a 404 for the others, which
    does not say that the number exists)."""
    invoice = invoices_of(request.user).filter(number=number).first()
    if invoice is None:
        raise Http404("No such invoice of yours.")
    return pdf_response(invoice_pdf(invoice), f"cep-invoice-{invoice.number}.pdf")
