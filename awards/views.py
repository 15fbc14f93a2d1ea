"""The award page's routes: the nomination form and its thanks, and the winners of every year (AwardPage)."""

from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse

from core.public_forms import kept_private, rate_limited, see_other

from .forms import NominationForm
from .models import AwardPage
from .queries import call_state, winners_by_year
from .services import nomination_submit


def nomination_rate(group, request) -> str:
    # Read at each request rather than at import, so that a changed setting takes effect.
    return settings.AWARD_NOMINATION_RATE


def page_response(request, page: AwardPage, template: str, *, status: int = 200, **context) -> TemplateResponse:
    request.is_preview = getattr(request, "is_preview", False)
    return TemplateResponse(request, template, {"page": page, "self": page, **context}, status=status)


def form_page(request, page: AwardPage, call, form, *, status: int = 200) -> TemplateResponse:
    response = page_response(request, page, "awards/award_nominate.html", status=status, call=call, form=form)
    # What the visitor typed, shown back to them: for no cache to keep.
    return kept_private(response) if form.is_bound else response


@ratelimit(key="ip", rate=nomination_rate, method="POST", block=False)
def nomination_form(request, page: AwardPage):
    """GET: the form while a call is open. POST: a 303 to `thanks/`, a 400 with the form and its errors, a 429
    over the rate, and a 403 with no form while no call is open."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    state = call_state(page.calls.all())
    if not state.is_open:
        status = 403 if request.method == "POST" else 200
        return page_response(request, page, "awards/award_nominations_closed.html", status=status, call_state=state)
    categories = page.categories.all()
    if request.method != "POST":
        return form_page(request, page, state.call, NominationForm(categories=categories))
    if request.limited:
        return rate_limited(request, page=page, things="nominations", doing="nominating")
    form = NominationForm(request.POST, request.FILES, categories=categories)
    thanks = page.get_url(request) + page.reverse_subpage("nomination_thanks")
    if form.is_from_a_bot:
        # Thanked like anyone else, so that the bot learns nothing; nothing is kept or sent.
        return see_other(thanks)
    if not form.is_valid():
        return form_page(request, page, state.call, form, status=400)
    nomination_submit(
        call=state.call,
        data=form.nomination_data(),
        supporting_pdf=form.cleaned_data["supporting_pdf"],
        page_url=page.get_full_url(request),
    )
    return see_other(thanks)


def nomination_thanks(request, page: AwardPage):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return page_response(request, page, "awards/award_nomination_thanks.html", call_state=call_state(page.calls.all()))


def winners(request, page: AwardPage):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return page_response(request, page, "awards/award_winners.html", winners_by_year=winners_by_year(page))
