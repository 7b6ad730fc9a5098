#!/usr/bin/env bash
# Installs what earchive needs on Debian 12: system packages (only those missing)
# and .venv with the project and its test extras. Safe to run again; a second run
# with nothing to do takes a second or two.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

PACKAGES=(
  ca-certificates
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng   # OCR engine and languages
  ghostscript unpaper pngquant qpdf                       # ocrmypdf's helpers (jbig2 is not in Debian)
  poppler-utils                                           # pdftoppm/pdfinfo
  fonts-noto-cjk fonts-wqy-zenhei                         # CJK fonts for rendering and samples
  postgresql                                              # the test server (scripts/postgres.sh)
  openjdk-17-jre-headless curl unzip                      # the test Elasticsearch 8 (scripts/elasticsearch.sh)
  maven                                                   # fetches veraPDF, the PDF/A validator of the tests
  chromium                                                # headless browser for web tests
  redis-server                                            # a shared task broker, for the several-workers test
  ffmpeg xorriso p7zip-full                               # media: ffprobe, disc images in tests, UDF discs (7z)
)
VENV=$REPO/.venv
STAMP=$VENV/.earchive-installed   # hash of what was installed: pyproject.toml and the interpreter

is_py311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

# The interpreter for .venv: python3.11, else python3 if it is 3.11; empty if neither.
find_python() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_py311 "$candidate"; then
      command -v "$candidate"
      return
    fi
  done
}

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "system packages: all present"
    return
  fi
  log "system packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

python_packages() {
  local python
  python=$(find_python)
  # Debian's own python3 is 3.11 on bookworm; it needs python3-venv for `-m venv`.
  if [ -z "$python" ]; then
    echo python3 python3-venv
  elif ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    echo python3-venv
  fi
}

make_venv() {
  if [ -x "$VENV/bin/python" ] && is_py311 "$VENV/bin/python"; then
    return
  fi
  local python
  python=$(find_python)
  [ -n "$python" ] || die "no Python 3.11 found (python3.11 or python3)"
  log "creating .venv with $python ($("$python" --version 2>&1))"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
}

install_project() {
  local want
  want=$( { sha256sum pyproject.toml; "$VENV/bin/python" --version; } | sha256sum | cut -d' ' -f1)
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    log "python packages: up to date (pyproject.toml unchanged)"
    return
  fi
  log "python packages: pip install -e '.[test]' (a few minutes the first time)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  echo "$want" > "$STAMP"
}

[ -r /etc/debian_version ] || die "scripts/setup.sh expects Debian 12; install the packages it lists by hand elsewhere"
# shellcheck disable=SC2207
install_packages "${PACKAGES[@]}" $(python_packages)
make_venv
install_project
log "setup done"
