"""The admin speaks French: every list and every export of the project's own models.

The lists are found in Wagtail's registry of viewsets (snippets and model viewsets),
not written down here, so a new one is walked as soon as it is registered. A heading
fails when it is English (a field's name turned into a label by Django, or a word of
the small English vocabulary below); a cell fails when it shows a raw `True`, `False`
or `None`.
"""

import csv
import io
import re
from types import SimpleNamespace

import openpyxl
import pytest
from django.apps import apps
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "courses", "attendance", "certificates", "partners", "home", "search"}
# English words a heading or a filter's label must not contain.
ENGLISH = {
    "created", "updated", "learner", "enrolment", "sitting", "user", "name", "value",
    "applied", "kind", "status", "true", "false", "yes", "no", "live", "at", "by", "of",
    "the", "title", "email", "phone", "town", "time", "device", "sent", "delivered",
    "error", "attempts", "channel", "closed", "reason", "number", "count",
}  # fmt: skip
# Words both languages share, or proper names, that the check above would refuse.
ALLOWED = {"SMS", "Session", "Date", "Note", "Signature", "Situation", "Type"}
RAW_CELL = re.compile(r"<td[^>]*>\s*(?:<[^>]+>\s*)*(True|False|None)\s*(?:<[^>]+>\s*)*</td>")


def auto_labels():
    """Labels Django makes up from English field names (fields without a verbose name)."""
    labels = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            name = getattr(field, "name", "")
            verbose = str(getattr(field, "verbose_name", ""))
            if name and verbose == name.replace("_", " "):
                labels.add(verbose.lower())
    return labels


AUTO_LABELS = auto_labels()


def english(label):
    text = str(label).strip()
    if not text or text in ALLOWED:
        return False
    words = set(re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower()))
    return text.lower() in AUTO_LABELS or bool(words & ENGLISH)


def project_viewsets():
    assert get_resolver().url_patterns  # loading the admin's URLs registers the viewsets
    found = []
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        # The project's own viewsets (Wagtail's own, e.g. its users' list, are Wagtail's).
        if type(viewset).__module__.split(".")[0] in PROJECT_APPS:
            found.append(viewset)
    return found


VIEWSETS = project_viewsets()


def index_url(viewset):
    for action in ("list", "index"):
        try:
            return reverse(viewset.get_url_name(action))
        except NoReverseMatch:
            continue
    raise AssertionError(f"{viewset} has no list")


@pytest.fixture
def coordinator(client):
    """The demo coordinator; the superuser for the lists coordinators are not given."""
    assert client.login(username="coordination", password="demo-numixs")
    admin = Client()
    assert admin.login(username="admin", password="demo-numixs")

    def get(url, data=None):
        response = client.get(url, data)
        if response.status_code == 302 and response["Location"].startswith("/admin/"):
            response = admin.get(url, data)
        return response

    return SimpleNamespace(get=get)


def test_the_walk_finds_every_list_of_the_project():
    names = {viewset.url_namespace for viewset in VIEWSETS}
    assert {
        "wagtailsnippets_courses_enrolment",
        "wagtailsnippets_courses_sitting",
        "wagtailsnippets_certificates_certificate",
        "wagtailsnippets_search_synonym",
        "attestations_a_delivrer",
    } <= names


def test_the_english_detector_catches_what_main_showed():
    assert english("Learner") and english("Created at") and english("False")
    assert not english("Apprenant(e)") and not english("Inscrit le") and not english("SMS")


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.url_namespace)
def test_every_list_is_in_french(coordinator, viewset):
    response = coordinator.get(index_url(viewset))
    assert response.status_code == 200, response.status_code
    view = response.context["view"]
    problems = [
        f"column {column.label!r}" for column in view.columns if english(column.label or "")
    ]
    filters = getattr(view, "filters", None)
    if filters is not None:
        for name, form_field in filters.form.fields.items():
            if english(form_field.label or ""):
                problems.append(f"filter {name}: {form_field.label!r}")
            for _value, text in getattr(form_field, "choices", []):
                if english(text):
                    problems.append(f"filter {name} choice {text!r}")
    html = response.content.decode()
    problems += [f"cell {cell!r}" for cell in RAW_CELL.findall(html)]
    assert response.context["page_obj"].paginator.count, "no row to look at"
    assert not problems, f"{viewset.url_namespace}: {problems}"


def exports():
    for viewset in VIEWSETS:
        if viewset.list_export:
            for kind in ("csv", "xlsx"):
                yield pytest.param(viewset, kind, id=f"{viewset.url_namespace}-{kind}")


def rows_of(response, kind):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "csv":
        text = body.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.parametrize(("viewset", "kind"), list(exports()))
def test_every_export_is_in_french(coordinator, viewset, kind):
    response = coordinator.get(index_url(viewset), {"export": kind})
    assert response.status_code == 200
    rows = rows_of(response, kind)
    assert len(rows) > 1, "no row to look at"
    header, *cells = rows
    problems = [f"heading {heading!r}" for heading in header if english(heading or "")]
    raw = {str(value) for row in cells for value in row if value is not None}
    problems += [f"cell {value!r}" for value in raw & {"True", "False", "None"}]
    assert not problems, f"{viewset.url_namespace} ({kind}): {problems}"


def test_the_attendance_history_export_reads_as_words_not_codes(coordinator):
    """A mark reads "Présent(e)", a signature "signature" — not "present" or an SVG path."""
    from attendance.models import AttendanceChange

    viewset = next(v for v in VIEWSETS if getattr(v, "model", None) is AttendanceChange)
    rows = rows_of(coordinator.get(index_url(viewset), {"export": "csv"}), "csv")
    values = {cell for row in rows[1:] for cell in row}
    assert "Présent(e)" in values and "signature" in values
    assert not values & {"present", "late", "absent", "excused"}
    assert not any(re.match(r"M[\d.]+[ ,][\d.]+ ?L", cell) for cell in values)  # a drawing


def test_a_yes_no_filter_in_force_reads_oui_not_true(coordinator):
    """Found from the desk: "À appeler : True" above the list it links to."""
    from courses.models import Enrolment

    viewset = next(v for v in VIEWSETS if getattr(v, "model", None) is Enrolment)
    page = coordinator.get(index_url(viewset), {"needs_call": "true"}).content.decode()
    chips = re.findall(r"<[^>]*active-filter[^>]*>.*?</", page, re.S)
    assert "À appeler" in page
    assert not re.search(r"À appeler\s*:?\s*(?:<[^>]+>\s*)*True", page)
    assert re.search(r"À appeler\s*:?\s*(?:<[^>]+>\s*)*oui", page), chips[:3]
