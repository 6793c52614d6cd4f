"""Private files: certificates and every other personal document.

They live in their own storage, outside MEDIA_ROOT, and no URL maps to it:
`url()` refuses. Views that have checked access per object hand the bytes out
with `private_file_response` (or, when a reverse proxy is configured for it,
hand the file's path to the proxy with X-Accel-Redirect / X-Sendfile).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse
from django.utils.encoding import escape_uri_path
from django.utils.functional import LazyObject


class PrivateStorage(FileSystemStorage):
    """A file system storage without URLs."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location or settings.PRIVATE_ROOT, base_url=None, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks access.")


class _Private(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


def private_storage():
    """The storage of personal files (a callable, so migrations do not record its path)."""
    return _Private()


def private_file_response(field_file, *, filename, content_type):
    """Serve a private file as a download the browser must not keep in any cache."""
    accel = getattr(settings, "PRIVATE_FILES_ACCEL", "")
    if accel == "x-accel-redirect":
        # nginx: `location /_private/ { internal; alias <PRIVATE_ROOT>/; }`
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = "/_private/" + escape_uri_path(field_file.name)
    elif accel == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = field_file.path
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
