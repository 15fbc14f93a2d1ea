"""Read-side questions about membership, answered from the memberships, never from a flag or the group."""

from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet

from wagtail.images import get_image_model

from core.images import LOGO_IMAGE, renditions

from .models import MemberKind, MemberOrganisation, Membership


def user_is_member(user) -> bool:
    """A person is a member while they belong to a member whose membership is provisional or confirmed."""
    if not user.is_authenticated:
        return False
    return Membership.objects.active().filter(user=user).exists()


def user_sees_member_contacts(user) -> bool:
    """Members see each other's contact people; so do staff who may look at member organisations."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.has_perm("members.view_memberorganisation"):
        return True
    return user_is_member(user)


def member_people(member: MemberOrganisation) -> QuerySet:
    """The people of a member with their accounts, main contacts first."""
    return Membership.objects.filter(member=member).select_related("user").order_by("role", "user__last_name")


def members_of_user(user) -> QuerySet:
    """The members (organisations or an individual membership) a person belongs to, in any status."""
    return MemberOrganisation.objects.filter(memberships__user=user).distinct()


def directory_members(*, with_contacts: bool, country: str = "") -> list[MemberOrganisation]:
    """Organisations with a provisional or confirmed membership, by country then name; only those of `country` (its
    code) when given.

    The public sees those that chose to be listed; members and staff (`with_contacts`) see every one, with its
    main contacts.

    A fixed number of queries whatever the number of members: the logos with their renditions and, when asked
    for, the main contacts with their accounts are fetched up front.
    """
    logos = get_image_model().objects.prefetch_renditions(*renditions(LOGO_IMAGE))
    prefetches = [Prefetch("logo", queryset=logos)]
    if with_contacts:
        contacts = Membership.objects.filter(role=Membership.Role.MAIN_CONTACT).select_related("user")
        prefetches.append(Prefetch("memberships", queryset=contacts.order_by("user__last_name", "user__email")))
    members = MemberOrganisation.objects.active().filter(kind=MemberKind.ORGANISATION).prefetch_related(*prefetches)
    if not with_contacts:
        members = members.filter(listed_in_directory=True)
    if country:
        members = members.filter(country=country)
    return sorted(members, key=lambda member: (member.get_country_display(), member.name.casefold()))


def directory_by_country(*, with_contacts: bool) -> list[tuple[str, list[MemberOrganisation]]]:
    """The directory grouped by country: [(country name, [members…]), …] in alphabetical order."""
    members = directory_members(with_contacts=with_contacts)
    return [(country, list(group)) for country, group in groupby(members, key=lambda m: m.get_country_display())]


def membership_figures() -> list[tuple[int, str]]:
    """The key figures the home page shows, counted from the active members: organisations and their countries.
    None while there are no members yet: "0 member organisations" would say the wrong thing."""
    organisations = MemberOrganisation.objects.active().filter(kind=MemberKind.ORGANISATION)
    counts = organisations.aggregate(total=Count("pk"), countries=Count("country", distinct=True))
    if not counts["total"]:
        return []
    return [(counts["total"], "member organisations"), (counts["countries"], "countries represented")]
