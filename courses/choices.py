"""Fixed vocabularies of the catalogue. Values appear in shareable URLs: keep them stable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    JOBSEEKERS = "demandeurs-emploi", _("Personnes en recherche d'emploi")
    ARTISANS = "artisans", _("Artisans")
    SHOPKEEPERS = "commercants", _("Commerçants")
    EVERYONE = "tous", _("Tout public")


# Audience -> the CoursePage boolean field that says a course is for it.
AUDIENCE_FIELDS = {
    Audience.JOBSEEKERS: "for_jobseekers",
    Audience.ARTISANS: "for_artisans",
    Audience.SHOPKEEPERS: "for_shopkeepers",
    Audience.EVERYONE: "for_everyone",
}


class Level(models.TextChoices):
    BEGINNER = "debutant", _("Débutant")
    INTERMEDIATE = "intermediaire", _("Intermédiaire")
    ADVANCED = "avance", _("Avancé")


class CourseFormat(models.TextChoices):
    ON_SITE = "presentiel", _("Sur place")
    REMOTE = "distance", _("À distance")
    MIXED = "mixte", _("Sur place et à distance")


class VenueKind(models.TextChoices):
    STATION = "station", _("Station Numixs")
    FACLAB = "faclab", _("FacLab Numixs")
    LAB_STOP = "numixs-lab", _("Étape du Numixs Lab")
    PARTNER = "partenaire", _("Salle partenaire")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    CANCELLED = "cancelled", _("Annulée")
    FINISHED = "finished", _("Terminée")


class EnrolmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmée")
    WAITLISTED = "waitlisted", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


class TimeOfDay(models.TextChoices):
    MORNING = "matin", _("Le matin")
    AFTERNOON = "apres-midi", _("L'après-midi")
    EVENING = "soir", _("Le soir")


class Weekday(models.TextChoices):
    # Values follow Django's __week_day lookup: 1 = Sunday … 7 = Saturday.
    MONDAY = "2", _("Lundi")
    TUESDAY = "3", _("Mardi")
    WEDNESDAY = "4", _("Mercredi")
    THURSDAY = "5", _("Jeudi")
    FRIDAY = "6", _("Vendredi")
    SATURDAY = "7", _("Samedi")


class Situation(models.TextChoices):
    JOBSEEKER = "demandeur-emploi", _("Je cherche un emploi")
    ARTISAN = "artisan", _("Je suis artisan")
    SHOPKEEPER = "commercant", _("Je suis commerçant")
    OTHER = "autre", _("Autre situation")


class EnrolmentChannel(models.TextChoices):
    SELF = "self", _("Inscription en ligne par la personne")
    STAFF = "staff", _("Inscrit par un médiateur")
    PARTNER = "partner", _("Inscrit par un partenaire")
    WALK_IN = "walk-in", _("Venu(e) sans inscription, ajouté(e) par le formateur")
