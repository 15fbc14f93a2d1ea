"""The membership application form, the account page's forms, and the Wagtail admin's password reset."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.template.loader import render_to_string

from wagtail.admin.forms.auth import PasswordResetForm

from core import mail
from core.addresses import AddressField
from core.countries import COUNTRY_CHOICES
from core.public_forms import HoneypotForm

from .models import MemberKind, MembershipType
from .services import statute_max_bytes, statute_validate


class MembershipApplicationForm(HoneypotForm):
    """What an applicant sends; someone who is not logged in also chooses the password of their new account.

    A logged-in applicant (with a verified address) gets the form without the account fields.
    """

    ACCOUNT_FIELDS = ("email", "password1", "password2")

    applied_as = forms.ChoiceField(label="Applying as", choices=MemberKind.choices, widget=forms.RadioSelect)
    organisation_name = forms.CharField(
        label="Name of the organisation",
        max_length=255,
        required=False,
        help_text="As it should appear in the member directory. Leave it empty if you apply as a private person.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    membership_type = forms.ChoiceField(
        label="Type of membership",
        choices=MembershipType.choices,
        widget=forms.RadioSelect,
        help_text="Only organisations can be full members; a private person joins as an associate member.",
    )
    country = forms.ChoiceField(label="Country", choices=[("", "Choose a country"), *COUNTRY_CHOICES])
    first_name = forms.CharField(
        label="First name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = AddressField(
        label="E-mail address",
        max_length=254,
        help_text="Your login. We send a link to confirm it; the application goes to the secretariat once you have.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label="Phone",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_position = forms.CharField(
        label="Position",
        max_length=255,
        required=False,
        help_text="Your job title in the organisation.",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    statute = forms.FileField(
        label="Statute (PDF)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    motivation = forms.CharField(
        label="Why do you want to join CEP?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What your organisation (or you) does in probation, and what you expect from CEP.",
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password (again)", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    privacy_consent = forms.BooleanField(
        label="I agree that CEP keeps these details to handle my application, as its privacy notice describes.",
        error_messages={"required": "Agree to the privacy notice to send the application."},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user:
            for name in self.ACCOUNT_FIELDS:
                del self.fields[name]
            if not self.is_bound:
                self.initial.setdefault("first_name", self.user.first_name)
                self.initial.setdefault("last_name", self.user.last_name)
        megabytes = statute_max_bytes() // (1024 * 1024)
        self.fields["statute"].help_text = (
            f"Organisations only: your statute or articles of association, as a PDF of at most {megabytes} MB. "
            "If the form comes back with a problem, choose the file again."
        )

    def fields_named(self, *names):
        return [self[name] for name in names if name in self.fields]

    @property
    def applicant_fields(self):
        return self.fields_named("applied_as", "organisation_name", "membership_type", "country")

    @property
    def contact_fields(self):
        return self.fields_named("first_name", "last_name", "email", "contact_phone", "contact_position")

    @property
    def statute_fields(self):
        return self.fields_named("statute", "motivation")

    @property
    def account_fields(self):
        return self.fields_named("password1", "password2")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_statute(self):
        statute = self.cleaned_data.get("statute")
        if statute:
            statute_validate(statute)
        return statute

    def clean(self):
        cleaned_data = super().clean()
        applied_as = cleaned_data.get("applied_as")
        if applied_as == MemberKind.ORGANISATION:
            if not cleaned_data.get("organisation_name", "").strip():
                self.add_error("organisation_name", "Give the name of the organisation.")
            if not cleaned_data.get("statute") and "statute" not in self.errors:
                self.add_error("statute", "Attach the organisation's statute, as a PDF.")
        elif applied_as == MemberKind.INDIVIDUAL:
            # A private person has no statute; a file sent anyway is not kept.
            cleaned_data["statute"] = None
            if cleaned_data.get("membership_type") == MembershipType.FULL:
                self.add_error(
                    "membership_type",
                    "Only organisations can be full members: as a private person, choose associate membership.",
                )
        if "password1" in self.fields:
            self.clean_passwords(cleaned_data)
        return cleaned_data

    def clean_passwords(self, cleaned_data):
        password, again = cleaned_data.get("password1"), cleaned_data.get("password2")
        if not password or not again:
            return
        if password != again:
            self.add_error("password2", "The two passwords differ: type the same password twice.")
            return
        # Checked against what the account will hold, so that a password like the name or address is refused.
        future_user = get_user_model()(
            email=cleaned_data.get("email", ""),
            first_name=cleaned_data.get("first_name", ""),
            last_name=cleaned_data.get("last_name", ""),
        )
        try:
            password_validation.validate_password(password, user=future_user)
        except forms.ValidationError as error:
            self.add_error("password1", error)

    def application_data(self) -> dict:
        """What `members.services.application_submit` takes as `data`, once the form is valid."""
        data = self.cleaned_data
        return {
            "name": data["organisation_name"].strip() if data["applied_as"] == MemberKind.ORGANISATION else "",
            "applied_as": data["applied_as"],
            "membership_type": data["membership_type"],
            "country": data["country"],
            "contact_name": f"{data['first_name']} {data['last_name']}".strip(),
            "contact_phone": data["contact_phone"],
            "contact_position": data["contact_position"],
            "motivation": data["motivation"],
        }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure that it is you who deletes the account.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not the password of your account.")
        return password


class AdminPasswordResetForm(PasswordResetForm):
    """The Wagtail admin's password reset (WAGTAILADMIN_USER_PASSWORD_RESET_FORM), its e-mail queued instead of
    sent; the rendering is Django's PasswordResetForm.send_mail."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        mail.email_queue(
            "admin.password-reset",
            to=[to_email],
            subject="".join(render_to_string(subject_template_name, context).splitlines()),
            body=render_to_string(email_template_name, context),
            html=render_to_string(html_email_template_name, context) if html_email_template_name else "",
            from_email=from_email or "",
        )
