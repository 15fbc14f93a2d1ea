"""Factories for the home app's models and pages, for tests that need more than the demo content."""

import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    body = []

    class Meta:
        model = HomePage
