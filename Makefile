# The two ways in: `make book` and `make test`. Each creates .venv if missing and installs the
# locked requirements (requirements.txt, generated from pyproject.toml by `make lock`) and the
# package first. `make check` is the fast gate: lint, type check and every test that needs
# neither the built book nor a browser.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
FAST := not build and not browser and not notebooks

.PHONY: book test check browser bench lab linkcheck lock release clean

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

check: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts bench
	$(VENV)/bin/mypy src
	$(PY) -m pytest -q -m "$(FAST)"

test: check book browser
	$(PY) -m pytest -q -m "not ($(FAST))"

# JupyterLab on the chapters; as root (a container) too. It prints the address to open.
# LAB_IP=0.0.0.0 to reach it from outside a container; LAB_PORT to move it.
lab: $(STAMP)
	$(PY) -m pip install --quiet --no-build-isolation -e ".[lab]"
	$(PY) scripts/lab.py

# The files and notes of a release (run by .github/workflows/release.yml after book and test):
# `make release TAG=v0.3.0` checks the tag names the book's version, then fills dist/.
release: $(STAMP)
	$(PY) -m analysis.publish.release "$(TAG)" dist

linkcheck: $(STAMP)
	$(PY) scripts/linkcheck.py

bench: $(STAMP) browser
	$(PY) bench/run.py

lock:
	$(PY) -m pip install --quiet uv
	UV_CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/uv pip compile pyproject.toml \
	  --extra test --python-version 3.11.7 -o requirements.txt

clean:
	rm -rf book/_build dist
