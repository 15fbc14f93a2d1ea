import zoneinfo

from django.utils import timezone

from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    """Start and end are typed and shown in the event's own time zone, not the editor's."""

    zoned_fields = ("start", "end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.zoned_fields:
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = timezone.localtime(value, self.instance.zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone = zoneinfo.ZoneInfo(cleaned_data.get("time_zone") or "Europe/Brussels")
        for name in self.zoned_fields:
            value = cleaned_data.get(name)
            if value:
                # The form read the typed time in the editor's zone; keep the wall time, take the event's zone.
                cleaned_data[name] = timezone.make_aware(timezone.make_naive(value), zone)
        return cleaned_data
