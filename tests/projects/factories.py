"""Factories for the projects app's models and pages, for tests that need more than the demo content."""

import json

import factory
import wagtail_factories

from demo.site import block, paragraph


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Probation Service {number}")
    country = "NL"

    class Meta:
        model = "projects.PartnerOrganisation"


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projects"
    slug = "projects"

    class Meta:
        model = "projects.ProjectIndexPage"


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Project {number}")
    acronym = factory.Sequence(lambda number: f"PRJ{number}")
    full_name = factory.Faker("sentence")
    start_date = factory.Faker("date_between", start_date="-4y", end_date="-1y")
    cep_role = "partner"
    summary = factory.Faker("sentence")
    description = []
    latest_update = []

    class Meta:
        model = "projects.ProjectPage"


def body(*texts):
    return json.dumps([block("paragraph", paragraph(text)) for text in texts])
