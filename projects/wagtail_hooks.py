from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PartnerOrganisation


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    menu_label = "Partner organisations"
    add_to_admin_menu = True
    list_display = ["name", "country", "website"]
    list_filter = ["country"]
    search_fields = ["name"]


register_snippet(PartnerOrganisationViewSet)
