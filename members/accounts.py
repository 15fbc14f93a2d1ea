"""How django-axes identifies a login attempt, shared by the site's login (allauth) and the Wagtail admin's."""

from allauth.account.views import ConfirmEmailView

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
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
