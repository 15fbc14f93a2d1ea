"""The comparison of two country profiles, a route of the country index (`CountryIndexPage.compare`)."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .forms import CompareForm
from .queries import profiles_compared


@require_safe
def country_compare(request, *, index_page):
    """`compare/?a=BE&b=NL`: the two profiles side by side. Without both, the form alone; with a code that has no
    profile, an empty one or the same one twice, the form again with what is wrong, and 400."""
    context = index_page.get_context(request)
    # Sent by the form, both are there (maybe empty); a profile's link gives only the first, to start from.
    asked = "a" in request.GET and "b" in request.GET
    initial = {"a": request.GET.get("a", "")}
    form = CompareForm(request.GET if asked else None, initial=initial, profiles=context["profiles"])
    profiles = []
    if form.is_valid():
        profiles = profiles_compared(index_page, [form.cleaned_data["a"], form.cleaned_data["b"]])
    context.update({"form": form, "compared": profiles})
    status = 400 if asked and not form.is_valid() else 200
    return TemplateResponse(request, "countries/country_compare.html", context, status=status)
