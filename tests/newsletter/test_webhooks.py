"""Bounces and complaints by the sending provider's webhook (newsletter.webhooks, docs/bounces-webhooks.md): calls
signed or authenticated as each provider documents it change the subscriber; forged, replayed, old and malformed
calls are refused and change nothing."""

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from django.test import Client
from django.utils import timezone

from newsletter import feedback, webhook_views
from newsletter.checks import sendgrid_verification_key_check
from newsletter.models import Delivery, FeedbackEvent, IssueSending, Subscriber
from newsletter.webhooks import ses
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

TOPIC = "arn:aws:sns:eu-west-1:123456789012:cep-newsletter-feedback"
CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"
POSTMARK_USER, POSTMARK_PASSWORD = "postmark", "a-long-webhook-password"
MAILGUN_KEY = "key-0123456789abcdef0123456789abcdef"


def url(provider):
    return f"/newsletter/webhooks/{provider}/"


@pytest.fixture
def subscriber():
    return SubscriberFactory(email="ana@probation.example", status=Subscriber.Status.CONFIRMED)


def status_of(subscriber):
    subscriber.refresh_from_db()
    return subscriber.status


def refused_and_nothing_changed(response, subscriber, status=403):
    assert response.status_code == status, response.content
    assert not FeedbackEvent.objects.exists()
    assert status_of(subscriber) == Subscriber.Status.CONFIRMED
    assert subscriber.bounce_count == 0
    return response.content.decode()


@pytest.fixture
def delivery(demo_site):
    """A delivery of an issue to a subscriber, sent, with its Message-ID."""
    issue = NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site))
    IssueSending.objects.create(issue=issue, status=IssueSending.Status.SENT)
    person = SubscriberFactory(email="delivered@probation.example", status=Subscriber.Status.CONFIRMED)
    return Delivery.objects.create(
        issue=issue,
        subscriber=person,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        message_id="<1.177@www.cep-probation.org>",
    )


# --- Every provider ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["ses", "postmark", "mailgun", "sendgrid", "nosuch"])
def test_a_provider_without_its_secret_answers_404(client, provider):
    response = client.post(url(provider), b"{}", content_type="application/json")
    assert response.status_code == 404


# --- Amazon SES through SNS -------------------------------------------------------------------------------------


@pytest.fixture
def sns(settings, monkeypatch):
    """A signing key and its self-signed certificate, served at CERT_URL in place of SNS's; counts the fetches."""
    settings.NEWSLETTER_SES_TOPIC_ARN = TOPIC
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    fetched, visited = [], []

    def certificate_download(address):
        fetched.append(address)
        assert address == CERT_URL
        return certificate.public_bytes(serialization.Encoding.PEM)

    monkeypatch.setattr(ses, "certificate_download", certificate_download)
    monkeypatch.setattr(ses, "subscription_url_visit", visited.append)
    return {"key": key, "fetched": fetched, "visited": visited}


def sns_message(sns, message_type="Notification", *, version="1", topic=TOPIC, cert_url=CERT_URL, **fields):
    """A message as SNS posts it: its fields signed, in SNS's canonical order, with the certificate's key."""
    message = {
        "Type": message_type,
        "MessageId": fields.pop("MessageId", secrets.token_hex(8)),
        "TopicArn": topic,
        "Timestamp": "2026-12-06T19:00:00.000Z",
        "SignatureVersion": version,
        "SigningCertURL": cert_url,
        **fields,
    }
    canonical = "".join(
        f"{field}\n{message[field]}\n" for field in ses.SIGNED_FIELDS[message_type] if field in message
    ).encode()
    algorithm = hashes.SHA1() if version == "1" else hashes.SHA256()  # noqa: S303 (SNS SignatureVersion 1 is SHA1)
    message["Signature"] = base64.b64encode(sns["key"].sign(canonical, padding.PKCS1v15(), algorithm)).decode()
    return message


def ses_bounce(address, bounce_type="Permanent", *, feedback_id="fb-1", headers=()):
    return json.dumps(
        {
            "notificationType": "Bounce",
            "bounce": {
                "bounceType": bounce_type,
                "bounceSubType": "General",
                "bouncedRecipients": [
                    {
                        "emailAddress": address,
                        "action": "failed",
                        "status": "5.1.1",
                        "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                    }
                ],
                "timestamp": "2026-12-06T18:59:00.000Z",
                "feedbackId": feedback_id,
            },
            "mail": {
                "messageId": "0100018c-ses-own-id",
                "headers": [{"name": name, "value": value} for name, value in headers],
                "commonHeaders": {"messageId": "<unknown@www.cep-probation.org>"},
            },
        }
    )


def post_sns(client, message):
    # SNS posts its JSON as text/plain, with the message type in a header too.
    return client.post(
        url("ses"), json.dumps(message), content_type="text/plain", HTTP_X_AMZ_SNS_MESSAGE_TYPE=message["Type"]
    )


def test_a_permanent_ses_bounce_signed_with_sha1_marks_the_subscriber_bounced(client, sns, subscriber):
    response = post_sns(client, sns_message(sns, Message=ses_bounce("ana@probation.example"), Subject="Bounce"))

    assert response.status_code == 200
    assert status_of(subscriber) == Subscriber.Status.BOUNCED
    event = FeedbackEvent.objects.get()
    assert (event.subscriber, event.kind, event.source) == (subscriber, "hard", "webhook:ses")
    assert (event.status_code, event.diagnostic) == ("5.1.1", "smtp; 550 5.1.1 user unknown")
    assert event.occurred_at == datetime(2026, 12, 6, 18, 59, tzinfo=UTC)


def test_a_transient_ses_bounce_signed_with_sha256_counts_as_soft(client, sns, subscriber):
    response = post_sns(client, sns_message(sns, version="2", Message=ses_bounce(subscriber.email, "Transient")))

    assert response.status_code == 200
    assert status_of(subscriber) == Subscriber.Status.CONFIRMED
    assert subscriber.bounce_count == 1
    assert FeedbackEvent.objects.get().kind == FeedbackEvent.Kind.SOFT


def test_an_ses_complaint_unsubscribes_with_the_date_in_the_consent_record(client, sns, subscriber):
    complaint = {
        "eventType": "Complaint",
        "complaint": {
            "complainedRecipients": [{"emailAddress": "Ana <ana@probation.example>"}],
            "complaintFeedbackType": "abuse",
            "timestamp": "2026-12-06T18:59:00.000Z",
            "feedbackId": "complaint-1",
        },
        "mail": {"messageId": "0100018c-ses-own-id", "headers": []},
    }
    response = post_sns(client, sns_message(sns, Message=json.dumps(complaint)))

    assert response.status_code == 200
    assert status_of(subscriber) == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert FeedbackEvent.objects.get().kind == FeedbackEvent.Kind.COMPLAINT


def test_the_delivery_header_ses_returns_names_the_delivery(client, sns, delivery):
    token = feedback.delivery_token(delivery.pk)
    bounce = ses_bounce("forwarded-to@elsewhere.example", headers=[("X-CEP-Delivery", token)])

    assert post_sns(client, sns_message(sns, Message=bounce)).status_code == 200

    event = FeedbackEvent.objects.get()
    assert (event.delivery, event.subscriber) == (delivery, delivery.subscriber)
    assert status_of(delivery.subscriber) == Subscriber.Status.BOUNCED


def test_the_same_sns_notification_twice_counts_once(client, sns, subscriber):
    message = sns_message(sns, Message=ses_bounce(subscriber.email, "Transient"))
    post_sns(client, message)
    assert post_sns(client, message).status_code == 200

    subscriber.refresh_from_db()
    assert subscriber.bounce_count == 1
    assert FeedbackEvent.objects.count() == 1


def test_the_signing_certificate_is_fetched_once_and_kept(client, sns, subscriber):
    post_sns(client, sns_message(sns, Message=ses_bounce(subscriber.email, "Transient", feedback_id="a")))
    post_sns(client, sns_message(sns, Message=ses_bounce(subscriber.email, "Transient", feedback_id="b")))

    assert sns["fetched"] == [CERT_URL]
    assert FeedbackEvent.objects.count() == 2


def test_a_bounce_for_an_address_that_is_not_a_subscriber_is_answered_and_recorded_nowhere(client, sns, subscriber):
    response = post_sns(client, sns_message(sns, Message=ses_bounce("stranger@elsewhere.example")))

    assert response.status_code == 200
    assert not FeedbackEvent.objects.exists()


def test_an_sns_message_changed_after_signing_is_refused(client, sns, subscriber):
    message = sns_message(sns, Message=ses_bounce("someone-else@probation.example"))
    message["Message"] = ses_bounce(subscriber.email)

    reason = refused_and_nothing_changed(post_sns(client, message), subscriber)
    assert "signature" in reason


@pytest.mark.parametrize(
    "cert_url",
    [
        "http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem",
        "https://sns.eu-west-1.amazonaws.com.attacker.example/SimpleNotificationService.pem",
        "https://attacker.example/sns.eu-west-1.amazonaws.com/SimpleNotificationService.pem",
        "https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService.pem",
    ],
)
def test_a_signing_certificate_anywhere_but_an_sns_host_is_never_fetched(client, sns, subscriber, cert_url):
    response = post_sns(client, sns_message(sns, cert_url=cert_url, Message=ses_bounce(subscriber.email)))

    refused_and_nothing_changed(response, subscriber)
    assert sns["fetched"] == []


def test_while_the_signing_certificate_cannot_be_fetched_sns_is_asked_to_try_again(
    client, sns, subscriber, monkeypatch
):
    def unreachable(address):
        raise TimeoutError("timed out")

    monkeypatch.setattr(ses, "certificate_download", unreachable)
    response = post_sns(client, sns_message(sns, Message=ses_bounce(subscriber.email)))

    refused_and_nothing_changed(response, subscriber, status=503)


def test_a_message_of_another_topic_is_refused(client, sns, subscriber):
    other = "arn:aws:sns:eu-west-1:999999999999:someone-elses-topic"
    response = post_sns(client, sns_message(sns, topic=other, Message=ses_bounce(subscriber.email)))

    assert "topic" in refused_and_nothing_changed(response, subscriber)


def test_the_subscription_to_the_configured_topic_is_confirmed_and_no_other(client, sns):
    subscribe_url = f"https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token=t"
    fields = {"Message": "You have chosen to subscribe…", "SubscribeURL": subscribe_url, "Token": "t"}

    other = sns_message(sns, "SubscriptionConfirmation", topic="arn:aws:sns:eu-west-1:999:other", **fields)
    assert post_sns(client, other).status_code == 403
    assert sns["visited"] == []

    assert post_sns(client, sns_message(sns, "SubscriptionConfirmation", **fields)).status_code == 200
    assert sns["visited"] == [subscribe_url]


def test_a_body_that_is_not_an_sns_message_is_a_bad_request(client, sns, subscriber):
    assert client.post(url("ses"), "not json", content_type="text/plain").status_code == 400
    assert client.post(url("ses"), '{"Type": "Other"}', content_type="text/plain").status_code == 400
    assert client.post(url("ses"), '{"Type": ["Notification"]}', content_type="text/plain").status_code == 400
    assert not FeedbackEvent.objects.exists()


# --- Postmark ---------------------------------------------------------------------------------------------------


@pytest.fixture
def postmark(settings):
    settings.NEWSLETTER_POSTMARK_WEBHOOK_USER = POSTMARK_USER
    settings.NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD = POSTMARK_PASSWORD


def basic_auth(user=POSTMARK_USER, password=POSTMARK_PASSWORD):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def postmark_record(email, record_type="Bounce", type_="HardBounce", record_id=4323372036854775807, **fields):
    """A bounce or spam complaint as Postmark posts it (its documented example's fields)."""
    return {
        "RecordType": record_type,
        "ID": record_id,
        "Type": type_,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "newsletter@cep-probation.org",
        "BouncedAt": "2026-12-06T16:33:54.9070259Z",
        "Inactive": True,
        "MessageStream": "broadcast",
        **fields,
    }


def post_postmark(client, record, authorization=None, **headers):
    return client.post(
        url("postmark"),
        json.dumps(record),
        content_type="application/json",
        HTTP_AUTHORIZATION=authorization or basic_auth(),
        **headers,
    )


@pytest.mark.parametrize(
    ("record_type", "type_", "status", "kind"),
    [
        ("Bounce", "HardBounce", Subscriber.Status.BOUNCED, "hard"),
        ("Bounce", "SoftBounce", Subscriber.Status.CONFIRMED, "soft"),
        ("SpamComplaint", "SpamComplaint", Subscriber.Status.UNSUBSCRIBED, "complaint"),
    ],
)
def test_postmark_bounces_and_complaints_change_the_subscriber(
    client, postmark, subscriber, record_type, type_, status, kind
):
    response = post_postmark(client, postmark_record(subscriber.email, record_type, type_))

    assert response.status_code == 200
    assert status_of(subscriber) == status
    event = FeedbackEvent.objects.get()
    assert (event.kind, event.source, event.key) == (kind, "webhook:postmark", "postmark:4323372036854775807")
    assert event.occurred_at == datetime(2026, 12, 6, 16, 33, 54, 907025, tzinfo=UTC)


@pytest.mark.parametrize("type_", ["Transient", "AutoResponder", "DnsError"])
def test_a_postmark_delay_or_auto_reply_records_nothing(client, postmark, subscriber, type_):
    response = post_postmark(client, postmark_record(subscriber.email, type_=type_))

    assert response.status_code == 200
    assert not FeedbackEvent.objects.exists()


def test_the_postmark_bounce_content_names_the_delivery(client, postmark, delivery):
    content = f"Return-Path: <>\nSubject: Undelivered\n\n--b\nX-CEP-Delivery: {feedback.delivery_token(delivery.pk)}\n"
    response = post_postmark(client, postmark_record("changed@elsewhere.example", Content=content))

    assert response.status_code == 200
    assert FeedbackEvent.objects.get().delivery == delivery


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        basic_auth(password="wrong"),
        basic_auth(user="someone"),
        "Bearer " + POSTMARK_PASSWORD,
        "Basic not-base64!",
    ],
)
def test_postmark_without_the_right_credentials_is_refused(client, postmark, subscriber, authorization):
    response = client.post(
        url("postmark"),
        json.dumps(postmark_record(subscriber.email)),
        content_type="application/json",
        **({"HTTP_AUTHORIZATION": authorization} if authorization else {}),
    )

    refused_and_nothing_changed(response, subscriber, status=401)
    assert response["WWW-Authenticate"].startswith("Basic")


def test_postmark_custom_header_when_configured_is_required(client, postmark, settings, subscriber):
    settings.NEWSLETTER_POSTMARK_WEBHOOK_HEADER = "X-Webhook-Secret: s3cret"

    refused_and_nothing_changed(post_postmark(client, postmark_record(subscriber.email)), subscriber)
    wrong = post_postmark(client, postmark_record(subscriber.email), HTTP_X_WEBHOOK_SECRET="guess")
    refused_and_nothing_changed(wrong, subscriber)

    right = post_postmark(client, postmark_record(subscriber.email), HTTP_X_WEBHOOK_SECRET="s3cret")
    assert right.status_code == 200
    assert status_of(subscriber) == Subscriber.Status.BOUNCED


def test_a_postmark_body_that_is_not_a_bounce_is_a_bad_request(client, postmark, subscriber):
    refused_and_nothing_changed(post_postmark(client, ["not", "a", "bounce"]), subscriber, status=400)


# --- Mailgun ----------------------------------------------------------------------------------------------------


@pytest.fixture
def mailgun(settings):
    settings.NEWSLETTER_MAILGUN_SIGNING_KEY = MAILGUN_KEY


def mailgun_body(event_data, *, timestamp=None, token=None, key=MAILGUN_KEY):
    """A webhook call as Mailgun posts it: the event, and the HMAC-SHA256 of timestamp and token."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    token = token or secrets.token_hex(25)
    signature = mailgun_signature(key, timestamp, token)
    return {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": event_data}


def mailgun_signature(key, timestamp, token):
    return hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def mailgun_event(email, event="failed", severity="permanent", event_id="CPgfbmQMTCKtHW6uIWtuVe", **fields):
    return {
        "event": event,
        "severity": severity,
        "id": event_id,
        "timestamp": 1765047540.123,
        "recipient": email,
        "reason": "bounce",
        "delivery-status": {"code": 550, "message": "No such user", "description": "550 5.1.1 No such user here"},
        "message": {"headers": {"message-id": "20261206.1@mg.cep-probation.org", "to": email}},
        **fields,
    }


def post_mailgun(client, body):
    return client.post(url("mailgun"), json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("event", "severity", "reason", "status", "kind"),
    [
        ("failed", "permanent", "bounce", Subscriber.Status.BOUNCED, "hard"),
        ("failed", "permanent", "suppress-bounce", Subscriber.Status.BOUNCED, "hard"),
        ("failed", "permanent", "old", Subscriber.Status.CONFIRMED, "soft"),
        ("complained", None, None, Subscriber.Status.UNSUBSCRIBED, "complaint"),
    ],
)
def test_mailgun_failures_and_complaints_change_the_subscriber(
    client, mailgun, subscriber, event, severity, reason, status, kind
):
    response = post_mailgun(client, mailgun_body(mailgun_event(subscriber.email, event, severity, reason=reason)))

    assert response.status_code == 200
    assert status_of(subscriber) == status
    recorded = FeedbackEvent.objects.get()
    assert (recorded.kind, recorded.source) == (kind, "webhook:mailgun")
    assert recorded.key == "mailgun:CPgfbmQMTCKtHW6uIWtuVe:1765047540.123"


def test_a_mailgun_temporary_failure_is_a_delay_and_counts_for_nothing(client, mailgun, subscriber):
    # Mailgun reports each attempt that failed for now, and tries again: only how it ends counts.
    for attempt in range(4):
        event = mailgun_event(subscriber.email, severity="temporary", reason="generic", event_id=f"attempt-{attempt}")
        assert post_mailgun(client, mailgun_body(event)).status_code == 200

    assert not FeedbackEvent.objects.exists()
    assert status_of(subscriber) == Subscriber.Status.CONFIRMED


def test_the_mailgun_message_id_names_the_delivery(client, mailgun, delivery):
    event = mailgun_event("changed@elsewhere.example")
    event["message"]["headers"]["message-id"] = delivery.message_id.strip("<>")

    assert post_mailgun(client, mailgun_body(event)).status_code == 200
    assert FeedbackEvent.objects.get().delivery == delivery


def test_a_mailgun_call_with_a_forged_signature_is_refused(client, mailgun, subscriber):
    body = mailgun_body(mailgun_event(subscriber.email), key="key-not-the-sites")

    assert "signature" in refused_and_nothing_changed(post_mailgun(client, body), subscriber)


def test_a_subaccounts_mailgun_call_is_taken_by_the_primary_accounts_key(client, mailgun, subscriber):
    body = mailgun_body(mailgun_event(subscriber.email), key="key-of-the-subaccount")
    signed = body["signature"]
    # Mailgun signs a subaccount's event with the subaccount's key, and with the primary account's beside it.
    signed["parent-signature"] = mailgun_signature(MAILGUN_KEY, signed["timestamp"], signed["token"])

    assert post_mailgun(client, body).status_code == 200
    assert status_of(subscriber) == Subscriber.Status.BOUNCED


def test_a_mailgun_call_signed_long_ago_is_refused(client, mailgun, subscriber):
    body = mailgun_body(mailgun_event(subscriber.email), timestamp=int(time.time()) - 3600)

    assert "old" in refused_and_nothing_changed(post_mailgun(client, body), subscriber)


def test_a_mailgun_call_replayed_is_refused(client, mailgun, subscriber):
    body = mailgun_body(mailgun_event(subscriber.email, reason="old"))
    assert post_mailgun(client, body).status_code == 200

    # The same signed token again, even with another event inside: refused.
    body["event-data"] = mailgun_event(subscriber.email, event_id="another")
    response = post_mailgun(client, body)

    assert response.status_code == 403
    assert "before" in response.content.decode()
    assert FeedbackEvent.objects.count() == 1
    assert status_of(subscriber) == Subscriber.Status.CONFIRMED


def test_a_mailgun_call_that_failed_half_way_can_be_made_again(client, mailgun, subscriber, monkeypatch):
    body = mailgun_body(mailgun_event(subscriber.email))

    def database_gone(**report):
        raise ConnectionError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(webhook_views, "feedback_record", database_gone)
        with pytest.raises(ConnectionError):
            post_mailgun(client, body)

    assert post_mailgun(client, body).status_code == 200
    assert status_of(subscriber) == Subscriber.Status.BOUNCED


def test_a_mailgun_call_without_a_signature_is_a_bad_request(client, mailgun, subscriber):
    refused_and_nothing_changed(post_mailgun(client, {"event-data": {}}), subscriber, status=400)


# --- SendGrid ---------------------------------------------------------------------------------------------------


@pytest.fixture
def sendgrid_key(settings):
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    settings.NEWSLETTER_SENDGRID_VERIFICATION_KEY = base64.b64encode(der).decode()
    return key


def sendgrid_event(email, event, event_id, **fields):
    return {
        "email": email,
        "timestamp": 1765047540,
        "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
        "event": event,
        "sg_event_id": event_id,
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        **fields,
    }


def post_sendgrid(client, key, events, *, timestamp=None, body=None):
    """A call as SendGrid makes it: ECDSA over the timestamp header and the raw body, base64 in a header."""
    body = body if body is not None else json.dumps(events).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = base64.b64encode(key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))).decode()
    return client.post(
        url("sendgrid"),
        body,
        content_type="application/json",
        HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE=signature,
        HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP=timestamp,
    )


def test_a_sendgrid_batch_records_its_bounces_and_complaints_and_skips_the_rest(client, sendgrid_key):
    hard, soft, dropped, complained, opened = (
        SubscriberFactory(email=f"{name}@probation.example", status=Subscriber.Status.CONFIRMED)
        for name in ("hard", "soft", "dropped", "complained", "opened")
    )
    events = [
        sendgrid_event(hard.email, "bounce", "e1", type="bounce", status="5.1.1", reason="550 5.1.1 no such user"),
        sendgrid_event(soft.email, "bounce", "e2", type="blocked", status="4.0.0", reason="421 try later"),
        sendgrid_event(dropped.email, "dropped", "e3", reason="Bounced Address"),
        sendgrid_event(complained.email, "spamreport", "e4"),
        sendgrid_event(opened.email, "open", "e5"),
        sendgrid_event(opened.email, "delivered", "e6"),
    ]

    response = post_sendgrid(client, sendgrid_key, events)

    assert response.status_code == 200
    assert [status_of(person) for person in (hard, soft, dropped, complained, opened)] == [
        Subscriber.Status.BOUNCED,
        Subscriber.Status.CONFIRMED,
        Subscriber.Status.BOUNCED,
        Subscriber.Status.UNSUBSCRIBED,
        Subscriber.Status.CONFIRMED,
    ]
    assert dict(FeedbackEvent.objects.values_list("key", "kind")) == {
        "sendgrid:e1": "hard",
        "sendgrid:e2": "soft",
        "sendgrid:e3": "hard",
        "sendgrid:e4": "complaint",
    }
    assert FeedbackEvent.objects.get(key="sendgrid:e1").status_code == "5.1.1"


def test_a_sendgrid_body_changed_after_signing_is_refused(client, sendgrid_key, subscriber):
    signed = json.dumps([sendgrid_event("someone@elsewhere.example", "bounce", "e1")]).encode()
    timestamp = str(int(time.time()))
    signature = base64.b64encode(sendgrid_key.sign(timestamp.encode() + signed, ec.ECDSA(hashes.SHA256()))).decode()
    response = client.post(
        url("sendgrid"),
        json.dumps([sendgrid_event(subscriber.email, "bounce", "e1")]),
        content_type="application/json",
        HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE=signature,
        HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP=timestamp,
    )

    assert "signature" in refused_and_nothing_changed(response, subscriber)


def test_a_sendgrid_call_signed_by_another_key_or_unsigned_is_refused(client, sendgrid_key, subscriber):
    events = [sendgrid_event(subscriber.email, "bounce", "e1")]
    other_key = ec.generate_private_key(ec.SECP256R1())
    refused_and_nothing_changed(post_sendgrid(client, other_key, events), subscriber)

    unsigned = client.post(url("sendgrid"), json.dumps(events), content_type="application/json")
    refused_and_nothing_changed(unsigned, subscriber)


def test_a_sendgrid_call_signed_long_ago_is_refused(client, sendgrid_key, subscriber):
    response = post_sendgrid(
        client, sendgrid_key, [sendgrid_event(subscriber.email, "bounce", "e1")], timestamp=int(time.time()) - 3600
    )

    assert "old" in refused_and_nothing_changed(response, subscriber)


def test_a_sendgrid_call_replayed_is_refused(client, sendgrid_key, subscriber):
    body = json.dumps([sendgrid_event(subscriber.email, "bounce", "e1", type="blocked")]).encode()
    timestamp = int(time.time())
    assert post_sendgrid(client, sendgrid_key, None, body=body, timestamp=timestamp).status_code == 200

    # ECDSA signs anew with another signature each time; the body and timestamp are what was seen.
    replayed = post_sendgrid(client, sendgrid_key, None, body=body, timestamp=timestamp)

    assert replayed.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.bounce_count == 1


def test_a_signed_sendgrid_body_that_is_not_a_list_of_events_is_a_bad_request(client, sendgrid_key, subscriber):
    response = post_sendgrid(client, sendgrid_key, None, body=b'{"event": "bounce"}')

    refused_and_nothing_changed(response, subscriber, status=400)


# --- The door -----------------------------------------------------------------------------------------------------


def test_webhooks_take_posts_without_a_csrf_token_and_nothing_but_posts(mailgun, subscriber):
    client = Client(enforce_csrf_checks=True)
    body = mailgun_body(mailgun_event(subscriber.email))

    assert client.get(url("mailgun")).status_code == 405
    assert client.post(url("mailgun"), json.dumps(body), content_type="application/json").status_code == 200


def test_an_address_refused_too_often_is_answered_429_before_any_check(client, mailgun, settings, subscriber):
    settings.NEWSLETTER_WEBHOOK_REFUSAL_RATE = "3/m"
    forged = mailgun_body(mailgun_event(subscriber.email), key="key-guess")
    answers = [post_mailgun(client, forged).status_code for _ in range(5)]

    assert answers == [403, 403, 403, 403, 429]
    # A valid call from there waits too: the address is refused until the period ends.
    assert post_mailgun(client, mailgun_body(mailgun_event(subscriber.email))).status_code == 429
    assert not FeedbackEvent.objects.exists()


@pytest.mark.parametrize("key", ["not base64 !", base64.b64encode(b"not a key").decode()])
def test_a_sendgrid_key_that_does_not_load_is_reported_when_the_site_starts(settings, key):
    settings.NEWSLETTER_SENDGRID_VERIFICATION_KEY = key

    (error,) = sendgrid_verification_key_check(None)

    assert error.id == "newsletter.E001" and "NEWSLETTER_SENDGRID_VERIFICATION_KEY" in error.msg


def test_a_sendgrid_key_that_loads_passes_the_check(sendgrid_key):
    assert sendgrid_verification_key_check(None) == []
