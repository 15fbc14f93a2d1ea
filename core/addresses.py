"""E-mail addresses the site will send to: a mailbox at a domain name, not at an IP address, and not at a domain
whose labels mix alphabets as look-alike domains do (`pаypal.org` with a Cyrillic "а").

Django's EmailValidator accepts both (`name@[127.0.0.1]`, any internationalised domain). Every public form that
takes an address uses `AddressField`; allauth's forms and the subscriber import add `address_domain_validate`.
"""

import ipaddress
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

IP_ADDRESS_MESSAGE = "Enter an address at a domain name, such as name@example.org, not at an IP address."
MIXED_SCRIPTS_MESSAGE = (
    "The domain of this address mixes letters of different alphabets, as look-alike addresses do. "
    "Check it and type it again."
)
BROKEN_DOMAIN_MESSAGE = "The domain of this address is not a valid domain name. Check it and type it again."
# The mixes that languages use in one name (Unicode TS 39, "highly restrictive"): Japanese, Chinese and Korean.
ALLOWED_MIXES = (
    {"LATIN", "CJK", "HIRAGANA", "KATAKANA"},
    {"LATIN", "CJK", "BOPOMOFO"},
    {"LATIN", "CJK", "HANGUL"},
)


def letter_scripts(label: str) -> set[str]:
    """The scripts of the letters in `label`, by the first word of their Unicode names (LATIN, CYRILLIC…)."""
    return {unicodedata.name(character, "UNKNOWN").split(" ")[0] for character in label if character.isalpha()}


def label_unicode(label: str) -> str:
    if label.lower().startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError as error:
            raise ValidationError(BROKEN_DOMAIN_MESSAGE, code="broken_domain") from error
    return label


def address_domain_validate(value: str) -> None:
    domain = value.rpartition("@")[2]
    if domain.startswith("[") or _is_ip_address(domain):
        raise ValidationError(IP_ADDRESS_MESSAGE, code="ip_address")
    for label in domain.split("."):
        scripts = letter_scripts(label_unicode(label))
        if len(scripts) > 1 and not any(scripts <= mix for mix in ALLOWED_MIXES):
            raise ValidationError(MIXED_SCRIPTS_MESSAGE, code="mixed_scripts")


def _is_ip_address(domain: str) -> bool:
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True


class AddressField(forms.EmailField):
    def run_validators(self, value):
        super().run_validators(value)  # Django's address check first: one message for an address that fails both
        if value not in self.empty_values:
            address_domain_validate(value)
