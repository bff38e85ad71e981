"""Adding a reading from a file or pasted text: formats, limits, refusals, the check report."""

from __future__ import annotations

import io

import pytest

from bot.corpus import ingest
from bot.corpus.ingest import check_report, load_reading, load_text, report_text
from bot.errors import BadInput

META = {"id": "class-blog", "title": "The Thaw", "author": "A student", "kind": "class blog"}
PAGE = """The Thaw

Share this:
Khrushchev released many prisoners (Freeze, p. 413). The camps shrank.

Works Cited [edit]
Freeze, Gregory. Russia: A History. Oxford, 2009.
Dobson, Miriam. Khrushchev's Cold Summer. Cornell, 2009.

2 Responses to The Thaw
Sam says:
Great post, I learned a lot about the thaw today.
"""


def test_pasted_text_becomes_cited_passages_with_a_report():
    reading = load_text(PAGE, META)
    assert [p.text for p in reading.passages] == [
        "Khrushchev released many prisoners (Freeze, p. 413). The camps shrank."
    ]
    assert reading.passages[0].id == "class-blog-001"
    assert reading.passages[0].references[0].entry.startswith("Freeze, Gregory.")
    assert len(reading.works_cited) == 2  # one entry per line, not one blob
    report = check_report(reading)
    reasons = {d["line"]: d["reason"] for d in report["dropped"]}
    assert "Share this:" in reasons
    assert reasons["Great post, I learned a lot about the thaw today."] == "reader's comment"
    assert "Left out" in report_text(report)


def test_a_line_kept_back_stays():
    reading = load_text("Peasants had to register with the police in 1932.\n", META)
    assert reading.passages[0].text == "Peasants had to register with the police in 1932."
    page = "Get started\n\nKhrushchev spoke in 1956.\n"
    assert [d.line for d in load_text(page, META).dropped] == ["Get started"]
    kept = load_text(page, {**META, "keep": ["Get started"]})
    assert kept.dropped == []
    assert kept.passages[0].section == "Get started"  # kept back: a heading again


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({**META, "id": "my reading"}, "not a usable reading id"),
        ({k: v for k, v in META.items() if k != "author"}, "needs author"),
        ({**META, "title": "  "}, "needs title"),
    ],
)
def test_bad_metadata_is_refused_clearly(meta, message):
    with pytest.raises(BadInput, match=message):
        load_text(PAGE, meta)


def test_text_with_nothing_but_chrome_is_refused():
    with pytest.raises(BadInput, match="No whole sentence"):
        load_text("Subscribe today\nLog in\n", META)


def test_formats(tmp_path):
    (tmp_path / "a.md").write_text("# The Thaw\n\nKhrushchev spoke *at length* in 1956.\n")
    assert load_reading(tmp_path / "a.md", META).passages[0].text == (
        "Khrushchev spoke at length in 1956."
    )
    html = "<html><body><nav>Home | Log in</nav><article><h1>The Thaw</h1><p>"
    html += "Khrushchev denounced Stalin at the Twentieth Congress in 1956. " * 3
    html += "</p></article></body></html>"
    (tmp_path / "b.html").write_text(html)
    texts = [p.text for p in load_reading(tmp_path / "b.html", META).passages]
    assert texts and all("Log in" not in t for t in texts)
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Khrushchev denounced Stalin in 1956.")
    document.save(tmp_path / "c.docx")
    assert load_reading(tmp_path / "c.docx", META).passages[0].text.startswith("Khrushchev")


def test_a_pdf_is_read(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "blank.pdf").write_bytes(buffer.getvalue())
    with pytest.raises(BadInput, match="no text"):
        load_reading(tmp_path / "blank.pdf", META)  # a scan: pages without text
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(BadInput, match="damaged"):
        load_reading(tmp_path / "broken.pdf", META)


def test_refusals(tmp_path, monkeypatch):
    (tmp_path / "a.exe").write_bytes(b"MZ")
    with pytest.raises(BadInput, match=r"can be \.txt"):
        load_reading(tmp_path / "a.exe", META)
    (tmp_path / "latin.txt").write_bytes("Khrushchev \xe9t\xe9".encode("latin-1"))
    with pytest.raises(BadInput, match="not UTF-8"):
        load_reading(tmp_path / "latin.txt", META)
    monkeypatch.setattr(ingest, "MAX_BYTES", 10)
    (tmp_path / "big.txt").write_text("Khrushchev spoke in 1956. " * 5)
    with pytest.raises(BadInput, match="the limit is"):
        load_reading(tmp_path / "big.txt", META)
    with pytest.raises(BadInput, match="Cannot read"):
        load_reading(tmp_path / "missing.txt", META)
