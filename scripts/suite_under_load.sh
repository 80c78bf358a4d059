#!/usr/bin/env bash
# The whole test suite N times in a row, in a fresh clone, with two busy loops beside it
# (issue 14's acceptance run: CI must neither hang nor flake under load).
#
#   scripts/suite_under_load.sh [N]           # N defaults to 10
#   PYTEST_ARGS="tests/batch -x" scripts/suite_under_load.sh 3   # a part of the suite only
#
# It clones this repository (committed work only) into a temp folder, links ../shared beside
# the clone as CI has it, starts two busy loops, then runs what `make test` runs (lint-imports,
# then pytest) N times, printing each run's wall time and result; logs stay in the temp folder.
# The clone's code is tested with this checkout's virtual environment (PYTHONPATH=src puts the
# clone first); set FRESH_VENV=1 to run `make test` itself, which builds the clone's own .venv
# (needs the package index, and minutes). Exit status: 0 when every run passed.
set -uo pipefail

N=${1:-10}
SRC=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$SRC/.venv}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zonesum-load.XXXXXX")
git clone -q "$SRC" "$WORK/zonesum" || exit 1
if [ -d "$SRC/../shared" ]; then
    ln -s "$(cd "$SRC/../shared" && pwd)" "$WORK/shared"
fi
cd "$WORK/zonesum" || exit 1

busy=()
for _ in 1 2; do
    ( while :; do :; done ) &
    busy+=($!)
done
stop_busy() { for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_busy EXIT

echo "clone: $WORK/zonesum · $(git log --oneline -1) · $N runs · busy loops: ${busy[*]}"
failed=0
for i in $(seq 1 "$N"); do
    log="$WORK/run-$i.log"
    started=$SECONDS
    if [ "${FRESH_VENV:-0}" = 1 ]; then
        make test >"$log" 2>&1
    else
        { PYTHONPATH=src "$VENV/bin/lint-imports" --no-cache \
            && PYTHONPATH=src "$VENV/bin/python" -m pytest -q -p no:cacheprovider ${PYTEST_ARGS:-}; } >"$log" 2>&1
    fi
    status=$?
    seconds=$((SECONDS - started))
    summary=$(grep -E "(passed|failed|error)" "$log" | tail -1)
    [ "$status" -eq 0 ] || failed=$((failed + 1))
    printf 'run %2d: %5d s  exit %d  %s\n' "$i" "$seconds" "$status" "$summary"
done
echo "$((N - failed)) of $N runs passed; logs in $WORK"
[ "$failed" -eq 0 ]
