from pathlib import Path

import pytest


@pytest.fixture
def private_media_root(settings) -> Path:
    """Where supporting PDFs are stored: the test's own directory, beside its media (the `media_root` fixture)."""
    return Path(settings.PRIVATE_MEDIA_ROOT)
