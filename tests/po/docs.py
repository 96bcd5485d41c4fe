#!/usr/bin/env python3
"""README.zh.md is kept in step with README.md (run by tests/po/check.sh): every setting,
field, layer and parameter that a table of README.md names (the code in a row's first
cell) is in README.zh.md too, and README.md links to it."""
import re
import sys


def main():
    en = open("README.md", encoding="utf-8").read()
    zh = open("README.zh.md", encoding="utf-8").read()
    names = set()
    for line in en.splitlines():
        if line.startswith("| `"):
            for code in re.findall(r"`([^`]+)`", line.split("|")[1]):
                names.add(code.split(" ")[0].split("=")[0])
    missing = sorted(n for n in names if n not in zh)
    if "README.zh.md" not in en.split("\n## ")[0]:
        print("docs: README.md does not link README.zh.md at its top", file=sys.stderr)
        return 1
    if missing:
        print("docs: README.zh.md lacks what README.md's tables name: " + ", ".join(missing),
              file=sys.stderr)
        return 1
    print(f"docs: README.zh.md names all {len(names)} settings, fields and parameters of README.md's tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
