# The two commands of the README are the contract: `make run` and `make test`.
# Both work on a fresh machine (they create .venv and install what is needed)
# and are quick the second time (stamps skip work already done).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# Debian packages: WeasyPrint's libraries, gettext (translations), fonts for PDFs,
# Chromium for the browser tests, wrk for the benchmark.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext fonts-dejavu-core chromium wrk qpdf
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast test-browser lint format bench code system-deps install messages clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: system-deps $(VENV)/.installed messages

system-deps:
	@missing=""; for pkg in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

messages: $(VENV)/.installed
	@$(MANAGE) compilemessages --ignore=.venv -v0

run: install
	mkdir -p var
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo
	$(MANAGE) update_index -v0   # pages indexed before a search change get its new fields
	@echo "Numixs Formations: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest

test-fast: install
	$(VENV)/bin/pytest -m "not browser"

test-browser: install
	$(VENV)/bin/pytest -m browser

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The demo staff's current two-factor code (development only: the key is public).
code: $(VENV)/.installed
	@$(MANAGE) demo_code

clean:
	rm -rf var bench-results tests/browser/screenshots
