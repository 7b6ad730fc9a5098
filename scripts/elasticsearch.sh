#!/usr/bin/env bash
# A private, throwaway single-node Elasticsearch for tests and development.
# Never use it for real data: security is switched off, so anyone on this
# machine may read and write it.
#
#   scripts/elasticsearch.sh start|stop|status|url|destroy
#
# The node is Elasticsearch's "integ-test-zip" distribution from Maven Central
# (server and x-pack security only: no analysis-common, so no cjk analyzer, no
# _reindex, no painless). It is downloaded once, checked against its SHA-512,
# and kept under $EARCHIVE_ES_CACHE (/var/cache/earchive as root, else
# ~/.cache/earchive). It has no bundled JDK: Elasticsearch 8 runs on Debian's
# OpenJDK 17 (scripts/setup.sh installs it).
#
# It listens on 127.0.0.1:$EARCHIVE_ES_PORT (29200) only, with a small heap
# ($EARCHIVE_ES_HEAP, 512m) and single-node discovery. Its config, data and logs
# live in $EARCHIVE_ES_DIR, or else in a fresh directory under /var/tmp whose path
# is recorded in var/es-dir: Elasticsearch refuses to run as root, so as root it
# runs as the system user `earchive`, which cannot enter /root.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ES_VERSION=${EARCHIVE_ES_VERSION:-8.19.21}
# SHA-512 of the default version's zip, as published beside it on Maven Central.
PINNED_SHA512=cf6b0a93860d329937ae7f913ec5073b0c726c77639764b93fc83a304aa1dd9d4defcfa2849948eea3b0b47c2065f994908603939fc2a4774c9c4d868c5ec1dd
# Below Linux's ephemeral range (32768-60999): an outgoing connection that happened to
# get one of these as its local port would otherwise make the node fail to bind.
ES_PORT=${EARCHIVE_ES_PORT:-29200}
ES_TRANSPORT_PORT=${EARCHIVE_ES_TRANSPORT_PORT:-29300}
# 512 MB is plenty for test indices and leaves memory for OCR on a 2-core, 24 GB machine.
ES_HEAP=${EARCHIVE_ES_HEAP:-512m}
JAVA_HOME_17=${EARCHIVE_ES_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
POINTER=$REPO/var/es-dir
ARTIFACT_PATH=org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip

if [ "$(id -u)" -eq 0 ]; then
  CACHE=${EARCHIVE_ES_CACHE:-/var/cache/earchive}
else
  CACHE=${EARCHIVE_ES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/earchive}
fi
ES_HOME=$CACHE/elasticsearch-$ES_VERSION

# The Maven repository: $EARCHIVE_MAVEN_REPO, else the first mirror in
# ~/.m2/settings.xml, else Maven Central.
maven_repo() {
  if [ -n "${EARCHIVE_MAVEN_REPO:-}" ]; then
    echo "${EARCHIVE_MAVEN_REPO%/}"
    return
  fi
  local mirror=
  if [ -r "$HOME/.m2/settings.xml" ]; then
    mirror=$(python3 - "$HOME/.m2/settings.xml" <<'PY' || true
import sys, xml.etree.ElementTree as ET
for el in ET.parse(sys.argv[1]).iter():
    if el.tag.endswith("}mirror") or el.tag == "mirror":
        for child in el:
            if child.tag.endswith("url") and (child.text or "").strip():
                print(child.text.strip()); sys.exit()
PY
)
  fi
  echo "${mirror:-https://repo.maven.apache.org/maven2}" | sed 's#/$##'
}

fetch_distribution() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return
  command -v curl >/dev/null && command -v unzip >/dev/null || die "curl and unzip are needed; run scripts/setup.sh"
  local repo zip expected
  repo=$(maven_repo)
  zip=$CACHE/elasticsearch-$ES_VERSION.zip
  mkdir -p "$CACHE"
  if [ ! -f "$zip" ]; then
    log "Elasticsearch: downloading $ES_VERSION (about 100 MB, once) from $repo"
    curl -fsSL --retry 3 -o "$zip.part" "$repo/$ARTIFACT_PATH" \
      || die "could not download $repo/$ARTIFACT_PATH; set EARCHIVE_MAVEN_REPO to a reachable Maven repository"
    if [ "$ES_VERSION" = 8.19.21 ]; then
      expected=$PINNED_SHA512
    else
      expected=$(curl -fsSL "$repo/$ARTIFACT_PATH.sha512" | cut -d' ' -f1) || die "no checksum for $ES_VERSION"
    fi
    echo "$expected  $zip.part" | sha512sum -c --quiet - || { rm -f "$zip.part"; die "checksum mismatch for $zip"; }
    mv "$zip.part" "$zip"
  fi
  local tmp
  tmp=$(mktemp -d "$CACHE/unpack.XXXXXX")
  unzip -q "$zip" -d "$tmp"
  chmod -R a+rX "$tmp"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"   # whole or not at all
  rmdir "$tmp"
}

node_dir() { service_dir "${EARCHIVE_ES_DIR:-}" "$POINTER" earchive-es "${1:-}"; }

init_node() {
  local dir=$1
  log "Elasticsearch: new node in $dir"
  mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
  cp -r "$ES_HOME/config" "$dir/config"
  echo "$ES_VERSION" > "$dir/version"
  cat > "$dir/config/elasticsearch.yml" <<YML
# scripts/elasticsearch.sh: a disposable local test node.
cluster.name: earchive-test
node.name: earchive-test
path.data: $dir/data
path.logs: $dir/logs
# Loopback only; with single-node discovery this also skips the production bootstrap checks.
# Ports come from the command line (scripts/elasticsearch.sh start), so EARCHIVE_ES_PORT may change.
network.host: 127.0.0.1
discovery.type: single-node
# No TLS, users or API keys: acceptable only because the node is bound to loopback,
# holds test data and is thrown away. Production turns security on (README.md).
xpack.security.enabled: false
# A full disk on a shared developer machine must not turn test indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
YML
  [ -z "$RUN_AS" ] || chown -R "$RUN_AS:" "$dir"
  chmod 700 "$dir"
}

pid_of_node() {
  local dir pid
  dir=$(node_dir)
  [ -n "$dir" ] && [ -f "$dir/es.pid" ] || return 1
  pid=$(cat "$dir/es.pid")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q org.elasticsearch "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

is_running() { pid_of_node >/dev/null; }

health() { curl -fsS -m 5 "$(url)/_cluster/health?wait_for_status=yellow&timeout=${1:-1s}" 2>/dev/null; }

start() {
  local dir
  if is_running; then
    log "Elasticsearch: already running on 127.0.0.1:$ES_PORT"
  else
    ! curl -s -m 2 -o /dev/null "http://127.0.0.1:$ES_PORT/" \
      || die "port $ES_PORT is taken by another server; set EARCHIVE_ES_PORT to a free port"
    [ -x "$JAVA_HOME_17/bin/java" ] || die "no JDK 17 in $JAVA_HOME_17; run scripts/setup.sh (or set EARCHIVE_ES_JAVA_HOME)"
    fetch_distribution
    ensure_run_user
    dir=$(node_dir create)
    [ -d "$dir/config" ] || init_node "$dir"
    [ "$(cat "$dir/version")" = "$ES_VERSION" ] \
      || die "$dir holds a node of Elasticsearch $(cat "$dir/version"), not $ES_VERSION; run '$0 destroy' first"
    log "Elasticsearch $ES_VERSION: starting on 127.0.0.1:$ES_PORT, heap $ES_HEAP (log: $dir/logs/earchive-test.log)"
    # -d: the launcher returns once the node has started (or failed to).
    as_owner env ES_JAVA_HOME="$JAVA_HOME_17" ES_PATH_CONF="$dir/config" ES_TMPDIR="$dir/tmp" \
      ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid" \
      -E "http.port=$ES_PORT" -E "transport.port=$ES_TRANSPORT_PORT" \
      >"$dir/startup.log" 2>&1 \
      || { tail -n 30 "$dir/startup.log" "$dir/logs/earchive-test.log" >&2 2>/dev/null; die "Elasticsearch did not start"; }
  fi
  local i
  for i in $(seq 1 60); do
    health 2s >/dev/null && break
    [ "$i" -lt 60 ] || die "Elasticsearch on 127.0.0.1:$ES_PORT is not yellow or green after 2 minutes"
    sleep 1
  done
  log "Elasticsearch: ready at $(url)"
}

stop() {
  local pid i
  if pid=$(pid_of_node); then
    kill -TERM "$pid"
    for i in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "Elasticsearch: still running after 60 s, killing it"
      kill -KILL "$pid"
    fi
    log "Elasticsearch: stopped"
  else
    log "Elasticsearch: not running"
  fi
}

status() {
  if is_running; then
    echo "running: $(url) (pid $(pid_of_node), data: $(node_dir)/data)"
  else
    echo "not running"
    return 3
  fi
}

destroy() {
  local dir
  stop
  dir=$(node_dir)
  if [ -n "$dir" ]; then
    rm -rf "$dir"
    log "Elasticsearch: removed $dir"
  fi
  rm -f "$POINTER"
}

url() { echo "http://127.0.0.1:$ES_PORT"; }

case "${1:-}" in
  start|stop|status|url|destroy) "$1" ;;
  *) echo "usage: $0 start|stop|status|url|destroy" >&2; exit 2 ;;
esac
