from core.errors import ServiceError


class EnrolmentError(ServiceError):
    """A rule of enrolling refused the request; `code` is stable, `message` is for people."""
