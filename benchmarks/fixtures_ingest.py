"""Files to add, written at run time (deterministic): a PDF and a saved web page.

Shared by ``python -m benchmarks.ingest`` and the tests that add readings from
Discord. The text is the readings' own sentences, so cutting and citing behave as on
real material; fpdf2 writes the PDF (its core fonts are Latin-1, so typographic
quotes and dashes are written as their plain forms).
"""

from __future__ import annotations

import html
import random

_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def pdf_bytes(paragraphs: list[str], title: str = "A reading", per_page: int = 0) -> bytes:
    """A PDF of ``paragraphs`` (a new page every ``per_page`` paragraphs when set)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.multi_cell(0, 8, _latin1(title))
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for index, paragraph in enumerate(paragraphs):
        if per_page and index and index % per_page == 0:
            pdf.add_page()
        pdf.multi_cell(0, 6, _latin1(paragraph))
        pdf.ln(4)
    return bytes(pdf.output())


def html_bytes(paragraphs: list[str], title: str = "A reading") -> bytes:
    """A saved web page: navigation, the article's paragraphs, a footer of site chrome."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About</a> | <a href="/contact">Contact</a></nav>
<main><article><h1>{html.escape(title)}</h1>
{body}
</article></main>
<footer><p>Share this: Twitter Facebook</p>
<p>Design a site like this with WordPress.com</p></footer>
</body></html>"""
    return page.encode()


def paragraphs_from(sentences: list[str], words: int, seed: int = 14) -> list[str]:
    """Paragraphs of three to five of ``sentences`` (fixed seed) totalling about ``words``."""
    rng = random.Random(seed)
    found: list[str] = []
    total = 0
    while total < words:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 5)))
        found.append(paragraph)
        total += len(paragraph.split())
    return found


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")
