"""The base of every refusal a business rule gives: a stable code and a French message."""


class ServiceError(Exception):
    """A rule refused the request; `code` is stable (tests assert it), `message` is for people.

    Each domain has its own subclass (enrolment, attendance, certificates, partners),
    all siblings under this one, so that a view can turn any of them into a message.
    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message
