# Everything a newcomer needs: `make serve` to write, `make test` to check.
# Each target creates .venv and installs the pinned set on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Build any Obsidian vault with the same engine and theme:
#   make site VAULT=path/to/vault SITE=path/to/out [STRICT=1]
# The knowledge base (docs/) is always built strictly: any content problem fails the build.
# Another vault is built whatever its problems (links to notes not written yet are normal in
# Obsidian); each is printed as path:line:col: kind: message, and STRICT=1 fails on them.
VAULT ?= docs
SITE  ?= site
STRICT ?=
# Another vault's site is its own: named after its folder (or SITE_NAME), and nothing of the
# knowledge base's identity (mkdocs.yml) is used; mkdocs.base.yml holds what both share.
SITE_NAME ?=
HOME_PAGE ?=
# Paths may hold spaces (an Obsidian vault often does): resolved by the shell, always quoted.
VAULT_DIR := $(shell realpath -m -- "$(VAULT)")
SITE_DIR  := $(shell realpath -m -- "$(SITE)")
IS_KB := $(shell [ "$(VAULT_DIR)" = "$$(realpath -m docs)" ] && echo yes)
CONFIG := $(if $(IS_KB),mkdocs.yml,mkdocs.vault.yml)
STRICT_FLAG := $(if $(or $(IS_KB),$(filter-out 0 no false,$(STRICT))),--strict,--no-strict)

# MkDocs 1.6 prints a banner about MkDocs 2.0 unless told not to.
export NO_MKDOCS_2_WARNING := 1
export NONLINEAR_VAULT := $(VAULT_DIR)
ifneq ($(strip $(SITE_NAME)),)
export NONLINEAR_SITE_NAME := $(SITE_NAME)
endif
ifneq ($(strip $(HOME_PAGE)),)
export NONLINEAR_HOME_PAGE := $(HOME_PAGE)
endif
# The notebooks (notebooks/) draw the figures of this knowledge base; another vault is built
# without them (an empty value switches them off; see src/nonlinear/notebooks/run.py).
NONLINEAR_NOTEBOOKS ?= $(if $(IS_KB),notebooks,)
export NONLINEAR_NOTEBOOKS
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install serve site notebooks test lint typecheck pytest bench lock clean

help:
	@echo "make serve   live-reloading site on http://127.0.0.1:8000"
	@echo "make test    lint + types + tests + strict site build"
	@echo "make site    strict build into site/ (VAULT=... SITE=... [STRICT=1] for any vault)"
	@echo "make notebooks  run the notebooks; write their figures and pages into the vault (for Obsidian)"
	@echo "make bench   benchmarks (ratios against a baseline in the same run)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (Material 9.8 needs it)")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP)

# --no-strict: a content problem never stops the preview; each page shows its problems instead
# (hooks/serve.py). `make site` and `make test` stay strict. The configuration by its absolute
# path: MkDocs names the first build's file as given and reloads it by its absolute path on
# each save, so a relative name made the first save load every hook module anew and rebuild
# every page (hooks/incremental.py's key names the configuration files).
serve: install
	$(BIN)/mkdocs serve -f "$(abspath $(CONFIG))" --no-strict --dev-addr 127.0.0.1:8000

site: install
	$(BIN)/mkdocs build -f $(CONFIG) $(STRICT_FLAG) --site-dir "$(SITE_DIR)"

lint: install
	$(BIN)/ruff check src hooks tests bench scripts
	$(BIN)/ruff format --check src hooks tests bench scripts

typecheck: install
	$(BIN)/mypy src hooks

pytest: install
	$(BIN)/python -m pytest

# The vault keeps a committed copy of the notebooks' figures and pages, so that Obsidian shows
# them; the build checks it and fails when it is stale. This writes it (never an authored file).
notebooks: install
	$(BIN)/python scripts/notebook_outputs.py --vault "$(VAULT_DIR)"

test: lint typecheck pytest site

# make bench: every target of issue 10 as a ratio, N = 500 / 2,000 notes (several minutes);
# make bench LARGE=1: 1,250 / 5,000 notes and the 6,600-note emoji vault (most of an hour).
bench: install
	$(BIN)/python bench/run.py $(if $(LARGE),--large,)

# Re-pin after changing dependencies in pyproject.toml: install them into .venv, then `make lock`.
lock: install
	$(BIN)/python -m pip freeze --all --exclude-editable --disable-pip-version-check | grep -v -e '^-e ' -e '^pip==' > requirements.lock

clean:
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache
