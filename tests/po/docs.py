#!/usr/bin/env python3
"""The Chinese user guide docs/guide.zh.md is kept in step with the English one, docs/guide.md
(run by tests/po/check.sh): every setting, field, layer and parameter that a table of
docs/guide.md names (the code in a row's first cell) is in docs/guide.zh.md too, and each guide
links to the other at its top (as each front page, README.md and README.zh.md, does)."""
import re
import sys

PAIRS = (("docs/guide.md", "docs/guide.zh.md"), ("README.md", "README.zh.md"))


def main():
    en = open("docs/guide.md", encoding="utf-8").read()
    zh = open("docs/guide.zh.md", encoding="utf-8").read()
    names = set()
    for line in en.splitlines():
        if line.startswith("| `"):
            for code in re.findall(r"`([^`]+)`", line.split("|")[1]):
                names.add(code.split(" ")[0].split("=")[0])
    for a, b in PAIRS:
        for path, other in ((a, b), (b, a)):
            top = open(path, encoding="utf-8").read().split("\n## ")[0]
            if other.split("/")[-1] not in top:
                print(f"docs: {path} does not link {other} at its top", file=sys.stderr)
                return 1
    missing = sorted(n for n in names if n not in zh)
    if missing:
        print("docs: docs/guide.zh.md lacks what docs/guide.md's tables name: " + ", ".join(missing),
              file=sys.stderr)
        return 1
    print(f"docs: docs/guide.zh.md names all {len(names)} settings, fields and parameters of "
          "docs/guide.md's tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
