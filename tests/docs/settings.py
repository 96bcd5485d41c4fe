#!/usr/bin/env python3
"""The user guide's settings table agrees with the program's (run by tests/po/check.sh, so by
`make test`): every setting `lifecircle --help` lists (the settings table of src/core/options.c,
the one source of names and defaults) has a row in docs/guide.md's table (2.1 Command line and
settings), and a row's default column names the program's default (a list's items in order).
The guide may say more ("0 (one per core)", "the households role's field"): the program's
default must only occur in it. Run with the CLI as $LC_CLI (default build/lifecircle)."""
import os
import re
import subprocess
import sys

cli = os.environ.get("LC_CLI", os.path.join(os.environ.get("BUILD", "build"), "lifecircle"))
if not os.access(cli, os.X_OK):
    sys.exit(f"settings: no program at {cli} (build it first)")
env = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
helptext = subprocess.run([cli, "--help"], capture_output=True, text=True, env=env,
                          check=True).stdout
program = {}
for line in helptext.splitlines():
    m = re.match(r"  --([a-z0-9_]+)\s+(.*)$", line)
    if not m:
        continue
    key, rest = m.group(1), m.group(2)
    d = re.search(r"\[default: ([^;\]]*)[;\]]", rest)
    program[key] = d.group(1).replace(", ", ",") if d else None
# the common options block lists flags too (--output, --config ...): keep the settings only,
# those after the "Settings" heading
start = helptext.index("Settings (")
program = {k: v for k, v in program.items() if f"  --{k} " in helptext[start:]}

guide = open("docs/guide.md", encoding="utf-8").read()
table = guide[guide.index("### 2.1 Command line and settings"):guide.index("### 2.2 ")]
rows = {}
for line in table.splitlines():
    if not line.startswith("| `"):
        continue
    cells = [c.strip() for c in line.strip("|").split("|")]
    for key in re.findall(r"`([a-z0-9_]+)`", cells[0]):
        rows[key] = cells[1]

bad = []
for key, default in program.items():
    if key not in rows:
        bad.append(f"'{key}' has no row in docs/guide.md's settings table")
    elif default is not None and default not in rows[key].replace("`", "").replace(", ", ","):
        bad.append(f"'{key}': the guide's default '{rows[key]}' does not name the program's "
                   f"'{default}'")
for b in bad:
    print("settings:", b, file=sys.stderr)
if bad:
    sys.exit(f"settings: FAIL: {len(bad)} settings disagree with the guide")
print(f"settings: docs/guide.md's table has all {len(program)} settings of --help, "
      f"with their defaults")
