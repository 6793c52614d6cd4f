"""Telling learners what happens to their enrolment: by SMS and by e-mail, logged.

`notify(enrolment, kind)` is the one entry point (enrolment services, the
certificate layer through `notify`, the reminder command): it writes one
`Message` per channel the person gave — SMS to a French mobile, e-mail to an
address — and queues `deliver_message` for each once the transaction commits.
A request never waits on a provider.

`deliver_message` tries once. A temporary failure (network, provider down,
rate limit) schedules another attempt, further apart each time
(RETRY_DELAYS), up to NUMIXS_MESSAGE_ATTEMPTS; a backend that can defer runs
it then, and `send_due_messages` (the `send_messages` command, run every few
minutes by cron with the reminders) picks up the rest. When no message can
reach the person, the enrolment goes on the call list: nobody is left
without news.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from core import sms
from core.contact import get_contact
from core.links import absolute
from courses.models import Enrolment, Message, MessageChannel, MessageKind, MessageStatus

RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]


def short_path(enrolment):
    """The learner's page in at most 25 characters after the domain: /i/<10 characters>."""
    return reverse("courses:short_link", args=[enrolment.short_token])


def short_url(enrolment):
    return absolute(short_path(enrolment))


def _when(session):
    """'lun. 7 déc. 9h30' — the first sitting, as short as a phone screen wants."""
    sittings = session.ordered_sittings
    if not sittings:
        return ""
    first = sittings[0]
    day = first.date.strftime("%d/%m")
    minutes = f"{first.start_time.minute:02d}" if first.start_time.minute else ""
    return f"{day} {first.start_time.hour}h{minutes}"


TITLE_IN_SMS = 45  # characters: every message stays within two SMS parts


def _shortened(title):
    return title if len(title) <= TITLE_IN_SMS else title[: TITLE_IN_SMS - 3].rstrip() + "..."


def sms_text(enrolment, kind):
    """The SMS for `kind`: short plain French, the reference, the short link, the phone."""
    session = enrolment.session
    course = _shortened(session.course.title)
    values = {
        "course": course,
        "when": _when(session),
        "town": session.venue.town,
        "ref": enrolment.reference,
        "link": short_url(enrolment),
        "phone": get_contact().phone,
    }
    texts = {
        MessageKind.CONFIRMATION: _(
            "Numixs : inscription confirmée à « %(course)s », le %(when)s à %(town)s. "
            "Référence %(ref)s. Détails et convocation : %(link)s"
        ),
        MessageKind.WAITLIST: _(
            "Numixs : « %(course)s » est complet, vous êtes sur la liste d'attente. "
            "Nous vous prévenons si une place se libère. Référence %(ref)s. %(link)s"
        ),
        MessageKind.PROMOTION: _(
            "Numixs : une place s'est libérée ! Vous êtes inscrit(e) à « %(course)s », "
            "le %(when)s à %(town)s. Référence %(ref)s. %(link)s"
        ),
        MessageKind.REMINDER: _(
            "Numixs : rappel, votre formation « %(course)s » commence demain, %(when)s, "
            "à %(town)s. Empêché(e) ? Appelez le %(phone)s. %(link)s"
        ),
        MessageKind.LINK: _(
            "Numixs : le lien de votre inscription à « %(course)s » (référence %(ref)s) : "
            "%(link)s. Si vous n'avez rien demandé, ignorez ce SMS."
        ),
        MessageKind.SESSION_CANCELLED: _(
            "Numixs : désolés, la session « %(course)s » du %(when)s à %(town)s est "
            "annulée. Autres dates : %(link)s ou au %(phone)s."
        ),
        MessageKind.CERTIFICATE: _(
            "Numixs : votre attestation « %(course)s » est prête. Téléchargez-la ici : %(link)s"
        ),
    }
    return sms.gsm.to_gsm7(texts[kind] % values)


def _kind_for(enrolment, kind):
    if kind == MessageKind.CONFIRMATION and enrolment.status == "waitlisted":
        return MessageKind.WAITLIST
    return kind


def notify(enrolment, kind):
    """Queue the messages about `enrolment` (one per channel the person gave).

    Returns the Message rows. When the person can be reached by neither SMS nor
    e-mail (a landline only), nothing is queued and the enrolment goes on the call
    list: someone phones them instead.
    """
    kind = _kind_for(enrolment, kind)
    learner = enrolment.learner
    channels = []  # (channel, recipient, text): a mobile gets the SMS, an address the e-mail
    if sms.is_mobile(learner.phone):
        with translation.override(settings.LANGUAGE_CODE):
            channels.append((MessageChannel.SMS, learner.phone, sms_text(enrolment, kind)))
    if learner.email:
        channels.append((MessageChannel.EMAIL, learner.email, ""))
    messages = [
        Message(enrolment=enrolment, channel=channel, kind=kind, recipient=to, text=text)
        for channel, to, text in channels
    ]
    for message in messages:
        message.save()
        transaction.on_commit(lambda pk=message.pk: deliver_message.enqueue(pk))
    if not messages:
        Enrolment.objects.filter(pk=enrolment.pk).update(needs_call=True)
    return messages


def _send(message):
    if message.channel == MessageChannel.SMS:
        return sms.send(message.recipient, message.text).provider_id
    from courses.emails import build_email  # e-mails need templates: imported when used

    build_email(message.enrolment, message.kind).send()
    return ""


@task()
def deliver_message(message_id):
    """Try to send one queued message; safe to run twice (a sent message is left alone)."""
    message = (
        Message.objects.select_related(
            "enrolment__learner", "enrolment__session__course", "enrolment__session__venue"
        )
        .filter(pk=message_id, status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING])
        .first()
    )
    if message is None:
        return
    now = timezone.now()
    message.attempts += 1
    try:
        with translation.override(settings.LANGUAGE_CODE):
            provider_id = _send(message)
    except (sms.SmsPermanentError, ImproperlyConfigured) as error:  # retrying will not help
        _fail(message, str(error))
    except Exception as error:  # noqa: BLE001 — network, SMTP, provider: try again later
        if message.attempts >= settings.NUMIXS_MESSAGE_ATTEMPTS:
            _fail(message, str(error))
        else:
            _retry_later(message, str(error), now)
    else:
        message.status, message.sent_at, message.error = MessageStatus.SENT, now, ""
        message.provider_id = provider_id or ""
        message.next_attempt_at = None
        message.save()


def _retry_later(message, error, now):
    delay = RETRY_DELAYS[min(message.attempts - 1, len(RETRY_DELAYS) - 1)]
    message.status = MessageStatus.RETRYING
    message.error = error[:300]
    message.next_attempt_at = now + delay
    message.save()
    if default_task_backend.supports_defer:
        pk, when = message.pk, message.next_attempt_at
        transaction.on_commit(lambda: deliver_message.using(run_after=when).enqueue(pk))


def _fail(message, error):
    message.status, message.error, message.next_attempt_at = MessageStatus.FAILED, error[:300], None
    message.save()
    # The other channel may still reach them; otherwise someone phones.
    reached = message.enrolment.messages.filter(
        kind=message.kind, status__in=[MessageStatus.SENT, MessageStatus.DELIVERED]
    ).exists()
    pending = (
        message.enrolment.messages.filter(
            kind=message.kind, status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING]
        )
        .exclude(pk=message.pk)
        .exists()
    )
    if not reached and not pending:
        Enrolment.objects.filter(pk=message.enrolment_id).update(needs_call=True)


def send_due_messages(now=None):
    """Send the messages whose next attempt is due (the `send_messages` command); how many."""
    now = now or timezone.now()
    due = Message.objects.filter(
        status=MessageStatus.RETRYING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    count = 0
    for message_id in list(due):
        deliver_message.call(message_id)
        count += 1
    return count


def record_delivery(provider_id, status, now=None):
    """A provider's delivery report: the SMS was received ("delivered") or not ("failed")."""
    if not provider_id or status not in ("delivered", "failed"):
        return 0
    message = Message.objects.filter(channel=MessageChannel.SMS, provider_id=provider_id).first()
    if message is None:
        return 0
    if status == "delivered":
        message.status, message.delivered_at = MessageStatus.DELIVERED, now or timezone.now()
        message.save(update_fields=["status", "delivered_at"])
    else:
        _fail(message, _("Le téléphone n'a pas reçu le SMS (numéro inexistant ou éteint)."))
    return 1
