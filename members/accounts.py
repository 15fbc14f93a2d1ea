"""Accounts: how django-axes identifies a login attempt (the site's login, allauth's, and the Wagtail admin's), and
the account e-mails, queued through the outbox (core.mail) rather than sent inside the request."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.views import ConfirmEmailView
from allauth.core import context as allauth_context

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from wagtail.admin.forms.auth import PasswordResetForm

from core import mail


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


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter (ACCOUNT_ADAPTER), its e-mails queued instead of sent: address confirmations, password
    resets, notices of a changed password or address, "you already have an account"."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The context and the rendering are DefaultAccountAdapter.send_mail's; only the last step differs.
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        # "account/email/password_reset_key" -> "account.password-reset-key"
        mail.message_queue("account." + template_prefix.rsplit("/", 1)[-1].replace("_", "-"), message)


class AdminPasswordResetForm(PasswordResetForm):
    """The Wagtail admin's password reset (WAGTAILADMIN_USER_PASSWORD_RESET_FORM), its e-mail queued instead of
    sent; the rendering is Django's PasswordResetForm.send_mail."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        mail.email_queue(
            "admin.password-reset",
            to=[to_email],
            subject="".join(render_to_string(subject_template_name, context).splitlines()),
            body=render_to_string(email_template_name, context),
            html=render_to_string(html_email_template_name, context) if html_email_template_name else "",
            from_email=from_email or "",
        )
