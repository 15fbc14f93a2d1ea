"""Reads of the shared app's pages: the vacancies that are open, and those search must leave out."""

from django.db.models import Q
from django.utils import timezone

from .models import VacancyPage
from .visibility import public


def open_vacancies(limit: int | None = None) -> list[VacancyPage]:
    """Live, public vacancies whose closing date is today or later, the soonest closing first. One query."""
    vacancies = public(VacancyPage.objects.live().filter(closing_date__gte=timezone.localdate()))
    vacancies = vacancies.order_by("closing_date", "title")
    return list(vacancies[:limit] if limit else vacancies)


def closed_vacancies_q() -> Q:
    """The vacancies past their closing date, as a filter the search backends accept (on `id`)."""
    closed = VacancyPage.objects.filter(closing_date__lt=timezone.localdate()).values("id")
    return Q(id__in=closed)
