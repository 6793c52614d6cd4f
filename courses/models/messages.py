from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation d'inscription")
    WAITLIST = "waitlist", _("Inscription en liste d'attente")
    PROMOTION = "promotion", _("Place libérée")
    REMINDER = "reminder", _("Rappel la veille")
    LINK = "link", _("Lien de l'inscription renvoyé")
    SESSION_CANCELLED = "session_cancelled", _("Session annulée par le centre")
    CERTIFICATE = "certificate", _("Attestation prête")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("En attente d'envoi")
    RETRYING = "retrying", _("Nouvel essai prévu")
    SENT = "sent", _("Envoyé")
    DELIVERED = "delivered", _("Reçu")
    FAILED = "failed", _("Échec")


class Message(models.Model):
    """One SMS or e-mail about an enrolment: what was sent, when, and what became of it.

    Created by courses.notifications.notify, sent by its background task, which
    retries; the provider's delivery reports update it.
    """

    enrolment = models.ForeignKey(
        "courses.Enrolment",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("inscription"),
    )
    channel = models.CharField(_("canal"), max_length=5, choices=MessageChannel.choices)
    kind = models.CharField(_("message"), max_length=20, choices=MessageKind.choices)
    recipient = models.CharField(_("destinataire"), max_length=254)
    text = models.TextField(_("texte"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    provider_id = models.CharField(
        _("identifiant chez le prestataire"), max_length=64, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("reçu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message envoyé")
        verbose_name_plural = _("messages envoyés")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        channel, kind = self.get_channel_display(), self.get_kind_display()
        return f"{channel} — {kind} ({self.get_status_display()})"
