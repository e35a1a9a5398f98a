# Two commands set everything up on a fresh machine:
#   make demo   — install, then run the main job on the sample corpus: data/notices → exports/ (the graph),
#                 out/analysis/report.html (the report) and out/view.html (the interactive view)
#   make test   — install, then run the whole test suite (what .ci/run calls)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test install system lint bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# System packages the tests need (Java for the HermiT reasoner); installs only what is missing.
system:
	bash scripts/setup-system.sh

demo: install
	$(BIN)/policykg parse data/notices
	$(BIN)/policykg build data/notices -o exports
	$(BIN)/policykg analyze exports -o out/analysis
	$(BIN)/policykg view exports -o out/view.html
	@echo "report: out/analysis/report.html   view: out/view.html   exports: exports/"

test: install system
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check graph_builder tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/parse_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
