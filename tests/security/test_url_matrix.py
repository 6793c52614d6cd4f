"""Who reaches what: every URL of the project's apps, opened by every persona.

Each object-bearing URL is opened by eight personas; the persona(s) allowed get
their documented status, everyone else a login redirect, a 403 or a 404 (never
a 200 or a 500). Pages every persona of a kind may open but which list only
their own data (the partners' list, /mon-compte/...) are opened too, and must
not show enrolment X. The meta-test at the end fails when a URL is added
without being put in this matrix (or in the commented public allow-list).
"""

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

from attendance.models import Attendance, AttendanceChange
from attendance.services import reopen_sitting
from certificates.services import issue
from courses.links import manage_url
from courses.models import Learner, Membership, Message, Topic
from partners.digests import unsubscribe_token
from search.models import Synonym, ZeroResultQuery
from tests.courses.factories import attest, make_course, make_session
from tests.partners.partner_world import enrol, organisation, store_pdfs

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",  # nobody logged in
    "link_holder",  # anonymous, has just opened the signed link of enrolment X
    "learner",  # an account linked to X's learner (/mon-compte/)
    "trainer",  # teaches session A (X's session)
    "outsider_trainer",  # a trainer of session B only
    "partner",  # member of org A, which referred X with consent
    "outsider_partner",  # member of org B, which referred Y (same session) with consent
    "staff",  # the demo coordinator
]
LOGIN_PREFIXES = ("/connexion/", "/admin/login/")


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username=username, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world(home_page):
    """Session A (finished, taught by "formateur"): X (org A, consent, certificate, an
    account) and Y (org B, consent, certificate); session B, taught by the outsider."""
    tag = uuid.uuid4().hex[:6]
    org_a, org_b = organisation("Agence A", f"MA{tag}"), organisation("Chambre B", f"MB{tag}")
    course = make_course(f"Atelier matrice {tag}", slug=f"atelier-matrice-{tag}")
    session_a = make_session(course, days=(-3, -2))
    session_b = make_session(course, days=(-3,))
    users = {
        "learner": make_user(f"matrix-learner-{tag}"),
        "trainer": get_user_model().objects.get(username="formateur"),
        "outsider_trainer": make_user(f"matrix-trainer-b-{tag}", "Formateurs"),
        "partner": make_user(f"matrix-partner-a-{tag}", "Partenaires"),
        "outsider_partner": make_user(f"matrix-partner-b-{tag}", "Partenaires"),
        "staff": get_user_model().objects.get(username="coordination"),
    }
    session_a.trainers.add(users["trainer"])
    session_b.trainers.add(users["outsider_trainer"])
    session_a.save(), session_b.save()  # a ParentalManyToManyField is written on save
    Membership.objects.create(organisation=org_a, user=users["partner"])
    Membership.objects.create(organisation=org_b, user=users["outsider_partner"])
    x = enrol(session_a, "Xavière", f"Secretx{tag}", org_a, True)
    y = enrol(session_a, "Yanis", f"Othery{tag}", org_b, True)
    x.learner.user = users["learner"]
    x.learner.save()
    for enrolment in (x, y):
        for sitting in session_a.sittings.all():
            Attendance.objects.create(sitting=sitting, enrolment=enrolment, status="present")
    attest(session_a)
    certs = [
        store_pdfs(issue(e.pk, render=False)[0], b"%PDF-1.7\n" + e.learner.last_name.encode())
        for e in (x, y)
    ]
    # Reopened for a correction, as the coordination may: the matrix's roster, walk-in and
    # sync cases take changes again.
    for sitting in session_a.sittings.all():
        reopen_sitting(sitting.pk, user=users["staff"], reason="Correction après délivrance")
    duplicate = Learner.objects.create(
        first_name="Xavière", last_name=f"Secretx{tag}", duplicate_of=x.learner
    )
    return SimpleNamespace(
        session_a=session_a, sitting_a=session_a.sittings.order_by("date").first(),
        x=x, y=y, cert_x=certs[0], cert_y=certs[1], org_a=org_a, duplicate=duplicate,
        users=users,  # what only X's readers may see: the surname, the certificate's number
        secrets=[x.learner.last_name.encode(), certs[0].number.encode()],
    )  # fmt: skip


def clients(world):
    """One client per persona (force_login: the login form may need a request), logged in
    with their second factor when they have one."""
    result = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if user := world.users.get(persona):
            client.force_login(user)
            if device := next(devices_for_user(user), None):  # the demo staff's second factor
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
        if persona == "link_holder":
            assert client.get(manage_url(world.x)).status_code == 200
        result[persona] = client
    return result


def body_of(response):
    """The bytes a reader gets; a ZIP's member names and contents, unpacked."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        return b"".join(n.encode() + archive.read(n) for n in archive.namelist())
    return data


def denied(response):
    if response.status_code in (403, 404):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(LOGIN_PREFIXES)


EVERYONE = dict.fromkeys(PERSONAS, 200)
TRAINERS_OF_A = {"trainer": 200, "staff": 200}


@dataclass
class Case:
    name: str  # the URL name (the meta-test's key)
    url: object  # World -> path
    allowed: dict  # persona -> status, or (status, Location prefix)
    scoped: tuple = ()  # may open the page, must not see X in it
    shows_x: bool = True  # allowed personas' response contains X's secrets
    method: str = "get"
    data: object = None
    variant: str = ""


def sync_payload(w):
    change = {
        "id": str(uuid.uuid4()), "sitting": w.sitting_a.pk, "enrolment": w.x.pk,
        "kind": "note", "value": "matrice", "device_time": timezone.now().isoformat(),
    }  # fmt: skip
    return json.dumps({"device": "matrix", "changes": [change]})


def cert_pdf(prefix, cert="cert_x"):
    return lambda w: f"{prefix}{getattr(w, cert).pk}/attestation.pdf"


ROSTER, CERT = "/formateur/seance/", "/admin/snippets/certificates/certificate/"
TO_SESSION = (302, "/admin/snippets/courses/session/")
CASES = [
    Case("my_area", lambda w: "/mon-espace/", {
        "learner": (302, "/mon-compte/attestations/"), "trainer": (302, "/formateur/"),
        "outsider_trainer": (302, "/formateur/"), "partner": (302, "/partenaires/"),
        "outsider_partner": (302, "/partenaires/"), "staff": (302, "/admin/"),
    }, shows_x=False),
    # Signed links are bearer credentials: whoever holds X's link sees X (by design).
    Case("courses:manage_enrolment", lambda w: manage_url(w.x), EVERYONE),
    Case("courses:manage_enrolment", lambda w: manage_url(w.x).replace("/mon-inscription/",
         "/mon-inscription/x"), {}, variant="forged"),
    Case("courses:convocation", lambda w: manage_url(w.x) + "convocation/", EVERYONE),
    Case("courses:convocation", lambda w: manage_url(w.y)[:-3] + "/convocation/", {},
         variant="forged"),
    Case("courses:convocation_pdf", lambda w: manage_url(w.x) + "convocation.pdf", EVERYONE,
         shows_x=False),  # a PDF's text is compressed: the page above shows the same
    # The SMS's short link leads whoever holds it to the signed link (a bearer credential).
    Case("courses:short_link", lambda w: f"/i/{w.x.short_token}",
         dict.fromkeys(PERSONAS, (302, "/formations/mon-inscription/")), shows_x=False),
    Case("courses:short_link", lambda w: "/i/AAAAAAAAAA", {}, variant="guessed"),
    # Delivery reports: a secret address (404 when the token is wrong or not configured).
    Case("courses:sms_status", lambda w: "/sms/statut/devine/", {}, method="post",
         data='{"messageId": 1, "msg_status": "delivered"}', shows_x=False),
    Case("certificates:learner_download", lambda w: manage_url(w.x) + "attestation.pdf", EVERYONE),
    Case("certificates:learner_download", lambda w: manage_url(w.y)[:-3] + "/attestation.pdf",
         {}, variant="forged"),
    Case("partners:unsubscribe", lambda w: "/partenaires/recapitulatif/arret/"
         f"{unsubscribe_token(w.org_a.memberships.get())}/", EVERYONE, shows_x=False),
    Case("partners:unsubscribe", lambda w: "/partenaires/recapitulatif/arret/forged/", {},
         variant="forged"),
    # The learner's account.
    Case("certificates:mine", lambda w: "/mon-compte/attestations/", {"learner": 200},
         scoped=("trainer", "outsider_trainer", "partner", "outsider_partner", "staff")),
    Case("certificates:account_download", cert_pdf("/mon-compte/attestations/"), {"learner": 200}),
    Case("certificates:account_download", cert_pdf("/mon-compte/attestations/", "cert_y"), {},
         variant="someone-else"),
    # The trainer area.
    Case("attendance:trainer_home", lambda w: "/formateur/",
         {"trainer": 200, "outsider_trainer": 200, "staff": 200}, shows_x=False),
    Case("attendance:trainer_roster", lambda w: f"{ROSTER}{w.sitting_a.pk}/", TRAINERS_OF_A),
    Case("attendance:trainer_close", lambda w: f"{ROSTER}{w.sitting_a.pk}/cloturer/",
         TRAINERS_OF_A, shows_x=False),  # lists only the unmarked: nobody here
    Case("attendance:trainer_walk_in", lambda w: f"{ROSTER}{w.sitting_a.pk}/sans-inscription/",
         TRAINERS_OF_A, shows_x=False),
    Case("attendance:trainer_reopen", lambda w: f"{ROSTER}{w.sitting_a.pk}/rouvrir/",
         {"trainer": (302, ROSTER), "staff": (302, ROSTER)}, shows_x=False, method="post"),
    Case("attendance:trainer_sync", lambda w: "/formateur/synchro/",
         {"trainer": 200, "staff": 200, "outsider_trainer": 422}, shows_x=False,
         method="post", data=sync_payload),  # 422: see test_an_outsider_trainers_sync...
    Case("attendance:trainer_sheet", lambda w: f"/formateur/session/{w.session_a.pk}/"
         "emargement.pdf", TRAINERS_OF_A, shows_x=False),
    Case("certificates:trainer_download", cert_pdf("/formateur/attestation/"), TRAINERS_OF_A),
    # The partners' area.
    Case("partners:list", lambda w: "/partenaires/", {"partner": 200},
         scoped=("outsider_partner",)),
    Case("partners:learner", lambda w: f"/partenaires/apprenants/{w.x.learner_id}/",
         {"partner": 200}),
    Case("partners:certificate", cert_pdf("/partenaires/attestations/"), {"partner": 200}),
    Case("partners:zip", lambda w: "/partenaires/attestations.zip", {"partner": 200},
         scoped=("outsider_partner",)),
    Case("partners:csv", lambda w: "/partenaires/export.csv", {"partner": 200},
         scoped=("outsider_partner",)),
    Case("partners:digest", lambda w: "/partenaires/recapitulatif/",
         {"partner": (302, "/partenaires/"), "outsider_partner": (302, "/partenaires/")},
         shows_x=False, method="post", data={"digest": "on"}),
    # The admin's own views (snippet viewsets' extra URLs, moved settings addresses).
    Case("wagtailsnippets_courses_session:enrolments",
         lambda w: f"/admin/snippets/courses/session/{w.session_a.pk}/inscriptions/",
         {"staff": 200}),
    Case("wagtailsnippets_courses_learner:merge",
         lambda w: f"/admin/snippets/courses/learner/{w.duplicate.pk}/fusionner/",
         {"staff": 200}),
    # A learner's rights (home.privacy): export and erase.
    Case("learner_data_export",
         lambda w: f"/admin/donnees-personnelles/apprenant/{w.x.learner_id}/export.json",
         {"staff": 200}),
    Case("learner_data_erase",
         lambda w: f"/admin/donnees-personnelles/apprenant/{w.x.learner_id}/effacer/",
         {"staff": 200}),
    Case("wagtailsnippets_certificates_certificate:pdf",
         lambda w: f"{CERT}{w.cert_x.pk}/pdf/attestation/", {"staff": 200}),
    Case("wagtailsnippets_courses_enrolment:list", lambda w: "/admin/snippets/courses/enrolment/"
         "?export=csv", {"staff": 200}, variant="export-csv"),
    Case("wagtailsnippets_certificates_certificate:revoke",
         lambda w: f"{CERT}{w.cert_x.pk}/revoquer/", {"staff": 200}),
    Case("wagtailsnippets_certificates_certificate:rerender",
         lambda w: f"{CERT}{w.cert_x.pk}/produire/", {"staff": 200}, shows_x=False),
    Case("wagtailsnippets_certificates_certificate:preview",
         lambda w: f"{CERT}apercu/", {"staff": 200}, shows_x=False),
    # Issuing a session's certificates: first each person and why (X is in the table).
    Case("wagtailsnippets_certificates_certificate:issue_session",
         lambda w: f"{CERT}session/{w.session_a.pk}/delivrer/", {"staff": 200},
         variant="reasons"),
    Case("wagtailsnippets_certificates_certificate:issue_session",
         lambda w: f"{CERT}session/{w.session_a.pk}/delivrer/",
         {"staff": (302, f"{CERT}session/")}, shows_x=False, method="post"),
    Case("wagtailsnippets_certificates_certificate:issue_enrolment",
         lambda w: f"{CERT}inscription/{w.x.pk}/delivrer/", {"staff": TO_SESSION},
         shows_x=False, method="post"),
    # The coordinators' desk links to the certificates still to issue or decide.
    Case("attestations_a_delivrer:index", lambda w: "/admin/attestations/a-delivrer/",
         {"staff": 200}, shows_x=False),
    Case("attestations_a_delivrer:index_results",
         lambda w: "/admin/attestations/a-delivrer/resultats/", {"staff": 200}, shows_x=False),
    Case("wagtailsnippets_courses_partnerorganisation:invite",
         lambda w: f"/admin/snippets/certificates/partnerorganisation/{w.org_a.pk}/inviter/",
         {"staff": 200}, shows_x=False),
    # The funders' reports (reports): coordinators only, the files too.
    Case("reports:index", lambda w: "/admin/rapports/", {"staff": 200}, shows_x=False),
    Case("reports:report", lambda w: "/admin/rapports/activite/", {"staff": 200},
         shows_x=False),
    Case("reports:report", lambda w: "/admin/rapports/partenaires/?format=xlsx",
         {"staff": 200}, shows_x=False, variant="xlsx"),
    Case("^settings/home/contactsettings/(?P<rest>.*)$",
         lambda w: "/admin/settings/home/contactsettings/",
         {"staff": (302, "/admin/settings/core/contactsettings/")}, shows_x=False),
    Case("^settings/courses/attendancesettings/(?P<rest>.*)$",
         lambda w: "/admin/settings/courses/attendancesettings/",
         {"staff": (302, "/admin/settings/attendance/attendancesettings/")}, shows_x=False),
]  # fmt: skip


def request(client, case, world):
    url = case.url(world)
    if case.method == "get":
        return client.get(url)
    data = case.data(world) if callable(case.data) else case.data
    if isinstance(data, str):
        return client.post(url, data, content_type="application/json")
    return client.post(url, data or {})


def check(response, expected):
    status, prefix = expected if isinstance(expected, tuple) else (expected, None)
    return response.status_code == status and response.get("Location", "").startswith(prefix or "")


def case_id(case):
    return case.name + (f"[{case.variant}]" if case.variant else "")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_persona_gets_what_it_may(world, case):
    problems = []
    for persona, client in clients(world).items():
        response = request(client, case, world)
        got = f"{response.status_code} {response.get('Location', '')}".strip()
        body = body_of(response) if response.status_code == 200 else b""
        leaked = [s.decode() for s in world.secrets if s in body]
        if persona in case.allowed:
            if not check(response, case.allowed[persona]):
                problems.append(f"{persona}: expected {case.allowed[persona]}, got {got}")
            elif case.shows_x and response.status_code == 200 and not leaked:
                problems.append(f"{persona}: allowed but X is not in the response (bad fixture?)")
        elif persona in case.scoped:
            if response.status_code != 200 or leaked:
                problems.append(f"{persona}: own-data page gave {got}, leaked {leaked}")
        elif not denied(response):
            problems.append(f"{persona}: must be refused, got {got} (leaked {leaked})")
    assert not problems, "\n".join(problems)


def test_an_outsider_trainers_sync_writes_nothing(world):
    client = Client()
    client.force_login(world.users["outsider_trainer"])
    response = client.post(
        "/formateur/synchro/", sync_payload(world), content_type="application/json"
    )
    assert response.json()["errors"][0]["code"] == "unknown_sitting"
    assert not AttendanceChange.objects.filter(enrolment=world.x).exists()


# Personal pages and files: no shared computer's browser may keep them.
NO_STORE = {
    "courses:manage_enrolment", "courses:convocation", "courses:convocation_pdf",
    "certificates:learner_download", "certificates:mine",
    "certificates:account_download", "certificates:trainer_download", "attendance:trainer_roster",
    "attendance:trainer_sheet", "partners:list", "partners:learner", "partners:certificate",
    "partners:zip", "partners:csv", "wagtailsnippets_certificates_certificate:pdf",
    "wagtailsnippets_courses_enrolment:list[export-csv]",
}  # fmt: skip


@pytest.mark.parametrize("case", [
    pytest.param(c, id=case_id(c)) for c in CASES if case_id(c) in NO_STORE
])  # fmt: skip
def test_personal_pages_and_files_are_never_stored(world, case):
    persona = "link_holder" if case.allowed is EVERYONE else next(iter(case.allowed))
    response = request(clients(world)[persona], case, world)
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", ""), response.get("Cache-Control")


# --- The Wagtail admin's generic views of the project's snippets ---------------------------

SNIPPET_ACTIONS = ["list", "list_results", "add", "edit", "delete", "usage", "history",
                   "history_results", "copy"]  # fmt: skip
CHOOSER_ACTIONS = ["choose", "choose_results", "chosen", "chosen_multiple", "create"]
SNIPPETS = {  # viewset namespace: (object of the world, has an inspect view)
    "courses_session": (lambda w: w.session_a, False),
    "courses_enrolment": (lambda w: w.x, True),
    "courses_message": (
        lambda w: Message.objects.create(
            enrolment=w.x, channel="sms", kind="confirmation", recipient="06 00 00 00 00"
        ),
        True,
    ),
    "courses_learner": (lambda w: w.x.learner, False),
    "courses_sitting": (lambda w: w.sitting_a, False),
    "courses_venue": (lambda w: w.session_a.venue, False),
    "courses_topic": (lambda w: Topic.objects.first(), False),
    "attendance_attendance": (lambda w: w.x.attendances.first(), True),
    "attendance_attendancechange": (lambda w: sync_change(w), True),
    "certificates_certificate": (lambda w: w.cert_x, True),
    "courses_partnerorganisation": (lambda w: w.org_a, False),
    "search_zeroresultquery": (lambda w: ZeroResultQuery.objects.create(query="matrice"), False),
    "search_synonym": (lambda w: Synonym.objects.create(term="mtx", expansion="matrice"), False),
}
# What the coordinator gets on the personal records' main views (others: refused).
# Enrolments and certificates are read-only (core.admin.ReadOnlyPolicy): editing is
# refused, and so is the history, which Wagtail shows only to who may add/change/delete.
STAFF_EXPECTED = {
    "courses_learner": {"list": 200, "edit": 200, "history": 200},
    "courses_enrolment": {"list": 200, "edit": 302, "inspect": 200, "history": 302},
    "courses_message": {"list": 200, "edit": 302, "inspect": 200, "history": 302},
    "certificates_certificate": {"list": 200, "edit": 302, "inspect": 200, "history": 302},
}


def sync_change(world):
    client = Client()
    client.force_login(world.users["trainer"])
    client.post("/formateur/synchro/", sync_payload(world), content_type="application/json")
    return AttendanceChange.objects.filter(enrolment=world.x).first()


def snippet_urls(viewset, obj, inspect):
    names = [f"wagtailsnippets_{viewset}:{a}" for a in SNIPPET_ACTIONS + ["inspect"] * inspect]
    for name in names + [f"wagtailsnippetchoosers_{viewset}:{a}" for a in CHOOSER_ACTIONS]:
        try:
            yield name, reverse(name)
        except NoReverseMatch:  # the object's views take its pk
            yield name, reverse(name, args=[obj.pk])


@pytest.mark.parametrize("viewset", SNIPPETS)
def test_the_admins_snippet_views_are_for_staff_only(world, viewset):
    get_object, inspect = SNIPPETS[viewset]
    obj = get_object(world)
    assert obj is not None, f"no {viewset} to open"
    problems = []
    for persona, client in clients(world).items():
        for name, url in snippet_urls(viewset, obj, inspect):
            response = client.get(url)
            got = f"{response.status_code} {response.get('Location', '')}".strip()
            expected = STAFF_EXPECTED.get(viewset, {}).get(name.split(":")[1])
            if persona != "staff":
                if not denied(response):
                    problems.append(f"{persona} {name} {url}: must be refused, got {got}")
            elif response.status_code >= 500 or expected not in (None, response.status_code):
                problems.append(f"staff {name} {url}: expected {expected or 'no 500'}, got {got}")
    assert not problems, "\n".join(problems)


# --- Every URL is in the matrix ------------------------------------------------------------

PROJECT_APPS = ("courses", "attendance", "certificates", "partners", "reports", "home", "search",
                "core")  # fmt: skip
# Public by design: no personal data behind them (or only what their visitor typed).
PUBLIC_BY_DESIGN = {
    "healthz",  # {"status": "ok"} for the load balancer
    "bench_hello",  # "hello", the benchmark's baseline (BENCHMARK_ENDPOINT only)
    "login", "logout",  # Django's auth views
    "set_password",  # the invitation link: its token is checked by Django's view
    "set_language",  # switches the visitor's language, nothing else
    "courses:session_ics",  # a published session's calendar entry
    "courses:enrol",  # the public enrolment form
    "certificates:verify_form", "certificates:verify",  # first name + initial only, rate-limited
    "search:results", "search:suggestions",  # the public catalogue's search
    "attendance:trainer_sw",  # the trainer pages' service worker: static code, no data
    # The login flow (home.accounts; tested in tests/security/test_logins.py): a reset
    # request form, its signed link, and the visitor's own second factor.
    "password_reset", "password_reset_confirm", "two_factor_verify", "two_factor_setup",
}  # fmt: skip


def covered_names():
    names = {case.name for case in CASES} | PUBLIC_BY_DESIGN
    for viewset, (_obj, inspect) in SNIPPETS.items():
        names |= {f"wagtailsnippets_{viewset}:{a}" for a in SNIPPET_ACTIONS}
        names |= {f"wagtailsnippetchoosers_{viewset}:{a}" for a in CHOOSER_ACTIONS}
        names |= {f"wagtailsnippets_{viewset}:inspect"} if inspect else set()
    return names


def project_urls(patterns=None, namespace=None, top=True):
    """{name, or route when unnamed} of every URL the project's own code serves."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
            found |= project_urls(pattern.url_patterns, ns, top=False)
            continue
        assert isinstance(pattern, URLPattern)
        callback = pattern.callback
        module = getattr(getattr(callback, "view_class", callback), "__module__", "")
        redirect_to = getattr(callback, "view_initkwargs", {}).get("url") or ""
        ours = (
            top  # written in config/urls.py itself
            or module.split(".")[0] in PROJECT_APPS
            or any(f"snippet{kind}_{app}_" in (namespace or "")
                   for kind in ("s", "choosers") for app in PROJECT_APPS)
            or redirect_to.startswith("/admin/settings/")  # core.admin.moved_settings_urls
        )  # fmt: skip
        if ours:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.add(name or str(pattern.pattern))
    return found


def test_every_url_of_the_project_is_in_the_matrix():
    urls, covered = project_urls(), covered_names()
    assert {"partners:zip", "wagtailsnippets_courses_learner:merge", "login"} <= urls
    assert {case_id(case) for case in CASES} >= NO_STORE
    assert not urls - covered, f"URLs missing from the matrix: {sorted(urls - covered)}"
    assert not covered - urls, f"stale entries in the matrix: {sorted(covered - urls)}"
