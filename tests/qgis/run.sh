#!/usr/bin/env bash
# QGIS integration test (`make qgis-test`, run by .ci/run): the sample's outputs opened with
# QGIS's Python API headless, report.html rendered by headless Chromium into
# $BUILD/report.png, and the Processing provider (qgis/lifecircle_qgis) run on the sample,
# its dialog grabbed into $BUILD/qgis/processing-dialog.png (both kept as test artefacts).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CLI=${LC_CLI:-$BUILD/lifecircle}
out=$BUILD/qgis/demo
walk=$BUILD/qgis/walk
rm -rf "$BUILD/qgis"
mkdir -p "$BUILD/qgis"
"$CLI" demo -o "$out" --quiet
"$CLI" run --estates data/estates.geojson --facilities data/facilities.geojson \
    --facilities-srs GCJ02 --network data/network.geojson --per-facility \
    --barriers data/barriers.geojson --gap 40 --category kgdn --tier 5 --count 3 \
    -o "$walk" --quiet
chromium=$(command -v chromium || command -v chromium-browser)
# --no-sandbox: CI runs as root; the page needs no network and gets none
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1100,1400 --screenshot="$BUILD/report.png" "file://$PWD/$out/report.html" \
    2>"$BUILD/qgis/chromium.log" || { cat "$BUILD/qgis/chromium.log" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_outputs.py "$out" "$walk" \
    --png "$BUILD/report.png"
make --no-print-directory install-qgis-plugin QGIS_PLUGIN_DIR="$BUILD/qgis/plugins" >/dev/null
LIFECIRCLE_CLI=$(realpath "$CLI") QT_QPA_PLATFORM=offscreen /usr/bin/python3 \
    tests/qgis/test_processing.py "$BUILD/qgis/processing" "$BUILD/qgis/plugins" \
    --dialog-png "$BUILD/qgis/processing-dialog.png"
