#!/usr/bin/env bash
# Runs the whole test suite: sets up (scripts/setup.sh), starts a throwaway
# PostgreSQL (scripts/postgres.sh), runs pytest on tests/, stops PostgreSQL.
# Exits with pytest's status; "no tests collected" counts as a failure.
# Extra arguments go to pytest, e.g. `scripts/test.sh tests/test_database.py -x`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

bash scripts/setup.sh

trap 'log "stopping PostgreSQL"; bash scripts/postgres.sh stop' EXIT
trap 'exit 130' INT TERM
bash scripts/postgres.sh start
EARCHIVE_TEST_PG_URL=$(bash scripts/postgres.sh url)
export EARCHIVE_TEST_PG_URL

log "running pytest (PostgreSQL at $EARCHIVE_TEST_PG_URL)"
status=0
"$REPO/.venv/bin/python" -m pytest -ra "$@" || status=$?
if [ "$status" -eq 5 ]; then
  log "pytest collected no tests: that is a failure"
  exit 5
fi
log "pytest finished with status $status"
exit "$status"
