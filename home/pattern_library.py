"""The pattern library: every component of the public face on one page, for editors and designers.

Behind the admin login (Wagtail's own check), not cached, not indexed. Cards show real pages of the site, so the
page shows what visitors see; a component with no such page yet is left out.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.images import get_image_model

from events.models import EventPage
from news.models import NewsPage
from projects.models import ProjectPage
from topics.models import TopicPage

SWATCHES = [
    ("blue-950", "#0F1B3D"),
    ("blue-900", "#14285A"),
    ("blue-800", "#1A3478"),
    ("blue-700", "#1F4196"),
    ("blue-600", "#2F56B0"),
    ("blue-300", "#9DB3E6"),
    ("blue-100", "#DCE5F7"),
    ("blue-50", "#EFF3FB"),
    ("marigold-400", "#F4B63F"),
    ("marigold-100", "#FDF0D2"),
    ("paper", "#F7F4EE"),
    ("sand", "#E6E0D3"),
    ("ink-900", "#1A1D29"),
    ("ink-700", "#464B5A"),
    ("ink-600", "#5B6070"),
    ("ink-500", "#767B8A"),
    ("ink-200", "#E3E5EA"),
    ("error", "#B42318"),
    ("success", "#1D6B3F"),
    ("warning", "#7A4F00"),
]


@require_admin_access
@never_cache
def pattern_library(request):
    def first_live(model):
        return model.objects.live().order_by("-first_published_at").first()

    context = {
        "swatches": SWATCHES,
        "news_item": first_live(NewsPage),
        "event": first_live(EventPage),
        "project": first_live(ProjectPage),
        "topic": first_live(TopicPage),
        "image": get_image_model().objects.order_by("pk").first(),
        "figures": [("1981", "the year CEP was founded"), ("8", "member organisations")],
        "newsletter_signup_hidden": True,
    }
    return render(request, "pattern_library.html", context)
