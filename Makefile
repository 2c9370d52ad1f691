# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup lint-imports wheel-smoke bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Sets up and runs the main job on the shipped samples.
demo: $(STAMP)
	$(BIN)/songsmith check corpora/poems/*.yaml corpora/songs/*.yaml
	$(BIN)/songsmith show corpora/poems/jing-ye-si.yaml

# Sets up and runs the whole test suite (architecture contract included).
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -q

# Builds the wheel, installs it in a fresh venv and runs it from outside the source tree.
wheel-smoke: $(STAMP)
	PYTHON=$(BIN)/python scripts/wheel_smoke.sh

bench: $(STAMP)
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
