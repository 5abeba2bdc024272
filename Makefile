# The README's two commands: `make run` (main job) and `make test` (the test suite).
# Each sets up .venv on first use (scripts/bootstrap.sh).
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test calibrate bench lint clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $(STAMP)

run: $(STAMP)  ## the main job: the baseline economy for ten years, then calibration
	$(VENV)/bin/healthsim run scenarios/baseline.toml --out results/baseline
	$(VENV)/bin/healthsim calibrate --out results/calibration.csv

test: $(STAMP)  ## the whole test suite (slow tests included)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)  ## performance benchmarks (figures in benchmarks/results/)
	$(VENV)/bin/python benchmarks/bench_run.py
	$(VENV)/bin/python benchmarks/bench_reference.py

lint: $(STAMP)
	$(VENV)/bin/ruff check sim tests benchmarks

clean:
	rm -rf $(VENV) results/baseline results/calibration.csv
