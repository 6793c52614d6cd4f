"""/recherche/: results with the catalogue's main filters, and the header's suggestions."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query

from core.text import highlight
from courses.filters import SessionFilter
from courses.models import Session
from search.services import popular_courses, record_zero_results, run_search

PER_PAGE = 10
SESSIONS_SHOWN = 3
SUGGESTIONS = 6
FILTERS = ("public", "ville", "du")


class SearchFilter(SessionFilter):
    """The catalogue's filters that make sense on search results: audience, town, date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.filters):
            if name not in FILTERS:
                del self.filters[name]


def _filtered_sessions(params):
    upcoming = Session.objects.published().upcoming()
    filterset = SearchFilter(params or None, queryset=upcoming)
    active = filterset.is_bound and any(params.get(name) for name in FILTERS)
    return filterset, (filterset.qs if active else None)


def _entries(courses, sessions):
    """Each course with its next sessions (seats left), in three queries for the page.

    The matching sessions' keys come first (cheap), then only the three shown per
    course are loaded with their venue, sittings and seat counts.
    """
    listing = sessions if sessions is not None else Session.objects.published().upcoming()
    upcoming = {}
    for pk, course_id in (
        listing.filter(course__in=[course.pk for course in courses])
        .order_by("start_date", "pk")
        .values_list("pk", "course_id")
    ):
        upcoming.setdefault(course_id, []).append(pk)
    shown = [pk for pks in upcoming.values() for pk in pks[:SESSIONS_SHOWN]]
    loaded = {session.pk: session for session in Session.objects.filter(pk__in=shown).for_listing()}
    return [
        {
            "course": course,
            "sessions": [loaded[pk] for pk in upcoming.get(course.pk, [])[:SESSIONS_SHOWN]],
            "more": max(0, len(upcoming.get(course.pk, [])) - SESSIONS_SHOWN),
        }
        for course in courses
    ]


@require_safe
def results(request):
    typed = request.GET.get("q", "")
    filterset, sessions = _filtered_sessions(request.GET)
    outcome = run_search(typed, sessions=sessions)
    promotions = []
    if outcome.query:
        query = Query.get(outcome.query)
        promotions = list(query.editors_picks.select_related("page").order_by("sort_order"))
        if request.GET.get("page", "1") == "1":
            query.add_hit()
            if not outcome.count and not promotions:
                record_zero_results(outcome.query)
    found = [("course", course) for course in outcome.courses] + [
        ("page", page) for page in outcome.pages
    ]
    page_obj = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    courses = [item for kind, item in page_obj.object_list if kind == "course"]
    entries = {entry["course"].pk: entry for entry in _entries(courses, sessions)}
    items = [
        {
            "kind": kind,
            "page": item,
            "entry": entries.get(item.pk),
            "title": highlight(item.title, outcome.stems),
            "text": highlight(
                item.summary if kind == "course" else (item.intro or item.search_description),
                outcome.stems,
            ),
        }
        for kind, item in page_obj.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/results.html",
        {
            "outcome": outcome,
            "typed": outcome.query,
            "items": items,
            "page_obj": page_obj,
            "promotions": promotions,
            "filterset": filterset,
            "form": filterset.form,
            "filtered": sessions is not None,
            "popular": popular_courses() if outcome.query and not outcome.count else [],
            "query_string": params.urlencode(),
        },
    )


@require_safe
@cache_control(public=True, max_age=60)
def suggestions(request):
    """Up to six course titles for the header's box, as JSON (the box works without it)."""
    outcome = run_search(request.GET.get("q", ""), courses_only=True)
    return JsonResponse(
        {
            "query": outcome.query,
            "results": [
                {"title": course.title, "url": course.url}
                for course in outcome.courses[:SUGGESTIONS]
            ],
        }
    )
