# Two commands on a fresh machine:  `make demo` (brief of the example article) and `make test`.
# Both create or refresh the virtual environment in .venv when pyproject.toml changes.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
EXTRAS := all,ray,test

.PHONY: demo test venv bench clean bytecode

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch is pinned in pyproject (CPU build 2.13.0); an unpinned torch would pull a CUDA build.
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

venv: $(STAMP)

# The package's bytecode, written here because imports may not write it (PYTHONDONTWRITEBYTECODE,
# a read-only checkout; an editable install compiles nothing): without it every zonesum process,
# and each batch's fork server, compiles the package again (0.15 s of each start). Up to date,
# this takes a tenth of a second; where it cannot write, Python compiles in memory as before.
bytecode: $(STAMP)
	-@$(PY) -m compileall -q src > /dev/null

demo: bytecode
	$(VENV)/bin/zonesum run examples/linjiang-zones.txt -o zonesum-out

test: bytecode
	$(VENV)/bin/lint-imports --no-cache  # the layers in pyproject.toml: a wrong import fails here
	$(PY) -m pytest -q

bench: bytecode
	$(VENV)/bin/zonesum bench

clean:
	rm -rf zonesum-out .pytest_cache
