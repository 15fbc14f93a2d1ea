"""Staff roles: Django groups that give each job in the admin what it needs and nothing more (issue 18).

A role is the group of its name. What it may do is a list of `RoleGrant`s: core grants pages, images, documents and
contact messages below; each app grants its own models' permissions from its `wagtail_hooks.py` under `ROLE_GRANTS`,
as apps contribute to core's pages (docs/architecture.md, "Contributions"). `roles_sync` makes every group hold exactly
what its grants say: after every `migrate` (core/apps.py), `manage.py roles_sync`, and the demo after loading its
content. A change made
to one of these groups in the admin's group editor is undone by the next sync: give the person another group instead.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail import hooks
from wagtail.models import PAGE_PERMISSION_TYPES, Collection, GroupCollectionPermission, GroupPagePermission, Page

from .review import review_sync

# Wagtail's migrations made the first two groups, with permissions of their own: the sync adjusts them.
EDITORS = "Editors"
MODERATORS = "Moderators"
EVENTS_TEAM = "Events team"
MEMBERSHIP_SECRETARY = "Membership secretary"
NEWSLETTER_EDITOR = "Newsletter editor"
AWARD_JURY = "Award jury"
ADMINISTRATORS = "Administrators"
ROLES = (EDITORS, MODERATORS, EVENTS_TEAM, MEMBERSHIP_SECRETARY, NEWSLETTER_EDITOR, AWARD_JURY, ADMINISTRATORS)

# fn() -> list[RoleGrant]: what an app's models give the roles.
ROLE_GRANTS = "cep_role_grants"

ACCESS_ADMIN = "wagtailadmin.access_admin"  # every role has it: without it, nobody gets past the admin's login


def site_root() -> list[Page]:
    return [Page.get_first_root_node()]


@dataclass(frozen=True)
class RoleGrant:
    """Permissions one role has: on every object of a model, on pages (`pages` and those below) and on every
    collection of images and documents."""

    role: str
    permissions: tuple[str, ...] = ()  # "app_label.codename"
    page_actions: tuple[str, ...] = ()  # "add", "change", "publish"… (Wagtail's PAGE_PERMISSION_TYPES)
    pages: Callable[[], Iterable[Page]] = site_root  # asked at each sync: the pages may come later than the role
    collection_permissions: tuple[str, ...] = ()  # "wagtailimages.add_image"… on the root collection and below


IMAGES_AND_DOCUMENTS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
# The messages sent with the contact form, which Editors and Moderators read and delete (migration cep_site 0004).
CONTACT_MESSAGES = ("cep_site.view_contactsubmission", "cep_site.delete_contactsubmission")

CORE_GRANTS = [
    # Editors save drafts and submit them for moderation; Moderators also publish, unpublish, lock and unlock.
    RoleGrant(
        EDITORS,
        permissions=CONTACT_MESSAGES,
        page_actions=("add", "change"),
        collection_permissions=IMAGES_AND_DOCUMENTS,
    ),
    RoleGrant(
        MODERATORS,
        permissions=CONTACT_MESSAGES,
        page_actions=("add", "change", "publish", "lock", "unlock"),
        collection_permissions=IMAGES_AND_DOCUMENTS,
    ),
]


def administrators_grant(grants: list[RoleGrant]) -> RoleGrant:
    """What any role has and everything the admin's group editor offers, on all pages and collections: all but
    Django's superuser flag."""
    # The admin registers its viewsets, and with them their permissions, when its URLs are loaded.
    import_module(settings.ROOT_URLCONF)
    offered = {
        f"{app_label}.{codename}"
        for permissions in hooks.get_hooks("register_permissions")
        for app_label, codename in permissions().values_list("content_type__app_label", "codename")
    }
    given = {permission for grant in grants for permission in grant.permissions}
    return RoleGrant(
        ADMINISTRATORS,
        permissions=tuple(sorted(offered | given)),
        page_actions=tuple(action for action, _label, _description in PAGE_PERMISSION_TYPES),
        collection_permissions=(
            *IMAGES_AND_DOCUMENTS,
            "wagtailimages.delete_image",
            "wagtaildocs.delete_document",
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.delete_collection",
        ),
    )


def role_grants() -> list[RoleGrant]:
    grants = [*CORE_GRANTS, *(grant for contribute in hooks.get_hooks(ROLE_GRANTS) for grant in contribute())]
    return [*grants, administrators_grant(grants)]


def permissions_by_label() -> dict[str, Permission]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.select_related("content_type")
    }


def object_permissions_set(model, group: Group, field: str, wanted: set[tuple[int, int]]) -> bool:
    """Makes the group's page or collection permissions (`model`) exactly `wanted`, pairs of the page's or
    collection's id (`field`) and the permission's; whether they changed."""
    rows = model.objects.filter(group=group)
    held = set(rows.values_list(f"{field}_id", "permission_id"))
    for object_id, permission_id in held - wanted:
        rows.filter(**{f"{field}_id": object_id}, permission_id=permission_id).delete()
    model.objects.bulk_create(
        model(group=group, permission_id=permission_id, **{f"{field}_id": object_id})
        for object_id, permission_id in wanted - held
    )
    return held != wanted


def role_sync(role: str, grants: list[RoleGrant], permissions: dict[str, Permission]) -> bool:
    """Gives the role's group exactly what `grants` say; whether it made or changed the group."""
    group, created = Group.objects.get_or_create(name=role)
    mine = [grant for grant in grants if grant.role == role]
    wanted = {permissions[label] for grant in mine for label in (ACCESS_ADMIN, *grant.permissions)}
    changed = wanted != set(group.permissions.all())
    group.permissions.set(wanted)
    pages = {
        (page.pk, permissions[f"wagtailcore.{action}_page"].pk)
        for grant in mine
        for page in grant.pages()
        for action in grant.page_actions
    }
    root = Collection.get_first_root_node()
    collections = {(root.pk, permissions[label].pk) for grant in mine for label in grant.collection_permissions}
    changed |= object_permissions_set(GroupPagePermission, group, "page", pages)
    changed |= object_permissions_set(GroupCollectionPermission, group, "collection", collections)
    return created or changed


@transaction.atomic
def roles_sync(roles: Iterable[str] = ROLES) -> list[str]:
    """Makes the roles' groups hold exactly their grants, and the Moderators the Communications review's reviewers
    (core/review.py); a line for each group it created or changed."""
    grants = role_grants()
    permissions = permissions_by_label()
    changes = [f"Set the permissions of the group {role}." for role in roles if role_sync(role, grants, permissions)]
    review_sync(reviewers=MODERATORS)
    return changes
