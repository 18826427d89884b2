# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ARCHIVE ?= demo-archive
PORT ?= 8000

.PHONY: demo test install bench-ingest bench-search bench-web bench-align clean

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
	@echo
	$(BIN)/recto --archive $(DEMO_ARCHIVE) search 领土
	@echo
	$(BIN)/recto --archive $(DEMO_ARCHIVE) serve --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench-ingest: install
	$(BIN)/python bench/ingest.py --sizes 1000,10000,100000

bench-search: install
	$(BIN)/python bench/search.py --records 100000 --workdir bench/out --keep

bench-web: install
	$(BIN)/python bench/web.py --archive bench/out/archive-100000

bench-align: install
	$(BIN)/python bench/align.py --check-scorer

clean:
	rm -rf $(VENV) $(DEMO_ARCHIVE) .pytest_cache .hypothesis
