"""Signed links that let a learner manage an enrolment without an account."""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment

SALT = "numixs.enrolment"
VALID_AFTER_SESSION = datetime.timedelta(days=365)


def manage_url(enrolment):
    """The enrolment's own address: the same every time (page, e-mail, reminder)."""
    token = signing.Signer(salt=SALT).sign_object(str(enrolment.public_id), compress=True)
    return reverse("courses:manage_enrolment", args=[token])


def enrolment_from_token(token, today=None):
    """The enrolment a link points to, or None when the link is forged or expired.

    A link stays valid for a year after the session's last day, so that the
    learner can come back for the certificate.
    """
    try:
        public_id = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        try:  # links made before they were stable carried a timestamp
            public_id = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return None
    enrolment = (
        Enrolment.objects.select_related("learner", "session__course", "session__venue")
        .prefetch_related("session__sittings")
        .filter(public_id=public_id)
        .first()
    )
    if enrolment is None:
        return None
    today = today or timezone.localdate()
    last_day = enrolment.session.end_date
    if last_day is not None and today > last_day + VALID_AFTER_SESSION:
        return None
    return enrolment
