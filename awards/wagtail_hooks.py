"""The admin's "CEP Award" menu (the jury's nominations) and the Award jury's role."""

from django.shortcuts import redirect

from wagtail import hooks
from wagtail.admin import messages

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
