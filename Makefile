# feedbackcyclus — two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := var/inbox
FIRST := 2026-05
LAST := 2026-10
SEED := 20261

.PHONY: run test lint bench serve clean install portal

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(SAMPLE)/$(LAST)/polis.csv: | $(STAMP)
	$(BIN)/feedbackcyclus generate --scale small --periods 6 --start $(FIRST) --seed $(SEED) --out $(SAMPLE)

run: $(STAMP) $(SAMPLE)/$(LAST)/polis.csv
	$(BIN)/feedbackcyclus backfill --from $(FIRST) --to $(LAST) --cascade

test: $(STAMP)
	bash scripts/install-test-clients.sh
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench.run_bench --scale medium
	$(BIN)/python -m bench.run_bench --scale national
	$(BIN)/python -m bench.run_bench --scale medium --register-format gbav
	$(BIN)/python -m bench.run_bench --scale national --register-format gbav
	$(BIN)/python -m bench.run_bench --cleanup

serve: $(STAMP)
	bash scripts/serve.sh

# The web portal (DESIGN.md §9) on http://127.0.0.1:8600/ until stopped; make accounts first:
#   .venv/bin/feedbackcyclus account add --user NAAM --role analist
portal: $(STAMP)
	$(BIN)/feedbackcyclus portal --host 127.0.0.1 --port 8600

clean:
	rm -rf var .venv
