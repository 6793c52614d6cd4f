"""Keep derived data in step: session date ranges and the page cache."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from core.models import ContactSettings
from courses.cache import invalidate_catalogue
from courses.choices import SessionStatus
from courses.models import Enrolment, Session, Sitting, Topic, Venue
from courses.services.enrolment import fill_free_seats, session_cancelled


@receiver([post_save, post_delete], sender=Sitting)
def refresh_session_dates(sender, instance, **kwargs):
    session = Session.objects.filter(pk=instance.session_id).first()
    if session is not None:
        session.refresh_date_range()


@receiver(pre_save, sender=Session)
def remember_previous_status(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._previous_status = (
            Session.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        )


@receiver(post_save, sender=Session)
def tell_people_the_session_is_cancelled(sender, instance, created, raw=False, **kwargs):
    """Staff set the status to "Annulée" (admin, any form): every learner is told, once."""
    previous = getattr(instance, "_previous_status", None)
    if not raw and instance.status == SessionStatus.CANCELLED and previous != instance.status:
        session_cancelled(instance.pk)


@receiver(post_save, sender=Session)
def give_new_seats_to_people_waiting(sender, instance, created, raw=False, **kwargs):
    """More seats (or a reopened session): the waiting list moves up at once."""
    if not created and not raw:
        fill_free_seats(instance.pk)


@receiver([post_save, post_delete], sender=Session)
@receiver([post_save, post_delete], sender=Sitting)
@receiver([post_save, post_delete], sender=Venue)
@receiver([post_save, post_delete], sender=Topic)
@receiver([post_save, post_delete], sender=Enrolment)
@receiver([post_save], sender=ContactSettings)
def drop_cached_catalogue_pages(sender, **kwargs):
    invalidate_catalogue()


@receiver(page_published)
@receiver(page_unpublished)
def drop_cached_pages_on_publication(sender, **kwargs):
    invalidate_catalogue()
