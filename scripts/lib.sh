# Shared by the scripts in this folder: repository root, progress lines, running as root.
# Source it: it sets REPO, adds sbin to PATH and defines functions; it runs nothing.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# useradd, runuser and friends live in sbin, which a non-login PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

log() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "'$*' needs root; run as root or install sudo"
  fi
}

# Test services refuse to run as root: as root they run as this system user.
if [ "$(id -u)" -eq 0 ]; then RUN_AS=earchive; else RUN_AS=; fi

# Prints a service's working directory: $1 if set, else the one recorded in the pointer file $2;
# with "create" as $4, makes a new /var/tmp/$3.XXXXXX (reachable by RUN_AS, unlike /root) and records it.
service_dir() {
  local override=$1 pointer=$2 prefix=$3 mode=${4:-}
  if [ -n "$override" ]; then
    [ "$mode" != create ] || mkdir -p "$override"
    echo "$override"
  elif [ -f "$pointer" ] && [ -d "$(cat "$pointer")" ]; then
    cat "$pointer"
  elif [ "$mode" = create ]; then
    mkdir -p "$(dirname "$pointer")"
    mktemp -d "/var/tmp/$prefix.XXXXXX" | tee "$pointer"
  fi
}

ensure_run_user() {
  [ -n "$RUN_AS" ] || return 0
  if ! id -u "$RUN_AS" >/dev/null 2>&1; then
    log "creating system user $RUN_AS to run the test services"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_AS"
  fi
}

# Runs a command as the service's owner, from a directory it can enter.
as_owner() {
  if [ -n "$RUN_AS" ]; then
    (cd / && runuser -u "$RUN_AS" -- "$@")
  else
    "$@"
  fi
}
