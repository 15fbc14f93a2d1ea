import datetime
from decimal import Decimal

import factory


class FeeFactory(factory.django.DjangoModelFactory):
    year = 2027
    category = "full"
    amount = Decimal("1250.00")
    due_days = 30

    class Meta:
        model = "fees.Fee"
        django_get_or_create = ("year", "category")


class RenewalFactory(factory.django.DjangoModelFactory):
    year = 2027
    invoice_on = datetime.date(2027, 1, 15)
    grace_days = 90

    class Meta:
        model = "fees.Renewal"
        django_get_or_create = ("year",)


class InvoicingSettingsFactory(factory.django.DjangoModelFactory):
    seller_name = "Confederation of European Probation"
    seller_address = "Postbus 8215\n3503 RE Utrecht\nThe Netherlands"
    registration = "Chamber of Commerce 40476749"
    iban = "NL91 ABNA 0417 1643 00"
    bic = "ABNANL2A"

    class Meta:
        model = "fees.InvoicingSettings"
