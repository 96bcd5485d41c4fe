#!/usr/bin/env python3
"""The report printed to PDF (by headless Chromium, tests/qgis/run.sh) is clean paper.

usage: check_pdf.py REPORT.pdf PNGDIR MIN_PAGES MAX_PAGES [--lang zh|en]

- pdfinfo: the page count lies in [MIN_PAGES, MAX_PAGES] and pages are A4 landscape;
- pdftoppm: every page rendered into PNGDIR (kept as artefacts to look at) has ink on it:
  at least 1.5 % of its pixels not white. A page with a lone title or a couple of notes (a
  print-CSS bug: a break in the wrong place) has under 0.7 %; the sample's sparsest real page,
  the key figures, 2.4 %;
- pdftotext: the report's sections are there in the language asked for, and no raw gap
  code (elder5:1/1, kgdn10:3/5) appears anywhere.
"""
import glob
import os
import re
import subprocess
import sys

from qgis.PyQt.QtGui import QImage

SECTIONS = {
    "zh": ["要点", "总览图", "生活圈覆盖", "优先改造小区", "输入与参数"],
    "en": ["Key figures", "Overview", "Estates to renovate first"],
}


def fail(msg):
    print(f"check_pdf: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def pdfinfo(pdf):
    out = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M).groups())
    return pages, w, h


def ink(path):
    """Share of the page's pixels that are not (near) white."""
    img = QImage(path)
    if img.isNull():
        fail(f"{path}: not an image")
    n = dark = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = img.pixel(x, y)
            n += 1
            if (c >> 16 & 255) < 235 or (c >> 8 & 255) < 235 or (c & 255) < 235:
                dark += 1
    return dark / max(n, 1)


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    pdf, pngdir, lo, hi = argv[1], argv[2], int(argv[3]), int(argv[4])
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "zh"
    pages, w, h = pdfinfo(pdf)
    if not lo <= pages <= hi:
        fail(f"{pdf}: {pages} pages, expected {lo} to {hi}")
    # A4 landscape: 842 x 595 pt
    if abs(w - 842) > 3 or abs(h - 595) > 3:
        fail(f"{pdf}: page size {w} x {h} pt, not A4 landscape")
    os.makedirs(pngdir, exist_ok=True)
    for old in glob.glob(os.path.join(pngdir, "page-*.png")):
        os.remove(old)
    subprocess.run(["pdftoppm", "-r", "40", "-png", pdf, os.path.join(pngdir, "page")], check=True)
    pngs = sorted(glob.glob(os.path.join(pngdir, "page-*.png")))
    if len(pngs) != pages:
        fail(f"{pdf}: {len(pngs)} pages rendered of {pages}")
    for p in pngs:
        share = ink(p)
        if share < 0.015:
            fail(f"{p}: a blank page ({100 * share:.2f} % ink)")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    for s in SECTIONS[lang]:
        if s not in text:
            fail(f"{pdf}: no section '{s}' in the printed text")
    code = re.search(r"\b(elder|child|kgdn|clinic|hosp|comm)(5|10|15):\d+/\d+", text)
    if code:
        fail(f"{pdf}: a raw gap code '{code.group(0)}' is printed")
    print(f"check_pdf: {pdf}: {pages} A4 landscape pages, none blank, no raw gap code; "
          f"pages in {pngdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
