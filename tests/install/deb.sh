#!/usr/bin/env bash
# Debian package test (`make deb-test`, run by .ci/run): builds the package (scripts/make-deb:
# dpkg-buildpackage, lintian without error), installs it with apt (its Depends resolved from
# the archive), runs the installed program from PATH as a user would — --version, `demo` from
# the packaged sample, `man` — and removes the package again, leaving the machine as it was.
# Needs root or sudo (apt).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
if dpkg -s lifecircle >/dev/null 2>&1; then
    fail "a lifecircle package is installed already: remove it first (apt-get remove lifecircle)"
fi
deb=$(./scripts/make-deb | tail -n 1)
[ -s "$deb" ] || fail "scripts/make-deb made no package"
dpkg-deb -f "$deb" Depends | grep -q libgdal || fail "Depends has no GDAL (dpkg-shlibdeps?)"
work=$(mktemp -d)
trap '$SUDO apt-get remove -y -qq lifecircle >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$PWD/$deb" >/dev/null
[ "$(command -v lifecircle)" = /usr/bin/lifecircle ] || fail "lifecircle is not on PATH as /usr/bin/lifecircle"
lifecircle --version | grep -q '^lifecircle ' || fail "lifecircle --version"
(cd "$work" && env -u LC_DATA lifecircle demo -o "$work/demo" --quiet) || fail "lifecircle demo"
[ -s "$work/demo/lifecircle.gpkg" ] && [ -s "$work/demo/report.html" ] || fail "demo wrote no outputs"
man -w lifecircle >/dev/null || fail "man lifecircle finds no page"
pkg-config --modversion lifecircle >/dev/null || fail "pkg-config knows no lifecircle"
echo "deb-test: $deb installed; $(lifecircle --version); demo wrote $(ls "$work/demo" | wc -l) files; removed again"
