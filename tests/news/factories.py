"""Factories for the news app's models and pages, for tests that need more than the demo content."""

import factory
import wagtail_factories


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Category {number}")

    class Meta:
        model = "news.NewsCategory"
        django_get_or_create = ["name"]


class NewsTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Type {number}")

    class Meta:
        model = "news.NewsType"
        django_get_or_create = ["name"]


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = "news.NewsIndexPage"


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"News item {number}")
    date = factory.Faker("date_between", start_date="-3y", end_date="today")
    teaser = factory.Faker("sentence")
    news_type = factory.SubFactory(NewsTypeFactory)
    body = []

    class Meta:
        model = "news.NewsPage"
