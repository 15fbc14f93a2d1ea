"""The "Newsletter" menu of the admin: subscribers (newsletter.admin_views) and sendings (newsletter.admin_sending).

Add the newsletter's other admin viewsets to `NewsletterAdminGroup.items`.
"""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from core.contributions import ACCOUNT_PANELS, PERSONAL_DATA

from . import contributions, dashboard
from .admin_sending import (
    IssueSendingViewSet,
    issue_sending_header_buttons,
    issue_sending_listing_buttons,
)
from .admin_views import SubscriberViewSet


class NewsletterAdminGroup(ViewSetGroup):
    items = (SubscriberViewSet, IssueSendingViewSet)
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
