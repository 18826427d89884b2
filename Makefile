# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ARCHIVE ?= demo-archive

.PHONY: demo test install bench-ingest clean

# The virtual environment, with Recto installed in it (editable) and what the tests need.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: install
	rm -rf $(DEMO_ARCHIVE)
	$(BIN)/recto --archive $(DEMO_ARCHIVE) init
	$(BIN)/recto --archive $(DEMO_ARCHIVE) ingest src/recto/samples
	@echo
	$(BIN)/recto --archive $(DEMO_ARCHIVE) list
	@echo
	$(BIN)/recto --archive $(DEMO_ARCHIVE) show yita-1962-08-10-soviet-statement

test: install
	$(BIN)/python -m pytest

bench-ingest: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) $(DEMO_ARCHIVE) .pytest_cache .hypothesis
