# Partnership Portal: `make run` serves the portal, `make test` runs the whole suite.
# Both set everything up first (virtualenv, dependencies, database, seed data).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: run serve dev test deploy-check setup db static messages translations system-packages lint format pg-start pg-stop pg-status bench synthetic fuzz faults backup restore

PORT ?= 8000

# Without DATABASE_URL, the commands below use the embedded PostgreSQL in .pgdata/;
# outside them (a production server), the portal refuses to start without DATABASE_URL.
export PORTAL_EMBEDDED_DATABASE ?= true

# The portal as it runs in production (DEBUG off, gunicorn, static files by whitenoise,
# the portal's own error pages), over plain HTTP and on this machine only.
run: db static messages
	@$(MANAGE) ensure_admin --url http://127.0.0.1:$(PORT)/
	@$(MAKE) --no-print-directory serve

# Two workers of four threads: a long download holds a thread, never the portal.
serve:
	@DJANGO_DEBUG=false DJANGO_HTTPS=false $(BIN)/gunicorn portal.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers 2 --worker-class gthread --threads 4 --timeout 60 --access-logfile -

# Development: DEBUG on (tracebacks in the browser), reloading on every save.
dev: db static messages
	DJANGO_DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup static messages system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# The production kit (deploy/) tried on this machine: nginx with TLS in front of two
# gunicorn app servers on one PostgreSQL, checked through the proxy (deploy/check.py).
deploy-check: setup messages
	$(BIN)/python deploy/check.py $(DEPLOY_CHECK_ARGS)

setup: $(STAMP) .secret_key

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

.secret_key:
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

db: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) configure_database
	$(MANAGE) createcachetable
	$(MANAGE) load_seed
	$(MANAGE) ensure_admin

static: setup
	$(MANAGE) collectstatic --noinput --verbosity 0

# The interface's French and Spanish (locale/*/LC_MESSAGES/django.po) are compiled
# with GNU gettext's msgfmt: installed when running as root, otherwise named.
messages: setup
	@if ! command -v msgfmt >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's gettext to compile the translations..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "GNU gettext is needed to compile the French and Spanish translations. Install it with: sudo apt-get install gettext"; \
			exit 1; \
		fi; \
	fi
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

# After changing a marked string: refresh the catalogues, translate what is new
# (tests/test_translations.py fails until every string has a French and a Spanish text).
translations: setup
	$(MANAGE) makemessages -l fr -l es --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=backups --ignore=.pgdata

# Debian's Chromium drives the browser tests. Installed when running as root;
# otherwise the browser tests skip with a message saying what to install.
system-packages:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "NOTE: chromium is not installed; browser tests will be skipped. Install it with: sudo apt-get install chromium"; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

pg-start: setup
	$(MANAGE) pg start

pg-stop: setup
	$(MANAGE) pg stop

pg-status: setup
	$(MANAGE) pg status

# Benchmarks (not part of make test): load the synthetic data once, then run. The cold
# benchmark (each URL asked once after a write) comes first, then the editors' (the admin,
# an import beside saves, the CSV export beside Datasette's), then the warm one (wrk).
synthetic: db
	$(MANAGE) generate_synthetic --projects 1000000 --organisations 100000 --seed 1

bench: db static
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk is needed: sudo apt-get install wrk"; exit 1; fi; \
	fi
	$(BIN)/python bench/cold.py
	$(BIN)/python bench/editors.py --datasette
	$(BIN)/python bench/followers.py
	$(BIN)/python bench/generated_client.py
	$(BIN)/python bench/run.py

# 5,000 query strings per list, export and admin changelist URL (make test runs 200);
# the report, with the slowest query string, goes to bench/results/fuzz.md.
fuzz: setup static
	FUZZ_EXAMPLES=5000 FUZZ_REPORT=bench/results/fuzz.md $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider

# Serve with gunicorn, read and write under load, stop PostgreSQL for 5 s (not in make test);
# then, as root, faults through the production topology of make deploy-check (deploy/faults.py).
faults: db static messages
	$(BIN)/python bench/faults.py
	@if [ "$$(id -u)" = 0 ]; then $(BIN)/python deploy/faults.py; \
	else echo "Not root: skipping deploy/faults.py (it installs and runs nginx, PgBouncer and PostgreSQL)."; fi

backup: setup
	$(MANAGE) backup

restore: setup
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/portal-....dump"; exit 2; }
	$(MANAGE) restore "$(FILE)"
