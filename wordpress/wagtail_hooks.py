from wagtail import hooks

from .redirects import ID_PARAMETERS, query_path, redirect_response


@hooks.register("before_serve_page")
def redirect_wordpress_id_addresses(page, request, serve_args, serve_kwargs):
    """`/?p=123` finds the home page, so Wagtail's redirect middleware, which acts on a 404, never sees it."""
    for parameter in ID_PARAMETERS.values():
        value = request.GET.get(parameter, "")
        if value.isdigit() and (response := redirect_response(request, query_path(request.path, parameter, value))):
            return response
    return None
