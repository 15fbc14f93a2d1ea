"""Addresses the site mails must be at a domain name, and not at a look-alike domain that mixes alphabets
(core/addresses.py): every public form that takes an address refuses the others with a message, and stores nothing."""

import pytest

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.addresses import BROKEN_DOMAIN_MESSAGE, IP_ADDRESS_MESSAGE, MIXED_SCRIPTS_MESSAGE, address_domain_validate
from core.forms import ContactForm
from events.forms import RegistrationForm
from members.forms import MembershipApplicationForm
from newsletter.forms import SubscribeForm
from newsletter.models import Subscriber

ACCEPTED = [
    "name@example.org",
    "jan.novak@bücher.de",  # Latin letters with diacritics are one alphabet
    "info@пример.рф",  # Cyrillic throughout
    "info@xn--e1afmkfd.xn--p1ai",  # the same, as it travels in DNS
    "info@例え.jp",  # Japanese mixes Han and Hiragana
    "info@mail-2.probation.example",
]
REFUSED = {
    "a@[127.0.0.1]": IP_ADDRESS_MESSAGE,
    "a@[10.0.0.1]": IP_ADDRESS_MESSAGE,
    "support@pаypal.org": MIXED_SCRIPTS_MESSAGE,  # a Cyrillic "а" among Latin letters
    "support@xn--pypal-4ve.org": MIXED_SCRIPTS_MESSAGE,  # the same, in punycode
    "info@cep-prоbation.org": MIXED_SCRIPTS_MESSAGE,  # a Cyrillic "о"
    "info@xn--99999.org": BROKEN_DOMAIN_MESSAGE,  # punycode that decodes to nothing
}


@pytest.mark.parametrize("address", ACCEPTED)
def test_addresses_at_domain_names_in_one_alphabet_are_accepted(address):
    address_domain_validate(address)


@pytest.mark.parametrize(("address", "message"), REFUSED.items())
def test_ip_literals_and_look_alike_domains_are_refused(address, message):
    with pytest.raises(ValidationError) as refused:
        address_domain_validate(address)
    assert refused.value.messages == [message]


PUBLIC_FORMS = {
    "contact": lambda email: ContactForm({"name": "Ana", "email": email, "subject": "Hello", "message": "Hi."}),
    "event registration": lambda email: RegistrationForm({"name": "Ana", "email": email}),
    "membership application": lambda email: MembershipApplicationForm({"email": email}),
    "newsletter sign-up": lambda email: SubscribeForm({"email": email, "consent": "on"}),
}


@pytest.mark.parametrize("make_form", PUBLIC_FORMS.values(), ids=PUBLIC_FORMS.keys())
@pytest.mark.parametrize(("address", "message"), REFUSED.items())
def test_every_public_form_refuses_them(make_form, address, message):
    assert make_form(address).errors["email"] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/newsletter/subscribe/", {"email": "a@[127.0.0.1]", "consent": "on"}),
        (
            "/accounts/signup/",
            {"email": "a@[127.0.0.1]", "password1": "long-passphrase-1", "password2": "long-passphrase-1"},
        ),
    ],
)
def test_a_post_with_one_is_answered_400_with_the_message_and_nothing_is_stored(client, demo_site, path, data):
    response = client.post(path, data)
    assert response.status_code == 400
    assert IP_ADDRESS_MESSAGE in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not get_user_model().objects.exists()
