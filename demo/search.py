"""Demo search data (development only): synonyms, and searches that found nothing."""

from search.models import Synonym, ZeroResultQuery

DEMO_SYNONYMS = [
    ("ordi", "ordinateur"),
    ("pc", "ordinateur"),
    ("CAF", "allocations familiales démarches administration"),
    ("Pôle emploi", "France Travail"),
    ("impots", "impôts démarches administration"),
    ("mail", "adresse e-mail courriel"),
    ("mel", "adresse e-mail courriel"),
    ("portable", "smartphone téléphone"),
    ("vendre", "vente boutique en ligne commerce"),
    ("site web", "site internet"),
    ("facturation", "facture devis"),
    ("visio", "visioconférence appel vidéo"),
    ("arnaque", "arnaques fraude sécurité"),
    ("facebook", "réseaux sociaux"),
    ("instagram", "réseaux sociaux"),
    ("excel", "tableur"),
    ("chatgpt", "intelligence artificielle"),
    ("IA", "intelligence artificielle"),
    ("google maps", "cartes en ligne fiche établissement"),
    ("carte bancaire", "paiement sans contact encaisser"),
    ("boulot", "emploi"),
    ("cloud", "ranger partager documents en ligne"),
    ("job", "emploi"),
]


# Searches that found nothing, as the report shows them after a few weeks online.
DEMO_ZERO_RESULTS = [("permis de conduire", 14), ("anglais", 9), ("couture", 4), ("compta", 3)]


def ensure_synonyms():
    for term, expansion in DEMO_SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"expansion": expansion})
    if not ZeroResultQuery.objects.exists():
        ZeroResultQuery.objects.bulk_create(
            ZeroResultQuery(query=query, count=count) for query, count in DEMO_ZERO_RESULTS
        )
