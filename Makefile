# Two commands do all set-up on a fresh machine:
#   make run    install, migrate, load the demo, serve on 127.0.0.1:8000 with the worker and scheduler
#   make test   install test dependencies (and Chromium), lint, run the whole suite
.PHONY: run test pytest lint install install-test browser clean

ADDR ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
PY := $(VENV)/bin/python
# The first Python >= 3.12 that can make a venv: on PATH, then in pyenv's versions (newest first).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[3-9]*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null | sort -rV); do \
	$$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p || echo $$p; } && break; done)

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "No Python 3.12 or newer found. Install one, or run: make PYTHON=/path/to/python3.12"; exit 1; }
	@echo "Using $(PYTHON)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The demo answers any host name, so a phone on the same network can reach ADDR=0.0.0.0:8000.
# The links in its emails use the same address (0.0.0.0 becomes this machine's first address).
HOST_IP = $(or $(firstword $(shell hostname -I 2>/dev/null)),127.0.0.1)
run: export ALLOWED_HOSTS ?= *
run: export SITE_URL ?= http://$(subst 0.0.0.0,$(HOST_IP),$(ADDR))
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	@echo "Serving on http://$(ADDR)/ (Ctrl-C stops the server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 $(PY) manage.py db_worker --interval 2 & \
	DEBUG=1 $(PY) manage.py run_scheduler --at 00:00 --interval 60 & \
	DEBUG=1 $(PY) manage.py runserver --skip-checks $(ADDR)

# Debian's Chromium for the browser tests, poppler-utils to read rendered PDFs.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || \
	{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils libharfbuzz-subset0 >/dev/null; }

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

pytest: install-test browser
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

test: lint pytest

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles var
