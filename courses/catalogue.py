"""Browsing the catalogue: filtered upcoming sessions, grouped under their courses.

Every step runs a fixed number of queries whatever the size of the catalogue.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Min

from courses.filters import SessionFilter, is_filtered
from courses.models import CoursePage, Session

COURSES_PER_PAGE = 10
SESSIONS_PER_COURSE = 3


@dataclass
class CourseEntry:
    course: CoursePage
    sessions: list
    more: int = 0


@dataclass
class CatalogueResults:
    filterset: SessionFilter
    page_obj: object
    entries: list
    course_count: int
    session_count: int
    is_filtered: bool
    query_string: str
    suggestions: list = field(default_factory=list)


def browse_catalogue(catalogue, params, today=None):
    """Upcoming sessions under `catalogue` matching `params` (a QueryDict), page by page."""
    base = (
        Session.objects.published().upcoming(today).filter(course__path__startswith=catalogue.path)
    )
    filterset = SessionFilter(params or None, queryset=base)
    matching = filterset.qs.order_by()
    by_course = (
        matching.values("course_id")
        .annotate(next_date=Min("start_date"), sessions=Count("pk"))
        .order_by("next_date", "course_id")
    )
    page_obj = Paginator(by_course, COURSES_PER_PAGE).get_page(params.get("page"))
    rows = list(page_obj.object_list)
    entries = _entries(rows, matching)
    query = params.copy()
    query.pop("page", None)
    suggestions = []
    if not entries:
        suggestions = list(base.for_listing()[:SESSIONS_PER_COURSE])
    return CatalogueResults(
        filterset=filterset,
        page_obj=page_obj,
        entries=entries,
        course_count=page_obj.paginator.count,
        session_count=matching.count(),
        is_filtered=is_filtered(params),
        query_string=query.urlencode(),
        suggestions=suggestions,
    )


def _entries(rows, matching):
    course_ids = [row["course_id"] for row in rows]
    courses = CoursePage.objects.filter(pk__in=course_ids).select_related("topic").in_bulk()
    sessions_by_course = {course_id: [] for course_id in course_ids}
    for session in matching.filter(course_id__in=course_ids).for_listing():
        sessions_by_course[session.course_id].append(session)
    return [
        CourseEntry(
            course=courses[row["course_id"]],
            sessions=sessions_by_course[row["course_id"]][:SESSIONS_PER_COURSE],
            more=max(row["sessions"] - SESSIONS_PER_COURSE, 0),
        )
        for row in rows
        if row["course_id"] in courses
    ]
