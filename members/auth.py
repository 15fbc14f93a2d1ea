"""How the site's logins plug into allauth and django-axes: the address a login attempt is for (the site's login,
allauth's, and the Wagtail admin's), and allauth's e-mails, queued through the outbox (core.mail) rather than sent
inside the request."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

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
