# Two commands for people: `make run` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench fuzz clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

## make run: open the app on a demo assessment (made fresh in .demo/ if missing)
run: $(STAMP)
	$(BIN)/readiness demo

## make test: lint, type check, import contracts, then every test
test: $(STAMP) lint
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check readiness tests benchmarks fuzz
	$(BIN)/mypy
	$(BIN)/lint-imports

## make bench: speed and memory measures (not part of make test: machines are noisy)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## make fuzz: damaged files of every kind through the real commands (not part of make test:
## 10,000 tries of each kind take a while); FUZZ_ARGS="--tries 500" for a shorter run
fuzz: $(STAMP)
	$(BIN)/python fuzz/run.py $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) .demo build dist .mypy_cache .ruff_cache
