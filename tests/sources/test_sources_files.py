"""Reading files, folders, corpora and stdin into Documents, and the per-item errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from sitrep.model import Document
from sitrep.sources import SourceError, read_inputs

ISAF_RELEASE = (
    "ISAF Joint Command - Afghanistan\n2010-12-S-223\nFor Immediate Release\n\n"
    "KABUL, Afghanistan (Dec. 19) - Afghan and coalition forces detained a Taliban leader in "
    "Kandahar province yesterday."
)


def read(*inputs: str | Path, max_bytes: int | None = None) -> list[Document | SourceError]:
    return list(read_inputs([str(i) for i in inputs], max_bytes=max_bytes))


def only_document(items: list[Document | SourceError]) -> Document:
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def only_error(items: list[Document | SourceError]) -> SourceError:
    assert len(items) == 1, items
    assert isinstance(items[0], SourceError), items[0]
    return items[0]


def test_seeds_folder_gives_the_two_articles_and_not_the_gold_files(seeds_dir: Path) -> None:
    items = read(seeds_dir)
    assert all(isinstance(i, Document) for i in items), items
    paths = [Path(i.path or "").name for i in items if isinstance(i, Document)]
    assert paths == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert len(paths) == 2
    assert all(isinstance(i, Document) and i.title is None and i.language == "en" for i in items)


def test_ids_are_stable_across_reads(seeds_dir: Path) -> None:
    first = [i.id for i in read(seeds_dir) if isinstance(i, Document)]
    second = [i.id for i in read(seeds_dir) if isinstance(i, Document)]
    assert first == second and len(set(first)) == 2


def test_text_file_keeps_text_and_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("The CSTO held talks in Dushanbe.\r\n", encoding="utf-8")
    doc = only_document(read(path))
    assert doc.text == "The CSTO held talks in Dushanbe."
    assert doc.title is None and doc.path == str(path) and doc.published is None


def test_isaf_release_without_metadata_is_dated_from_its_dateline(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text(ISAF_RELEASE, encoding="utf-8")
    doc = only_document(read(path))
    assert doc.published == "2010-12-19"
    assert doc.published_from == "dateline"


def test_markdown_title_is_the_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("Intro line\n\n# CSTO briefing #\n\nMinisters met in Bishkek.\n", encoding="utf-8")
    doc = only_document(read(path))
    assert doc.title == "CSTO briefing"
    assert "# CSTO briefing" in doc.text  # stored as written, so offsets match the file


def test_cp1251_russian_file_decodes_to_cyrillic(tmp_path: Path) -> None:
    text = "МОСКВА, 5 ноября. /ТАСС/. Министр иностранных дел России заявил о готовности ОДКБ помочь."
    path = tmp_path / "tass.txt"
    path.write_bytes(text.encode("cp1251"))
    doc = only_document(read(path))
    assert doc.text == text
    assert doc.language == "ru"


def test_short_cp1251_text_is_not_mistaken_for_an_east_asian_encoding(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Привет, ОДКБ".encode("cp1251"))
    assert only_document(read(path)).text == "Привет, ОДКБ"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_unicode_with_bom(tmp_path: Path, encoding: str) -> None:
    text = "Заявление СНГ: the CIS statement."
    path = tmp_path / "bom.txt"
    path.write_bytes(text.encode(encoding))
    assert only_document(read(path)).text == text


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    assert only_error(read(path)).message == "binary file, not text"


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    errors = read(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'blank.txt'}: empty file",
    ]


def test_oversized_file_names_sizes_and_setting(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 2_460_000, encoding="utf-8")  # 12.3 MB
    error = only_error(read(path, max_bytes=5_000_000))
    assert error.message == "file is 12.3 MB, over the 5.0 MB limit (SITREP_MAX_INPUT_BYTES)"


def test_missing_path_and_non_http_urls(tmp_path: Path) -> None:
    items = read(tmp_path / "nope.txt", "ftp://example.org/a.txt", "file:///etc/hosts", "javascript:alert(1)")
    assert [i.message for i in items if isinstance(i, SourceError)] == [
        "no such file, folder or URL",
        "only http and https URLs can be fetched",
        "only http and https URLs can be fetched",
        "only http and https URLs can be fetched",
    ]


def test_html_file_gives_main_text_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>CSTO statement</title>"
        '<meta property="article:published_time" content="2025-11-05"></head><body>'
        "<nav>Home | About</nav><article><h1>CSTO statement</h1><p>The foreign ministers of the "
        "Collective Security Treaty Organization called for humanitarian aid to Afghanistan and "
        "support for a coordinating role of the United Nations.</p></article></body></html>",
        encoding="utf-8",
    )
    doc = only_document(read(path))
    assert doc.title == "CSTO statement"
    assert doc.published == "2025-11-05" and doc.published_from == "metadata"
    assert "humanitarian aid to Afghanistan" in doc.text and "Home | About" not in doc.text


def test_html_file_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Nothing</title></head><body></body></html>", encoding="utf-8")
    assert only_error(read(path)).message == "no article text found"


def test_jsonl_malformed_line_is_reported_and_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"text": "First report.", "title": "One", "published": "2025-11-05", "source": "TASS"}),
        "",
        '{"text": "broken',
        json.dumps({"text": "Third report.", "url": "https://example.org/3", "language": "en"}),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Bad date kept.", "published": "not a date"}),
        json.dumps(["a list"]),
        json.dumps({"text": "Wrong title type.", "title": 5}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    summary = [(type(i).__name__, str(i) if isinstance(i, SourceError) else i.text) for i in items]
    assert summary == [
        ("Document", "First report."),
        ("SourceError", f"{path}:3: not valid JSON: Unterminated string starting at (column 10)"),
        ("Document", "Third report."),
        ("SourceError", f"{path}:5: no text: the 'text' field is missing or empty"),
        ("Document", "Bad date kept."),
        ("SourceError", f"{path}:7: expected a JSON object with a 'text' field, got array"),
        ("SourceError", f"{path}:8: 'title' must be a string, not number"),
    ]
    first, third, bad_date = (i for i in items if isinstance(i, Document))
    assert (first.title, first.published, first.source) == ("One", "2025-11-05", "TASS")
    assert first.path == str(path)
    assert third.url == "https://example.org/3"
    assert bad_date.published is None


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "corpus.ndjson"
    path.write_text(json.dumps({"text": "x" * 3000}) + "\n" + json.dumps({"text": "small"}) + "\n")
    items = read(path, max_bytes=1000)
    assert isinstance(items[0], SourceError) and items[0].input == f"{path}:1"
    assert items[0].message == "line is 3.0 kB, over the 1.0 kB limit (SITREP_MAX_INPUT_BYTES)"
    assert isinstance(items[1], Document)


def test_csv_rows_with_header_as_row_one(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text(
        "Title,text,published,extra\n"
        'CSTO,"Ministers met in Bishkek, and said so.",05.11.2025,x\n'
        "Empty,,2025-11-06,y\n"
        'Multi,"Line one\nline two",,z\n',
        encoding="utf-8",
    )
    items = read(path)
    assert isinstance(items[0], Document)
    assert (items[0].title, items[0].text, items[0].published) == (
        "CSTO",
        "Ministers met in Bishkek, and said so.",
        "2025-11-05",
    )
    assert isinstance(items[1], SourceError) and items[1].input == f"{path}:3"
    assert isinstance(items[2], Document) and items[2].text == "Line one\nline two"


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("title,body\na,b\n", encoding="utf-8")
    assert only_error(read(path)).message == "no 'text' column (columns: title, body)"


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"text": "One."}, {"nope": 1}]), encoding="utf-8")
    items = read(path)
    assert isinstance(items[0], Document)
    assert isinstance(items[1], SourceError) and items[1].input == f"{path}:2"


def test_folder_is_sorted_recursive_and_skips_hidden_unknown_and_gold(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zeta report.", encoding="utf-8")
    (tmp_path / "a.md").write_text("# Alpha\nAlpha report.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Gamma report.", encoding="utf-8")
    (tmp_path / "c.gold.json").write_text('{"text": "gold, not a document"}', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Git internals.", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00")
    items = read(tmp_path)
    texts = [i.text for i in items if isinstance(i, Document)]
    assert texts == ["# Alpha\nAlpha report.", "Zeta report.", "Gamma report."]
    assert len(items) == 3


def test_folder_with_nothing_to_read(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(b"\x89PNG")
    assert only_error(read(tmp_path)).message.startswith("no files to read in this folder")


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps({"text": "From a pipe."}) + "\nnot json\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    items = read("-")
    assert isinstance(items[0], Document) and items[0].text == "From a pipe."
    assert isinstance(items[1], SourceError) and items[1].input == "<stdin>:2"


def test_stdin_as_plain_text_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"text": "From StringIO."}) + "\n"))
    assert only_document(read("-")).text == "From StringIO."


def test_inputs_keep_their_order(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Two.", encoding="utf-8")
    items = read(tmp_path / "two.txt", tmp_path / "missing.txt", tmp_path / "one.txt")
    assert [i.text if isinstance(i, Document) else "error" for i in items] == ["Two.", "error", "One."]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Министр иностранных дел", "koi8_r"),
        ("Міністр закордонних справ", "cp1251"),
        ("café", "cp1252"),
        ("Le ministre a déclaré à Paris", "cp1252"),
    ],
)
def test_short_legacy_text_is_decoded_by_its_look(tmp_path: Path, text: str, encoding: str) -> None:
    # too short for statistical detection, which answers big5, EBCDIC or UTF-16 for these
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode(encoding))
    assert only_document(read(path)).text == text


def test_long_koi8_r_file(tmp_path: Path) -> None:
    text = "Министр иностранных дел России заявил, что страны ОДКБ готовы помочь Афганистану. " * 20
    path = tmp_path / "koi8.txt"
    path.write_bytes(text.encode("koi8_r"))
    assert only_document(read(path)).text == text.strip()
