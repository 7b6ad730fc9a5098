#!/usr/bin/env bash
# veraPDF, the PDF/A validator of the Open Preservation Foundation, for the tests
# that check earchive's PDF/A output against ISO 19005 (not only ocrmypdf's own check).
#
#   scripts/verapdf.sh classpath   # resolves it from Maven Central once (kept in ~/.m2), prints its class path
#
# Run it as `java -cp "$(scripts/verapdf.sh classpath)" org.verapdf.apps.GreenfieldCliWrapper -f 2b FILE.pdf`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

VERSION=${EARCHIVE_VERAPDF_VERSION:-1.28.2}
DIR=$REPO/var/verapdf-$VERSION

classpath() {
  command -v mvn >/dev/null || die "Maven is needed to fetch veraPDF; run scripts/setup.sh"
  if [ ! -s "$DIR/classpath.txt" ]; then
    mkdir -p "$DIR"
    cat > "$DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>earchive.test</groupId><artifactId>verapdf</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.verapdf.apps</groupId><artifactId>greenfield-apps</artifactId><version>$VERSION</version></dependency>
  </dependencies>
</project>
POM
    log "fetching veraPDF $VERSION with Maven (once)" >&2
    mvn -q -B -f "$DIR/pom.xml" dependency:build-classpath -Dmdep.outputFile="$DIR/classpath.txt.part" >&2 \
      || die "could not fetch veraPDF $VERSION from Maven Central"
    mv "$DIR/classpath.txt.part" "$DIR/classpath.txt"
  fi
  cat "$DIR/classpath.txt"
}

case "${1:-}" in
  classpath) classpath ;;
  *) die "usage: scripts/verapdf.sh classpath" ;;
esac
