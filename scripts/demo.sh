#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs `earchive demo`: sample data under ./var,
# a first admin account, and the web app on http://127.0.0.1:8000, served by gunicorn
# as `earchive serve` serves it (README "Serving"), with an `earchive worker` beside it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

bash scripts/setup.sh
log "starting earchive demo"
exec "$REPO/.venv/bin/earchive" demo "$@"
