"""The renditions the templates ask for, so listings can fetch them up front with `prefetch_renditions`.

Each constant is the filter spec a template's `{% picture %}` tag writes, in the same order (fill, then format); keep
the two the same, or every picture costs a query. AVIF is left out: Pillow takes about 0.4 s to encode one rendition
against 0.03 s for WebP, which every first view after an upload would pay, and every browser in use reads WebP.
"""

from wagtail.images.models import Filter

CARD_IMAGE = "fill-{400x267,600x400,800x533}|format-{webp,jpeg}"
HERO_IMAGE = "fill-{800x450,1200x675,1600x900}|format-{webp,jpeg}"
LOGO_IMAGE = "max-320x320|format-{webp,png}"


def renditions(*specs: str) -> list[str]:
    """The single filter specs that `{% picture %}` makes of these, for `prefetch_renditions`."""
    return [single for spec in specs for single in Filter.expand_spec(spec)]
