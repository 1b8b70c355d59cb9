# jdlens developer commands. Every target bootstraps .venv itself.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint typecheck snippets eval bench fuzz serve clean venv browser screenshots docs advice-example

$(VENV)/.base: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e ".[web]"
	touch $@

$(VENV)/.dev: $(VENV)/.base pyproject.toml
	$(BIN)/python -m pip install -q -e ".[web,spark,dev]"
	touch $@

venv: $(VENV)/.base

demo: $(VENV)/.base
	$(BIN)/jdlens analyze examples/hn_senior_ml_engineer.html
	$(BIN)/jdlens analyze --input data/demo/hn_ml_postings.jsonl --text-column text --title-column title --output demo-out/analyses.jsonl
	$(BIN)/jdlens market ingest data/demo/hn_ml_postings.jsonl --db demo-out/market.duckdb
	$(BIN)/jdlens market report --db demo-out/market.duckdb --out demo-out/report

test: $(VENV)/.dev browser
	$(BIN)/python -m pytest -n 2 --dist loadfile

# Debian's chromium for the headless browser tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; } \
	  || echo "warning: could not install chromium; browser tests will be skipped"

# Every page of the web app at desktop (1366x900) and phone (390x844) widths, as docs/screenshots/*.png.
screenshots: $(VENV)/.dev browser
	JDLENS_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/test_browser_web.py -p no:randomly

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# record the excerpts of permissively licensed corpora that tests read, so they run without ../shared
snippets: $(VENV)/.dev
	rm -f tests/data/snippets.jsonl
	JDLENS_RECORD_SNIPPETS=1 $(BIN)/python -m pytest -q -p no:xdist tests/test_extract_salary.py tests/test_extract_experience.py tests/test_extract_education.py tests/test_extract_location.py tests/test_skills.py tests/test_requirement.py tests/test_text.py

# docs/cli.md and docs/schemas/*.json from the commands themselves (tests/test_cli_contract.py checks both)
docs: $(VENV)/.base
	$(BIN)/python -m jdlens.cli.docgen > docs/cli.md
	$(BIN)/python -m jdlens.cli.docgen --schemas docs/schemas

# docs/advice.md: the worked example (a real posting and resume through jdlens.advise) and the effort table
advice-example: $(VENV)/.dev
	$(BIN)/python -m bench.advice_example

typecheck: $(VENV)/.dev
	$(BIN)/mypy

eval: $(VENV)/.dev
	$(BIN)/python $(SHARED)/eval/score_dev.py
	$(BIN)/python -m bench.eval_sets --shared $(SHARED)
	$(BIN)/python -m bench.eval_match --shared $(SHARED)
	$(BIN)/python $(SHARED)/eval/score_match_dev.py --set dev --per-category
	$(BIN)/python $(SHARED)/eval/score_match_dev.py --set tech --per-category

bench: $(VENV)/.dev
	$(BIN)/python -m bench.size_scaling --shared $(SHARED)
	$(BIN)/python -m bench.analyze_throughput --shared $(SHARED)
	$(BIN)/python -m bench.match_latency --shared $(SHARED)
	$(BIN)/python -m bench.resume_reading --shared $(SHARED)
	$(BIN)/python -m bench.web_load --requests 2000 --concurrency 16 --shared $(SHARED)
	$(BIN)/python -m bench.market_bench --shared $(SHARED)
	$(BIN)/python -m bench.spark_bench --shared $(SHARED)
	$(BIN)/python -m bench.store_writes --shared $(SHARED)

# Mutated real postings, PDFs and DOCX files through every door, each case in a child process.
FUZZ_CASES ?= 10000
FUZZ_JOBS ?= 4
fuzz: $(VENV)/.dev
	nice -n 10 $(BIN)/python -m bench.fuzz --shared $(SHARED) --cases $(FUZZ_CASES) --jobs $(FUZZ_JOBS) --out fuzz-out

serve: $(VENV)/.base
	$(BIN)/jdlens serve --db demo-out/market.duckdb

clean:
	rm -rf demo-out fuzz-out .pytest_cache build *.egg-info src/*.egg-info
