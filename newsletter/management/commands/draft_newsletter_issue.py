"""Draft this month's newsletter issue from what was published since the last one, as beat does on the 1st of
every second month (`newsletter.tasks.newsletter_issue_draft`). Running it again in the same month drafts nothing."""

from django.core.management.base import BaseCommand

from newsletter.drafting import issue_draft


class Command(BaseCommand):
    help = (
        "Draft the next newsletter issue (not published) from the news, events, projects and resources since the last."
    )

    def handle(self, *args, **options):
        issue = issue_draft()
        if issue is None:
            self.stderr.write("No issue drafted: the site has no newsletter archive page.")
            return
        self.stdout.write(f"Draft issue: {issue.title} (/admin/pages/{issue.pk}/edit/)")
