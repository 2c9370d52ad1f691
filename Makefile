# The two commands of the README's quick start: `make demo` and `make test`.
# Both install exactly the versions in constraints.txt (the lock); `make lock` refreshes it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := constraints.txt
# pip prints errors only: setuptools' "Editable installation" notice (an information, not a
# warning about our configuration) and this machine's index notices stay out of the way.
# `make wheel-smoke` checks that building the wheel gives no warning.
PIP_QUIET := --quiet --quiet --disable-pip-version-check

.PHONY: demo test setup lint-imports wheel-smoke bench clean lock test-latest test-lowest fuzz

# A fresh venv each time pyproject.toml or the lock changes, so nothing older lingers in it.
$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) $$(grep -E '^(pip|setuptools|wheel)==' $(LOCK))
	$(BIN)/python -m pip install $(PIP_QUIET) --constraint $(LOCK) --no-build-isolation -e '.[dev]'
	$(BIN)/python scripts/lock.py --check $(LOCK)
	touch $(STAMP)

setup: $(STAMP)

# Sets up and runs the main job on the shipped samples: poems in, packages for every target out.
demo: $(STAMP)
	$(BIN)/songsmith render corpora/poems/jing-ye-si.yaml corpora/poems/zao-fa-bai-di-cheng.yaml \
		corpora/songs/spring-dawn.yaml -o out/demo --target all
	$(BIN)/songsmith check out/demo/*/song.yaml
	@echo "packages written under out/demo/ (open out/demo/jing-ye-si/sheet.html)"

# Sets up and runs the whole test suite (architecture contract included).
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -q

# The property tests with fresh random examples, FUZZ_RUNS times (`make test` runs them with the
# same examples each time, so that the gate is reproducible). A failure prints the example and
# the @reproduce_failure line to pin it; add it to the test as an explicit @example.
FUZZ_RUNS ?= 10
fuzz: $(STAMP)
	for run in $$(seq $(FUZZ_RUNS)); do \
		HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -n 2 -q \
			$$(grep -l '@given' tests/*.py) || exit 1; \
	done

# Builds the wheel, installs it in a fresh venv and runs it from outside the source tree.
wheel-smoke: $(STAMP)
	PYTHON=$(BIN)/python CONSTRAINTS=$(CURDIR)/$(LOCK) scripts/wheel_smoke.sh

# Every bench/ script; the corpus-scale ones read ../shared and say so when it is absent.
bench: $(STAMP)
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Refreshes the lock: the newest releases pyproject.toml allows, resolved in a fresh venv.
# Run `make test` afterwards and commit constraints.txt with what you had to change.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install $(PIP_QUIET) --upgrade pip setuptools wheel
	.venv-lock/bin/python -m pip install $(PIP_QUIET) '.[dev]'
	.venv-lock/bin/python scripts/lock.py $(LOCK)
	rm -rf .venv-lock

# The suite against the newest releases pyproject.toml allows (the lock is not used or changed).
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install $(PIP_QUIET) --upgrade pip setuptools wheel
	.venv-latest/bin/python -m pip install $(PIP_QUIET) --upgrade -e '.[dev]'
	.venv-latest/bin/python scripts/lock.py --compare $(LOCK)
	.venv-latest/bin/lint-imports
	.venv-latest/bin/python -m pytest -n 2 -q -p no:cacheprovider

# The suite against the oldest releases pyproject.toml allows (checks the lower bounds; uses uv).
test-lowest:
	rm -rf .venv-lowest
	$(PYTHON) -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install $(PIP_QUIET) --constraint $(LOCK) uv
	.venv-lowest/bin/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e '.[dev]'
	.venv-lowest/bin/python scripts/lock.py --compare $(LOCK)
	.venv-lowest/bin/lint-imports
	.venv-lowest/bin/python -m pytest -n 2 -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .venv-latest .venv-lowest .venv-lock build dist *.egg-info .pytest_cache
