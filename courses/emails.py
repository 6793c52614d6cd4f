"""E-mails to learners: one function per kind, text + HTML, sent by a background task."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.contact import get_contact
from core.links import absolute
from courses.ics import session_calendar
from courses.links import manage_url
from courses.models import Enrolment

SUBJECTS = {
    "confirmation": _("Votre inscription : %(course)s"),
    "waitlist": _("Vous êtes sur la liste d'attente : %(course)s"),
    "promotion": _("Une place s'est libérée pour vous : %(course)s"),
    "reminder": _("Rappel : votre formation commence demain : %(course)s"),
    "link": _("Le lien de votre inscription : %(course)s"),
    "session_cancelled": _("Session annulée : %(course)s"),
    "certificate": _("Votre attestation est prête : %(course)s"),
}
# Kinds whose e-mail carries the calendar file (the dates still hold).
WITH_CALENDAR = {"confirmation", "promotion", "reminder"}


def build_email(enrolment, kind):
    """The e-mail about `enrolment` for `kind` (courses.notifications sends it)."""
    session = enrolment.session
    course = session.course
    if kind == "confirmation" and enrolment.status == "waitlisted":
        kind = "waitlist"
    context = {
        "enrolment": enrolment,
        "session": session,
        "course": course,
        "kind": kind,
        "learner": enrolment.learner,
        "contact": get_contact(),
        "manage_url": absolute(manage_url(enrolment)),
        "convocation_url": absolute(manage_url(enrolment) + "convocation/"),
        "course_url": absolute(course.url or "/"),
    }
    message = EmailMultiAlternatives(
        subject=SUBJECTS[kind] % {"course": course.title},
        body=render_to_string("emails/enrolment.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[enrolment.learner.email],
    )
    message.attach_alternative(render_to_string("emails/enrolment.html", context), "text/html")
    if kind in WITH_CALENDAR:
        message.attach(
            f"numixs-{course.slug}.ics",
            session_calendar(session, context["course_url"], context["contact"].phone),
            "text/calendar",
        )
    return message


@task()
def send_enrolment_email(enrolment_id, kind):
    """Send one e-mail about an enrolment, unlogged.

    Kept for tasks queued before messages were logged (courses.notifications,
    which new code uses); safe to run twice (it only sends).
    """
    enrolment = (
        Enrolment.objects.select_related("learner", "session__course", "session__venue")
        .prefetch_related("session__sittings")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not enrolment.learner.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        build_email(enrolment, kind).send()
