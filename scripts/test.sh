#!/usr/bin/env bash
# Runs the whole test suite: sets up (scripts/setup.sh), starts a throwaway
# PostgreSQL (scripts/postgres.sh) and Elasticsearch (scripts/elasticsearch.sh),
# fetches the veraPDF validator (scripts/verapdf.sh),
# runs pytest on tests/, then stops both (an Elasticsearch node that was already
# running before is left running: it takes half a minute to start).
# Exits with pytest's status; "no tests collected" counts as a failure.
# Extra arguments go to pytest, e.g. `scripts/test.sh tests/test_database.py -x`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

bash scripts/setup.sh

es_was_running=false
if bash scripts/elasticsearch.sh status >/dev/null 2>&1; then es_was_running=true; fi

cleanup() {
  log "stopping PostgreSQL"
  bash scripts/postgres.sh stop || true
  if [ "$es_was_running" = false ]; then
    log "stopping Elasticsearch"
    bash scripts/elasticsearch.sh stop || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bash scripts/postgres.sh start
EARCHIVE_TEST_PG_URL=$(bash scripts/postgres.sh url)
export EARCHIVE_TEST_PG_URL
bash scripts/elasticsearch.sh start
EARCHIVE_TEST_ES_URL=$(bash scripts/elasticsearch.sh url)
export EARCHIVE_TEST_ES_URL
EARCHIVE_TEST_VERAPDF_CP=$(bash scripts/verapdf.sh classpath)
export EARCHIVE_TEST_VERAPDF_CP

log "running pytest (PostgreSQL at $EARCHIVE_TEST_PG_URL, Elasticsearch at $EARCHIVE_TEST_ES_URL)"
status=0
"$REPO/.venv/bin/python" -m pytest -ra "$@" || status=$?
if [ "$status" -eq 5 ]; then
  log "pytest collected no tests: that is a failure"
  exit 5
fi
log "pytest finished with status $status"
exit "$status"
