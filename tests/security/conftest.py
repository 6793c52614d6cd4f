"""Fixtures the security tests borrow from the other suites (a sitting, a certificate)."""

from tests.attendance.test_attendance import (  # noqa: F401
    other_trainer,
    session,
    sitting,
    trainer,
)
from tests.certificates.test_documents import certificate  # noqa: F401
