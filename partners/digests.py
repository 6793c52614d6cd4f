"""The partners' weekly digest: per member, what changed for their organisation.

`send_digests()` is run by `manage.py send_partner_digests` from a scheduler
(weekly, e.g. Monday 7:00). Each current member who did not opt out gets one
e-mail per organisation listing new enrolments, absences and certificates
issued since their previous digest (at most a week back the first time),
built from `partners.access.digest_for` and so from the same consent
rule as the pages. A week with nothing to tell sends nothing. Running the
command twice sends nothing new: each membership remembers its last digest.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.contact import get_contact
from core.links import absolute
from courses.models import Membership
from partners.access import digest_for

WINDOW = datetime.timedelta(days=7)

UNSUBSCRIBE_SALT = "numixs.partners.digest-unsubscribe"


def unsubscribe_token(membership):
    """The digest's opt-out link carries this: the membership, signed (no login needed)."""
    return signing.dumps(membership.pk, salt=UNSUBSCRIBE_SALT)


def membership_from_token(token):
    """The membership id of an opt-out link; raises signing.BadSignature if forged."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def due_memberships(now=None):
    return (
        Membership.objects.current(now)
        .filter(
            weekly_digest=True,
            organisation__is_active=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("pk")
    )


def send_digests(now=None):
    """Queue one digest per due membership; returns how many were queued."""
    now = now or timezone.now()
    count = 0
    for membership in due_memberships(now):
        send_digest.enqueue(membership.pk, now.isoformat())
        count += 1
    return count


@task()
def send_digest(membership_id, until):
    """Send one member's digest (if there is anything to say); returns True when sent."""
    until = datetime.datetime.fromisoformat(until)
    with transaction.atomic():
        membership = (
            due_memberships(until).select_for_update(of=("self",)).filter(pk=membership_id).first()
        )
        if membership is None:
            return False
        since = max(membership.digest_sent_at or until - WINDOW, until - WINDOW)
        if since >= until:
            return False
        news = digest_for(membership, since, until)
        if not any(news.values()):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                **news,
                "membership": membership,
                "organisation": membership.organisation,
                "user": membership.user,
                "since": timezone.localtime(since),
                "contact": get_contact(),
                "area_url": absolute(reverse("partners:list")),
                "unsubscribe_url": absolute(
                    reverse("partners:unsubscribe", args=[unsubscribe_token(membership)])
                ),
            }
            message = EmailMultiAlternatives(
                subject=_("Numixs : la semaine de %(name)s")
                % {"name": membership.organisation.name},
                body=render_to_string("emails/partner_digest.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[membership.user.email],
                headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
            )
            message.send()
        membership.digest_sent_at = until
        membership.save(update_fields=["digest_sent_at"])
    return True
