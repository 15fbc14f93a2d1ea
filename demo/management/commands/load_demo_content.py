import io

from django.core.management.base import BaseCommand, OutputWrapper
from django.db import transaction

from wagtail.models import Site

from core.roles import roles_sync
from demo import (
    awards,
    countries,
    documents,
    events,
    fees,
    governance,
    images,
    members,
    news,
    newsletter,
    projects,
    site,
    topics,
    vacancies,
)


class Command(BaseCommand):
    help = (
        "Build the page tree and fill it with the content of the current CEP site. "
        "Creates what is missing and leaves what exists alone, so it is safe to run again."
    )

    def handle(self, *args, **options):
        # One line per page or item made; with --verbosity 0 (make run) only how many.
        quiet = options["verbosity"] == 0
        unsaid = io.StringIO()
        report = OutputWrapper(unsaid) if quiet else self.stdout
        with transaction.atomic():
            home, about = site.load(report)
            # Topics first: projects and news are tagged with them, and news links to projects.
            topic_index, resource_index, expert_group_index = topics.load(home, report)
            project_index = projects.load(home, report)
            news_index = news.load(home, report)
            event_index = events.load(home, report)
            # After news: the winners link their stories, and a story links the winners.
            award_page = awards.load(home, report)
            membership_page = members.load(home, report)
            # After the members: the renewal invoices those that are active.
            fees.load(report)
            # After news, events and projects: the past issue is made of them.
            newsletter_index = newsletter.load(home, report)
            # After the newsletter: where no vacancy is open, the index points to it.
            vacancy_index = vacancies.load(home, report, newsletter_index=newsletter_index)
            # After news, events and the resource library: each new profile tags those about its country.
            country_index = countries.load(home, report)
            # After the members: the General Assembly is for their group.
            governance_page = governance.load(home, about, report)
            site.home_page_fill(
                home, about_page=about, membership_page=membership_page, hero_image=images.home_hero_image()
            )
            default_site = Site.objects.get(is_default_site=True)
            site.navigation_include(
                default_site,
                [
                    news_index,
                    event_index,
                    topic_index,
                    project_index,
                    resource_index,
                    expert_group_index,
                    membership_page,
                    newsletter_index,
                    country_index,
                ],
            )
            # The footer's CEP column: the rest of the organisation (the menu above it has membership and the
            # newsletter), then the trust pages.
            site.navigation_include(default_site, [governance_page, award_page, vacancy_index], field="footer_links")
            site.tree_order_as_menu(default_site)
            # Last: the privacy notice describes what the other apps collect, and the footer links it after the rest.
            site.trust_pages_load(home, report)
            # Once every page that uses a document is in place: search finds them by the words inside.
            documents.load(report)
            # The staff roles, once the newsletter archive their Newsletter editor works in exists.
            for change in roles_sync():
                report.write(change)
        made = f" ({len(unsaid.getvalue().splitlines())} items made)" if quiet else ""
        self.stdout.write(self.style.SUCCESS(f"Demo content is in place{made}."))
