"""The public-form kit: what every form that anyone may post shares (contact, registration, application, sign-up).

A honeypot field that bots fill in and people never see; the client's address as the rate limits see it; the 429
page when a visitor has posted too often; the 303 "see other" after a POST; answers kept out of every cache;
answers that take the same time whatever address was typed; and the CSRF token asked only of a visitor with a
session, so that the pages holding these forms can be cached at the edge (docs/caching.md).
"""

import functools
import ipaddress
import time

from allauth.account.adapter import get_adapter

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.middleware.csrf import REASON_BAD_ORIGIN, CsrfViewMiddleware
from django.template.response import TemplateResponse


class HoneypotForm(forms.Form):
    """A form with a field people never see and bots fill in: a post that has it filled is answered as any other
    and thrown away, so that the bot learns nothing. Templates render it with `includes/honeypot.html`."""

    HONEYPOT = "website"

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, after the form's own fields, whose order is that of the errors.
        self.fields[self.HONEYPOT] = self.fields.pop(self.HONEYPOT)

    @property
    def person_fields(self):
        """The fields a person fills in: all but the honeypot."""
        return [self[name] for name in self.fields if name != self.HONEYPOT]

    @property
    def honeypot(self):
        return self[self.HONEYPOT]

    @property
    def is_from_a_bot(self) -> bool:
        return bool(self.data.get(self.HONEYPOT, "").strip())


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits and the login lock-out see it: allauth's reading of the request,
    which trusts `X-Forwarded-For` only as far as ALLAUTH_TRUSTED_PROXY_COUNT says."""
    return get_adapter(request).get_client_ip(request)


def client_address_or_none(request: HttpRequest) -> str | None:
    """`client_address`, normalised, or None where it cannot be read, for a record such as a consent's."""
    try:
        return str(ipaddress.ip_address(client_address(request).strip()))
    except (ValueError, AttributeError, PermissionDenied, ImproperlyConfigured):
        return None


def rate_limited(request: HttpRequest, *, things: str, doing: str, page=None, **context) -> TemplateResponse:
    """The 429 page after too many posts from one address: "Too many {things}", try {doing} again later."""
    return TemplateResponse(
        request, "rate_limited.html", {"page": page, "things": things, "doing": doing, **context}, status=429
    )


def see_other(url: str) -> HttpResponseRedirect:
    """303 after a POST: the browser fetches the next page with GET, and reloading it posts nothing again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def kept_private(response, *, noindex: bool = False):
    """No shared or browser cache keeps this answer (what a visitor typed, or a personal page); with `noindex`,
    search engines leave it out too."""
    response["Cache-Control"] = "private, no-store"
    if noindex:
        response["X-Robots-Tag"] = "noindex"
    return response


def answered_in_even_time(view):
    """A POST to `view` is answered no sooner than FORM_ANSWER_SECONDS after it arrived (EvenAnswerTimeMiddleware).

    For the forms that give the same answer for a known and an unknown address (sign-up, password reset, newsletter
    sign-up, event registration): their paths do different work (a row and an e-mail for one, nothing for the
    other), which the time of the answer would tell.
    """

    @functools.wraps(view)
    def even_time(request, *args, **kwargs):
        if request.method == "POST":
            request.answered_in_even_time = True
        return view(request, *args, **kwargs)

    return even_time


class EvenAnswerTimeMiddleware:
    """First in MIDDLEWARE: the wait comes after everything else the request does (the view, the commit and the
    wake-up of workers it asks for, every other middleware), so none of it shows in the time of the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if getattr(request, "answered_in_even_time", False):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            time.sleep(max(0.0, settings.FORM_ANSWER_SECONDS - (time.monotonic() - started)))
        return response


def token_only_with_session(view):
    """A form anyone may post, served on pages the edge caches for every anonymous visitor, so with no CSRF token:
    a visitor without a session posts it without one (SessionCsrfViewMiddleware). Such a post acts with no one's
    authority, so a forged one can do nothing that its author could not do by posting the form directly."""
    view.csrf_token_only_with_session = True
    return view


def has_session(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class SessionCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, in full for every visitor with a session (logged in, or part way through a flow
    kept in the session) and on every view but those marked `token_only_with_session`. To those, a visitor without a
    session posts without a token; a browser's `Origin` naming another site is still refused."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            getattr(callback, "csrf_token_only_with_session", False)
            and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            and not has_session(request)
        ):
            if "HTTP_ORIGIN" in request.META and not self._origin_verified(request):
                return self._reject(request, REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"])
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)
