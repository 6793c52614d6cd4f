"""Learner records: merging the duplicates a public enrolment flags, and telling them apart.

A public or partner enrolment never takes over an existing record
(courses.services.enrolment): when the name and a contact match but the rest
differs, a new record is flagged `duplicate_of` the older one. Staff, who can
phone the person, decide: merge them (every enrolment, with its marks and
certificate, moves to the record kept) or say they are two people.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import record
from courses.models import Enrolment, Learner
from courses.services.errors import EnrolmentError

# The details staff choose between, field by field, when merging.
MERGED_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "town",
    "postcode",
    "situation",
    "employment_agency_id",
)


def differences(keep, duplicate):
    """The fields whose values differ: [(field, verbose name, kept value, other value)]."""
    rows = []
    for name in MERGED_FIELDS:
        field = Learner._meta.get_field(name)
        mine, theirs = getattr(keep, name), getattr(duplicate, name)
        if mine != theirs:
            rows.append((name, field.verbose_name, mine, theirs))
    return rows


def merge(keep_id, duplicate_id, *, take=(), actor=None):
    """Move everything of `duplicate` to `keep`, then delete `duplicate`.

    `take` names the fields whose value comes from the duplicate (the rest
    keeps `keep`'s). Every enrolment moves, and with it its attendance marks,
    signatures and certificate. Refused, changing nothing, when both records
    are enrolled in the same session or both have an account.
    """
    if keep_id == duplicate_id:
        raise EnrolmentError("merge_same", _("Choisissez deux fiches différentes."))
    with transaction.atomic():
        learners = {
            learner.pk: learner
            for learner in Learner.objects.select_for_update()
            .filter(pk__in=[keep_id, duplicate_id])
            .order_by("pk")
        }
        if len(learners) != 2:
            raise EnrolmentError("merge_missing", _("L'une des deux fiches n'existe plus."))
        keep, duplicate = learners[keep_id], learners[duplicate_id]
        both = Enrolment.objects.filter(learner=keep).values("session_id")
        shared = Enrolment.objects.filter(learner=duplicate, session_id__in=both).select_related(
            "session__course"
        )
        if shared.exists():
            raise EnrolmentError(
                "merge_same_session",
                _(
                    "Les deux fiches sont inscrites à la même session (%(session)s) : "
                    "rien n'a été fusionné. Vérifiez avec la personne laquelle garder, "
                    "annulez l'autre inscription, puis recommencez."
                )
                % {"session": shared.first().session},
            )
        if keep.user_id and duplicate.user_id:
            raise EnrolmentError(
                "merge_two_accounts",
                _("Les deux fiches ont chacune un compte : rien n'a été fusionné."),
            )
        for name in take:
            if name in MERGED_FIELDS:
                setattr(keep, name, getattr(duplicate, name))
        moved = list(Enrolment.objects.filter(learner=duplicate).values_list("pk", flat=True))
        Enrolment.objects.filter(pk__in=moved).update(learner=keep)
        if duplicate.user_id:
            user, duplicate.user = duplicate.user, None
            duplicate.save(update_fields=["user"])
            keep.user = user
        Learner.objects.filter(duplicate_of=duplicate).exclude(pk=keep.pk).update(duplicate_of=keep)
        if keep.duplicate_of_id == duplicate.pk:
            keep.duplicate_of = None
        keep.save()
        record(
            keep,
            "numixs.learner.merge",
            user=actor,
            merged_record=duplicate.pk,
            enrolments_moved=moved,
            fields_taken=list(take),
        )
        duplicate.delete()
    return keep


def not_a_duplicate(learner_id, *, actor=None):
    """Staff checked: two different people who share a name and a contact."""
    learner = Learner.objects.filter(pk=learner_id).first()
    if learner is None or learner.duplicate_of_id is None:
        return learner
    other = learner.duplicate_of_id
    learner.duplicate_of = None
    learner.save(update_fields=["duplicate_of"])
    record(learner, "numixs.learner.not_duplicate", user=actor, other_record=other)
    return learner
