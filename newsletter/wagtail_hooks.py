"""The "Newsletter" menu of the admin: issues and subscribers (newsletter.admin_views), sendings
(newsletter.admin_sending) and unprocessed feedback (newsletter.admin_feedback).

Add the newsletter's other admin viewsets to `NewsletterAdminGroup.items`.
"""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from core.contributions import ACCOUNT_PANELS, PERSONAL_DATA
from core.review import REVIEWED_SECTIONS
from core.roles import NEWSLETTER_EDITOR, ROLE_GRANTS, RoleGrant, roles_sync

from . import contributions, dashboard
from .admin_feedback import FeedbackViewSet
from .admin_sending import (
    IssueSendingViewSet,
    issue_sending_header_buttons,
    issue_sending_listing_buttons,
)
from .admin_views import IssuesViewSet, SubscriberViewSet
from .models import NewsletterIndexPage


class NewsletterAdminGroup(ViewSetGroup):
    items = (IssuesViewSet, SubscriberViewSet, IssueSendingViewSet, FeedbackViewSet)
    menu_icon = "mail"
    menu_label = "Newsletter"
    menu_name = "newsletter"


@hooks.register("register_admin_viewset")
def register_newsletter_admin():
    return NewsletterAdminGroup()


# "Send test", "Send / schedule" and "Sending progress" on an issue's admin page and in page listings, for people
# who may publish it (newsletter.admin_sending).
hooks.register("register_page_header_buttons", issue_sending_header_buttons)
hooks.register("register_page_listing_more_buttons", issue_sending_listing_buttons)

# The newsletter's section of a person's account page, and its part of their data export and erasure.
hooks.register(ACCOUNT_PANELS, contributions.account_panel)
hooks.register(PERSONAL_DATA, contributions.personal_data)


hooks.register("construct_homepage_panels", dashboard.newsletter_panel)


@hooks.register(ROLE_GRANTS)
def newsletter_editor_permissions():
    # Sending an issue needs the permission to publish it (admin_sending.can_send). Exporting the subscribers
    # (newsletter.export_subscriber) is left to Administrators.
    return [
        RoleGrant(
            NEWSLETTER_EDITOR,
            permissions=(
                "newsletter.view_subscriber",
                "newsletter.change_subscriber",
                # Bounce mail nobody could read (newsletter.admin_feedback): to look at, and discard once dealt with.
                "newsletter.view_unprocessedfeedback",
                "newsletter.delete_unprocessedfeedback",
            ),
            page_actions=("add", "change", "publish"),
            pages=NewsletterIndexPage.objects.all,
        )
    ]


@hooks.register("after_create_page")
def newsletter_editor_gets_a_new_archive(request, page):
    # The role's page permissions are on the archive: a site that had none when the roles were set gets them now.
    if isinstance(page.specific, NewsletterIndexPage):
        roles_sync([NEWSLETTER_EDITOR])


@hooks.register("register_log_actions")
def newsletter_log_actions(actions):
    """Who sent, scheduled, cancelled, paused, resumed or tested an issue, in its history and the site history
    report."""
    actions.register_action("cep.newsletter.send", "Send issue", "Sending started")
    actions.register_action("cep.newsletter.schedule", "Schedule issue", "Sending scheduled")
    actions.register_action("cep.newsletter.cancel", "Cancel sending", "Scheduled sending cancelled")
    actions.register_action("cep.newsletter.test_send", "Send test", "Test sent")
    actions.register_action("cep.newsletter.pause", "Pause sending", "Sending paused")
    actions.register_action("cep.newsletter.resume", "Resume sending", "Sending resumed")


# Issues go through the Communications review (core/review.py) before they are published and sent.
hooks.register(REVIEWED_SECTIONS, NewsletterIndexPage.objects.all)
