"""A person's account page (`/account/`): profile, membership, event registrations, their data and erasure.

Signing up, logging in, passwords and the change of address stay with allauth under `/accounts/`.
"""

import json

from django_ratelimit.decorators import ratelimit

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.contributions import account_panels
from core.public_forms import see_other

from .erasure import account_erase, erasure_refusal
from .forms import AccountDeleteForm, ProfileForm
from .models import MembersAreaPage, Membership, MembershipApplication, MembershipPage
from .personal_data import personal_data_export, user_applications, user_registrations
from .queries import user_is_member

# Wrong passwords on the deletion form, per account: enough for typing mistakes, too few for guessing.
DELETE_RATE = "10/h"


def membership_apply_url(request) -> str:
    membership_page = MembershipPage.objects.live().first()
    if membership_page is None:
        return ""
    return membership_page.get_url(request) + membership_page.reverse_subpage("apply")


def members_area_url(request) -> str:
    area = MembersAreaPage.objects.live().first()
    return area.get_url(request) if area else ""


def account_context(request, *, profile_form) -> dict:
    user = request.user
    now = timezone.now()
    registrations = list(user_registrations(user))
    # Sections other apps add (the newsletter's): core.contributions.
    panels = account_panels(user)
    for registration in registrations:
        registration.page_url = registration.get_url(request)
    return {
        "profile_form": profile_form,
        "memberships": Membership.objects.filter(user=user).select_related("member").order_by("member__name"),
        "pending_applications": user_applications(user).filter(decision=MembershipApplication.Decision.PENDING),
        "upcoming_registrations": [registration for registration in registrations if registration.event.end >= now],
        "past_registrations": [registration for registration in registrations if registration.event.end < now][::-1],
        "apply_url": membership_apply_url(request),
        "members_area_url": members_area_url(request) if user_is_member(user) else "",
        "account_panels": panels,
        **{name: value for panel in panels for name, value in panel.context.items()},
    }


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    """The account page; a POST saves the profile (names; the address changes through allauth's e-mail page)."""
    if request.method == "POST":
        profile_form = ProfileForm(request.POST, instance=request.user)
        if profile_form.is_valid():
            profile_form.save()
            messages.success(request, "Your profile is saved.")
            return see_other(reverse("account"))
        context = account_context(request, profile_form=profile_form)
        return TemplateResponse(request, "members/account.html", context, status=400)
    context = account_context(request, profile_form=ProfileForm(instance=request.user))
    return TemplateResponse(request, "members/account.html", context)


@never_cache
@login_required
@require_safe
def account_data(request):
    """All the person's data as a JSON file to keep."""
    data = personal_data_export(request.user, registration_url=lambda registration: registration.get_url(request))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"cep-account-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user", rate=DELETE_RATE, method="POST", block=False)
def account_delete(request):
    """GET: what deleting removes, and the password field. POST with the right password: erase, log out."""
    user = request.user
    refusal = erasure_refusal(user)
    if refusal:
        context = {"form": None, "refusal": refusal}
        return TemplateResponse(
            request, "members/account_delete.html", context, status=403 if request.method == "POST" else 200
        )
    if request.method != "POST":
        return TemplateResponse(request, "members/account_delete.html", {"form": AccountDeleteForm(user=user)})
    if request.limited:
        return TemplateResponse(request, "account/too_many_requests.html", status=429)
    form = AccountDeleteForm(request.POST, user=user)
    if not form.is_valid():
        return TemplateResponse(request, "members/account_delete.html", {"form": form}, status=400)
    account_erase(user=user)
    logout(request)
    return see_other(reverse("account_deleted"))


@require_safe
def account_deleted(request):
    return TemplateResponse(request, "members/account_deleted.html")
