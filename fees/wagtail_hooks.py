from wagtail import hooks

from core.roles import MEMBERSHIP_SECRETARY, ROLE_GRANTS, RoleGrant

from .admin_views import FeesViewSetGroup


@hooks.register("register_admin_viewset")
def register_fees_admin():
    return FeesViewSetGroup()


@hooks.register(ROLE_GRANTS)
def membership_secretary_fee_permissions():
    # The secretariat keeps the fee schedule and the renewals, records payments and cancels invoices; invoices
    # themselves are only issued by the renewal.
    return [
        RoleGrant(
            MEMBERSHIP_SECRETARY,
            permissions=(
                "fees.view_fee",
                "fees.add_fee",
                "fees.change_fee",
                "fees.view_renewal",
                "fees.add_renewal",
                "fees.change_renewal",
                "fees.view_invoice",
                "fees.change_invoice",
            ),
        )
    ]
