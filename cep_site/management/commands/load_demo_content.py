from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Site

from cep_site import demo_content, demo_images
from events import demo_content as events_demo_content
from members import demo_content as members_demo_content
from news import demo_content as news_demo_content
from newsletter import demo_content as newsletter_demo_content
from projects import demo_content as projects_demo_content
from topics import demo_content as topics_demo_content


class Command(BaseCommand):
    help = (
        "Build the page tree and fill it with the content of the current CEP site. "
        "Creates what is missing and leaves what exists alone, so it is safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            home, about = demo_content.load(self.stdout)
            # Topics first: projects and news are tagged with them, and news links to projects.
            topic_index, resource_index, expert_group_index = topics_demo_content.load(home, self.stdout)
            project_index = projects_demo_content.load(home, self.stdout)
            news_index = news_demo_content.load(home, self.stdout)
            event_index = events_demo_content.load(home, self.stdout)
            membership_page = members_demo_content.load(home, self.stdout)
            # After news, events and projects: the past issue is made of them.
            newsletter_index = newsletter_demo_content.load(home, self.stdout)
            demo_content.home_page_fill(
                home, about_page=about, membership_page=membership_page, hero_image=demo_images.home_hero_image()
            )
            site = Site.objects.get(is_default_site=True)
            demo_content.navigation_include(
                site,
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
            demo_content.navigation_include(site, [membership_page, newsletter_index], field="footer_links")
            # Last: the privacy notice describes what the other apps collect, and the footer links it after the rest.
            demo_content.trust_pages_load(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
