"""The test client's `login()` calls `authenticate()` without a request, which django-axes
refuses. This backend lets that one call through (tests/conftest's logins are set-up,
not what is under test); every real login, posted to /connexion/ or /admin/login/,
still goes through axes (tests/security/test_logins.py)."""

from axes.backends import AxesStandaloneBackend


class AxesUnlessTestClientLogin(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
