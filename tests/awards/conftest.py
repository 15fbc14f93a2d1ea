import pytest


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Supporting PDFs go to a directory of the test's own, apart from the public media directory."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    return tmp_path / "private-media"
