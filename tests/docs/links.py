#!/usr/bin/env python3
"""Every relative link of the documentation resolves (run by tests/po/check.sh, so by `make test`):
in README.md, README.zh.md and docs/*.md each link or image `[text](target)` that is not a URL
points at a file or folder of the repository, and its `#anchor`, if any, at a heading of that
Markdown file, as GitHub names headings (lower case; punctuation but `-` and `_` dropped; blanks
become `-`; a repeated name gets `-1`, `-2`, ...). Code spans and fenced code are not read."""
import glob
import os
import re
import sys

LINK = re.compile(r"!?\[(?:[^\]`]|`[^`]*`)*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def slug(heading):
    s = re.sub(r"<[^>]+>", "", heading).strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)  # \w: letters of every script, digits, _
    return s.replace(" ", "-")


def prose(text):
    """The text without fenced code blocks and code spans."""
    out, fence = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fence = not fence
            out.append("")
            continue
        out.append("" if fence else re.sub(r"`[^`]*`", "``", line))
    return out


def heading_lines(path):
    """Headings with their code spans (prose() blanks them, the anchor keeps their text)."""
    text = open(path, encoding="utf-8").read()
    lines, fence = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6}\s", line):
            lines.append(line)
    return lines


def anchors_of(path):
    seen, names = {}, set()
    for line in heading_lines(path):
        base = slug(re.sub(r"`([^`]*)`", r"\1", re.sub(r"^#+\s+", "", line).rstrip("# ")))
        n = seen.get(base, 0)
        names.add(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    return names


def main():
    pages = ["README.md", "README.zh.md"] + sorted(glob.glob("docs/*.md"))
    bad, count = [], 0
    for page in pages:
        for no, line in enumerate(prose(open(page, encoding="utf-8").read()), 1):
            for target in LINK.findall(line):
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                    continue
                count += 1
                path, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
                if not os.path.exists(dest):
                    bad.append(f"{page}:{no}: {target}: no file {dest}")
                elif anchor and dest.endswith(".md") and anchor not in anchors_of(dest):
                    bad.append(f"{page}:{no}: {target}: no heading '#{anchor}' in {dest}")
    if bad:
        print("links: " + "\n       ".join(bad), file=sys.stderr)
        return 1
    print(f"links: all {count} relative links of {len(pages)} pages resolve")
    return 0


if __name__ == "__main__":
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    sys.exit(main())
