#!/usr/bin/env bash
# CI: builds the .deb, installs it with dpkg, runs `kubecanvas validate` and the app (under Xvfb) from the
# installed files, then removes the package and checks that nothing of it is left. Run as root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
installers/package.sh deb
deb="$(ls installers/target/kubecanvas_*.deb)"
work="$(mktemp -d)"
app=""; xvfb=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  dpkg --purge kubecanvas >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-deb: $*" >&2; exit 1; }

dpkg -i "$deb" >/dev/null
[ "$(readlink -f /usr/bin/kubecanvas)" = /opt/kubecanvas/bin/kubecanvas ] || fail "kubecanvas is not on the PATH"
[ -f /usr/share/applications/kubecanvas.desktop ] || fail "no desktop entry in /usr/share/applications"
grep -q "^Icon=/opt/kubecanvas/lib/kubecanvas.png" /usr/share/applications/kubecanvas.desktop || fail "the desktop entry has no icon"

out="$(cd "$work" && kubecanvas validate "$ROOT/app/src/main/resources/io/kubecanvas/app/ui/samples/complete.yaml")" \
  || fail "kubecanvas validate failed: $out"
echo "$out" | tail -1 | grep -q '^0 errors, ' || fail "unexpected validate output: $out"

# The app from the installed files, in a fresh home (no autosave to recover), on a display Xvfb picks.
exec 3> "$work/display"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 1 20); do [ -s "$work/display" ] && break; sleep 0.5; done
display=":$(head -1 "$work/display")"
DISPLAY="$display" JAVA_TOOL_OPTIONS="-Dkubecanvas.home=$work/home" /opt/kubecanvas/bin/kubecanvas >"$work/app.log" 2>&1 &
app=$!
shown=""
for _ in $(seq 1 180); do
  kill -0 "$app" 2>/dev/null || fail "the app exited: $(cat "$work/app.log")"
  if DISPLAY="$display" xdotool search --name '^KubeCanvas' >/dev/null 2>&1 \
      && DISPLAY="$display" import -window root "$work/shot.png" 2>/dev/null \
      && [ "$(convert "$work/shot.png" -format %k info:)" -gt 500 ]; then
    shown=yes; break
  fi
  sleep 1
done
[ -n "$shown" ] || fail "no window with content within 180 s: $(cat "$work/app.log")"
kill "$app"; wait "$app" 2>/dev/null || true; app=""

dpkg --purge kubecanvas >/dev/null
[ ! -e /usr/bin/kubecanvas ] && [ ! -e /opt/kubecanvas ] || fail "dpkg --purge left files behind"
[ ! -e /usr/share/applications/kubecanvas.desktop ] || fail "dpkg --purge left the desktop entry"
! dpkg -s kubecanvas >/dev/null 2>&1 || fail "dpkg still lists kubecanvas"
echo "check-deb: $(basename "$deb") installs, validates, shows its window under Xvfb and removes cleanly"
