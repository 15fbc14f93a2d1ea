"""Backups that restore (core/backups.py): the demo content, a member, subscribers and a sent issue are backed up,
everything is dropped (the database's tables and the uploads, public and private), and the restore brings back the
same pages, logins, rows and files, each in its own root. And which backups the rotation keeps."""

import io
import shutil
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client

from wagtail.images.models import Image
from wagtail.models import Page

from awards.models import Nomination
from core.backups import backup_at, backup_make, backup_restore, backups_in, backups_kept
from newsletter.models import Delivery, IssueSending, Subscriber

PASSWORD = "a-long-passphrase-for-tests"


def uploads(root=None) -> list[str]:
    root = Path(root or settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def directory_empty(root) -> None:
    for path in Path(root).iterdir():
        path.unlink() if path.is_file() else shutil.rmtree(path)


@pytest.fixture
def private_media_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    return tmp_path / "private-media"


def site_state(client) -> dict:
    pages = {page.url: page.title for page in Page.objects.live().specific().filter(depth__gt=2)[:40]}
    return {
        "pages": pages,
        "shown": {url: title in client.get(url).content.decode() for url, title in list(pages.items())[:12]},
        "rows": {
            model.__name__: model.objects.count()
            for model in (Page, get_user_model(), EmailAddress, Subscriber, IssueSending, Delivery, Image, Nomination)
        },
        "sent issues": list(IssueSending.objects.filter(status="sent").values_list("issue__title", flat=True)),
        "uploads": uploads(),
        "private uploads": uploads(settings.PRIVATE_MEDIA_ROOT),
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_brings_back_the_same_pages_logins_and_rows_after_everything_is_dropped(tmp_path, private_media_root):
    call_command("load_demo_content", stdout=io.StringIO())
    member = get_user_model().objects.create_user(email="member@probation.example", password=PASSWORD)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{number}@probation.example", status="confirmed") for number in range(3)]
    )
    assert IssueSending.objects.filter(status="sent").exists(), "the demo has a sent issue"
    before = site_state(Client())
    assert all(before["shown"].values()) and before["uploads"]
    # The demo's nominations bring supporting PDFs, kept apart from the public uploads.
    pdf = Nomination.objects.exclude(supporting_pdf="").first().supporting_pdf
    assert before["private uploads"] == [pdf.name]

    out = io.StringIO()
    call_command("backup_site", "--directory", str(tmp_path / "backups"), stdout=out)
    assert out.getvalue().startswith("Backed up cep-")
    (backup,) = backups_in(tmp_path / "backups")

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    directory_empty(settings.MEDIA_ROOT)
    directory_empty(private_media_root)
    assert uploads() == [] and uploads(private_media_root) == []

    out = io.StringIO()
    call_command("restore_site", backup.name, "--directory", str(tmp_path / "backups"), stdout=out)
    assert out.getvalue().startswith(f"Restored {backup.name} in ")
    ContentType.objects.clear_cache()

    client = Client()
    assert site_state(client) == before
    # The PDF is back where the jury downloads it, and nowhere under the public media directory.
    assert Nomination.objects.get(supporting_pdf=pdf.name).supporting_pdf.read().startswith(b"%PDF")
    public = [path.relative_to(settings.MEDIA_ROOT) for path in Path(settings.MEDIA_ROOT).rglob("*")]
    assert not any(".private" in path.parts or path.name == Path(pdf.name).name for path in public)
    response = client.post("/accounts/login/", {"login": "member@probation.example", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/account/")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_made_before_private_files_were_archived_restores_and_leaves_them_alone(tmp_path, private_media_root):
    (Path(settings.MEDIA_ROOT) / "images").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "images" / "photo.jpg").write_bytes(b"a photo")
    (private_media_root / "award-nominations").mkdir(parents=True)
    (private_media_root / "award-nominations" / "kept.pdf").write_bytes(b"%PDF-1.4 kept")
    backup = backup_make(tmp_path / "backups")
    # As backups were made before: the public uploads only, at the archive's top.
    with tarfile.open(backup.media, "r:gz") as archive:
        public = [member for member in archive.getmembers() if not member.name.startswith(".private")]
        with tarfile.open(tmp_path / "old.tar.gz", "w:gz") as old:
            for member in public:
                old.addfile(member, archive.extractfile(member) if member.isfile() else None)
    shutil.move(tmp_path / "old.tar.gz", backup.media)
    directory_empty(settings.MEDIA_ROOT)

    backup_restore(backup)

    assert uploads() == ["images/photo.jpg"]
    assert uploads(private_media_root) == ["award-nominations/kept.pdf"]


def test_the_rotation_keeps_the_newest_of_each_of_7_days_and_of_each_of_4_weeks(tmp_path):
    now = datetime(2027, 5, 31, 2, 15, tzinfo=UTC)  # a Monday
    taken = [now - timedelta(days=day, hours=hour) for day in range(60) for hour in (0, 12)]
    backups = [backup_at(tmp_path, moment) for moment in taken]

    kept = {backup.taken_at for backup in backups_kept(backups)}

    # Two a day, at 02:15 and 14:15: the newest of each of the last seven days is the 14:15 one, but today's.
    days = {now} | {datetime(2027, 5, day, 14, 15, tzinfo=UTC) for day in range(25, 31)}
    # The newest of each of the last four ISO weeks: this week's and last week's are among the days; then the
    # Sundays 23 and 16 May.
    weeks = {datetime(2027, 5, 23, 14, 15, tzinfo=UTC), datetime(2027, 5, 16, 14, 15, tzinfo=UTC)}
    assert kept == days | weeks


def test_restoring_a_backup_that_is_not_there_says_so(tmp_path):
    with pytest.raises(Exception, match="No complete backup named cep-20270101T000000Z"):
        call_command("restore_site", "cep-20270101T000000Z", "--directory", str(tmp_path))
