# Two commands do all set-up on a fresh machine:
#   make demo   creates .venv, installs policykg, ingests examples/, prints who leads what, writes an HTML view
#   make test   installs what the tests need (Python extras, Chromium), runs the whole suite
# make screenshots retakes the README's pictures of the views (docs/*.png) in headless Chromium.
# make test-stress runs the store, CLI and Bolt tests 5 times under CPU load (not part of make test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= out/demo-store
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: demo test test-stress install install-test browser bench clean training-data ner-model

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# The package is installed editable, and pip compiles no bytecode for it; where Python is told
# not to write any (PYTHONDONTWRITEBYTECODE), every run would compile policykg's modules from
# source again (about 0.1 s of a cold start). Compiling is a no-op for modules unchanged since.
install: $(VENV)/.installed
	@$(BIN)/python -m compileall -q kg loaders

install-test: $(VENV)/.installed-test browser
	@$(BIN)/python -m compileall -q kg loaders

# Headless Chromium for the browser tests (Debian package; skipped where apt is not available).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
	      || echo "note: could not install chromium; browser tests will be skipped"; \
	  else echo "note: apt-get not found; install chromium to run the browser tests"; fi; }

demo: install
	rm -rf $(STORE) out/demo.html
	$(BIN)/policykg ingest examples/ --store $(STORE) --backend networkx
	$(BIN)/policykg leads --store $(STORE) --backend networkx
	$(BIN)/policykg view --store $(STORE) --backend networkx -o out/demo.html
	@echo "HTML view written to out/demo.html"

.PHONY: screenshots
# The README's pictures of the views (docs/*.png), in headless Chromium on make demo's store.
screenshots: demo install-test
	$(BIN)/python -m tests.screenshots --store $(STORE) --out docs

test: install-test
	$(BIN)/python -m pytest -q

# The store, CLI and Bolt tests, 5 rounds with a busy loop on every core; every round must pass.
test-stress: install-test
	CI=true $(BIN)/python -m tests.stress --rounds 5

bench: install-test
	$(BIN)/python -m bench --bolt

# The optional statistical NER (not in the default pipeline): its training data compiled from
# the markup in training/*.txt, and the model trained on it (models/ner). Built, never committed.
training-data: training/train.jsonl

training/train.jsonl training/dev.jsonl &: $(wildcard training/*.txt) training/ner.py | $(VENV)/.installed
	$(BIN)/python -m training.ner --compile-only

ner-model: models/ner/config.cfg

models/ner/config.cfg: training/train.jsonl training/dev.jsonl
	$(BIN)/python -m training.ner --no-compile --out models/ner

clean:
	rm -rf $(VENV) out build *.egg-info
