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
    EMPLOYEE = "salarie", _("Je suis salarié(e)")
    OTHER = "autre", _("Autre situation")


class EnrolmentChannel(models.TextChoices):
    SELF = "self", _("Inscription en ligne par la personne")
    STAFF = "staff", _("Inscrit par un médiateur")
    PARTNER = "partner", _("Inscrit par un partenaire")
    WALK_IN = "walk-in", _("Venu(e) sans inscription, ajouté(e) par le formateur")


class Gender(models.TextChoices):
    """As the person states it; blank when not said (the funders' "non communiqué")."""

    WOMAN = "femme", _("Femme")
    MAN = "homme", _("Homme")


class FundingSource(models.TextChoices):
    """Who pays for a session's places (the BPF's origin of the income, box C)."""

    STATE = "etat", _("État (dont France Services, Conseiller numérique)")
    REGION = "region", _("Région")
    FRANCE_TRAVAIL = "france-travail", _("France Travail")
    DEPARTEMENT = "departement", _("Département")
    OPCO = "opco", _("OPCO")
    LEARNER = "particulier", _("La personne elle-même")
    OWN_FUNDS = "fonds-propres", _("Fonds propres de Numixs")
    FREE = "gratuit", _("Gratuit, sans financement dédié")


class ActionObjective(models.TextChoices):
    """The general objective of a training action (the BPF's box F-3)."""

    OTHER_TRAINING = "autre-formation", _("Autre formation professionnelle")
    SPECIFIC_DIRECTORY = (
        "certification-rs",
        _("Certification ou habilitation au répertoire spécifique (Pix, CléA numérique…)"),
    )
    RNCP = "rncp", _("Diplôme ou titre inscrit au RNCP")
    MEDIATION = (
        "mediation",
        _("Atelier de médiation numérique (hors formation professionnelle : pas au BPF)"),
    )


class CoopTheme(models.TextChoices):
    """La Coop de la médiation numérique's themes (its `Thematique` values and labels)."""

    DIAGNOSTIC = "diagnostic_numerique", _("Diagnostic numérique")
    HARDWARE = "prendre_en_main_du_materiel", _("Prendre en main du matériel")
    MAINTENANCE = "maintenance_de_materiel", _("Maintenance de matériel")
    CONTENTS = "gere_ses_contenus_numeriques", _("Gérer ses contenus numériques")
    BROWSING = "navigation_sur_internet", _("Navigation sur internet")
    EMAIL = "email", _("E-mail")
    OFFICE = "bureautique", _("Bureautique")
    SOCIAL_MEDIA = "reseaux_sociaux", _("Réseaux sociaux communication")
    HEALTH = "sante", _("Santé")
    BANKING = "banque_et_achats_en_ligne", _("Banque et achats en ligne")
    BUSINESS = "entrepreneuriat", _("Accompagner un professionnel")
    EMPLOYMENT = "insertion_professionnelle", _("Insertion professionnelle")
    SECURITY = "securite_numerique", _("Prévention en sécurité numérique")
    PARENTING = "parentalite", _("Parentalité")
    SCHOOL = "scolarite_et_numerique", _("Scolarité et numérique")
    CREATE = "creer_avec_le_numerique", _("Créer avec le numérique")
    CULTURE = "culture_numerique", _("Culture numérique")
    AI = "intelligence_artificielle", _("Intelligence artificielle (IA)")
    PROCEDURES = "aide_aux_demarches_administratives", _("Aide aux démarches administratives")
