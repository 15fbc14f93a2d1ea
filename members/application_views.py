"""The application form, a route of the membership page (`MembershipPage.apply`), and the page after it.

Someone who is not logged in gets an account with the application (held until they verify their address,
`members.applications`); someone logged in with a verified address applies straight away. The form never says
whether an address has an account: a known address gets the same "check your e-mail" page, and its owner a notice.
"""

from allauth.account.models import EmailAddress
from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.public_forms import kept_private, rate_limited, see_other

from . import applications
from .forms import MembershipApplicationForm
from .services import application_submit

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
        request, email=email, login_url=reverse("account_login"), apply_url=apply_url(request, membership_page)
    )


@require_safe
def application_sent(request, *, membership_page):
    """Shown alike after an application with a new address and with a known one, so it says nothing about which."""
    context = membership_page.get_context(request)
    context["membership_url"] = membership_page.get_url(request)
    return TemplateResponse(request, "members/apply_sent.html", context)
