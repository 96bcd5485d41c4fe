#!/usr/bin/env bash
# QGIS integration test (`make qgis-test`, run by .ci/run): the sample's outputs opened with
# QGIS's Python API headless, report.html rendered by headless Chromium into
# $BUILD/report.png and printed to PDF (the sample's in Chinese and English, and a real
# extract's when ../shared/data/real is there: pages in $BUILD/qgis/pdf/*/), and the
# Processing provider (qgis/lifecircle_qgis) run on the sample, its dialog grabbed into
# $BUILD/qgis/processing-dialog.png (all kept as test artefacts).
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
# estates as points (a 小区 list before the boundary survey): the sample's points on surface,
# with the network
points=$BUILD/qgis/points
ogr2ogr -f GeoJSON "$BUILD/qgis/estate-points.geojson" data/estates.geojson -dialect sqlite \
    -sql "SELECT id, name, build_year, households, population, elderly, children, district, \
    ST_PointOnSurface(geometry) AS geometry FROM estates"
"$CLI" run --estates "$BUILD/qgis/estate-points.geojson" --facilities data/facilities.geojson \
    --facilities-srs GCJ02 --network data/network.geojson -o "$points" --quiet
QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_outputs.py "$out" "$walk" \
    --png "$BUILD/report.png" --points "$points"

# The report on paper: printed by Chromium (A4 landscape from the print CSS), pages rendered
# by poppler and checked (tests/qgis/check_pdf.py).
print_pdf() { # print_pdf NAME REPORT.html MIN_PAGES MAX_PAGES LANG
    local dir="$BUILD/qgis/pdf/$1"
    mkdir -p "$dir"
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$dir/report.pdf" "file://$PWD/$2" 2>"$dir/chromium.log" \
        || { cat "$dir/chromium.log" >&2; exit 1; }
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_pdf.py "$dir/report.pdf" "$dir" \
        "$3" "$4" --lang "$5"
}
en=$BUILD/qgis/en
"$CLI" run --estates data/estates.geojson --facilities data/facilities.geojson \
    --facilities-srs GCJ02 --barriers data/barriers.geojson --gap 40 --category kgdn --count 3 \
    --lang en -o "$en" --quiet
# (up to 22 pages: the equity section — its table, the Lorenz panels two to a row, the
# worst-served and gap lists — takes four or five of them)
print_pdf demo "$out/report.html" 6 22 zh
print_pdf walk "$walk/report.html" 6 22 zh
print_pdf en "$en/report.html" 6 22 en
print_pdf points "$points/report.html" 3 22 zh
li=../shared/data/real/osm-liechtenstein/liechtenstein-2021-01.osm.pbf
if [ -s "$li" ]; then
    "$CLI" run --estates "$li" --facilities "$li" --network "$li" -o "$BUILD/qgis/li" --quiet
    print_pdf liechtenstein "$BUILD/qgis/li/report.html" 3 10 zh
else
    echo "qgis-test: $li not found (../shared/data/real/ absent): the real extract's report is not printed"
fi
make --no-print-directory install-qgis-plugin QGIS_PLUGIN_DIR="$BUILD/qgis/plugins" >/dev/null
LIFECIRCLE_CLI=$(realpath "$CLI") QT_QPA_PLATFORM=offscreen /usr/bin/python3 \
    tests/qgis/test_processing.py "$BUILD/qgis/processing" "$BUILD/qgis/plugins" \
    --dialog-png "$BUILD/qgis/processing-dialog.png"
