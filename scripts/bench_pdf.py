"""Benchmark reading PDF e-paper pages: PDFium (zonesum's engine) against pdfplumber (pdfminer).

    .venv/bin/python scripts/bench_pdf.py [--repeat 5] [--cli 5] [PAGE.pdf ...]

Pages: the test pages of tests/pdfpages.py, the real page in ../shared/real-epaper/ when it is
there, and any PDFs named. Per page, the median CPU seconds of
  pdfium-raw  PDFium's text page: every character with its loose box and font size (the raw API)
  engine      zonesum.pdf.engine.read_pages: characters, boxes, sizes, fonts, rules, pictures
  pdfplumber  chars after dedupe_chars, lines, rects, images (what the reader used before)
  read_pdf    the whole reader: engine, lines, columns, articles, furniture
then how the two engines agree (characters, boxes, sizes) and what each makes of vertical
writing, rotated text, an overprinted (bold) line and text under a scaling matrix.

Last, what a page costs against a text article in the same run (offline, so that only reading
and the text pipeline count): in process (``run_file``, medians of --repeat) and on the command
line (``zonesum run``, wall time, alternating, medians of --cli).
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the test pages' typesetter
REAL = REPO.parent / "shared" / "real-epaper" / "cnooc-press-2024-10-16-p01.pdf"  # third party: read only
TEXT = REPO / "examples" / "linjiang-zones.txt"


def cpu(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        func()
        times.append(time.process_time() - started)
    return statistics.median(times)


def pdfium_raw(data: bytes) -> int:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(data)
    count = 0
    box = raw.FS_RECTF()
    for page in document:
        text_page = raw.FPDFText_LoadPage(page.raw)
        for i in range(raw.FPDFText_CountChars(text_page)):
            raw.FPDFText_GetUnicode(text_page, i)
            raw.FPDFText_GetLooseCharBox(text_page, i, box)
            raw.FPDFText_GetFontSize(text_page, i)
            count += 1
        raw.FPDFText_ClosePage(text_page)
        page.close()
    document.close()
    ctypes.c_int(count)
    return count


def plumber(data: bytes) -> list:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(p.dedupe_chars().chars, p.lines, p.rects, p.images) for p in pdf.pages]


def agreement(data: bytes) -> str:
    """Characters each engine finds, and how far apart the boxes and sizes of the same glyph are
    (paired by text and position; our engine sets vertical writing apart as whole lines)."""
    from zonesum.pdf.engine import read_pages

    ours = [c for page in read_pages(data) for c in page.chars if c.text.strip()]
    theirs = [c for page in plumber(data) for c in page[0] if c["text"].strip() and c.get("upright", True)]
    at: dict[tuple, list] = {}
    for c in theirs:
        at.setdefault((c["text"], round(c["x0"]), round(c["top"])), []).append(c)
    pairs = []
    for a in ours:
        near = [b for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for b in at.get((a.text, round(a.box.x0) + dx, round(a.box.top) + dy), ())]
        if near:
            pairs.append((a, near[0]))
    dx = max((abs(a.box.x0 - b["x0"]) for a, b in pairs), default=0.0)
    dw = max((abs(a.box.width - (b["x1"] - b["x0"])) for a, b in pairs), default=0.0)
    dy = max((abs(a.box.top - b["top"]) for a, b in pairs), default=0.0)
    ds = max((abs(a.size - b["size"]) for a, b in pairs), default=0.0)
    return (f"{len(ours)} vs {len(theirs)} characters, {len(pairs)} found in both; largest difference: "
            f"x0 {dx:.2f} pt, width {dw:.2f} pt, top {dy:.2f} pt, size {ds:.2f} pt")


def probe(path: Path) -> None:
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from zonesum.pdf.engine import read_pages

    document = pdfium.PdfDocument(str(path))
    page = document[0]  # held while its text page is in use (PDFium would read freed memory)
    text_page = raw.FPDFText_LoadPage(page.raw)
    found = [chr(raw.FPDFText_GetUnicode(text_page, i)) for i in range(raw.FPDFText_CountChars(text_page))
             if not raw.FPDFText_IsGenerated(text_page, i)]
    raw.FPDFText_ClosePage(text_page)
    page.close()
    document.close()
    print(f"  PDFium text page   {''.join(found)!r}")
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        print(f"  pdfplumber         {''.join(c['text'] for c in page.chars)!r} "
              f"({sum(not c['upright'] for c in page.chars)} not upright; "
              f"{len(page.chars) - len(page.dedupe_chars().chars)} dropped by dedupe_chars; sizes "
              f"{sorted({round(c['size'], 1) for c in page.chars})})")
    ours = read_pages(path.read_bytes())[0]
    print(f"  zonesum engine     {''.join(c.text for c in ours.chars)!r}, vertical runs "
          f"{[v[0] for v in ours.vertical]}, sizes {sorted({round(c.size, 1) for c in ours.chars})}")


def run_cost(page: Path, repeat: int, cli: int) -> None:
    from zonesum.backends.factory import get_backends
    from zonesum.config import load_config
    from zonesum.pipeline import run_file

    config = load_config("offline")
    backends = get_backends(config, offline=True)

    def one(path: Path) -> None:
        run_file(path, config, offline=True, backends=backends)

    one(TEXT)
    one(page)
    text_s, page_s = cpu(lambda: one(TEXT), repeat), cpu(lambda: one(page), repeat)
    print(f"in process (run_file, offline, CPU): text article {text_s * 1000:.0f} ms, "
          f"PDF page {page_s * 1000:.0f} ms: the page costs {page_s / text_s:.1f}x the article")
    if cli:
        walls: dict[str, list[float]] = {"text": [], "page": []}
        with tempfile.TemporaryDirectory() as out:
            for _ in range(cli):
                for kind, path in (("text", TEXT), ("page", page)):
                    started = time.perf_counter()
                    subprocess.run([sys.executable, "-c", "from zonesum.cli import main; main()", "run", str(path),
                                    "--offline", "-c", "offline", "-o", out], check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    walls[kind].append(time.perf_counter() - started)
        text_w, page_w = statistics.median(walls["text"]), statistics.median(walls["page"])
        print(f"command line (zonesum run --offline, wall): text article {text_w:.2f} s, PDF page "
              f"{page_w:.2f} s: the page costs {page_w / text_w:.1f}x the article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cli", type=int, default=5, help="command-line runs of each (0: skip)")
    args = parser.parse_args()

    import pdfpages

    from zonesum.pdf.engine import read_pages
    from zonesum.pdf.reader import read_pdf

    work = Path(tempfile.mkdtemp(prefix="zonesum-bench-pdf-"))
    pages = {"two-story (test)": work / "two.pdf", "side-by-side (test)": work / "side.pdf",
             "e-paper (test)": work / "epaper.pdf"}
    pdfpages.render(pdfpages.two_story_page(), pages["two-story (test)"])
    pdfpages.render(pdfpages.side_by_side_page(), pages["side-by-side (test)"])
    pdfpages.epaper_page(pages["e-paper (test)"])
    if REAL.exists():
        pages["cnooc 2024-10-16 p1 (shared)"] = REAL
    pages.update({p.name: p for p in args.pages})

    print(f"{'page':30} {'chars':>6} {'pdfium-raw':>11} {'engine':>8} {'pdfplumber':>11} {'read_pdf':>9}")
    for name, path in pages.items():
        data = path.read_bytes()
        chars = sum(len(p.chars) for p in read_pages(data))
        raw_s = cpu(lambda: pdfium_raw(data), args.repeat)
        engine_s = cpu(lambda: read_pages(data), args.repeat)
        plumber_s = cpu(lambda: plumber(data), max(1, args.repeat // 2))
        reader_s = cpu(lambda: read_pdf(path), args.repeat)
        print(f"{name:30} {chars:6d} {raw_s:10.3f}s {engine_s:7.3f}s {plumber_s:10.3f}s {reader_s:8.3f}s")
    print()
    for name, path in pages.items():
        print(f"{name}: {agreement(path.read_bytes())}")
    print("\nvertical writing, a one-character text object, an overprinted line, rotated text, a scaled line:")
    pdfpages.probe_page(work / "probe.pdf")
    probe(work / "probe.pdf")
    print()
    run_cost(REAL if REAL.exists() else pages["e-paper (test)"], args.repeat, args.cli)


if __name__ == "__main__":
    main()
