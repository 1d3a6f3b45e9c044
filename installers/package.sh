#!/usr/bin/env bash
# Packages KubeCanvas with jpackage for the system it runs on (jpackage cannot cross-build, and the JavaFX
# jars Maven picks are those of the building system):
#   installers/package.sh deb         Debian, Ubuntu: /opt/kubecanvas, a menu entry with the icon, /usr/bin/kubecanvas
#   installers/package.sh rpm         Fedora, RHEL (needs rpm-build): the same layout
#   installers/package.sh app-image   a folder that runs in place (any system)
#   installers/package.sh dmg|pkg     macOS (Xcode command line tools): KubeCanvas.app
#   installers/package.sh msi|exe     Windows, from Git Bash (needs the WiX Toolset 3 on PATH): KubeCanvas.exe
#                                     in the Start menu, and kubecanvas.exe for the command line
# The result goes to installers/target/. Needs a JDK 17+ (jpackage) and Maven. See installers/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TYPE="${1:-app-image}"
OUT="$ROOT/installers/target"
cd "$ROOT"
# jpackage wants a plain version number: 0.1.0-SNAPSHOT becomes 0.1.0.
VERSION="$(sed -n 's:.*<version>\([0-9][0-9.]*\).*</version>.*:\1:p' pom.xml | head -1)"
DESCRIPTION="Design, validate, export and emulate Kubernetes networking"

mvn -q -B -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib -pl app -am
rm -rf "$OUT" && mkdir -p "$OUT/input" "$OUT/icon"
cp app/target/lib/*.jar "$OUT/input/"
cp app/target/kubecanvas-app-*.jar "$OUT/input/kubecanvas-app.jar"
java -Djava.awt.headless=true installers/Icon.java "$OUT/icon" >/dev/null

# The Java modules the app and its libraries use (jdeps --print-module-deps over the jars, plus java.desktop
# for JavaFX's Swing bridge and jdk.crypto.ec for TLS): a 50 MB runtime instead of the whole JDK's 135 MB.
MODULES="java.base,java.compiler,java.desktop,java.logging,java.naming,java.prefs,java.security.jgss,java.sql,java.xml"
MODULES="$MODULES,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.unsupported.desktop"
common=(--dest "$OUT" --input "$OUT/input" --main-jar kubecanvas-app.jar --main-class io.kubecanvas.app.Main
  --app-version "$VERSION" --vendor "KubeCanvas" --description "$DESCRIPTION" --java-options "-Xmx1g"
  --add-modules "$MODULES" --jlink-options "--strip-native-commands --strip-debug --no-man-pages --no-header-files --compress=2")
case "$TYPE" in
  deb|rpm)
    deps="libgtk-3-0, libxtst6"
    [ "$TYPE" = rpm ] && deps="gtk3, libXtst"
    jpackage --type "$TYPE" --name kubecanvas "${common[@]}" --icon "$OUT/icon/kubecanvas.png" \
      --resource-dir installers/linux --linux-package-name kubecanvas --linux-shortcut \
      --linux-menu-group "Development;Education;" --linux-app-category devel --linux-package-deps "$deps" \
      --linux-deb-maintainer "kubecanvas@users.noreply.github.com"
    ;;
  dmg|pkg)
    jpackage --type "$TYPE" --name KubeCanvas "${common[@]}" --icon "$OUT/icon/kubecanvas.icns" \
      --mac-package-name KubeCanvas --mac-package-identifier io.kubecanvas.app
    ;;
  msi|exe)
    jpackage --type "$TYPE" --name KubeCanvas "${common[@]}" --icon "$OUT/icon/kubecanvas.ico" \
      --win-menu --win-menu-group KubeCanvas --win-shortcut --win-dir-chooser \
      --add-launcher kubecanvas=installers/windows/kubecanvas-cli.properties
    ;;
  app-image)
    icon="$OUT/icon/kubecanvas.png"
    case "$(uname -s)" in Darwin) icon="$OUT/icon/kubecanvas.icns" ;; MINGW*|MSYS*|CYGWIN*) icon="$OUT/icon/kubecanvas.ico" ;; esac
    jpackage --type app-image --name kubecanvas "${common[@]}" --icon "$icon"
    ;;
  *)
    echo "installers: unknown package type '$TYPE'; use deb, rpm, app-image, dmg, pkg, msi or exe" >&2
    exit 2
    ;;
esac
rm -rf "$OUT/input"
echo "installers: wrote $(cd "$OUT" && ls -d -- * | grep -v '^icon$' | tr '\n' ' ')"
