import json

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.text import terms
from courses.blocks import ProgrammeBlock
from courses.cache import CachedPageMixin
from courses.choices import AUDIENCE_FIELDS, CourseFormat, Level
from courses.models.sessions import Session
from courses.structured_data import course_json_ld


class CataloguePage(CachedPageMixin, Page):
    """The catalogue (/formations/): upcoming sessions grouped under their courses, filtered."""

    intro = models.TextField(
        _("introduction"),
        max_length=500,
        blank=True,
        help_text=_("Une ou deux phrases au-dessus des filtres."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    template = "pages/catalogue_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des formations")

    def get_context(self, request, *args, **kwargs):
        # Deferred: the catalogue queries these models (courses.catalogue imports them).
        from courses.catalogue import browse_catalogue

        context = super().get_context(request, *args, **kwargs)
        results = browse_catalogue(self, request.GET)
        context["results"] = results
        # Filters that could not be read are not worth an entry in the page cache.
        if results.filterset.is_bound and not results.filterset.is_valid():
            request.numixs_not_cacheable = True
        return context


def _lines(text):
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class CoursePage(CachedPageMixin, Page):
    """A course: what a learner needs to decide, and its upcoming sessions."""

    summary = models.TextField(
        _("en bref"),
        max_length=300,
        help_text=_("Deux phrases simples : ce que la personne saura faire à la fin."),
    )
    easy_read = models.TextField(
        _("en bref, facile à lire"),
        help_text=_(
            "Obligatoire pour publier. Écrit en « facile à lire et à comprendre » (FALC) : "
            "des phrases courtes, une idée par ligne, des mots de tous les jours, pas "
            "d'abréviation. Dites pour qui c'est, ce que la personne saura faire, et si "
            "c'est gratuit. Le bouton « Écouter » de la page le lit à voix haute."
        ),
    )
    objectives = models.TextField(
        _("objectifs"),
        help_text=_(
            "Un objectif par ligne, écrit comme une capacité : « Envoyer un CV par e-mail »."
        ),
    )
    programme = StreamField(ProgrammeBlock(), blank=True, verbose_name=_("programme"))
    for_jobseekers = models.BooleanField(_("personnes en recherche d'emploi"), default=False)
    for_artisans = models.BooleanField(_("artisans"), default=False)
    for_shopkeepers = models.BooleanField(_("commerçants"), default=False)
    for_everyone = models.BooleanField(_("tout public"), default=False)
    topic = models.ForeignKey(
        "courses.Topic",
        verbose_name=_("thème"),
        null=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    level = models.CharField(
        _("niveau"), max_length=15, choices=Level.choices, default=Level.BEGINNER
    )
    format = models.CharField(
        _("format"), max_length=12, choices=CourseFormat.choices, default=CourseFormat.ON_SITE
    )
    duration_hours = models.DecimalField(
        _("durée (heures)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    prerequisites = models.TextField(
        _("prérequis"), blank=True, help_text=_("Laissez vide s'il n'y en a aucun.")
    )
    price = models.DecimalField(
        _("prix (euros)"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("0 pour une formation gratuite."),
    )
    completion_threshold = models.PositiveSmallIntegerField(
        _("seuil d'assiduité (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Part des heures à suivre pour recevoir l'attestation."),
    )
    skills = models.TextField(
        _("compétences (attestation)"),
        blank=True,
        help_text=_("Une compétence par ligne : elles figurent sur l'attestation."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=200,
        blank=True,
        help_text=_("Décrivez l'image en une phrase. Vide si décorative."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("easy_read"),
        FieldPanel("objectives"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("for_jobseekers"),
                FieldPanel("for_artisans"),
                FieldPanel("for_shopkeepers"),
                FieldPanel("for_everyone"),
            ],
            heading=_("Pour qui ?"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldRowPanel([FieldPanel("level"), FieldPanel("format")]),
                FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("price")]),
                FieldPanel("prerequisites"),
            ],
            heading=_("Caractéristiques"),
        ),
        MultiFieldPanel(
            [FieldPanel("completion_threshold"), FieldPanel("skills")], heading=_("Attestation")
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("programme"),
        index.SearchField("skills"),
        # French stems of the same text (core.text): what the site search matches.
        index.SearchField("search_terms_title", boost=3),
        index.SearchField("search_terms_body"),
        index.FilterField("level"),
        index.FilterField("format"),
    ]

    template = "pages/course_page.html"
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    def search_terms_title(self):
        return " ".join(terms(self.title))

    def search_terms_body(self):
        """Stems of what a learner may type: summary, objectives, programme, topic, audiences."""
        programme = " ".join(self.programme.stream_block.get_searchable_content(self.programme))
        text = " ".join(
            [
                self.summary,
                self.objectives,
                programme,
                self.skills,
                self.prerequisites,
                self.topic.name if self.topic_id else "",
                " ".join(str(label) for label in self.audiences),
            ]
        )
        return " ".join(terms(strip_tags(text)))

    @property
    def audiences(self):
        """Labels of the audiences this course is for, in the vocabulary's order."""
        return [
            audience.label for audience, field in AUDIENCE_FIELDS.items() if getattr(self, field)
        ]

    @property
    def easy_read_lines(self):
        return [line.strip() for line in self.easy_read.splitlines() if line.strip()]

    @property
    def objectives_list(self):
        return _lines(self.objectives)

    @property
    def skills_list(self):
        return _lines(self.skills)

    @property
    def prerequisites_list(self):
        return _lines(self.prerequisites)

    @property
    def is_free(self):
        return not self.price

    def get_context(self, request, *args, **kwargs):
        # Deferred: the filters query these models (courses.filters imports them).
        from courses.filters import SessionFilter, filter_query, is_filtered

        context = super().get_context(request, *args, **kwargs)
        upcoming = Session.objects.filter(course=self).upcoming()
        sessions = list(upcoming.for_listing())
        shown = sessions
        # The catalogue's criteria follow the visitor: only the dates that match them,
        # with a way to see them all (an unreadable criterion is ignored).
        if is_filtered(request.GET):
            filterset = SessionFilter(request.GET, queryset=upcoming)
            if filterset.is_valid():
                wanted = set(filterset.qs.values_list("pk", flat=True))
                shown = [session for session in sessions if session.pk in wanted]
                context["filtered"] = True
                context["filter_query"] = filter_query(request.GET)
        context["sessions"] = shown
        context["all_session_count"] = len(sessions)
        context["venues"] = list({session.venue.pk: session.venue for session in shown}.values())
        context["related_courses"] = (
            list(
                CoursePage.objects.live()
                .public()
                .filter(topic_id=self.topic_id)
                .exclude(pk=self.pk)
                .order_by("title")[:3]
            )
            if self.topic_id
            else []
        )
        context["json_ld"] = self.json_ld(request, sessions)  # every date, whatever the filters
        return context

    def json_ld(self, request, sessions):
        """schema.org Course with its CourseInstances, for search engines."""
        data = json.dumps(course_json_ld(self, request, sessions), ensure_ascii=False)
        # Inside <script>, "</script>" in an editor's text must not end the element.
        return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
