"""The admin's "CEP Award" menu (the jury's nominations) and the Award jury's role."""

from wagtail import hooks

from core.roles import AWARD_JURY, ROLE_GRANTS, RoleGrant

from .admin_views import AwardAdminGroup


@hooks.register("register_admin_viewset")
def register_award_viewsets():
    return AwardAdminGroup()


@hooks.register(ROLE_GRANTS)
def award_jury_permissions():
    # "view" lists the nominations and downloads their PDFs; "change" reviews one: its status and the jury's notes,
    # the only fields of its edit view. Nominations are never added in the admin, and deleting one is for
    # Administrators.
    return [RoleGrant(AWARD_JURY, permissions=("awards.view_nomination", "awards.change_nomination"))]
