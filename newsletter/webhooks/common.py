"""What every provider's webhook module shares: the report it reads from a call, and the refusal of a call."""

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils.dateparse import parse_datetime

# How far a signed timestamp may be from now, either way, before the call is refused as old: a replay caught with
# the signature intact, or a clock far off. Tokens and bodies seen are remembered for twice as long.
MAX_AGE_SECONDS = 5 * 60


class WebhookRefused(Exception):
    """The call is refused and nothing is recorded: `reason` is said in the answer, with `status`."""

    def __init__(self, reason: str, status: int = 403):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class WebhookMalformed(WebhookRefused):
    def __init__(self, reason: str):
        super().__init__(reason, status=400)


@dataclass(frozen=True)
class WebhookReport:
    """One bounce or complaint a provider reports, as newsletter.feedback.feedback_record takes it."""

    kind: str
    key: str
    address: str = ""
    token: str = ""
    message_id: str = ""
    diagnostic: str = ""
    status_code: str = ""
    occurred_at: datetime | None = None


def json_body(body: bytes):
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise WebhookMalformed("The body is not JSON.") from error


def timestamp_checked(value) -> int:
    """A signed Unix timestamp, refused when it is not near now."""
    try:
        timestamp = int(value)
    except (TypeError, ValueError) as error:
        raise WebhookMalformed("The timestamp is not a number.") from error
    if abs(time.time() - timestamp) > MAX_AGE_SECONDS:
        raise WebhookRefused("The timestamp is too old, or in the future.")
    return timestamp


def replay_check(request, provider: str, marker: str) -> None:
    """Refuse a signed call seen before; `marker` is part of what was signed (a token, a digest of the body).

    The call is remembered by `replay_remember` once its reports are recorded, not before: a call that failed half
    way can be made again. Two identical calls at once both pass, and their reports' keys count them once. Kept in
    the shared cache (Redis in production) a little longer than a timestamp is accepted; while Redis is down the
    check lets calls through, and the keys still keep a replay from counting twice.
    """
    cache_key = f"newsletter:webhook:{provider}:{marker}"
    if cache.get(cache_key) is not None:
        raise WebhookRefused("This call was made before.")
    request.webhook_replay_key = cache_key


def replay_remember(request) -> None:
    if cache_key := getattr(request, "webhook_replay_key", None):
        cache.set(cache_key, True, timeout=2 * MAX_AGE_SECONDS)


def datetime_of_timestamp(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def datetime_of_iso(value) -> datetime | None:
    try:
        return parse_datetime(str(value)) if value else None
    except ValueError:
        return None
