#!/usr/bin/env bash
# Install test (`make install-test`, run by .ci/run): `make install` into a temporary
# DESTDIR, then only what it installed is used:
#  - the shared library's exported symbols are exactly the header's LC_API functions, and its
#    soname is liblifecircle.so.0;
#  - tests/install/use_api.c builds from the installed header and lifecircle.pc (pkg-config),
#    linked to the shared library and to the static archive, and runs the sample through the
#    public API;
#  - the installed CLI prints --version and runs `demo` from the installed sample (no --data);
#  - the installed message catalogue speaks Chinese with LANG=zh_CN.UTF-8;
#  - the man page renders without a groff warning (groff -ww, man --warnings);
#  - `make uninstall` leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
work=$(realpath -m "$BUILD/install-test")
rm -rf "$work"
mkdir -p "$work"
dest=$work/root
prefix=/usr/local
say() { echo "install-test: $*"; }
fail() { echo "install-test: FAIL: $*" >&2; exit 1; }

make --no-print-directory install DESTDIR="$dest" PREFIX="$prefix" >"$work/install.log"
lib=$dest$prefix/lib
for f in bin/lifecircle lib/liblifecircle.so lib/liblifecircle.so.0 lib/liblifecircle.a \
         include/lifecircle.h lib/pkgconfig/lifecircle.pc share/man/man1/lifecircle.1 \
         share/lifecircle/data/estates.geojson share/lifecircle/qgis/lifecircle_qgis/metadata.txt \
         share/locale/zh_CN/LC_MESSAGES/lifecircle.mo; do
    [ -e "$dest$prefix/$f" ] || fail "$prefix/$f not installed"
done
say "installed $(find "$dest" -type f | wc -l) files under $prefix"

# exported symbols = LC_API declarations
so=$(readlink -f "$lib/liblifecircle.so")
soname=$(objdump -p "$so" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = liblifecircle.so.0 ] || fail "soname '$soname', expected liblifecircle.so.0"
# (the linker's own __bss_start, _edata, _end aside)
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ && $3 !~ /^(__bss_start|_edata|_end)$/ { print $3 }' \
    | sort >"$work/exported"
grep -v '^#' include/lifecircle.h | tr '\n' ' ' | grep -oE 'LC_API[^;{(]*\(' \
    | grep -oE '[A-Za-z_][A-Za-z_0-9]*[[:space:]]*\($' | tr -d ' (' | sort >"$work/declared"
if ! diff -u "$work/declared" "$work/exported" >"$work/symbols.diff"; then
    cat "$work/symbols.diff" >&2
    fail "exported symbols differ from the LC_API declarations (- declared only, + exported only)"
fi
say "$(wc -l <"$work/declared") exported symbols, all LC_API; soname $soname"
# no public struct has more than 25 members (the header's design rules: a view that would grow
# past that gets a new one); "size_t a, b;" counts two
big=$(python3 - include/lifecircle.h <<'EOF'
import re, sys
text = re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S)
for m in re.finditer(r"typedef struct (\w+) \{(.*?)\}", text, flags=re.S):
    n = sum(d.count(",") + 1 for d in m.group(2).split(";") if d.strip())
    if n > 25:
        print("%s (%d members)" % (m.group(1), n))
EOF
)
[ -z "$big" ] || fail "public structs of more than 25 members: $big"

# a user's program from the installed header and .pc
pc() { PKG_CONFIG_PATH="$lib/pkgconfig" pkg-config --define-variable=prefix="$dest$prefix" "$@"; }
[ "$(pc --modversion lifecircle)" = "$(sed -n 's/^#define LC_VERSION_STRING "\(.*\)"/\1/p' include/lifecircle.h)" ] \
    || fail "pkg-config --modversion lifecircle disagrees with the header"
cc -std=c11 -Wall -Wextra -Werror tests/install/use_api.c $(pc --cflags --libs lifecircle) \
    -o "$work/use_api"
LD_LIBRARY_PATH="$lib" "$work/use_api" "$dest$prefix/share/lifecircle/data" "$work/api-out" \
    || fail "use_api (shared) failed"
LD_LIBRARY_PATH="$lib" ldd "$work/use_api" | grep -E "liblifecircle.so.0 => $lib//?liblifecircle" >/dev/null \
    || fail "use_api is not linked to the installed shared library"
# static: the archive with the libraries Requires.private names (their shared forms: GDAL's
# own static closure, curl and all, is not installed) and Libs.private; a missing entry is an
# undefined reference here
requires=$(pc --print-requires-private lifecircle | awk '{ print $1 }' | tr '\n' ' ')
private=$(pc --static --libs lifecircle | grep -oE '(-lm|-pthread)( |$)' | tr '\n' ' ')
[ -n "$requires" ] && [ -n "$private" ] || fail "lifecircle.pc has no Requires.private or Libs.private"
cc -std=c11 -Wall -Wextra -Werror tests/install/use_api.c $(pc --cflags lifecircle) \
    "$lib/liblifecircle.a" $(pkg-config --libs $requires) $private -o "$work/use_api_static"
ldd "$work/use_api_static" | grep liblifecircle >/dev/null && fail "use_api_static links the shared library"
"$work/use_api_static" "$dest$prefix/share/lifecircle/data" "$work/api-out-static" \
    || fail "use_api (static) failed"

# the installed CLI, with its installed sample
"$dest$prefix/bin/lifecircle" --version | grep '^lifecircle ' >/dev/null || fail "lifecircle --version"
(cd "$work" && env -u LC_DATA "$dest$prefix/bin/lifecircle" demo -o "$work/demo" --quiet) \
    || fail "the installed lifecircle demo failed"
[ -s "$work/demo/lifecircle.gpkg" ] && [ -s "$work/demo/report.html" ] \
    || fail "the installed demo wrote no GeoPackage or report"
say "installed CLI: $("$dest$prefix/bin/lifecircle" --version); demo wrote $(ls "$work/demo" | wc -l) files"
# the installed catalogue: an error in Chinese with LANG=zh_CN.UTF-8, in English with LANG=C
[ -s "$dest$prefix/share/locale/zh_CN/LC_MESSAGES/lifecircle.mo" ] || fail "no zh_CN catalogue installed"
err() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG="$1" "$dest$prefix/bin/lifecircle" coverage \
          --estates /nonexistent/e.gpkg --facilities /nonexistent/f.gpkg -o "$work/x" 2>&1 || true; }
en=$(err C.UTF-8) zh=$(err zh_CN.UTF-8)
echo "$en" | grep "cannot open as a vector source" >/dev/null || fail "the English message: $en"
[ "$zh" != "$en" ] && ! echo "$zh" | grep "cannot open" >/dev/null || fail "no Chinese message: $zh"
say "messages: $zh"

# the man page
man1=$dest$prefix/share/man/man1/lifecircle.1
groff -ww -man -Tutf8 "$man1" >/dev/null 2>"$work/groff.log"
[ ! -s "$work/groff.log" ] || { cat "$work/groff.log" >&2; fail "groff warns on the man page"; }
# at 80 columns and at lintian's 120
MANWIDTH=120 man --warnings -E UTF-8 -l -Tutf8 -Z "$man1" >/dev/null 2>"$work/man.log"
MANWIDTH=80 man --warnings -l "$man1" >"$work/man.txt" 2>>"$work/man.log"
[ ! -s "$work/man.log" ] || { cat "$work/man.log" >&2; fail "man warns on the man page"; }
for s in SYNOPSIS "EXIT STATUS" FILES EXAMPLES "BAD INPUT" --walk_highways --r5; do
    grep -q -- "$s" "$work/man.txt" || fail "the man page has no '$s'"
done
say "man page: $(wc -l <"$work/man.txt") lines, no groff warning"

make --no-print-directory uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] || { find "$dest" -type f >&2; fail "uninstall left $left files"; }
say "uninstall removed everything; all install checks passed"
