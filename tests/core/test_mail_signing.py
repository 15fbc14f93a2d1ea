"""DKIM signing: with a key set, what the workers send carries a signature the receiving server verifies with the
public key published in DNS (here a lookup function that returns it, as dkimpy allows)."""

import base64
import json
import subprocess

import dkim
import pytest

from core import mail
from newsletter import sending
from newsletter.models import Subscriber
from tests.core.test_settings import run_python
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory

pytestmark = pytest.mark.django_db

SELECTOR, DOMAIN = "cep2027", "cep-probation.org"


@pytest.fixture(scope="module")
def key_pair():
    """A new 2048-bit RSA key (PEM) and the TXT record that publishes its public half (RFC 6376 §3.6.1)."""
    private = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True, check=True).stdout  # noqa: S607
    public = subprocess.run(  # noqa: S603
        ["openssl", "rsa", "-pubout", "-outform", "DER"],  # noqa: S607
        input=private,
        capture_output=True,
        check=True,
    ).stdout
    return private.decode(), b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


@pytest.fixture
def signing(settings, smtp_sink, key_pair):
    settings.OUTBOX_DELIVERY_BACKEND = "core.mail_signing.DKIMSigningSMTPBackend"
    settings.DKIM_SELECTOR, settings.DKIM_DOMAIN, settings.DKIM_PRIVATE_KEY = SELECTOR, DOMAIN, key_pair[0]
    return smtp_sink


def verified(raw: bytes, record: bytes) -> bool:
    def txt_lookup(name, timeout=5):
        return record if name == f"{SELECTOR}._domainkey.{DOMAIN}.".encode() else None

    return dkim.verify(raw, dnsfunc=txt_lookup)


def signed_headers(raw: bytes) -> set[str]:
    signature = dkim.DKIM(raw).headers[0]
    assert signature[0].lower() == b"dkim-signature"
    tags = dict(part.strip().split(b"=", 1) for part in signature[1].decode().replace("\r\n", "").encode().split(b";"))
    return {name.strip().decode().lower() for name in tags[b"h"].split(b":")}


def test_a_newsletter_issue_goes_out_signed_and_the_signature_covers_one_click_unsubscribe(
    signing, key_pair, demo_site, django_capture_on_commit_callbacks
):
    for name in ("ana", "ben"):
        Subscriber.objects.create(email=f"{name}@probation.example", status=Subscriber.Status.CONFIRMED)
    issue = NewsletterIssuePageFactory(parent=NewsletterIndexPageFactory(parent=demo_site), title="March 2027")
    with django_capture_on_commit_callbacks(execute=True):
        sending.sending_start(issue, by=None)

    received = signing.received
    assert sorted(message.to for message in received) == ["ana@probation.example", "ben@probation.example"]
    for message in received:
        assert f"d={DOMAIN}" in message.message["DKIM-Signature"].replace(" ", "")
        assert verified(message.raw, key_pair[1])
        assert {"from", "to", "subject", "list-unsubscribe", "list-unsubscribe-post"} <= signed_headers(message.raw)

    # A message changed on the way (another recipient's unsubscribe link) fails.
    ana, ben = sorted(received, key=lambda message: message.to)
    ana_link = ana.message["List-Unsubscribe"].encode()
    ben_link = ben.message["List-Unsubscribe"].encode()
    assert not verified(ana.raw.replace(ana_link, ben_link), key_pair[1])
    # And so does one checked against another key.
    assert not verified(ana.raw, b"v=DKIM1; k=rsa; p=" + key_pair[1].split(b"p=")[1][::-1])


def test_a_one_off_email_goes_out_signed(signing, key_pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.email_queue("members.application-received", to=["ana@probation.example"], subject="Hello", body="Hi")
    (message,) = signing.received
    assert message.message["Subject"] == "Hello"
    assert verified(message.raw, key_pair[1])


@pytest.mark.slow
def test_the_key_may_be_a_path_and_all_three_settings_are_needed(tmp_path, key_pair):
    key_file = tmp_path / "dkim.pem"
    key_file.write_text(key_pair[0])
    show = "import django; django.setup(); from django.conf import settings as s; import json; "
    show += "print(json.dumps([s.OUTBOX_DELIVERY_BACKEND, s.DKIM_PRIVATE_KEY[:27]]))"
    smtp = {"settings_module": "cep_site.settings.dev", "EMAIL_URL": "smtp://mail.cep-probation.org:25"}
    result = run_python(show, DKIM_PRIVATE_KEY=str(key_file), DKIM_SELECTOR=SELECTOR, DKIM_DOMAIN=DOMAIN, **smtp)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["core.mail_signing.DKIMSigningSMTPBackend", "-----BEGIN PRIVATE KEY-----"]

    unsigned = run_python(show, **smtp)
    assert json.loads(unsigned.stdout)[0] == "django.core.mail.backends.smtp.EmailBackend"

    half = run_python(show, DKIM_PRIVATE_KEY=str(key_file), DKIM_SELECTOR=SELECTOR, **smtp)
    assert half.returncode != 0
    assert "DKIM signing needs all of DKIM_PRIVATE_KEY, DKIM_SELECTOR and DKIM_DOMAIN" in half.stderr
