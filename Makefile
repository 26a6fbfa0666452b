# tiptiers — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint typecheck bench clean parameters

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: create the virtualenv, install, and start the main job on the embedded SQLite default
run: install
	$(BIN)/tiptiers serve

## make test: ruff, mypy on the core, then the whole pytest suite
test: install lint typecheck
	$(BIN)/python -m pytest

## make parameters: regenerate src/tiptiers/law/parameter_values.py from law/parameters/*.yaml
parameters: install
	$(BIN)/python scripts/build_parameters.py

lint: install
	$(BIN)/ruff check src tests bench scripts

typecheck: install
	$(BIN)/mypy

## make bench: every benchmark under bench/ (figures go to docs/PERFORMANCE.md)
bench: install
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache test-output
