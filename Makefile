# Two entry points for a fresh machine (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench evaluate clean

$(BIN)/sitrep: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	# compile the offline gazetteer once now, not inside the first analysis
	$(BIN)/sitrep gazetteer build
	touch $@

## Ingest the bundled samples into the default store and print what was found.
demo: $(BIN)/sitrep
	$(BIN)/sitrep ingest samples/
	$(BIN)/sitrep summary

## The whole test suite (PostgreSQL tests skip when no server is reachable, except under CI=true).
test: $(BIN)/sitrep
	$(BIN)/python -m pytest

lint: $(BIN)/sitrep
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

evaluate: $(BIN)/sitrep
	$(BIN)/sitrep evaluate all

bench: $(BIN)/sitrep
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
