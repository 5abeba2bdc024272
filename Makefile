# The README's two commands: `make run` (main job) and `make test` (the test suite).
# Each sets up .venv on first use (scripts/bootstrap.sh).
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test calibrate bench lint docs clean

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $(STAMP)

run: $(STAMP)  ## the main job: the five models and the three migration paths compared, then calibration
	$(VENV)/bin/healthsim compare scenarios/pct.toml scenarios/pbc.toml scenarios/consortia.toml \
		scenarios/lcp.toml scenarios/fundholding.toml --replicates 10 --out results/models
	$(VENV)/bin/healthsim compare scenarios/big_bang.toml scenarios/slow_burn.toml \
		scenarios/white_paper_2013.toml --replicates 10 --out results/migration
	$(VENV)/bin/healthsim calibrate --out results/calibration.csv
	@echo
	@echo "make run: done. Open first: results/models/comparison.png (the five models side by side),"
	@echo "  results/migration/migration_report.md (big bang, slow burn and the White Paper, with"
	@echo "  P(better) over draws of the uncertain inputs and what would flip each ranking),"
	@echo "  results/calibration.csv (the baseline against England's 2009 figures)."

test: $(STAMP)  ## the whole test suite (slow tests included)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)  ## performance benchmarks (figures in benchmarks/results/)
	$(VENV)/bin/python benchmarks/bench_run.py
	$(VENV)/bin/python benchmarks/bench_reference.py
	$(VENV)/bin/python benchmarks/bench_sweep.py
	$(VENV)/bin/python benchmarks/bench_decide.py
	$(VENV)/bin/python benchmarks/bench_dashboard.py
	$(VENV)/bin/python benchmarks/bench_memory.py
	$(VENV)/bin/python benchmarks/bench_startup.py
	$(VENV)/bin/python benchmarks/bench_main_job.py

lint: $(STAMP)
	$(VENV)/bin/ruff check sim tests benchmarks

# The documentation site (docs/, mkdocs.yml) into site/. Its tables of results are made by
# scripts/docs_tables.py from what `make run` wrote to results/; without those results the
# tables committed in docs/generated/ are kept (the tables read from the code are remade).
docs: $(STAMP)  ## the documentation site: tables from results/ (after make run), then site/
	@if [ -e results/models/comparison.csv ] || [ -e results/migration/comparison.csv ] || \
	    [ -e results/calibration.csv ]; then \
		$(VENV)/bin/python scripts/docs_tables.py; \
	else \
		echo "docs: no results/ from make run: keeping the results tables in docs/generated/"; \
		$(VENV)/bin/python scripts/docs_tables.py --without-results; \
	fi
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

clean:
	rm -rf $(VENV) results/models results/migration results/calibration.csv site
