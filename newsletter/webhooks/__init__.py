"""Bounces and complaints reported by the sending provider's webhook (docs/bounces-webhooks.md): one module per
provider reads and authenticates its calls, as the provider documents it, into `WebhookReport`s, which
newsletter.webhook_views records through newsletter.feedback."""

from . import mailgun, postmark, sendgrid, ses
from .common import WebhookMalformed, WebhookRefused, WebhookReport, replay_remember

__all__ = ["PROVIDERS", "WebhookMalformed", "WebhookRefused", "WebhookReport", "replay_remember"]

# The name in the webhook's address (/newsletter/webhooks/<name>/) and in each event's source, "webhook:<name>".
PROVIDERS = {provider.NAME: provider for provider in (ses, postmark, mailgun, sendgrid)}
