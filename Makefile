# Quick start: `make dataset` builds the release from dataset/raw; `make test` runs the tests.
# Both create .venv and install the locked dependencies first; nothing else is needed but python3.
# ARGS passes options on to the command: `make dataset ARGS="--max-rejected 0.2"` (and the same
# ARGS to `make verify`, which rebuilds with them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
# Two steps of one environment, both at the locked versions: what building and evaluating need (the
# package and its `research` extra), then what the tests add (`test`, and the `bench` and `dask` extras
# whose code they test). `make dataset` installs the first only; `make test` both.
STAMP := $(VENV)/.build-stamp
TEST_STAMP := $(VENV)/.test-stamp
# The package's own metadata names the release (releases.json): a new release reinstalls the package
# alone, not its dependencies.
VERSION_STAMP := $(VENV)/.version-stamp
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1

.PHONY: setup dataset test verify bench lock clean
# The install steps share one environment: `make -j` must not run two pip installs into it at once.
.NOTPARALLEL:

setup: $(TEST_STAMP) $(VERSION_STAMP)

# A dependency the lock misses would be installed unpinned: the check after each step fails on it.
UNLOCKED := $(PIP) freeze --exclude-editable | grep -vxF -f requirements.lock | sed 's/^/not in requirements.lock (make lock): /'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c requirements.lock -e '.[research]'
	$(PIP) check
	$(UNLOCKED) | (! grep .)
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet -c requirements.lock -e '.[research,test,bench,dask]'
	$(PIP) check
	$(UNLOCKED) | (! grep .)
	touch $(TEST_STAMP)

$(VERSION_STAMP): $(STAMP) scripts/newsclusters/releases.json
	$(PIP) install --quiet --no-deps -e .
	touch $(VERSION_STAMP)

dataset: $(VERSION_STAMP)
	$(BIN)/newsclusters build $(ARGS)

test: $(TEST_STAMP) $(VERSION_STAMP)
	$(BIN)/python -m pytest -q

verify: $(VERSION_STAMP)
	$(BIN)/newsclusters verify $(ARGS)

# A throwaway environment, so packages no longer required leave the lock; kept versions stay put.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[research,test,bench,dask]'
	{ echo "# Exact versions for the build and the tests: the Parquet bytes depend on pyarrow's version."; \
	  echo "# Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
