#!/usr/bin/env python3
"""The glossary (po/glossary.tsv) holds across the outputs (run by tests/po/check.sh):

- the report's and QGIS aliases' words (src/report/i18n.c) for a glossary key are its
  Chinese term (the word table's entry with that key, or the category table's);
- every message of po/zh_CN.po whose English has a glossary term (a regular expression,
  case-insensitive, on word boundaries) has the Chinese term in its translation, unless the
  entry carries a translator comment "glossary: not <key>" saying why the word means something
  else there (e.g. the setting --gap, a distance, is not a service gap).
"""
import re
import sys


def glossary(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        key, en, zh = line.rstrip("\n").split("\t")
        rows.append((key, re.compile(r"\b(" + en + r")\b", re.I), zh))
    return rows


def po_entries(path):
    """(comments, msgid, msgstr) of every translated entry but the header."""
    text = open(path, encoding="utf-8").read()
    out = []
    for block in text.split("\n\n"):
        comments = "\n".join(l for l in block.splitlines() if l.startswith("#"))
        def field(name):
            m = re.search(r"^" + name + r" ((?:\".*\"\n?)+)", block + "\n", re.M)
            if not m:
                return None
            return "".join(re.findall(r"\"(.*)\"", m.group(1)))
        mid, mstr = field("msgid"), field("msgstr")
        if mid:
            out.append((comments, mid, mstr or ""))
    return out


def i18n_words(path):
    """key -> Chinese of src/report/i18n.c's tables ({"key", "zh", "en"})."""
    src = open(path, encoding="utf-8").read()
    return {k: zh for k, zh in re.findall(r'\{"([a-z_0-9]+)", "([^"]*)"', src)}


def main():
    rows = glossary("po/glossary.tsv")
    words = i18n_words("src/report/i18n.c")
    bad = []
    for key, _, zh in rows:
        if key in words and zh not in words[key]:
            bad.append(f"src/report/i18n.c: '{key}' is '{words[key]}', the glossary says '{zh}'")
    n = 0
    for comments, mid, mstr in po_entries("po/zh_CN.po"):
        for key, rx, zh in rows:
            if not rx.search(mid) or zh in mstr:
                continue
            if f"glossary: not {key}" in comments:
                continue
            bad.append(f"po/zh_CN.po: '{mid[:70]}': no '{zh}' for '{key}'")
        n += 1
    for b in bad:
        print("glossary: " + b, file=sys.stderr)
    if bad:
        print(f"glossary: FAIL: {len(bad)} places do not use the glossary's terms", file=sys.stderr)
        return 1
    print(f"glossary: {len(rows)} terms hold in src/report/i18n.c and in {n} translations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
