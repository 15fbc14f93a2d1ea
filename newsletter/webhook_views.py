"""The addresses the sending providers post bounces and complaints to, /newsletter/webhooks/<provider>/.

Machine to machine: no session, so no CSRF token; each call is authenticated by the provider's own signature or
credentials (newsletter.webhooks). A provider without its secret in the settings answers 404. A call refused
(forged, replayed, too old, malformed) answers 4xx with the reason and records nothing; refusals are counted per
address, and past NEWSLETTER_WEBHOOK_REFUSAL_RATE that address is answered 429 before anything is checked. A valid
call answers 200 with how many reports it carried: a report about an address that is not a subscriber records
nothing, and one that arrives again counts once.
"""

import logging

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .feedback import feedback_record
from .webhooks import PROVIDERS, WebhookRefused, WebhookReport, replay_remember

logger = logging.getLogger(__name__)

REFUSALS_GROUP = "newsletter.webhook_refusals"


def refusal_rate(group, request) -> str:
    return settings.NEWSLETTER_WEBHOOK_REFUSAL_RATE


def refusals_over_limit(request, *, count: bool) -> bool:
    return is_ratelimited(request, group=REFUSALS_GROUP, key="ip", rate=refusal_rate, increment=count)


def plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def provider_webhook(request, provider: str):
    handler = PROVIDERS.get(provider)
    if handler is None or not handler.enabled():
        return plain("No such webhook.", status=404)
    if refusals_over_limit(request, count=False):
        return plain("Too many refused calls; try again later.", status=429)
    try:
        reports = handler.reports(request)
    except WebhookRefused as refused:
        refusals_over_limit(request, count=True)
        logger.warning("Webhook call from %s refused: %s", provider, refused.reason)
        response = plain(refused.reason, status=refused.status)
        if refused.status == 401:
            response["WWW-Authenticate"] = 'Basic realm="newsletter webhook", charset="UTF-8"'
        return response
    recorded = sum(report_record(provider, report) for report in reports)
    replay_remember(request)
    return plain(f"{len(reports)} reports, {recorded} about a subscriber.")


def report_record(provider: str, report: WebhookReport) -> bool:
    event = feedback_record(
        kind=report.kind,
        source=f"webhook:{provider}",
        key=report.key,
        token=report.token,
        message_id=report.message_id,
        address=report.address,
        diagnostic=report.diagnostic,
        status_code=report.status_code,
        occurred_at=report.occurred_at,
    )
    if event is None:
        logger.info("Webhook report from %s about no known subscriber: %s", provider, report.key)
    return event is not None
