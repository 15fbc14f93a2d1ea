"""Settings the newsletter can only check by using them, checked when the site starts (`manage.py check`, migrate)."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def sendgrid_verification_key_check(app_configs, **kwargs):
    # A key that does not load would refuse every SendGrid call with an error; say so before the first one.
    from .webhooks import sendgrid

    if not sendgrid.enabled():
        return []
    try:
        sendgrid.verification_key()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="newsletter.E001")]
    return []
