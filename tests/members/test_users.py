import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_users_are_identified_by_email_with_no_username():
    user = User.objects.create_user(email="Maria.Rossi@Example.ORG", password="a-long-passphrase")
    assert user.email == "Maria.Rossi@example.org"
    assert not hasattr(user, "username") or user.username is None
    assert User.USERNAME_FIELD == "email"


def test_the_same_address_in_other_letter_cases_cannot_register_twice():
    User.objects.create_user(email="jan@example.org", password="a-long-passphrase")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="JAN@example.org", password="another-passphrase")


def test_createsuperuser_works_with_an_email_login(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-passphrase")
    call_command("createsuperuser", "--noinput", "--email", "editor@cep-probation.org", stdout=io.StringIO())
    editor = User.objects.get(email="editor@cep-probation.org")
    assert editor.is_superuser and editor.is_staff
    assert editor.check_password("a-long-passphrase")


def test_staff_log_in_to_the_wagtail_admin_with_their_email_in_any_case(client):
    User.objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    response = client.post(
        "/admin/login/", {"username": "Editor@CEP-probation.org", "password": "a-long-passphrase"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.email == "editor@cep-probation.org"
    assert "Dashboard" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client):
    User.objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    response = client.post("/admin/login/", {"username": "editor@cep-probation.org", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Your e-mail address and password didn&#x27;t match" in response.content.decode()


def test_the_local_admin_login_printed_by_make_run_works(client):
    output = io.StringIO()
    call_command("create_local_admin", stdout=output)
    email, password = output.getvalue().strip().removeprefix("Admin login: ").split(" / ")
    assert client.login(username=email, password=password)
    assert client.get("/admin/").status_code == 200


def test_running_make_run_again_gives_a_fresh_password_for_the_same_admin(client):
    first, second = io.StringIO(), io.StringIO()
    call_command("create_local_admin", stdout=first)
    call_command("create_local_admin", stdout=second)
    assert User.objects.filter(is_superuser=True).count() == 1
    old_password = first.getvalue().strip().split(" / ")[1]
    new_password = second.getvalue().strip().split(" / ")[1]
    assert not client.login(username="admin@example.com", password=old_password)
    assert client.login(username="admin@example.com", password=new_password)


def test_staff_create_a_user_in_the_wagtail_admin(client):
    admin = User.objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    client.force_login(admin)
    response = client.post(
        "/admin/users/new/",
        {
            "email": "new.member@example.org",
            "first_name": "New",
            "last_name": "Member",
            "password1": "a-fresh-long-passphrase",
            "password2": "a-fresh-long-passphrase",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="new.member@example.org").exists()
