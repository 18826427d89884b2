# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ARCHIVE ?= demo-archive
# The browser tests drive Debian's Chromium (never a browser Playwright downloads) and inject axe-core from npm.
RECTO_CHROMIUM ?= /usr/bin/chromium
export RECTO_CHROMIUM
AXE := tests/browser/node_modules/axe-core/axe.min.js
PORT ?= 8000

.PHONY: demo test install bench-ingest bench-search bench-web bench-align clean

# The virtual environment, with Recto installed in it (editable) and what the tests need.
$(BIN)/.installed: pyproject.toml setup.py src/recto/search/ftsrank.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(RANKING_NOTE)
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

$(AXE): tests/browser/package.json
	@if command -v npm >/dev/null; then \
		cd tests/browser && npm install --no-audit --no-fund --no-package-lock --loglevel=error && touch node_modules/axe-core/axe.min.js; \
	else echo "*** npm not found: the accessibility tests need axe-core from npm (apt-get install npm)."; fi

# Without Chromium the browser tests fail under CI (CI=true) and are skipped, loudly, elsewhere.
CHROMIUM_NOTE = if [ ! -x "$(RECTO_CHROMIUM)" ]; then \
	echo "*** No Chromium at $(RECTO_CHROMIUM): the browser tests (tests/browser/) cannot run."; \
	echo "*** Install Debian's Chromium and CJK fonts: sudo apt-get install chromium fonts-noto-cjk"; \
	echo "*** (or set RECTO_CHROMIUM to a Chromium binary; Playwright's own browser downloads are not used)."; fi

# Without FreeDict's German-French dictionary the tests that read it fail under CI and are skipped elsewhere.
DICTIONARY_NOTE = if [ ! -f /usr/share/dictd/freedict-deu-fra.index ]; then \
	echo "*** No FreeDict German-French dictionary: its alignment tests cannot run, and bench/align.py"; \
	echo "*** aligns German-French by cognates alone. Install: sudo apt-get install dict-freedict-deu-fra dict-freedict-fra-deu"; fi

# recto_bm25 is optional: without it search ranks with FTS5's bm25(), to the same scores, slower.
RANKING_NOTE = if ! ls src/recto/search/_ftsrank*.so >/dev/null 2>&1; then \
	echo "*** recto_bm25 was not built (no C compiler or no SQLite headers): search ranks with bm25(), slower,"; \
	echo "*** and its tests fail under CI. Install: sudo apt-get install gcc libsqlite3-dev, then make install"; fi

test: install $(AXE)
	@$(CHROMIUM_NOTE)
	@$(DICTIONARY_NOTE)
	@$(RANKING_NOTE)
	$(BIN)/python -m pytest
	@$(CHROMIUM_NOTE)
	@$(DICTIONARY_NOTE)
	@$(RANKING_NOTE)

bench-ingest: install
	$(BIN)/python bench/ingest.py --sizes 1000,10000,100000

bench-search: install
	$(BIN)/python bench/search.py --records 100000 --workdir bench/out --keep

bench-web: install
	$(BIN)/python bench/web.py --archive bench/out/archive-100000

bench-align: install
	@$(DICTIONARY_NOTE)
	$(BIN)/python bench/align.py --check-scorer

clean:
	rm -rf $(VENV) $(DEMO_ARCHIVE) .pytest_cache .hypothesis tests/browser/node_modules test-artifacts build src/recto/search/_ftsrank*.so
