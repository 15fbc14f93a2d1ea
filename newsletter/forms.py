from django import forms

from core.addresses import AddressField
from core.public_forms import HoneypotForm

from .services import CONSENT_TEXT, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, SOURCE_MAX_LENGTH


class SubscribeForm(HoneypotForm):
    """The sign-up form: in the footer of every page, in the home page's sign-up block and on its own page.

    Several can be on one page: give each its own `auto_id` ("footer-newsletter-%s") so the ids stay unique.
    """

    email = AddressField(
        max_length=EMAIL_MAX_LENGTH,
        label="E-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        label="Name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Tick the box to agree to receive the newsletter."},
    )


class SubscriberImportForm(forms.Form):
    """The admin's CSV import."""

    MAX_SIZE = 5 * 1024 * 1024

    file = forms.FileField(
        label="CSV file",
        help_text=(
            "One address per line: the e-mail address, then optionally the name, separated by a comma or a "
            "semicolon. A first line with column headings is skipped. UTF-8, as spreadsheet programs save CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    source = forms.CharField(
        max_length=SOURCE_MAX_LENGTH,
        help_text="Where these addresses come from, kept with each one: e.g. 'Conference 2026 attendee list'.",
    )
    consented = forms.BooleanField(
        required=False,
        label="These people already consented to receive the newsletter",
        help_text=(
            "Tick only if each of them agreed, and you can show it. They are subscribed at once, with this source "
            "as their consent record. Otherwise each is sent a link to confirm, and is deleted after 7 days if they "
            "do not."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError("The file is larger than 5 MB; split it into smaller files.")
        return upload
