"""The admin's "CEP Award" menu (the jury's nominations), the Award jury's role, and nominators' personal data."""

from django.shortcuts import redirect

from wagtail import hooks
from wagtail.admin import messages

from core.contributions import PERSONAL_DATA, PersonalData, any_address
from core.roles import AWARD_JURY, ROLE_GRANTS, RoleGrant

from .admin_views import AwardAdminGroup
from .models import AwardPage, Nomination


@hooks.register("register_admin_viewset")
def register_award_viewsets():
    return AwardAdminGroup()


@hooks.register(ROLE_GRANTS)
def award_jury_permissions():
    # "view" lists the nominations and downloads their PDFs; "change" reviews one: its status and the jury's notes,
    # the only fields of its edit view. Nominations are never added in the admin, and deleting one is for
    # Administrators.
    return [RoleGrant(AWARD_JURY, permissions=("awards.view_nomination", "awards.change_nomination"))]


@hooks.register("before_delete_page")
def award_page_with_nominations_kept(request, page):
    # Nominations belong to the page's calls and categories: deleting the page would take the jury's work with it.
    if isinstance(page, AwardPage) and Nomination.objects.filter(call__page=page).exists():
        messages.error(
            request,
            f"'{page.title}' has nominations, so it cannot be deleted; ask an administrator to delete them first.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register(PERSONAL_DATA)
def nominations_by_a_person():
    def matching(addresses):
        return Nomination.objects.filter(any_address("nominator_email", addresses)).select_related("call", "category")

    def export(user, addresses):
        return [
            {
                "award": str(nomination.call),
                "category": nomination.category.name,
                "nominee": nomination.nominee,
                "organisation": nomination.organisation,
                "country": nomination.country,
                "motivation": nomination.motivation,
                "your_name": nomination.nominator_name,
                "your_email": nomination.nominator_email,
                "received_at": nomination.received_at,
            }
            for nomination in matching(addresses).order_by("received_at", "pk")
        ]

    def erase(user, addresses):
        # The nomination is the nominee's and the jury's work: it stays, without who sent it.
        matching(addresses).update(nominator_name="", nominator_email="")

    return PersonalData(key="award_nominations", export=export, erase=erase)
