"""Every public page carries the security headers; the Wagtail admin, left out of the CSP, still works."""

import pytest

from django.contrib.auth import get_user_model

from events.models import EventPage
from news.models import NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def directives(response) -> dict:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def public_pages(client, full_demo_site):
    news = NewsPage.objects.live().first()
    event = EventPage.objects.live().first()
    return {
        "home": "/",
        "news page": news.url,
        "event page": event.url,
        "search": "/search/?q=probation",
        "not found": "/no-such-page/",
        "form page": "/newsletter/subscribe/",
        "login": "/accounts/login/",
    }


def test_public_pages_send_the_security_headers(client, public_pages):
    for name, url in public_pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        permissions = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in permissions, name

        policy = directives(response)
        assert policy["default-src"] == ["'self'"], name
        assert policy["script-src"] == ["'self'"], name
        assert policy["style-src"] == ["'self'"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["base-uri"] == ["'self'"], name
        assert policy["form-action"] == ["'self'"], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], name


def test_public_pages_have_no_inline_script_or_style_the_policy_would_refuse(client, public_pages):
    for name, url in public_pages.items():
        body = client.get(url).content.decode()
        # The event page's JSON-LD is a data block: browsers neither run it nor apply script-src to it.
        scripts = body.count("<script")
        data_blocks = body.count('<script type="application/ld+json">')
        assert scripts == data_blocks, name
        assert " style=" not in body, name
        assert " onclick=" not in body and " onload=" not in body, name


def test_the_event_page_json_ld_is_a_data_block(client, public_pages):
    body = client.get(public_pages["event page"]).content.decode()
    assert '<script type="application/ld+json">' in body


def test_embedded_videos_may_come_from_youtube_and_vimeo_only(client, full_demo_site):
    policy = directives(client.get("/"))
    assert set(policy["frame-src"]) == {
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    }


def test_the_admin_is_left_out_of_the_policy_and_still_works(client, full_demo_site):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Content-Security-Policy" not in dashboard
    # It keeps the other headers.
    assert dashboard["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in dashboard

    event = EventPage.objects.live().first()
    edit = client.get(f"/admin/pages/{event.pk}/edit/")
    assert edit.status_code == 200
    assert "Content-Security-Policy" not in edit
    assert client.get(f"/admin/pages/{event.pk}/edit/preview/").status_code in (200, 405)


def test_a_logged_in_editor_sees_the_userbar_without_breaking_the_policy(client, full_demo_site):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    response = client.get("/")
    body = response.content.decode()
    assert "wagtail-userbar" in body
    # The userbar loads its scripts from this site's static files, which script-src 'self' allows.
    assert "<script>" not in body
    assert directives(response)["script-src"] == ["'self'"]


def test_a_preview_in_the_editor_is_left_out_of_the_policy_like_the_admin(rf, full_demo_site):
    # Wagtail runs a dummy request for the page's public address through the middleware; the editor frames the
    # answer, and a newsletter's e-mail preview has the inline styles e-mail needs.
    event = EventPage.objects.live().first()
    response = event.make_preview_request(rf.get(f"/admin/pages/{event.pk}/edit/preview/"))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
