"""Content-Security-Policy (django-csp): no inline script anywhere on the site.

Every script is a file under /static/ and every page is built from this
origin only (no CDN, no third party). The Wagtail admin still ships inline
scripts and styles (its panels and date widgets), so /admin/ alone allows
them; it stays same-origin like the rest.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {
                "script-src": [SELF, UNSAFE_INLINE],
                "style-src": [SELF, UNSAFE_INLINE],
                "img-src": [SELF, "data:", "blob:"],
                **(parts.replace or {}),
            }
            parts.nonce = None
        return parts
