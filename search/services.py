"""Site search: from what someone typed to ranked courses and pages.

One function, `run_search`, serves the results page and the header's
suggestions. What it does before asking Wagtail's search backend:

1. clean the text (printable, single spaces, at most 200 characters);
2. reduce every word to its French stem (core.text), like the index;
3. for a stem neither the catalogue nor a synonym's term uses: a word being
   typed becomes the catalogue's stems that start with it ("tabl" → "tableau",
   "tableur", "tablet"), a misspelt word the closest stem ("factrue" →
   "factur", "exel" → "excel"), offered back as "did you mean"; a known word,
   a synonym's term included ("excel"), is never corrected;
4. add the catalogue's words for any synonym editors defined, typed or
   corrected ("ordi" → "ordinateur", "exel" → "excel" → "tableur");
5. search course pages and content pages for any of the stems (OR), best first.

Steps 1–4 run in Python, so SQLite and PostgreSQL receive the same stems and
find the same pages; the backends differ only in how they rank.
"""

import difflib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from core.text import clean_query, stem, terms, words
from courses.models import CoursePage, Session
from home.models import StandardPage
from search.models import Synonym, ZeroResultQuery

MAX_RESULTS = 100  # ranked results kept per kind: ten pages, more than anyone reads
VOCABULARY_KEY = "numixs:search:vocabulary"
SYNONYMS_KEY = "numixs:search:synonyms"
CACHE_SECONDS = 3600


@dataclass
class Expansion:
    stems: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)  # typed word -> catalogue word


def forget_cached_words(**kwargs):
    """Called when pages are published or unpublished and when synonyms change."""
    cache.delete_many([VOCABULARY_KEY, SYNONYMS_KEY])


def vocabulary():
    """{stem: a word with that stem}: live pages' visible text, then both sides of synonyms.

    A synonym's term is known even when no page uses it ("excel"): typed as is, it
    is not a typo; misspelt, it is corrected to the term, which the synonym expands.
    """
    cached = cache.get(VOCABULARY_KEY)
    if cached is not None:
        return cached
    found = {}
    rows = CoursePage.objects.live().values_list(
        "title", "summary", "objectives", "skills", "topic__name"
    )
    pages = StandardPage.objects.live().values_list("title", "intro")
    synonyms = [text for pair in Synonym.objects.values_list("expansion", "term") for text in pair]
    for text in [" ".join(filter(None, row)) for row in [*rows, *pages]] + synonyms:
        for word in words(text):
            if len(word) > 2:
                found.setdefault(stem(word), word)
    cache.set(VOCABULARY_KEY, found, CACHE_SECONDS)
    return found


def synonyms():
    cached = cache.get(SYNONYMS_KEY)
    if cached is None:
        cached = list(Synonym.objects.values_list("normalised_term", "expansion"))
        cache.set(SYNONYMS_KEY, cached, CACHE_SECONDS)
    return cached


def expand(query):
    """The stems to search for `query`, with the typos corrected on the way."""
    known = vocabulary()
    result = Expansion()
    stems = {}
    for word in words(query):
        for term in terms(word):
            stems.setdefault(term, None)
            if term in known or term.isdigit():
                continue
            started = sorted(s for s in known if s.startswith(term))[:8] if len(term) >= 3 else []
            if started:
                stems.update(dict.fromkeys(started))
                continue
            close = difflib.get_close_matches(term, known, n=1, cutoff=0.75)
            if close:
                stems.setdefault(close[0], None)
                result.corrections[word] = known[close[0]]
    # Synonyms apply to what was meant: "exel" corrected to "excel" brings "tableur".
    meant = f" {' '.join(result.corrections.get(word, word) for word in words(query))} "
    for term, expansion in synonyms():
        if term and f" {term} " in meant:
            stems.update(dict.fromkeys(terms(expansion)))
    result.stems = list(stems)
    return result


@dataclass
class Outcome:
    query: str
    stems: list
    corrections: dict
    courses: list
    pages: list

    @property
    def count(self):
        return len(self.courses) + len(self.pages)

    @property
    def capped(self):
        """True when there were more matches than the best MAX_RESULTS kept."""
        return MAX_RESULTS in (len(self.courses), len(self.pages))

    @property
    def corrected_query(self):
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in self.query.split())


def _ranked(model, stems):
    if not stems:
        return []
    return list(model.objects.live().public().search(" ".join(stems), operator="or")[:MAX_RESULTS])


def run_search(query, sessions=None, courses_only=False):
    """Courses (and content pages) for `query`, best first.

    `sessions`: when the catalogue's filters are used, the upcoming sessions that
    match them; only courses with one of them are kept, and content pages are left out.
    """
    query = clean_query(query)
    expansion = expand(query)
    courses = _ranked(CoursePage, expansion.stems)
    pages = []
    if sessions is not None:
        allowed = set(sessions.values_list("course_id", flat=True))
        courses = [course for course in courses if course.pk in allowed]
    elif not courses_only:
        pages = _ranked(StandardPage, expansion.stems)
    return Outcome(query, expansion.stems, expansion.corrections, courses, pages)


def record_zero_results(query):
    """Count a search that found nothing (editors see them in the admin)."""
    key = ZeroResultQuery.key(query)
    if not words(key):
        return
    now = timezone.now()
    counted = ZeroResultQuery.objects.filter(query=key).update(
        count=F("count") + 1, last_searched_at=now
    )
    if not counted and _make_room():
        ZeroResultQuery.objects.get_or_create(query=key, defaults={"count": 1})


def _make_room():
    """Keep the table bounded (a robot can invent endless queries): at the cap, a new
    search replaces the oldest one made only once; when every search was made more
    than once, the new one is not kept. Returns whether there is room."""
    cap = settings.NUMIXS_ZERO_RESULT_MAX
    excess = ZeroResultQuery.objects.count() - cap + 1
    if excess <= 0:
        return True
    once = ZeroResultQuery.objects.filter(count__lte=1).order_by("last_searched_at", "pk")
    doomed = list(once.values_list("pk", flat=True)[:excess])
    ZeroResultQuery.objects.filter(pk__in=doomed).delete()
    return len(doomed) == excess


def popular_courses(limit=4):
    """Courses with the most people enrolled in their upcoming sessions (the empty state)."""
    upcoming = Session.objects.upcoming().published()
    return list(
        CoursePage.objects.live()
        .filter(sessions__in=upcoming)
        .annotate(
            enrolled=Count(
                "sessions__enrolments",
                filter=Q(sessions__enrolments__status="confirmed"),
            )
        )
        .order_by("-enrolled", "title")[:limit]
    )
