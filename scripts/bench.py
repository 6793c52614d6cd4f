#!/usr/bin/env python
"""Benchmark: requests per second and latency of the production server, page by page.

It seeds a database of the given size, starts gunicorn (2 workers, production
settings, DEBUG off) on loopback, and drives it with wrk from a second process.
Every figure is printed next to its ratio to a hello-world view of the same
server measured in the same run, so the numbers compare across noisy machines.

    make bench                       # SQLite, default size
    make bench BENCH_ARGS="--postgres --size 1000 --duration 15"

A command-line report: its print() calls are its output, not debugging left behind.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# name -> (path, served from the page cache when it is on). The baseline comes
# first; later issues add their pages here.
TARGETS = {
    "baseline (hello world)": ("/bench/hello/", False),
    "health check": ("/healthz", False),
    "home page": ("/", False),
    "content page": ("/qui-sommes-nous/", False),
    "catalogue": ("/formations/", True),
    "catalogue, filtered": ("/formations/?public=tous&ville=Sarcelles&moment=matin", True),
    "catalogue, page 5": ("/formations/?page=5", True),
    "course page": ("/formations/premiers-pas-ordinateur/", True),
    # Search is never served from the page cache (the results depend on the query).
    "search": ("/recherche/?q=demarche+en+ligne", False),
    "search, typo + synonym": ("/recherche/?q=factrue+ordi", False),
    "search suggestions": ("/recherche/suggestions/?q=ordi", False),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="generated pages (seed_demo --size)")
    parser.add_argument("--courses", type=int, default=1000, help="generated courses")
    parser.add_argument("--sessions", type=int, default=10000, help="sessions in all")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--postgres", action="store_true", help="use a fresh PostgreSQL database instead of SQLite"
    )
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--only", nargs="*", help="names of targets to run (baseline always runs)")
    parser.add_argument(
        "--certificates",
        type=int,
        default=200,
        help="certificates in the batch-rendering benchmark (0 to skip it)",
    )
    parser.add_argument(
        "--enrolment-sessions",
        type=int,
        default=20,
        help="open sessions the enrolment benchmark spreads its requests over",
    )
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_postgres(server_url):
    import psycopg

    name = "numixs_bench"
    with psycopg.connect(server_url + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return server_url + name


def run(cmd, env):
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(args, workdir):
    database_url = (
        fresh_postgres(args.postgres_url)
        if args.postgres
        else f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    base_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_ROOT": str(workdir / "private"),
        # The day the demo's dates are relative to: a run that crosses midnight keeps
        # measuring the sittings it seeded as "today".
        "NUMIXS_BENCH_DAY": datetime.date.today().isoformat(),
    }
    # seed_demo refuses production settings on purpose: seed with dev settings.
    dev_env = {**base_env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    print(
        f"Seeding ({'PostgreSQL' if args.postgres else 'SQLite'}: {args.size} pages, "
        f"{args.courses} generated courses, {args.sessions} sessions)…"
    )
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], dev_env)
    run(
        [
            PYTHON,
            "manage.py",
            "seed_demo",
            "--today",
            base_env["NUMIXS_BENCH_DAY"],
            "--size",
            str(args.size),
            "--courses",
            str(args.courses),
            "--sessions",
            str(args.sessions),
        ],
        dev_env,
    )
    prod_env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "https://formations.numixs.example",  # links in e-mails
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy here
        "BENCHMARK_ENDPOINT": "true",
        "DB_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        # Enrolment e-mails are queued in the database, as in production (no worker
        # runs here); the rate limit still runs but lets the benchmark's one address through.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NUMIXS_ENROL_RATE_LIMIT": "100000000",
    }
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], prod_env)
    return prod_env


# Each wrk thread gets a number (tid), so that generated names and ids never collide.
LUA_THREAD_IDS = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
"""

ENROL_SCRIPT = """
-- POST the enrolment form: a new person each time, round-robin over open sessions.
local paths = {%(paths)s}
local counter = 0
local run = os.time()  -- the warm-up and the measured run enrol different people
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  local who = string.format("%%d%%07d", tid or 0, counter)
  local body = "csrfmiddlewaretoken=%(token)s&first_name=Bench&last_name=P" .. run .. "-" .. who
    .. "&phone=06" .. string.sub(who, -8) .. "&email=p" .. run .. who .. "%%40exemple.numixs"
    .. "&town=Sarcelles&situation=autre&employment_agency_id=&website="
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
  }, body)
end
"""


def open_session_paths(env, count):
    """Enrolment form paths of open sessions that start in a week or more."""
    return bench_data(env, "open-session-paths", count=count)


def bench_data(env, action, **options):
    """The JSON result of `manage.py bench_data <action>` on the benchmark's database.

    The command (demo/management/commands/bench_data.py) runs with development
    settings, as seed_demo does; it prints its result as the last line of its output.
    """
    command = [PYTHON, "manage.py", "bench_data", action]
    for name, value in options.items():
        command += [f"--{name}", str(value)]
    output = subprocess.run(
        command,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


MARK_SCRIPT = """
-- A trainer's tablet sends one mark per request, as when a learner is tapped.
local enrolments = {%(enrolments)s}
local counter = 0
local run = os.time() %% 100000
request = function()
  counter = counter + 1
  local id = string.format("%%08d-0000-4000-8000-%%04d%%08d", run, tid or 0, counter)
  local body = '{"device":"bench","changes":[{"id":"' .. id .. '","sitting":%(sitting)d,'
    .. '"enrolment":' .. enrolments[(counter %% #enrolments) + 1] .. ','
    .. '"kind":"mark","value":"' .. ((counter %% 2 == 0) and "present" or "late") .. '",'
    .. '"device_time":"' .. os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ") .. '"}]}'
  return wrk.format("POST", "/formateur/synchro/", {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["X-CSRFToken"] = "%(token)s",
    ["Cookie"] = "csrftoken=%(token)s; sessionid=%(session)s",
  }, body)
end
"""


def login(base_url, username):
    """Log in through the login form as a demo account; (csrf token, session id)."""
    with urllib.request.urlopen(base_url + "/connexion/", timeout=10) as answer:
        html = answer.read().decode()
        cookies = answer.headers.get_all("Set-Cookie") or []
    csrf = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": "demo-numixs"}
    ).encode()
    request = urllib.request.Request(
        base_url + "/connexion/", data=form, headers={"Cookie": f"csrftoken={csrf}"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as answer:  # the 302 after a successful login
        cookies = answer.headers.get_all("Set-Cookie") or []
    session = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("sessionid="))
    return csrf, session


def mark_script(base_url, env, workdir):
    """Log in as the demo trainer; a wrk script marking today's demo sitting."""
    today = bench_data(env, "todays-demo-sitting", day=env["NUMIXS_BENCH_DAY"])
    sitting, enrolments = today["sitting"], today["enrolments"]
    csrf, session = login(base_url, "formateur")
    script = workdir / "mark.lua"
    script.write_text(
        MARK_SCRIPT
        % {
            "enrolments": ", ".join(str(pk) for pk in enrolments),
            "sitting": sitting,
            "token": csrf,
            "session": session,
        }
        + LUA_THREAD_IDS
    )
    return script


def certificate_timing(env, count):
    """Plain WeasyPrint, then the project's batch: {"count", "single", "batch"} (seconds)."""
    return bench_data(env, "certificate-timing", count=count)


def certificate_download_path(env):
    """A learner's download link of a rendered certificate (no login needed)."""
    return bench_data(env, "certificate-download-path")["path"]


def partner_data(env, learners=2000, certificates=500):
    """Referred learners and certificates for the demo partner; the bench certificates' count."""
    return bench_data(env, "partner-data", learners=learners, certificates=certificates)["count"]


def zip_memory_figures(env, count):
    """Bytes and peak Python memory of the partners' ZIP, by number of certificates."""
    return bench_data(env, "zip-memory", count=count)


def coordinator_session(base_url, env):
    """Log in as the demo coordinator, second factor included (its code from demo_code)."""
    csrf, session = login(base_url, "coordination")
    url = base_url + "/connexion/double-authentification/"
    cookie = {"Cookie": f"csrftoken={csrf}; sessionid={session}"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=cookie), timeout=10) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    printed = subprocess.run(
        [PYTHON, "manage.py", "demo_code"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},  # as bench_data
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    form = {"csrfmiddlewaretoken": token.group(1), "code": re.search(r"\d{6}", printed).group()}
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(form).encode(), headers=cookie
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as answer:  # the 302 once the code is accepted
        cookies = answer.headers.get_all("Set-Cookie") or []
        session = next(
            (c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("sessionid=")),
            session,
        )
    with partner_get(base_url + "/admin/", session) as answer:
        if "/admin/" not in answer.geturl():
            raise SystemExit("the coordinator's second factor was refused")
    return session


def partner_get(url, session):
    return urllib.request.urlopen(
        urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"}), timeout=600
    )


def time_zip(base_url, session, repeat=3):
    """Seconds to download the ZIP of the bench's certificates (best of `repeat`), and its size."""
    best, size = None, 0
    for _ in range(repeat):
        start = time.perf_counter()
        with partner_get(base_url + "/partenaires/attestations.zip?q=Bench", session) as answer:
            assert answer.headers["Content-Type"] == "application/zip"
            size = 0
            while piece := answer.read(1 << 20):
                size += len(piece)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, size


def bench_enrolments(env):
    """How many enrolments the benchmark's POSTs created (a 200 may hide form errors)."""
    return bench_data(env, "bench-enrolment-count")["count"]


def enrol_script(base_url, paths, workdir):
    """A wrk Lua script posting the enrolment form with a valid CSRF cookie and token."""
    with urllib.request.urlopen(base_url + paths[0], timeout=10) as answer:
        html = answer.read().decode()
        cookies = answer.headers.get_all("Set-Cookie") or []
    cookie = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    script = workdir / "enrol.lua"
    script.write_text(
        ENROL_SCRIPT
        % {"paths": ", ".join(f'"{p}"' for p in paths), "token": token, "cookie": cookie}
        + LUA_THREAD_IDS
    )
    return script


def start_server(env, port, workers):
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def check_status(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        if answer.status != 200:
            raise SystemExit(f"{url} answered {answer.status}, not 200")


def _ms(value, unit):
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return float(value) * factor


def wrk(url, args, script=None):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        *(["-s", str(script)] if script else []),
        url,
    ]
    warm_up = [*command[:3], "-d2s", *command[5:]]
    subprocess.run(warm_up, capture_output=True, check=True)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {
        p: _ms(v, u)
        for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {
        "requests": int(total.group(1)) if total else 0,
        "rps": rps,
        "p50": percentiles.get("50"),
        "p90": percentiles.get("90"),
        "p99": percentiles.get("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def print_table(results, baseline):
    header = (
        f"{'target':<22}{'path':<56}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
        f"{'x baseline':>12}{'errors':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, (path, figures) in results.items():
        if "rps" not in figures:
            continue  # reported in its own section (the ZIP)
        ratio = figures["rps"] / baseline if baseline else 0.0
        print(
            f"{name:<22}{path:<56}{figures['rps']:>9.0f}{figures['p50']:>9.1f}"
            f"{figures['p90']:>9.1f}{figures['p99']:>9.1f}{ratio:>12.3f}{figures['non_2xx']:>8}"
        )
    print(
        "\n'x baseline' = requests/s of the page divided by requests/s of the hello-world view,"
        " measured by the same server in the same run."
    )


def measure(env, args, cache_seconds, only_cacheable):
    """Start a server with the page cache on or off and measure the targets."""
    port = free_port()
    server = start_server(
        {**env, "NUMIXS_PAGE_CACHE_SECONDS": str(cache_seconds)}, port, args.workers
    )
    results = {}
    try:
        for name, (path, cacheable) in TARGETS.items():
            baseline = name.startswith("baseline")
            if not baseline and only_cacheable and not cacheable:
                continue
            if not baseline and args.only and name not in args.only:
                continue
            url = f"http://127.0.0.1:{port}{path}"
            check_status(url)
            print(f"Measuring {name} ({path}) for {args.duration} s…")
            results[name] = (path, wrk(url, args))
        if not only_cacheable and (not args.only or "enrolment" in args.only):
            # Never cached: every request takes the session's lock and writes.
            paths = open_session_paths(env, args.enrolment_sessions)
            script = enrol_script(f"http://127.0.0.1:{port}", paths, Path(env["MEDIA_ROOT"]).parent)
            print(f"Measuring enrolment (POST over {len(paths)} sessions) for {args.duration} s…")
            figures = wrk(f"http://127.0.0.1:{port}/", args, script)
            created = bench_enrolments(env)
            if created < figures["requests"]:
                raise SystemExit(
                    f"only {created} enrolments for {figures['requests']} requests: "
                    "the form refused some (check the script's fields)"
                )
            results["enrolment"] = (f"POST enrolment form ({len(paths)} sessions)", figures)
        if not only_cacheable and (not args.only or "attendance mark" in args.only):
            base = f"http://127.0.0.1:{port}"
            script = mark_script(base, env, Path(env["MEDIA_ROOT"]).parent)
            print(f"Measuring attendance marks (one per sync request) for {args.duration} s…")
            figures = wrk(base + "/", args, script)
            stored = bench_data(env, "bench-mark-count")["count"]
            if stored < figures["requests"]:
                raise SystemExit(f"only {stored} marks for {figures['requests']} requests")
            results["attendance mark"] = ("POST /formateur/synchro/ (1 mark)", figures)
        if not only_cacheable and (not args.only or "partners list" in args.only):
            base = f"http://127.0.0.1:{port}"
            _csrf, session = login(base, "partenaire")
            with partner_get(base + "/partenaires/", session) as answer:
                shown = re.search(r"([\d\s\u202f]+) inscriptions", answer.read().decode())
            if int(re.sub(r"\D", "", shown.group(1))) < 2000:
                raise SystemExit(f"the partner sees {shown.group(1)} rows, not 2,000+")
            script = Path(env["MEDIA_ROOT"]).parent / "partner.lua"
            script.write_text(f'wrk.headers["Cookie"] = "sessionid={session}"\n')
            print(f"Measuring the partners' list (2,000+ referred learners) for {args.duration} s…")
            results["partners list"] = (
                "GET /partenaires/ (page 1)",
                wrk(base + "/partenaires/", args, script),
            )
            seconds, size = time_zip(base, session)
            count = bench_data(env, "bench-certificate-count")["count"]
            results["partners zip"] = (
                f"GET /partenaires/attestations.zip ({count} certificates)",
                {"seconds": seconds, "bytes": size, "count": count},
            )
        if not only_cacheable and (not args.only or "reports" in args.only):
            # The coordinators' pages over a year of data: the desk with this month's
            # figures, and two reports for the whole year (their query count is fixed).
            base = f"http://127.0.0.1:{port}"
            session = coordinator_session(base, env)
            script = Path(env["MEDIA_ROOT"]).parent / "coordinator.lua"
            script.write_text(f'wrk.headers["Cookie"] = "sessionid={session}"\n')
            year = datetime.date.today().year
            period = f"start=01/01/{year}&end=31/12/{year}"
            # A few coordinators at once, not sixteen: at 16 connections on two cores the
            # heavier admin pages queue past wrk's 2 s timeout and nothing is measured.
            staff = argparse.Namespace(**{**vars(args), "connections": min(args.connections, 4)})
            for name, path in (
                ("admin home (desk, this month)", "/admin/"),
                ("report: activity, a year", f"/admin/rapports/activite/?{period}"),
                ("report: BPF, a year", f"/admin/rapports/bpf/?{period}"),
                ("report: activity, XLSX", f"/admin/rapports/activite/?{period}&format=xlsx"),
            ):
                # Progress on the terminal, as for every other target: a run lasts minutes.
                print(f"Measuring {name} for {args.duration} s…")
                results[name] = (f"GET {path} (4 conn.)", wrk(base + path, staff, script))
        if not only_cacheable and (not args.only or "certificate download" in args.only):
            path = certificate_download_path(env)
            print(f"Measuring certificate download for {args.duration} s…")
            results["certificate download"] = (
                "GET …/attestation.pdf (stored)",
                wrk(f"http://127.0.0.1:{port}{path}", args),
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk (make install does it as root)")
    workdir = Path(tempfile.mkdtemp(prefix="numixs-bench-"))
    report = {}
    try:
        env = prepare(args, workdir)
        timing = zip_memory = None
        if not args.only or {"partners list", "partners zip"} & set(args.only):
            print("Adding 2,000 referred learners and 500 certificates for the demo partner…")
            partner_data(env)
            zip_memory = zip_memory_figures(env, 500)
        if args.certificates and (not args.only or "certificates" in args.only):
            print(f"Rendering {args.certificates} certificates, plain then in a batch…")
            timing = certificate_timing(env, args.certificates)
        print("\n-- Page cache off --")
        report["uncached"] = measure(env, args, 0, only_cacheable=False)
        print("\n-- Page cache on, warm (the warm-up requests fill it) --")
        report["cache warm"] = measure(env, args, 600, only_cacheable=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for phase, results in report.items():
        print(f"\n== {phase} ==")
        print_table(results, next(iter(results.values()))[1]["rps"])
    zipped = report.get("uncached", {}).get("partners zip")
    if zipped:
        figures = zipped[1]
        baseline = next(iter(report["uncached"].values()))[1]["rps"]
        megabytes = figures["bytes"] / 1e6
        print(f"\n== partners' ZIP: {figures['count']} stored certificates, two PDFs each ==")
        print(
            f"streamed in {figures['seconds']:.2f} s ({megabytes:.1f} MB, "
            f"{megabytes / figures['seconds']:.0f} MB/s); "
            f"= {figures['seconds'] * baseline:.0f} hello-world requests' time"
        )
    if zip_memory:
        small, large = (zip_memory[key] for key in sorted(zip_memory, key=int))
        print(
            f"peak Python memory while streaming: {small['peak'] / 1e6:.2f} MB for "
            f"{small['bytes'] / 1e6:.0f} MB of ZIP, {large['peak'] / 1e6:.2f} MB for "
            f"{large['bytes'] / 1e6:.0f} MB (flat: ratio {large['peak'] / small['peak']:.2f})"
        )
    if timing:
        count = timing["count"]
        single, batch = count / timing["single"], count / timing["batch"]
        print(f"\n== certificates: {count} learners, two PDFs each ==")
        print(f"plain WeasyPrint, one document at a time: {single:7.1f} certificates/s")
        print(f"batch (fonts loaded once, stored):        {batch:7.1f} certificates/s")
        print(f"batch / plain: {batch / single:.2f}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"bench-{stamp}.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "certificates": timing,
                "zip_memory": zip_memory,
                "phases": {
                    phase: {k: {"path": p, **f} for k, (p, f) in results.items()}
                    for phase, results in report.items()
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
