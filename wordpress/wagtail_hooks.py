from django.db.models import F
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from .redirects import ID_PARAMETERS, query_path


@hooks.register("before_serve_page")
def redirect_wordpress_id_addresses(page, request, serve_args, serve_kwargs):
    """`/?p=123` finds the home page, so Wagtail's redirect middleware, which acts on a 404, never sees it."""
    for parameter in ID_PARAMETERS.values():
        value = request.GET.get(parameter, "")
        if not value.isdigit():
            continue
        old_path = query_path(request.path, parameter, value)
        site = Site.find_for_request(request)
        redirects = Redirect.get_for_site(site).filter(old_path=old_path)
        redirect = redirects.order_by(F("site").asc(nulls_last=True)).first()  # the site's own first
        if redirect is not None and redirect.link:
            response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
            return response_class(redirect.link)
    return None
