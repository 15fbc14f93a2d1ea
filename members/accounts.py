"""How django-axes identifies a login attempt, shared by the site's login (allauth) and the Wagtail admin's."""

from allauth.account.adapter import get_adapter

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render


def login_attempt_username(request: HttpRequest, credentials: dict | None) -> str:
    """The address a login attempt was for, in lower case, whichever login form sent it.

    allauth authenticates with `email=`, the Wagtail admin with `username=`, and axes itself passes
    `AXES_USERNAME_FORM_FIELD` when it resets a successful login; addresses match case-insensitively.
    """
    credentials = credentials or {}
    posted = getattr(request, "POST", {})
    for value in (
        credentials.get(settings.AXES_USERNAME_FORM_FIELD),
        credentials.get("email"),
        credentials.get("username"),
        posted.get(settings.AXES_USERNAME_FORM_FIELD),
        posted.get("username"),
    ):
        if value:
            return value.strip().lower()
    return ""


def login_attempt_ip_address(request: HttpRequest) -> str:
    """The client's address as allauth's rate limits see it (honouring ALLAUTH_TRUSTED_PROXY_COUNT)."""
    return get_adapter(request).get_client_ip(request)


def too_many_requests(request: HttpRequest):
    """allauth's response when a rate limit is hit (it looks for `handler429` in the root URLconf)."""
    return render(request, "account/too_many_requests.html", status=429)
