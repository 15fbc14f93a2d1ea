"""The public side of subscribing: the sign-up form, the confirmation link, the unsubscribe link, and the buttons on
a member's account page. Every page here is personal or answers a form: never cached, never indexed.
"""

from functools import wraps

from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.public_forms import (
    answered_in_even_time,
    client_address_or_none,
    kept_private,
    rate_limited,
    see_other,
    token_only_with_session,
)

from . import links, services
from .forms import SubscribeForm
from .models import Subscriber

FORM_ID_PREFIX = "newsletter"


def private_page(view):
    """No shared or browser cache keeps these pages, and search engines leave them out."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return kept_private(view(request, *args, **kwargs), noindex=True)

    return wrapped


def signup_rate(group, request) -> str:
    # Read at each request rather than at import, so that a changed setting takes effect.
    return settings.NEWSLETTER_SIGNUP_RATE


def render(request, template: str, context: dict | None = None, *, status: int = 200) -> TemplateResponse:
    # The sign-up form in the footer is left out on these pages: they are about the subscription already.
    context = {"newsletter_signup_hidden": True, **(context or {})}
    return TemplateResponse(request, f"newsletter/{template}", context, status=status)


# ---------------------------------------------------------------------------
# Signing up
# ---------------------------------------------------------------------------


@token_only_with_session
@private_page
@answered_in_even_time
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=signup_rate, method="POST", block=False)
def subscribe(request):
    """GET: the form on its own page. POST (from here, the footer or the home page): the same "check your inbox"
    answer for a new, a waiting and a confirmed address; 400 with the form for what cannot be right."""
    if request.method != "POST":
        return render(request, "subscribe.html", {"form": SubscribeForm(auto_id=f"{FORM_ID_PREFIX}-%s")})
    if request.limited:
        return rate_limited(request, things="sign-ups", doing="subscribing", newsletter_signup_hidden=True)
    form = SubscribeForm(request.POST, auto_id=f"{FORM_ID_PREFIX}-%s")
    if form.is_from_a_bot:
        # Answered like anyone else, so that the bot learns nothing; nothing is kept or sent.
        return render(request, "subscribe_done.html")
    if not form.is_valid():
        return render(request, "subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    user = request.user if request.user.is_authenticated and request.user.email.lower() == email.lower() else None
    services.subscriber_subscribe(
        email=email, name=form.cleaned_data["name"].strip(), ip=client_address_or_none(request), user=user
    )
    return render(request, "subscribe_done.html")


# ---------------------------------------------------------------------------
# The confirmation link
# ---------------------------------------------------------------------------


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """GET shows a button and changes nothing (mail scanners open links); POST confirms."""
    try:
        if request.method == "POST":
            subscriber = services.subscriber_confirm(token=token, ip=client_address_or_none(request))
            return render(request, "confirm_done.html", {"subscriber": subscriber})
        subscriber = links.subscriber_for_confirmation(token)
    except links.InvalidConfirmationLink as invalid:
        return render(request, "confirm_invalid.html", {"expired": invalid.expired}, status=400)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return render(request, "confirm_done.html", {"subscriber": subscriber})
    return render(request, "confirm.html", {"subscriber": subscriber, "consent_text": services.CONSENT_TEXT})


# ---------------------------------------------------------------------------
# The unsubscribe link (List-Unsubscribe, RFC 8058)
# ---------------------------------------------------------------------------


@private_page
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET: a page with a button, changing nothing. POST: unsubscribed at once, with no CSRF token or cookie, as a
    mail client's one-click unsubscribe sends it (RFC 8058); the unguessable token in the address is the key."""
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
    return render(request, "unsubscribe.html", {"subscriber": subscriber})


# ---------------------------------------------------------------------------
# The account page's buttons (templates/newsletter/includes/account_section.html)
# ---------------------------------------------------------------------------


def back_to_account(request) -> HttpResponseRedirect:
    url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        url = "/"
    return see_other(url)


@private_page
@require_POST
@login_required
def account_subscribe(request):
    """A logged-in member subscribes: at once if their address is verified, else by the confirmation e-mail."""
    user = request.user
    try:
        services.subscriber_subscribe_member(user=user, ip=client_address_or_none(request))
        messages.success(request, "You are subscribed to the newsletter.")
    except services.EmailNotVerified:
        services.subscriber_subscribe(
            email=user.email,
            name=user.get_full_name(),
            ip=client_address_or_none(request),
            user=user,
            source=services.SOURCE_ACCOUNT_PAGE,
        )
        messages.info(request, f"We have sent a link to {user.email}: open it to confirm your subscription.")
    return back_to_account(request)


@private_page
@require_POST
@login_required
def account_unsubscribe(request):
    subscriber = services.subscriber_of_user(request.user)
    if subscriber is not None:
        services.subscriber_unsubscribe(subscriber=subscriber)
    messages.success(request, "You are unsubscribed from the newsletter.")
    return back_to_account(request)
