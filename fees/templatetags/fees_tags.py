from django import template

from fees import models

register = template.Library()


@register.filter
def money(amount, currency=models.EUR):
    """{{ invoice.amount|money:invoice.currency }} → "EUR 1,250.00", as the PDF and the e-mails write it."""
    return models.money(amount, currency)
