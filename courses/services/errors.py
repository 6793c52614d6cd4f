class EnrolmentError(Exception):
    """A rule of enrolling refused the request; `code` is stable, `message` is for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class AttendanceError(EnrolmentError):
    """A rule of attendance refused a change; `code` is stable, `message` is for people."""
