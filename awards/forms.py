"""The award page's admin form and the public nomination form (awards.views).

Neither imports awards.models (which imports this module for the page's form): the form's categories come from
the page, and the nomination's fields are checked against the same lengths as the model's.
"""

from collections import Counter

from django import forms
from django.core.files.uploadedfile import UploadedFile

from wagtail.admin.forms import WagtailAdminPageForm

from core.addresses import AddressField
from core.countries import COUNTRY_CHOICES
from core.public_forms import HoneypotForm

PDF_SIGNATURE = b"%PDF-"
SUPPORTING_PDF_MAX_BYTES = 10 * 1024 * 1024
MOTIVATION_MIN_LENGTH = 100
MOTIVATION_MAX_LENGTH = 4000


class AwardPageForm(WagtailAdminPageForm):
    """One call per year, and no call or category that nominations were sent for may be removed."""

    def clean(self):
        cleaned_data = super().clean()
        calls = self.formsets.get("calls")
        if calls is not None:
            kept = [form for form in calls.forms if form.is_valid() and not form.cleaned_data.get("DELETE")]
            years = Counter(form.cleaned_data.get("year") for form in kept)
            for form in kept:
                if form.cleaned_data.get("year") and years[form.cleaned_data["year"]] > 1:
                    form.add_error("year", "There is another call for this year: one call per year.")
        for relation, what in (("calls", "call"), ("categories", "category")):
            formset = self.formsets.get(relation)
            for form in formset.deleted_forms if formset is not None and formset.is_bound else []:
                if form.instance.pk and form.instance.nominations.exists():
                    self.add_error(
                        None,
                        f"The {what} '{form.instance}' has nominations, so it cannot be removed; "
                        "ask an administrator to delete its nominations first.",
                    )
        return cleaned_data


def one_line(value: str) -> str:
    """Runs of white space as one space: names go into the e-mail's text and the admin's list."""
    return " ".join(value.split())


def supporting_pdf_check(upload: UploadedFile) -> None:
    """A PDF by its first bytes (not only its name), of at most SUPPORTING_PDF_MAX_BYTES."""
    megabytes = SUPPORTING_PDF_MAX_BYTES // (1024 * 1024)
    if upload.size > SUPPORTING_PDF_MAX_BYTES:
        raise forms.ValidationError(f"The file is too large: send a PDF of at most {megabytes} MB.")
    upload.seek(0)
    signature = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if signature != PDF_SIGNATURE or not upload.name.lower().endswith(".pdf"):
        raise forms.ValidationError("The file is not a PDF: save it as a PDF and choose it again.")


class NominationForm(HoneypotForm):
    nominee = forms.CharField(
        label="Nominee",
        max_length=255,
        help_text="The project, programme, team or person you nominate.",
        error_messages={"required": "Name the project, programme, team or person you nominate."},
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=255,
        help_text="The organisation that carries out the work.",
        error_messages={"required": "Name the organisation that carries out the work."},
    )
    country = forms.ChoiceField(
        label="Country",
        choices=[("", "Choose a country"), *COUNTRY_CHOICES],
        error_messages={"required": "Choose the country where the work is done."},
    )
    category = forms.ModelChoiceField(
        label="Category",
        queryset=None,
        empty_label="Choose a category",
        error_messages={
            "required": "Choose the category you nominate for.",
            "invalid_choice": "Choose one of the award's categories.",
        },
    )
    motivation = forms.CharField(
        label="Why this nominee?",
        min_length=MOTIVATION_MIN_LENGTH,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"What the work achieved, for whom, and how you know: {MOTIVATION_MIN_LENGTH} to "
        f"{MOTIVATION_MAX_LENGTH} characters.",
        error_messages={
            "required": "Write why the nominee deserves the award.",
            "min_length": f"Write at least {MOTIVATION_MIN_LENGTH} characters: the jury needs to know what the work "
            "achieved.",
            "max_length": f"Keep it to {MOTIVATION_MAX_LENGTH} characters; attach a PDF for the rest.",
        },
    )
    supporting_pdf = forms.FileField(
        label="Supporting document (PDF)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=f"A report, evaluation or article that shows the results, as one PDF of at most "
        f"{SUPPORTING_PDF_MAX_BYTES // (1024 * 1024)} MB. If the form comes back with a problem, choose the file "
        "again.",
    )
    nominator_name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name."},
    )
    nominator_email = AddressField(
        label="Your e-mail address",
        max_length=254,
        help_text="We confirm the nomination at this address, and the jury may write to you with questions.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories

    @property
    def nomination_fields(self):
        return [self[name] for name in ("nominee", "organisation", "country", "category", "motivation")]

    @property
    def nominator_fields(self):
        return [self[name] for name in ("nominator_name", "nominator_email")]

    def clean_nominee(self):
        return self.required_line("nominee", "Name the project, programme, team or person you nominate.")

    def clean_organisation(self):
        return self.required_line("organisation", "Name the organisation that carries out the work.")

    def clean_nominator_name(self):
        return self.required_line("nominator_name", "Enter your name.")

    def required_line(self, name: str, message: str) -> str:
        value = one_line(self.cleaned_data[name])
        if not value:
            raise forms.ValidationError(message)
        return value

    def clean_nominator_email(self):
        return self.cleaned_data["nominator_email"].strip()

    def clean_supporting_pdf(self):
        upload = self.cleaned_data.get("supporting_pdf")
        if upload:
            supporting_pdf_check(upload)
        return upload

    def nomination_data(self) -> dict:
        """The fields of a `Nomination`, once the form is valid (the PDF apart)."""
        names = ("nominee", "organisation", "country", "category", "motivation", "nominator_name", "nominator_email")
        return {name: self.cleaned_data[name] for name in names}
