"""The Content Security Policy: strict everywhere, relaxed only for the Wagtail design tool.

The policy itself is `CONTENT_SECURITY_POLICY` in settings (django-csp). Wagtail's admin uses
inline scripts and styles that we do not control, so under `CSP_RELAXED_PREFIX` (the design tool,
used only by signed-in designers and publishers, never by citizens) the directives in
`CSP_RELAXED_DIRECTIVES` replace the strict ones. See docs/security.md.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the design tool's relaxation applied by path."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_RELAXED_PREFIX):
            parts.replace = {**settings.CSP_RELAXED_DIRECTIVES, **(parts.replace or {})}
        return parts
