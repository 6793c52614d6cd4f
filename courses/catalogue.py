"""Browsing the catalogue: filtered upcoming sessions, grouped under their courses.

Every step runs a fixed number of queries whatever the size of the catalogue.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber

from courses.filters import SessionFilter, active_filter_count, filter_query, is_filtered
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
    active_filters: int = 0
    # The filters alone: they follow the visitor to the course and enrolment pages.
    filter_query: str = ""


def browse_catalogue(catalogue, params, today=None):
    """Upcoming sessions under `catalogue` matching `params` (a QueryDict), page by page."""
    base = (
        Session.objects.published().upcoming(today).filter(course__path__startswith=catalogue.path)
    )
    filterset = SessionFilter(params or None, queryset=base)
    matching = filterset.qs.order_by()
    # One grouped query gives the order, the page and both counts: a thousand
    # small rows cost less than three more aggregate queries over every session.
    by_course = list(
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
        course_count=len(by_course),
        session_count=sum(row["sessions"] for row in by_course),
        is_filtered=is_filtered(params),
        query_string=query.urlencode(),
        suggestions=suggestions,
        active_filters=active_filter_count(params),
        filter_query=filter_query(params),
    )


def _entries(rows, matching):
    course_ids = [row["course_id"] for row in rows]
    courses = CoursePage.objects.filter(pk__in=course_ids).select_related("topic").in_bulk()
    sessions_by_course = {course_id: [] for course_id in course_ids}
    # Only the first few sessions of each course on the page, numbered in SQL.
    first_ids = list(
        matching.filter(course_id__in=course_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("course_id"),
                order_by=[F("start_date").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=SESSIONS_PER_COURSE)
        .values_list("pk", flat=True)
    )
    first_sessions = (
        Session.objects.filter(pk__in=first_ids)
        .with_seats()
        .select_related("venue")
        .prefetch_related("sittings")
        .order_by("start_date", "pk")
    )
    for session in first_sessions:
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
