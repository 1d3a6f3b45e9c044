#!/usr/bin/env bash
# Packages KubeCanvas with jpackage: an app image (default) or a native installer.
#   installers/package.sh [app-image|deb|rpm|dmg|msi]   -> installers/target/
# JavaFX stays on the class path (no module-info), so the runtime image is the full JDK's java.desktop set.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TYPE="${1:-app-image}"
OUT="$ROOT/installers/target"
cd "$ROOT"
mvn -q -B -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib -pl app -am
rm -rf "$OUT" && mkdir -p "$OUT/input"
cp app/target/lib/*.jar "$OUT/input/"
cp app/target/kubecanvas-app-*.jar "$OUT/input/kubecanvas-app.jar"
jpackage --type "$TYPE" --dest "$OUT" --input "$OUT/input" --name KubeCanvas \
  --main-jar kubecanvas-app.jar --main-class io.kubecanvas.app.Main \
  --app-version "0.1.0" --vendor "KubeCanvas" \
  --description "Design, validate, export and emulate Kubernetes networking" \
  --java-options "-Xmx1g"
echo "installers: wrote $(ls "$OUT" | grep -v input)"
