"""The contact page's form (core.contact)."""

from django import forms

from .addresses import AddressField
from .models import ContactSubmission
from .public_forms import HoneypotForm

MESSAGE_MAX_LENGTH = 5000


def one_line(value: str) -> str:
    """Runs of white space, line breaks included, as one space: the subject and the name go into mail headers."""
    return " ".join(value.split())


class ContactForm(HoneypotForm):
    name = forms.CharField(
        label="Your name",
        max_length=ContactSubmission._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name."},
    )
    email = AddressField(
        label="Your e-mail address",
        max_length=ContactSubmission._meta.get_field("email").max_length,
        help_text="The secretariat answers you at this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=ContactSubmission._meta.get_field("organisation").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    subject = forms.CharField(
        label="Subject",
        max_length=ContactSubmission._meta.get_field("subject").max_length,
        error_messages={"required": "Enter a subject."},
    )
    message = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write your message."},
    )

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name

    def clean_subject(self):
        subject = one_line(self.cleaned_data["subject"])
        if not subject:
            raise forms.ValidationError("Enter a subject.")
        return subject

    def clean_organisation(self):
        return one_line(self.cleaned_data["organisation"])

    def submission_data(self) -> dict:
        """The fields of a `ContactSubmission`, once the form is valid."""
        return {name: self.cleaned_data[name] for name in ("name", "email", "organisation", "subject", "message")}
