from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Site

from demo import events, images, members, news, newsletter, projects, site, topics


class Command(BaseCommand):
    help = (
        "Build the page tree and fill it with the content of the current CEP site. "
        "Creates what is missing and leaves what exists alone, so it is safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            home, about = site.load(self.stdout)
            # Topics first: projects and news are tagged with them, and news links to projects.
            topic_index, resource_index, expert_group_index = topics.load(home, self.stdout)
            project_index = projects.load(home, self.stdout)
            news_index = news.load(home, self.stdout)
            event_index = events.load(home, self.stdout)
            membership_page = members.load(home, self.stdout)
            # After news, events and projects: the past issue is made of them.
            newsletter_index = newsletter.load(home, self.stdout)
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
                ],
            )
            site.navigation_include(default_site, [membership_page, newsletter_index], field="footer_links")
            # Last: the privacy notice describes what the other apps collect, and the footer links it after the rest.
            site.trust_pages_load(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
