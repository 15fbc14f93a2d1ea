"""Every field of every public form, at every length that matters: the longest it takes is stored whole, one
character more and far more are refused with a 400 and the field's message, and nothing is stored.

The fields are read from the forms themselves, so a field added later is covered too.
"""

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.forms import ContactForm
from core.models import ContactSubmission
from events.forms import RegistrationForm
from events.models import EventPage, Registration
from members.forms import MembershipApplicationForm
from newsletter.forms import SubscribeForm
from newsletter.models import Subscriber
from tests.members.factories import application_form_data

pytestmark = [pytest.mark.usefixtures("shared_demo"), pytest.mark.django_db]

PASSWORD = "a-long-passphrase-for-tests"
FAR_TOO_LONG = 100_000


def open_event_url() -> str:
    event = EventPage.objects.live().filter(takes_registrations=True, start__gt=timezone.now()).first()
    return event.url + "register/"


def nothing_stored_by(form_name: str) -> bool:
    stored = {
        "contact": lambda: ContactSubmission.objects.filter(email__startswith="long.input").exists(),
        "newsletter": lambda: Subscriber.objects.filter(email__startswith="long.input").exists(),
        "registration": lambda: Registration.objects.filter(email__startswith="long.input").exists(),
        "membership": lambda: get_user_model().objects.filter(email__startswith="long.input").exists(),
    }
    return not stored[form_name]()


FORMS = {
    "contact": (
        ContactForm,
        lambda: "/contact/",
        lambda: {"name": "Ana", "email": "long.input@example.org", "subject": "Hello", "message": "Hi."},
    ),
    "newsletter": (
        SubscribeForm,
        lambda: "/newsletter/subscribe/",
        lambda: {"email": "long.input@example.org", "name": "Ana", "consent": "on"},
    ),
    "registration": (
        RegistrationForm,
        open_event_url,
        lambda: {"name": "Ana", "email": "long.input@example.org", "organisation": "Probation"},
    ),
    "membership": (
        MembershipApplicationForm,
        lambda: "/membership/apply/",
        lambda: application_form_data(email="long.input@example.org"),
    ),
}


def text_fields(form_class) -> list[tuple[str, int | None]]:
    """The fields a person types into, with their longest value (None: no limit of the form's own)."""
    form = form_class()
    return [
        (name, field.max_length)
        for name, field in form.fields.items()
        if hasattr(field, "max_length") and not getattr(field, "choices", None) and name != form.HONEYPOT
    ]


CASES = [
    (form_name, field_name, max_length)
    for form_name, (form_class, _url, _data) in FORMS.items()
    for field_name, max_length in text_fields(form_class)
]


def value_of_length(field_name: str, length: int) -> str:
    if "email" in field_name:
        # An address of that length: a local part, then labels of at most 63 characters.
        domain = "example.org"
        local = "long.input"
        body = length - len(local) - 1 - len(domain)
        labels = []
        while body > 0:
            label = min(63, body - 1) if body > 1 else 1
            labels.append("d" * label)
            body -= label + 1
        return f"{local}@{'.'.join([*labels, domain]) if labels else domain}"[:length]
    if field_name.startswith("password"):
        return (PASSWORD * (length // len(PASSWORD) + 1))[:length]
    text = ("Probation " * (length // 10 + 1))[:length]
    return text[:-1] + "n" if text.endswith(" ") else text  # Django strips the white space around a value


@pytest.mark.parametrize(("form_name", "field_name", "max_length"), CASES, ids=[f"{f}-{n}" for f, n, _ in CASES])
def test_a_value_over_the_fields_limit_is_refused_with_a_400_and_its_message_and_nothing_is_stored(
    client, form_name, field_name, max_length
):
    _form_class, url, data = FORMS[form_name]
    for length in {(max_length or FAR_TOO_LONG) + 1, FAR_TOO_LONG}:
        posted = data()
        posted[field_name] = value_of_length(field_name, length)
        if field_name == "password1":
            posted["password2"] = posted["password1"]
        response = client.post(url(), posted)
        if max_length is None:
            # No limit of the form's own (a password): any status but a server error, and never cut short.
            assert response.status_code < 500, (field_name, length, response.status_code)
            continue
        assert response.status_code == 400, (field_name, length, response.status_code)
        assert "at most" in response.content.decode(), (field_name, length)
        assert nothing_stored_by(form_name), (form_name, field_name, length)


LIMITED = [case for case in CASES if case[2] is not None]


@pytest.mark.parametrize(("form_name", "field_name", "max_length"), LIMITED, ids=[f"{f}-{n}" for f, n, _ in LIMITED])
def test_a_value_at_the_fields_limit_is_taken_whole(client, form_name, field_name, max_length):
    _form_class, url, data = FORMS[form_name]
    posted = data()
    posted[field_name] = value_of_length(field_name, max_length)
    response = client.post(url(), posted)
    assert response.status_code in (200, 303), (field_name, response.status_code)
    assert posted[field_name] and len(posted[field_name]) == max_length
