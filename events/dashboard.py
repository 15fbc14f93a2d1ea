"""The events team's panel on the CEP dashboard (core/dashboard.py): the coming events that take registrations, with
places taken, capacity and waiting list, each linked to its registrations."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.permissions import policy_registry

from core.dashboard import Cell, DashboardPanel

from .admin_views import registrations_url
from .models import EventPage, Registration


class UpcomingEventsPanel(DashboardPanel):
    name = "cep_upcoming_events"
    heading = "Upcoming events"
    order = 120
    columns = ("Event", "Starts", "Places taken", "Capacity", "Waiting list", "To confirm")
    empty = "No coming event takes registrations."
    LIMIT = 8

    def rows(self):
        def counted(status):
            return Count("registrations", filter=Q(registrations__status=status))

        events = (
            EventPage.objects.live()
            .filter(takes_registrations=True, end__gte=timezone.now())
            .annotate(
                taken=counted(Registration.Status.CONFIRMED),
                waiting=counted(Registration.Status.WAITLISTED),
                to_confirm=counted(Registration.Status.PENDING),
            )
            .order_by("start", "pk")[: self.LIMIT]
        )
        return [
            [
                Cell(event.title, registrations_url(event)),
                Cell(date_format(timezone.localtime(event.start), "j M Y")),
                Cell(str(event.taken)),
                Cell(str(event.capacity) if event.capacity else "No limit"),
                Cell(str(event.waiting) if event.waitlist else "None kept"),
                Cell(str(event.to_confirm)),
            ]
            for event in events
        ]


def upcoming_events_panel(request, panels) -> None:
    if policy_registry.get_by_type(Registration).user_has_any_permission(request.user, ["view", "change"]):
        panels.append(UpcomingEventsPanel())
