"""The membership secretary's panel on the CEP dashboard (core/dashboard.py): applications waiting for a decision,
oldest first, with how long each has waited."""

from django.urls import reverse

from wagtail.permissions import policy_registry

from core.dashboard import Cell, DashboardPanel, Figure, age

from .models import MembershipApplication


class ApplicationsPanel(DashboardPanel):
    name = "cep_membership_applications"
    heading = "Membership applications"
    order = 110
    columns = ("Organisation", "Country", "Applied for", "Waiting")
    empty = "No application is waiting for a decision."
    LIMIT = 8

    def __init__(self):
        self.waiting = MembershipApplication.objects.filter(decision=MembershipApplication.Decision.PENDING)

    def figures(self):
        return [Figure(self.waiting.count(), "waiting for a decision")]

    def rows(self):
        return [
            [
                Cell(application.member.name, reverse("membership_applications:inspect", args=[application.pk])),
                Cell(application.get_country_display()),
                Cell(application.get_membership_type_display()),
                Cell(age(application.created_at)),
            ]
            for application in self.waiting.select_related("member").order_by("created_at")[: self.LIMIT]
        ]

    def links(self):
        return [("All applications", reverse("membership_applications:index"))]


def applications_panel(request, panels) -> None:
    if policy_registry.get_by_type(MembershipApplication).user_has_any_permission(request.user, ["view", "change"]):
        panels.append(ApplicationsPanel())
