"""The public member directory, a route of the membership page (`MembershipPage.directory`)."""

from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from .queries import directory_by_country, user_sees_member_contacts


@require_safe
def member_directory(request, *, membership_page):
    show_contacts = user_sees_member_contacts(request.user)
    groups = directory_by_country(with_contacts=show_contacts)
    context = membership_page.get_context(request)
    context.update(
        {
            "countries": groups,
            "member_count": sum(len(members) for _country, members in groups),
            "show_contacts": show_contacts,
            "membership_url": membership_page.get_url(request),
        }
    )
    response = TemplateResponse(request, "members/membership_page_directory.html", context)
    # What members see includes people's names and addresses: never keep it in a shared cache.
    patch_vary_headers(response, ["Cookie"])
    if show_contacts:
        patch_cache_control(response, private=True)
    return response
