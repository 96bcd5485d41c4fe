#!/usr/bin/env bash
# The message catalogues (run by `make test`):
#  - po/lifecircle.pot is what xgettext extracts from the sources now (`make pot` refreshes it
#    and merges it into po/*.po);
#  - every catalogue translates every message of it, none fuzzy, and the printf directives of
#    each translation match its original (msgfmt --check, msgcmp);
#  - the glossary holds (tests/po/glossary.py): the report's words and the translations use
#    the terms of po/glossary.tsv;
#  - the Chinese user guide keeps in step with the English one (tests/po/docs.py: docs/guide.zh.md
#    names what docs/guide.md's tables name);
#  - every relative link and #anchor of README*.md and docs/*.md resolves (tests/docs/links.py);
#  - docs/guide.md's settings table has every setting of --help with its default
#    (tests/docs/settings.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
fail() { echo "po-check: FAIL: $*" >&2; exit 1; }
mkdir -p "$BUILD/po"
make --no-print-directory -s pot POT="$BUILD/po/fresh.pot" >/dev/null 2>"$BUILD/po/xgettext.log" \
    || { cat "$BUILD/po/xgettext.log" >&2; fail "xgettext failed"; }
ids() { msgcat --no-wrap --sort-output "$1" | sed -n '/^msgid /,/^msgstr /p' | grep -v '^msgstr'; }
if ! diff <(ids po/lifecircle.pot) <(ids "$BUILD/po/fresh.pot") >"$BUILD/po/pot.diff"; then
    head -n 20 "$BUILD/po/pot.diff" >&2
    fail "po/lifecircle.pot is stale: run 'make pot' and translate what it marks in po/*.po"
fi
for po in po/*.po; do
    stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$stats" >&2; fail "$po: msgfmt --check"; }
    case "$stats" in
        *untranslated*|*fuzzy*) fail "$po: $stats" ;;
    esac
    msgcmp "$po" po/lifecircle.pot 2>"$BUILD/po/msgcmp.log" \
        || { head -n 20 "$BUILD/po/msgcmp.log" >&2; fail "$po: messages of the template missing"; }
    echo "po-check: $po: $stats"
done
python3 tests/po/glossary.py
python3 tests/po/docs.py
python3 tests/docs/links.py
LC_CLI="${LC_CLI:-$BUILD/lifecircle}" python3 tests/docs/settings.py
