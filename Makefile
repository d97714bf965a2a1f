# The two ways in: `make book` and `make test`. Each creates .venv if missing and installs the
# pinned requirements and the package first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test browser bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

book: $(STAMP) browser
	$(PY) -m analysis.publish.build

browser: $(STAMP)
	@bash scripts/ensure_browser.sh $(PY)

test: book browser
	$(PY) -m pytest

bench: $(STAMP) browser
	$(PY) bench/run.py

clean:
	rm -rf book/_build
