#!/usr/bin/env bash
# QGIS integration test (`make qgis-test`, run by .ci/run): the sample's outputs opened with
# QGIS's Python API headless, and report.html rendered by headless Chromium into
# build/report.png (kept as the test artefact).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI=${LC_CLI:-build/lifecircle}
out=build/qgis/demo
walk=build/qgis/walk
rm -rf build/qgis
mkdir -p build/qgis
"$CLI" demo -o "$out" --quiet
"$CLI" run --estates data/estates.geojson --facilities data/facilities.geojson \
    --facilities-srs GCJ02 --network data/network.geojson --per-facility \
    --barriers data/barriers.geojson --gap 40 --category kgdn --tier 5 --count 3 \
    -o "$walk" --quiet
chromium=$(command -v chromium || command -v chromium-browser)
# --no-sandbox: CI runs as root; the page needs no network and gets none
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1100,1400 --screenshot=build/report.png "file://$PWD/$out/report.html" \
    2>build/qgis/chromium.log || { cat build/qgis/chromium.log >&2; exit 1; }
QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_outputs.py "$out" "$walk" \
    --png build/report.png
