"""The demo page tree: a believable Numixs site, rebuilt the same way on every run."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from core.models import ContactSettings
from home.models import HomePage, StandardPage

HOME_SLUG = "accueil"


def _p(*paragraphs):
    return RichText("".join(f"<p>{text}</p>" for text in paragraphs))


INFO_PAGES = [
    {
        "slug": "qui-sommes-nous",
        "title": "Qui sommes-nous",
        "show_in_menus": True,
        "intro": "Numixs est le réseau numérique de la communauté d'agglomération "
        "Roissy Pays de France, dans le Val-d'Oise et en Seine-et-Marne.",
        "body": [
            ("heading", "Trois lieux, une équipe"),
            (
                "paragraph",
                _p(
                    "La Station Numixs, maison du numérique à Sarcelles, accueille des salles de "
                    "formation, un espace de coworking et un incubateur de jeunes entreprises.",
                    "Le FacLab Numixs ouvre ses imprimantes 3D et ses découpeuses laser à tous, "
                    "étudiants compris.",
                    "Le Numixs Lab, un véhicule équipé, s'installe sur les places de marché des "
                    "communes de l'agglomération.",
                ),
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact",
        "intro": "Appelez-nous, écrivez-nous ou passez nous voir à la Station Numixs.",
        "body": [
            (
                "paragraph",
                _p(
                    "Téléphone : 01 99 00 12 34, du lundi au vendredi, de 9 h à 12 h 30 et de "
                    "14 h à 17 h 30.",
                    "Adresse : Station Numixs, 12 avenue du 8 Mai 1945, 95200 Sarcelles. "
                    "Bus 133 et 268, arrêt Forum des Cholettes ; RER D, gare de Garges-Sarcelles.",
                ),
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Accessibilité",
        "intro": "Déclaration d'accessibilité du site Numixs Formations.",
        "body": [
            ("heading", "État de conformité"),
            (
                "paragraph",
                _p(
                    "Le site Numixs Formations vise la conformité au référentiel général "
                    "d'amélioration de l'accessibilité (RGAA 4.1). Un audit n'a pas encore été "
                    "réalisé : le site est donc « non conforme » au sens de la réglementation, "
                    "tant que cet audit n'est pas publié."
                ),
            ),
            ("heading", "Signaler un problème"),
            (
                "paragraph",
                _p(
                    "Si vous n'arrivez pas à utiliser une page, appelez le 01 99 00 12 34 ou "
                    "écrivez à formations@numixs.example : nous vous répondrons et vous aiderons "
                    "à obtenir l'information par un autre moyen.",
                    "Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits.",
                ),
            ),
        ],
    },
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "intro": "Éditeur, hébergement et responsable de publication.",
        "body": [
            (
                "paragraph",
                _p(
                    "Éditeur : communauté d'agglomération Roissy Pays de France, réseau Numixs.",
                    "Ce site de démonstration ne collecte aucune donnée réelle.",
                ),
            ),
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "intro": "Ce que nous faisons de vos informations quand vous vous inscrivez.",
        "body": [
            (
                "paragraph",
                _p(
                    "Nous utilisons votre nom et vos coordonnées uniquement pour organiser votre "
                    "formation et vous remettre votre attestation. Votre conseiller ne voit votre "
                    "suivi que si vous l'avez accepté, et vous pouvez retirer cet accord à tout moment."
                ),
            ),
            (
                "paragraph",
                _p(
                    "Un médiateur peut vous demander une fois votre année de naissance, votre "
                    "genre, si vous touchez le RSA et si vous habitez un quartier prioritaire. "
                    "Vous pouvez ne pas répondre : cela ne change rien à votre inscription.",
                    "Ces réponses servent seulement à compter les personnes formées pour nos "
                    "financeurs (l'État, la Région, le Département, France Travail). Ils "
                    "reçoivent des chiffres, pas votre nom. Seule La Coop de la médiation "
                    "numérique, un service de l'État, reçoit votre nom, et seulement si vous "
                    "l'acceptez.",
                ),
            ),
        ],
    },
]

PLACES = [
    (
        "station",
        "Station Numixs",
        "La maison du numérique : salles de formation, coworking "
        "et incubateur de jeunes entreprises.",
        "12 avenue du 8 Mai 1945, 95200 Sarcelles",
    ),
    (
        "faclab",
        "FacLab Numixs",
        "Imprimantes 3D, découpeuses laser et outils : ouvert à tous, "
        "étudiants compris, pour apprendre en fabriquant.",
        "Station Numixs, Sarcelles",
    ),
    (
        "lab",
        "Numixs Lab",
        "Notre véhicule équipé d'ordinateurs vient près de chez vous : "
        "marchés de Goussainville, Villiers-le-Bel, Mitry-Mory, Louvres et d'autres communes.",
        "En tournée dans les communes de l'agglomération",
    ),
]


def _ensure_child(parent, model, slug, **fields):
    """The published page with this slug under parent, created if missing.

    An existing page is left as editors made it: re-running the seed never
    overwrites their changes.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _ensure_content_page(parent, spec):
    return _ensure_child(parent, StandardPage, **spec)


def _ensure_tree_root():
    """Wagtail's root page and default locale (created by its migrations, gone after a flush)."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def build_home_page():
    """The home page as the default site's root, replacing Wagtail's welcome page."""
    root = _ensure_tree_root()
    home = HomePage.objects.first()
    fields = {
        "title": "Accueil",
        "hero_title": "Apprenez le numérique près de chez vous, gratuitement",
        "hero_text": "Des formations courtes, en petit groupe, pour les personnes qui cherchent "
        "un emploi, les artisans, les commerçants et tous les habitants de l'agglomération "
        "Roissy Pays de France.",
    }
    created = home is None
    if created:
        home = HomePage(slug=HOME_SLUG, **fields)
        root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    previous_root = site.root_page_id
    site.hostname, site.port, site.root_page = "localhost", 80, home
    site.site_name = "Numixs Formations"
    site.save()
    if previous_root and previous_root != home.pk:
        stale = Page.objects.filter(pk=previous_root, depth=2).exclude(pk=home.pk).first()
        if stale is not None and type(stale.specific) is Page:
            stale.delete()  # Wagtail's placeholder "Welcome to your new Wagtail site!" page
    return home, created, site


def build_site():
    """The whole demo page tree; returns the home page."""
    home, created, site = build_home_page()
    for spec in INFO_PAGES:
        _ensure_content_page(home, spec)

    if created:
        _fill_home_page(HomePage.objects.get(pk=home.pk))
    ContactSettings.for_site(site).save()  # creates the defaults editors then change
    return home


ENTRY_POINTS = [
    ("jobseekers", "Je cherche un emploi", "Ordinateur, CV, candidatures et démarches en ligne."),
    (
        "artisans",
        "Je suis artisan",
        "Devis, factures, facture électronique et visibilité sur Internet.",
    ),
    (
        "shopkeepers",
        "Je suis commerçant",
        "Votre boutique en ligne et les réseaux sociaux, le lundi matin.",
    ),
    (
        "everyone",
        "Je veux apprendre",
        "Débuter sur ordinateur, tablette ou téléphone, à votre rythme.",
    ),
]


def _fill_home_page(home):
    # No page chosen: each tile opens the catalogue filtered for its audience.
    home.audiences = [
        (
            "entry_point",
            {
                "icon": icon,
                "title": title,
                "text": text,
                "page": None,
                "link_label": "Voir les formations",
            },
        )
        for icon, title, text in ENTRY_POINTS
    ]
    home.places = [
        ("place", {"kind": kind, "name": name, "text": text, "address": address})
        for kind, name, text, address in PLACES
    ]
    home.contact_text = (
        "Un médiateur vous répond et peut vous inscrire par téléphone, "
        "même si vous n'avez pas d'adresse e-mail."
    )
    home.save_revision().publish()


def build_generated_pages(home, size):
    """`size` practical-guide pages, for benchmarks on a larger tree."""
    if size <= 0:
        return
    guides = _ensure_child(
        home,
        StandardPage,
        "fiches-pratiques",
        title="Fiches pratiques",
        intro="Des pas-à-pas imprimables pour refaire chez vous ce que vous avez appris.",
        body=[],
        show_in_menus=False,
    )
    existing = set(StandardPage.objects.child_of(guides).values_list("slug", flat=True))
    for number in range(1, size + 1):
        slug = f"fiche-{number}"
        if slug in existing:
            continue
        page = StandardPage(
            slug=slug,
            title=f"Fiche pratique n° {number}",
            intro="Un pas-à-pas généré pour les tests de charge.",
        )
        guides.add_child(instance=page)
