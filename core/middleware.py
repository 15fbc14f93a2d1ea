"""Security response headers: the Content-Security-Policy (django-csp) and a Permissions-Policy."""

from csp.middleware import CSPMiddleware

from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, leaving out Wagtail's previews as CONTENT_SECURITY_POLICY leaves out /admin/.

    A preview is rendered by running a dummy request for the page's public address through the middleware
    (`wagtail.models.PreviewableMixin.make_preview_request`, which marks it `is_dummy`), so the prefix /admin/ does
    not match it. Its policy would forbid what a preview needs: being framed by the editor (frame-ancestors 'none')
    and, for a newsletter's e-mail preview, the inline styles that e-mail clients require.
    """

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy: settings.PERMISSIONS_POLICY` on every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
