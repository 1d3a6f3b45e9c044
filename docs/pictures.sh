#!/usr/bin/env bash
# Regenerates every picture in docs/ from the app in a real window: for each screen size an Xvfb screen of
# that size, the app on it (`kubecanvas --pictures docs`, which takes that size's pictures, light and dark,
# and exits; the list is DocsPictures.SHOTS). Needs Xvfb, GTK 3 and libXtst (apt-get install xvfb
# libgtk-3-0 libxtst6). PICTURES_DISPLAY=N uses display :N (one at a time), else Xvfb picks a free one.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
xvfb=""
trap '[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT
"$ROOT/kubecanvas" --version >/dev/null 2>&1 || true # builds the app if the sources changed
for size in 1366x768 1920x1080; do
  if [ -n "${PICTURES_DISPLAY:-}" ]; then
    Xvfb ":$PICTURES_DISPLAY" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    display=":$PICTURES_DISPLAY"
    sleep 2
  else
    exec 3> "$work/display"
    Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 1 20); do [ -s "$work/display" ] && break; sleep 0.5; done
    display=":$(head -1 "$work/display")"
  fi
  # A home of its own: no autosave to recover, no recent files touched.
  DISPLAY="$display" KUBECANVAS_JAVA_OPTS="-Dkubecanvas.home=$work/home -Djava.util.prefs.userRoot=$work/prefs" \
    "$ROOT/kubecanvas" --pictures "$ROOT/docs"
  kill "$xvfb"; wait "$xvfb" 2>/dev/null || true; xvfb=""
done
echo "pictures: docs/ regenerated at 1366x768 and 1920x1080, light and dark"
