import zoneinfo

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from core.addresses import AddressField
from core.countries import COUNTRY_CHOICES
from core.public_forms import HoneypotForm


class ZonedTimesFormMixin:
    """Times typed and shown in the object's own time zone (its `time_zone` field), not the editor's.

    For admin forms of models that store times in UTC next to a `time_zone`: events and event series.
    """

    zoned_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in self.zoned_fields:
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone = zoneinfo.ZoneInfo(cleaned_data.get("time_zone") or "Europe/Brussels")
        for name in self.zoned_fields:
            value = cleaned_data.get(name)
            if value:
                # The form read the typed time in the editor's zone; keep the wall time, take the object's zone.
                cleaned_data[name] = timezone.make_aware(timezone.make_naive(value), zone)
        return cleaned_data


class EventPageForm(ZonedTimesFormMixin, WagtailAdminPageForm):
    """Start and end are typed and shown in the event's own time zone, not the editor's."""

    zoned_fields = ("start", "end", "registration_opens", "registration_deadline")


class EventSeriesForm(ZonedTimesFormMixin, WagtailAdminModelForm):
    """The first start is typed and shown in the series' own time zone, not the editor's."""

    zoned_fields = ("first_start",)


class RegistrationForm(HoneypotForm):
    """An event's public registration form; the details of a logged-in user are filled in for them."""

    name = forms.CharField(max_length=200, label="Name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = AddressField(
        max_length=254,  # the model's length, shorter than the form field's default
        label="E-mail address",
        help_text="We send your confirmation and the joining details here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        max_length=255,
        required=False,
        label="Organisation",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.ChoiceField(choices=[("", "Choose a country"), *COUNTRY_CHOICES], required=False, label="Country")
    is_member = forms.BooleanField(required=False, label="My organisation is a CEP member")
    reminders_consent = forms.BooleanField(required=False, label="Send me reminders before the event")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user and not self.is_bound:
            self.initial.setdefault("name", self.user.get_full_name())
            self.initial.setdefault("email", self.user.email)

    def registration_data(self) -> dict:
        """The keyword arguments of `registration_create`, once the form is valid."""
        data = {name: self.cleaned_data[name] for name in self.fields if name != self.HONEYPOT}
        return {**data, "user": self.user}
