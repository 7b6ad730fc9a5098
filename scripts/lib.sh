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
