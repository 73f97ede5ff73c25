"""The `sitrep` command as a user runs it: real processes, a throwaway SQLite store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEEDS = [SAMPLES / "000_95bd66293c9a2f89.txt", SAMPLES / "003_8e53f1100ec90231.txt"]


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def sitrep(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SITREP_DATABASE_URL"}
    env.update(SITREP_HOME=str(home), COLUMNS="200", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def stats(home: Path) -> dict[str, int]:
    result = sitrep(home, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def assert_one_line_error(stderr: str, *needles: str) -> None:
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in stderr, stderr


def test_analyze_gives_one_line_per_jsonl_line_in_order(tmp_path: Path, home: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"text": "The CSTO met in Bishkek.", "title": "first"})
        + "\n"
        + "{not json\n"
        + json.dumps({"text": "Amu TV reported on the Taliban.", "title": "third"})
        + "\n",
        encoding="utf-8",
    )
    result = sitrep(home, "analyze", str(corpus), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x.get("document", {}).get("title") for x in lines] == ["first", None, "third"]
    assert lines[1]["error"]["input"].endswith("corpus.jsonl:2")
    assert result.returncode == 1
    assert_one_line_error(result.stderr, "corpus.jsonl:2")
    assert not (home / "sitrep.sqlite3").exists(), "analyze must not store anything"


def test_ingest_is_idempotent_and_stats_count_what_was_found(home: Path) -> None:
    first = sitrep(home, "ingest", *map(str, SEEDS))
    assert first.returncode == 0, first.stderr
    counts = stats(home)
    assert counts["documents"] == 2
    assert counts["actors"] >= 20
    assert {"documents", "actors", "events", "quotes"} <= counts.keys()
    again = sitrep(home, "ingest", *map(str, SEEDS))
    assert again.returncode == 0
    assert "2 already stored" in again.stderr
    assert stats(home) == counts


def test_ingest_reanalyze_replaces_the_facts_of_stored_documents(home: Path) -> None:
    first = sitrep(home, "ingest", SEEDS[0].as_posix())
    assert first.returncode == 0, first.stderr
    counts = stats(home)
    again = sitrep(home, "ingest", "--reanalyze", *map(str, SEEDS))
    assert again.returncode == 0, again.stderr
    assert "1 added" in again.stderr and "1 replaced" in again.stderr, again.stderr
    fresh = home.parent / "fresh"
    assert sitrep(fresh, "ingest", *map(str, SEEDS)).returncode == 0
    assert stats(home) == stats(fresh) != counts


def test_bad_inputs_are_reported_and_leave_the_store_intact(tmp_path: Path, home: Path) -> None:
    assert sitrep(home, "ingest", str(SEEDS[0])).returncode == 0
    before = stats(home)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = sitrep(
        home, "ingest", str(empty), str(binary), str(tmp_path / "missing.txt"), "ftp://example.org/x"
    )
    assert result.returncode == 1
    assert_one_line_error(
        result.stderr, "empty.txt", "blob.txt", "missing.txt", "ftp://example.org/x", "4 failed"
    )
    assert stats(home) == before


def test_search_finds_documents_by_words_and_actor(home: Path) -> None:
    assert sitrep(home, "ingest", *map(str, SEEDS)).returncode == 0
    result = sitrep(home, "search", "humanitarian aid", "--actor", "CSTO", "--json")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["total"] == 1
    assert "humanitarian" in page["hits"][0]["snippet"].lower()


def test_search_syntax_errors_are_one_line(home: Path) -> None:
    assert sitrep(home, "ingest", str(SEEDS[0])).returncode == 0
    before = stats(home)
    result = sitrep(home, "search", '"unbalanced quote')
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "unbalanced")
    assert len(result.stderr.strip().splitlines()) == 1
    assert stats(home) == before


def test_actors_filter_by_kind(home: Path) -> None:
    assert sitrep(home, "ingest", str(SEEDS[1])).returncode == 0
    result = sitrep(home, "actors", "--kind", "armed group", "--json")
    assert result.returncode == 0, result.stderr
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert "Islamic State Khorasan Province" in names
    bad = sitrep(home, "actors", "--kind", "wizard")
    assert bad.returncode == 2
    assert_one_line_error(bad.stderr, "wizard")


def test_show_accepts_an_id_prefix_and_names_unknown_ids(home: Path) -> None:
    assert sitrep(home, "ingest", str(SEEDS[1])).returncode == 0
    doc_id = json.loads(sitrep(home, "search", "Bishkek", "--json").stdout)["hits"][0]["document_id"]
    shown = sitrep(home, "show", doc_id[:8], "--json")
    assert shown.returncode == 0, shown.stderr
    record = json.loads(shown.stdout)
    assert record["document"]["id"] == doc_id
    assert any(a["name"] == "Bismillah Taban" for a in record["actors"])
    missing = sitrep(home, "show", "ffffffffffff")
    assert missing.returncode == 2
    assert_one_line_error(missing.stderr, "ffffffffffff", "not in the store")


def test_a_killed_ingest_keeps_what_it_stored_and_a_rerun_completes_it(home: Path) -> None:
    import signal
    import sqlite3
    import time

    corpus = SAMPLES / "isaf_press_releases.jsonl"
    env = {k: v for k, v in os.environ.items() if k != "SITREP_DATABASE_URL"}
    env.update(SITREP_HOME=str(home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = home / "sitrep.sqlite3"

    def stored() -> int:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                return int(con.execute("select count(*) from documents").fetchone()[0])
        except sqlite3.OperationalError:  # not created yet
            return 0

    deadline = time.monotonic() + 240
    while stored() < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = stored()
    assert 0 < partial < 200, f"the kill came too late or too early to test anything ({partial} stored)"

    rerun = sitrep(home, "ingest", str(corpus))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} already stored" in rerun.stderr
    counts = stats(home)
    assert counts["documents"] == 200
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert con.execute("select count(distinct id) from documents").fetchone()[0] == 200
