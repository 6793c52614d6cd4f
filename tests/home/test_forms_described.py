"""Every form of the site ties its hints and errors to its controls (RGAA 11.10).

Each page holding a form is opened as its users open it, empty and after a
wrong submission: every id an aria-describedby names must exist on the page,
and a control with an error must be described by that error.
"""

import re

import pytest
from django.test import Client

from courses.links import manage_url
from courses.models import Enrolment, Session, Sitting
from tests.described import missing_described_ids

pytestmark = pytest.mark.django_db

INVALID = r"<(?:input|select|textarea)[^>]*aria-invalid=\"true\"[^>]*>"


def logged_in(username):
    client = Client()
    client.login(username=username, password="demo-numixs")
    return client


def pages(demo_site):
    session = Session.objects.published().upcoming().order_by("pk").first()
    enrol = f"/formations/inscription/{session.public_id}/"
    sitting = Sitting.objects.filter(session__trainers__username="formateur").first()
    enrolment = Enrolment.objects.filter(referrer__isnull=False).order_by("pk").first()
    anonymous, trainer, partner = Client(), logged_in("formateur"), logged_in("partenaire")
    return [
        (anonymous, "get", enrol, None),
        (anonymous, "get", enrol + "?public=artisans", None),
        (anonymous, "post", enrol, {}),
        (anonymous, "post", enrol, {"first_name": "A", "phone": "12", "email": "x@"}),
        (anonymous, "get", "/formations/", None),
        (anonymous, "get", "/formations/?du=2026-13-45&au=hier&public=inconnu", None),
        (anonymous, "get", "/recherche/?q=excel", None),
        (anonymous, "get", "/connexion/", None),
        (anonymous, "post", "/connexion/", {"username": "personne", "password": "faux"}),
        (anonymous, "get", "/connexion/mot-de-passe-oublie/", None),
        (anonymous, "post", "/connexion/mot-de-passe-oublie/", {"email": "pas-une-adresse"}),
        (anonymous, "get", "/certificats/verifier/", None),
        (anonymous, "get", manage_url(enrolment), None),
        (trainer, "get", f"/formateur/seance/{sitting.pk}/sans-inscription/", None),
        (trainer, "post", f"/formateur/seance/{sitting.pk}/sans-inscription/", {}),
        (partner, "get", "/partenaires/", None),
        (partner, "get", "/partenaires/?du=pas-une-date&statut=inconnu", None),
        (partner, "get", "/connexion/double-authentification/activer/", None),
    ]


def test_every_forms_hints_and_errors_are_tied_to_their_controls(demo_site):
    problems = []
    for client, method, url, data in pages(demo_site):
        response = getattr(client, method)(url, data or {})
        label = f"{method.upper()} {url}"
        if response.status_code not in (200, 400):  # 400: a refused form, shown again
            problems.append(f"{label}: {response.status_code}")
            continue
        html = response.content.decode()
        if missing := missing_described_ids(html):
            problems.append(f"{label}: aria-describedby names missing ids {missing}")
        # A control marked invalid names its error message (a radio button's group,
        # its fieldset, carries the description for its buttons).
        groups = " ".join(re.findall(r'<fieldset[^>]*aria-describedby="([^"]*)"', html))
        for control in re.findall(INVALID, html):
            described = re.search(r'aria-describedby="([^"]*)"', control)
            name = re.search(r'name="([^"]*)"', control).group(1)
            if not (described and "_error" in described.group(1)) and (
                f"id_{name}_error" not in groups
            ):
                problems.append(f"{label}: {control[:80]} is invalid but not described")
    assert not problems, "\n".join(problems)
