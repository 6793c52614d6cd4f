"""Facts the attendance layer announces to the layers above it (docs/architecture.md).

Attendance knows nothing of certificates: when a trainer closes the last open
sitting of a session, it sends `session_finished` once the transaction has
committed, and whoever cares (certificates issues what was earned) listens.
"""

from django.dispatch import Signal

# Sent with `session_id` after the commit that closed a session's last open sitting.
session_finished = Signal()
