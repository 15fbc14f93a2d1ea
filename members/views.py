"""The public views of memberships and accounts.

- The member directory and the application form are routes of the membership page (`MembershipPage.directory`,
  `MembershipPage.apply`), with the page after an application.
- A person's account page (`/account/`): profile, membership, event registrations, their data and erasure. Signing
  up, logging in, passwords and the change of address stay with allauth under `/accounts/`; two of its pages are
  answered here (the 429 page and the e-mail confirmation).
- Wagtail's document view, which marks what it answers about a members-only document private.

Applying: someone who is not logged in gets an account with the application (held until they verify their address,
`members.applications`); someone logged in with a verified address applies straight away. The form never says
whether an address has an account: a known address gets the same "check your e-mail" page, and its owner a notice.
"""

import json

from allauth.account.models import EmailAddress
from allauth.account.views import ConfirmEmailView
from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from wagtail.documents.views.serve import serve as wagtail_document_serve

from core.contributions import account_panels
from core.public_forms import kept_private, rate_limited, see_other

from . import applications, area
from .erasure import account_erase, erasure_refusal
from .forms import AccountDeleteForm, MembershipApplicationForm, ProfileForm
from .models import MembersAreaPage, Membership, MembershipApplication, MembershipPage
from .personal_data import personal_data_export, user_applications, user_registrations
from .queries import directory_by_country, user_is_member, user_sees_member_contacts
from .services import application_submit

# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def document(request, document_id: int, document_filename: str):
    """Wagtail's document view, under its name (`wagtaildocs_serve`). The answer about a document under a view
    restriction (the file, a refusal, the way to the login) is marked private: no shared cache keeps it."""
    response = wagtail_document_serve(request, document_id, document_filename)
    if area.document_is_restricted(document_id):
        patch_cache_control(response, private=True)
    return response


# ---------------------------------------------------------------------------
# The member directory
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Applying
# ---------------------------------------------------------------------------


DEFAULT_APPLICATION_RATE = "5/h"


def application_rate(group, request) -> str:
    # Read at each request rather than at import, so that a changed setting takes effect.
    return getattr(settings, "MEMBER_APPLICATION_RATE", DEFAULT_APPLICATION_RATE)


def apply_url(request, membership_page) -> str:
    return membership_page.get_url(request) + membership_page.reverse_subpage("apply")


def sent_url(request, membership_page) -> str:
    return membership_page.get_url(request) + membership_page.reverse_subpage("apply_sent")


def address_is_verified(user) -> bool:
    """Whether a logged-in person's login address is confirmed (staff made in the shell may have none)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def form_page(request, membership_page, *, form=None, status: int = 200, verify_first: bool = False):
    context = membership_page.get_context(request)
    context.update(
        {
            "form": form,
            "verify_first": verify_first,
            "membership_url": membership_page.get_url(request),
            "apply_url": apply_url(request, membership_page),
        }
    )
    return kept_private(TemplateResponse(request, "members/apply.html", context, status=status))


@ratelimit(key="ip", rate=application_rate, method="POST", block=False)
def application_form(request, *, membership_page):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    user = request.user
    if user.is_authenticated and not address_is_verified(user):
        return form_page(request, membership_page, verify_first=True, status=403 if request.method == "POST" else 200)
    if request.method != "POST":
        return form_page(request, membership_page, form=MembershipApplicationForm(user=user))
    if request.limited:
        return rate_limited(request, page=membership_page, things="applications", doing="applying")

    form = MembershipApplicationForm(request.POST, request.FILES, user=user)
    if form.is_from_a_bot:
        # Answered like anyone else, so that the bot learns nothing; nothing is kept.
        return see_other(sent_url(request, membership_page))
    if not form.is_valid():
        return form_page(request, membership_page, form=form, status=400)
    if user.is_authenticated:
        return application_by_member(request, membership_page, form=form)
    return application_by_newcomer(request, membership_page, form=form)


def application_by_member(request, membership_page, *, form):
    """A logged-in person with a verified address: the application is recorded at once."""
    user = request.user
    try:
        with transaction.atomic():
            if not user.get_full_name():
                # An individual membership is named after its person: give the account the name in the form.
                user.first_name, user.last_name = form.cleaned_data["first_name"], form.cleaned_data["last_name"]
                user.save(update_fields=["first_name", "last_name"])
            application_submit(user, data=form.application_data(), statute=form.cleaned_data["statute"])
    except ValidationError as error:
        form.add_error(None, error)
        return form_page(request, membership_page, form=form, status=400)
    messages.success(
        request,
        "Thank you: we have received your application and sent you an e-mail about it. "
        "The Board decides on applications in April and October.",
    )
    return see_other(reverse("account") + "#membership")


def application_by_newcomer(request, membership_page, *, form):
    """Someone not logged in: a new account and a held application, or, for a known address, a notice to its owner.

    Both end on the same page, so that the form cannot be used to find out who has an account here.
    """
    email, password = form.cleaned_data["email"], form.cleaned_data["password1"]
    if applications.address_has_account(email):
        address_taken(request, membership_page, email=email, password=password)
        return see_other(sent_url(request, membership_page))
    try:
        applications.applicant_register(
            request,
            email=email,
            password=password,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            data=form.application_data(),
            statute=form.cleaned_data["statute"],
        )
    except IntegrityError:
        # The same address applied at the same moment from elsewhere: it has an account now.
        address_taken(request, membership_page, email=email, password=password)
    return see_other(sent_url(request, membership_page))


def address_taken(request, membership_page, *, email: str, password: str) -> None:
    # Hash the password anyway, so that the answer takes as long as creating an account does.
    make_password(password)
    applications.address_taken_notice_queue(
        email=email, login_url=reverse("account_login"), apply_url=apply_url(request, membership_page)
    )


@require_safe
def application_sent(request, *, membership_page):
    """Shown alike after an application with a new address and with a known one, so it says nothing about which."""
    context = membership_page.get_context(request)
    context["membership_url"] = membership_page.get_url(request)
    return TemplateResponse(request, "members/apply_sent.html", context)


# ---------------------------------------------------------------------------
# The account page
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# allauth's pages answered here
# ---------------------------------------------------------------------------


def too_many_requests(request: HttpRequest):
    """allauth's response when a rate limit is hit (it looks for `handler429` in the root URLconf)."""
    return render(request, "account/too_many_requests.html", status=429)


class EmailConfirmView(ConfirmEmailView):
    """allauth's confirmation page, answering 404 (with its "expired or not valid" text) for a key it cannot use.

    allauth answers such a key with 200 on GET and a bare 404 on POST: a link already followed, expired or tampered
    with is refused with a 4xx and the same clear message either way. A valid key behaves exactly as in allauth.
    """

    def get(self, *args, **kwargs) -> HttpResponse:
        response = super().get(*args, **kwargs)
        if self.object is None and response.status_code == 200:
            response.status_code = 404
        return response

    def post(self, *args, **kwargs) -> HttpResponse:
        try:
            return super().post(*args, **kwargs)
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data(), status=404)


email_confirm = EmailConfirmView.as_view()
