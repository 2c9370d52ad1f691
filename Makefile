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

# Builds the wheel, installs it in a fresh venv and runs it from outside the source tree.
wheel-smoke: $(STAMP)
	PYTHON=$(BIN)/python scripts/wheel_smoke.sh

# Every bench/ script; the corpus-scale ones read ../shared and say so when it is absent.
bench: $(STAMP)
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
