"""How the site's logins plug into allauth and django-axes: the address a login attempt is for (the site's login,
allauth's, and the Wagtail admin's), the longest address allauth's forms take, the 400 for a form sent with errors,
and allauth's e-mails, queued through the outbox (core.mail) rather than sent inside the request."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import AddEmailForm, LoginForm, ResetPasswordForm, SignupForm
from allauth.core import context as allauth_context

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest

from core import mail
from core.addresses import address_domain_validate


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


# RFC 5321's limit on an address, and the size of every column that holds one.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"An e-mail address has at most {EMAIL_MAX_LENGTH} characters."


class AddressChecks:
    """allauth's address fields take up to 320 characters; longer than 254, no mailbox can have the address, and
    allauth stored it cut short at sign-up, failed on adding it to an account, and the lock-out failed on recording
    a login with it (its column holds 255). The field refuses it, before anyone authenticates or stores it; and,
    as every public form does, an address at an IP address or a look-alike domain (core/addresses.py)."""

    address_field = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.address_field]
        field.max_length = EMAIL_MAX_LENGTH
        field.widget.attrs["maxlength"] = str(EMAIL_MAX_LENGTH)
        field.validators = [
            *(validator for validator in field.validators if not isinstance(validator, MaxLengthValidator)),
            MaxLengthValidator(EMAIL_MAX_LENGTH, message=EMAIL_TOO_LONG),
            address_domain_validate,
        ]


class AccountLoginForm(AddressChecks, LoginForm):
    address_field = "login"


class AccountSignupForm(AddressChecks, SignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # allauth then creates no account and mails the owner instead; the password is hashed all the same, so
            # that the answer takes as long as creating an account does (the hashing is most of that time).
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class AccountAddEmailForm(AddressChecks, AddEmailForm):
    pass


class AccountResetPasswordForm(AddressChecks, ResetPasswordForm):
    pass


class AccountFormErrorsMiddleware:
    """allauth answers a form sent back with errors with a 200, as Django's generic views do; the site's own forms
    answer 400, the request as sent was not taken. This gives allauth's pages (URL names `account_…`) the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        url_name = getattr(request.resolver_match, "url_name", None) or ""
        if request.method == "POST" and response.status_code == 200 and url_name.startswith("account_"):
            form = (response.context_data or {}).get("form")
            if form is not None and form.errors:
                response.status_code = 400
        return response


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter (ACCOUNT_ADAPTER), its e-mails queued instead of sent: address confirmations, password
    resets, notices of a changed password or address, "you already have an account"."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The context and the rendering are DefaultAccountAdapter.send_mail's; only the last step differs.
        request = allauth_context.request
        # allauth builds its links (activate_url, password_reset_url, signup_url) from the request's Host header.
        context = {
            key: mail.public_url(value) if key.endswith("_url") and value else value for key, value in context.items()
        }
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        # "account/email/password_reset_key" -> "account.password-reset-key"
        mail.message_queue("account." + template_prefix.rsplit("/", 1)[-1].replace("_", "-"), message)
