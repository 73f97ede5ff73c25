"""Full-text search latency on a SQLite store of 100,000 documents made from real texts.

How the store is built (and what it honestly holds)
---------------------------------------------------
1. The 202 sample documents (``samples/isaf_press_releases.jsonl``: 200 ISAF Joint Command
   releases; ``samples/*.txt``: 2 seed articles) are read with ``read_inputs`` and analysed once
   with the full pipeline (``default_pipeline().analyze_many``). These 202 records are stored
   as they are.
2. The rest (``--docs`` minus 202) are *variants*, made without NLP. Each text is cut into
   units: header lines (leading lines of fewer than 8 words: release number, "For Immediate
   Release", the "KABUL, Afghanistan (date)" dateline) and body sentences (a regex split after
   ``. ! ?``). Variant ``i`` takes base ``i mod 202``: its header, each body sentence kept with
   probability 0.8 (the first always), plus 1-3 body sentences drawn from other random bases,
   the non-first sentences shuffled. Then, outside mention spans only, it substitutes: the
   dateline date and the release number with a random date in 2009-2013 (which becomes
   ``published``), every "<Name> district"/"<Name> province" name with another district or
   province name found in the corpus, 4-digit years with a random year 2009-2013, 1-2 digit
   numbers with a random 1-30. The text is a new document with ``id = document_id(text)``
   (duplicates re-drawn).
3. Mentions: each base mention lies in one unit; carried units carry their mentions with
   offsets shifted to the new text, so every stored mention is valid (``text[start:end]`` is the
   mention text as analysed). Actors are those of the carried mentions plus the base's
   actors that have no mention (document-level ones, e.g. the source outlet). Sentences that
   came from another base bring that base's mentions and actors. No quotes, events, places or
   topics (the pipeline does not produce them yet either). Fingerprint: ``None`` by default
   (no near-duplicate work, which would link many variants); ``--fingerprints`` computes MinHash
   for every variant and makes the store do the LSH lookup.
4. Records are written with ``Store.add`` (one transaction each), the same path ingest uses.

The store is cached under the user cache folder (``sitrep/benchmarks``), keyed by
``STORE_VERSION``, the document count, the seed and ``--fingerprints``; ``--rebuild`` forces a
new one, ``--store PATH`` uses (or builds) a given file.

What is measured
----------------
``QUERIES``: a fixed set of 60 realistic queries of eight types (single word, phrase, two-word
AND, OR, prefix, exclusion, filtered: actor/kind/country/source/since/until, and date-sorted)
over the words of the corpus. After one untimed pass over all of them, each query runs
``--repeats`` times (default 5) through ``Store.search`` (parse, FTS5 MATCH with bm25 ranking,
total count, snippets, hit rows: everything a search page needs, first 20 hits). The wall time
of each call (``time.perf_counter``) is one sample; p50/p95/p99/max are reported overall and
per type. Goal: overall p95 <= 50 ms.

    .venv/bin/python benchmarks/search.py [--docs N] [--repeats N] [--rebuild] [--store PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
BASE_INPUTS = (
    SAMPLES / "isaf_press_releases.jsonl",
    SAMPLES / "000_95bd66293c9a2f89.txt",
    SAMPLES / "003_8e53f1100ec90231.txt",
)
# Bump when the way the store is built changes: a cached store of another version is not reused.
STORE_VERSION = 1
DEFAULT_DOCS = 100_000
DEFAULT_SEED = 20240601
# pinned with the accuracy floors in evaluation/baseline.json, the one place to tighten it
SPEED = json.loads((REPO / "evaluation" / "baseline.json").read_text(encoding="utf-8"))["speed"]
GOAL_P95_MS = float(SPEED["search_p95_ms_max"])
HEADER_MAX_WORDS = 8
KEEP_SENTENCE = 0.8

if TYPE_CHECKING:
    from sitrep.model import Actor, Record
    from sitrep.store import Store

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
_PLACE = re.compile(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) (district|province)\b")
_VARY = re.compile(
    r"(?P<dateline>\((?:Jan|Feb|March|Mar|April|Apr|May|June|Jun|July|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.? \d{1,2}, \d{4}\))"
    r"|(?P<release>\b20\d\d-\d\d-(?:S-)?\d{2,4}\b)"
    r"|(?P<place>\b[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? (?:district|province)\b)"
    r"|(?P<year>\b(?:19|20)\d\d\b)"
    r"|(?P<number>\b\d{1,2}\b)"
)


# --- the query set -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # word, phrase, and, or, prefix, not, filter, date
    text: str = ""
    filters: tuple[tuple[str, str], ...] = ()

    def label(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in self.filters)
        return " ".join(p for p in (self.text, extra) if p) or "(no text)"


def _q(query_type: str, text: str = "", /, **filters: str) -> BenchQuery:
    return BenchQuery(query_type, text, tuple(sorted(filters.items())))


QUERIES: tuple[BenchQuery, ...] = (
    *(
        _q("word", w)
        for w in (
            "Taliban", "Helmand", "Kandahar", "insurgents", "detained", "weapons", "Haqqani",
            "IED", "CSTO", "explosives", "Kabul", "leader", "Ghazni", "Nangarhar", "facilitator",
        )
    ),
    *(
        _q("phrase", f'"{p}"')
        for p in (
            "security force", "security operation", "Afghan National Police",
            "improvised explosive device", "Taliban leader", "coalition force", "Joint Command",
            "suicide bomber", "weapons cache", "Helmand province",
        )
    ),
    *(
        _q("and", t)
        for t in (
            "taliban kandahar", "insurgents detained", "haqqani facilitator", "weapons seized",
            "IED helmand", "leader captured", "kabul attack", "afghanistan security",
        )
    ),
    *(
        _q("or", t)
        for t in (
            "taliban OR haqqani", "kandahar OR helmand", "detained OR arrested", "IED OR explosives",
            "CSTO OR NATO", "killed OR wounded",
        )
    ),
    *(_q("prefix", t) for t in ("detain*", "insurg*", "explos*", "facilit*", "kand*", "weap*")),
    *(_q("not", t) for t in ("taliban -haqqani", '"security operation" -helmand', "leader -taliban")),
    _q("filter", "leader", actor="Taliban"),
    _q("filter", "facilitator", actor="Haqqani Network"),
    _q("filter", "detained", kind="armed group"),
    _q("filter", "taliban", since="2012-01-01", until="2012-12-31"),
    _q("filter", "IED", until="2010"),
    _q("filter", "weapons", source="ISAF Joint Command"),
    _q("filter", '"security force"', country="AF"),
    _q("filter", "insurg*", since="2013-06"),
    _q("filter", actor="Taliban"),
    _q("filter", kind="armed group", since="2011-01-01", until="2011-03-31"),
    _q("filter", "Kandahar", actor="ISAF", since="2010"),
    _q("filter", '"Afghan National Police"', kind="government"),
    _q("date", "Taliban", sort="date"),
    _q("date", "helmand OR kandahar", sort="date"),
    _q("date", '"security operation"', since="2011", sort="date"),
)


# --- building the store ------------------------------------------------------------------------


@dataclass
class Unit:
    """A header line or body sentence, with the mentions inside it (offsets relative to it)."""

    text: str
    mentions: list[tuple[int, int, str]]  # start, end, actor id


@dataclass
class Base:
    record: Record
    header: list[Unit]
    body: list[Unit]
    actors: dict[str, Actor]
    unmentioned: list[Actor]  # the base's actors without a mention: kept on every variant


@dataclass
class BuildInfo:
    path: str
    documents: int
    base_documents: int
    variants: int
    fingerprints: bool
    analyze_seconds: float = 0.0
    generate_seconds: float = 0.0
    add_seconds: float = 0.0
    mentions: int = 0
    store_bytes: int = 0
    reused: bool = False
    details: dict[str, Any] = field(default_factory=dict)


def _units(record: Record) -> tuple[list[Unit], list[Unit]]:
    text = record.document.text
    spans: list[tuple[int, int, bool]] = []  # start, end, is_header
    pos = 0
    in_header = True
    for line in text.split("\n"):
        start, stripped = pos + len(line) - len(line.lstrip()), line.strip()
        pos += len(line) + 1
        if not stripped:
            continue
        if in_header and len(stripped.split()) < HEADER_MAX_WORDS:
            spans.append((start, start + len(stripped), True))
            continue
        in_header = False
        cut = start
        for m in _SENTENCE_END.finditer(stripped):
            spans.append((cut, start + m.start(), False))
            cut = start + m.end()
        spans.append((cut, start + len(stripped), False))
    header: list[Unit] = []
    body: list[Unit] = []
    for s, e, is_header in spans:
        ms = [(m.start - s, m.end - s, m.actor) for m in record.mentions if m.start >= s and m.end <= e]
        (header if is_header else body).append(Unit(text[s:e], ms))
    return header, body


def _bases(records: list[Record]) -> list[Base]:
    out = []
    for r in records:
        header, body = _units(r)
        mentioned = {m.actor for m in r.mentions}
        out.append(
            Base(r, header, body, {a.id: a for a in r.actors}, [a for a in r.actors if a.id not in mentioned])
        )
    return out


class VariantMaker:
    """Makes variant records from analysed base records (see the module docstring)."""

    def __init__(self, bases: list[Base], seed: int, fingerprints: bool) -> None:
        self.bases = bases
        self.rng = random.Random(seed)
        self.fingerprints = fingerprints
        names: dict[str, set[str]] = {"district": set(), "province": set()}
        for b in bases:
            for m in _PLACE.finditer(b.record.document.text):
                names[m.group(2)].add(m.group(1))
        self.places = {k: sorted(v) for k, v in names.items()}
        self.actor_index: dict[str, Actor] = {}
        for b in bases:
            for a in b.record.actors:
                self.actor_index.setdefault(a.id, a)

    def _vary(self, text: str, day: date, state: dict[str, bool]) -> str:
        rng = self.rng

        def sub(m: re.Match[str]) -> str:
            if m.group("dateline"):
                state["dateline"] = True
                return f"({MONTHS[day.month - 1]} {day.day}, {day.year})"
            if m.group("release"):
                return f"{day.year}-{day.month:02d}-S-{rng.randint(1, 999):03d}"
            if place := m.group("place"):
                kind = "district" if place.endswith("district") else "province"
                return f"{rng.choice(self.places[kind])} {kind}" if self.places[kind] else place
            if m.group("year"):
                return str(rng.randint(2009, 2013))
            return str(rng.randint(1, 30))

        return _VARY.sub(sub, text)

    def _unit_text(
        self, unit: Unit, day: date, state: dict[str, bool]
    ) -> tuple[str, list[tuple[int, int, str]]]:
        """The unit varied outside its mentions, and its mentions at their new offsets."""
        parts: list[str] = []
        mentions: list[tuple[int, int, str]] = []
        pos, length = 0, 0
        for s, e, actor in sorted(unit.mentions):
            if s < pos:  # overlapping mention: keep the first
                continue
            chunk = self._vary(unit.text[pos:s], day, state)
            parts += [chunk, unit.text[s:e]]
            length += len(chunk)
            mentions.append((length, length + e - s, actor))
            length += e - s
            pos = e
        parts.append(self._vary(unit.text[pos:], day, state))
        return "".join(parts), mentions

    def make(self, i: int, seen: set[str]) -> Record:
        from sitrep.model import Document, Mention, Record, document_id
        from sitrep.pipeline.fingerprint import minhash_signature

        rng = self.rng
        base = self.bases[i % len(self.bases)]
        while True:
            day = date(2009, 1, 1) + timedelta(days=rng.randrange(365 * 5))
            body = [u for j, u in enumerate(base.body) if j == 0 or rng.random() < KEEP_SENTENCE]
            for _ in range(rng.randint(1, 3)):
                other = rng.choice(self.bases)
                if other.body:
                    body.append(rng.choice(other.body))
            rest = body[1:]
            rng.shuffle(rest)
            body = body[:1] + rest
            state = {"dateline": False}
            pieces: list[str] = []
            mentions: list[Mention] = []
            offset = 0
            for n, unit in enumerate([*base.header, *body]):
                if n:
                    sep = "\n" if n < len(base.header) else ("\n\n" if n == len(base.header) else " ")
                    pieces.append(sep)
                    offset += len(sep)
                text, ms = self._unit_text(unit, day, state)
                pieces.append(text)
                mentions += [Mention(a, offset + s, offset + e, text[s:e]) for s, e, a in ms]
                offset += len(text)
            text = "".join(pieces)
            doc_id = document_id(text)
            if doc_id not in seen:
                break
        seen.add(doc_id)
        actor_ids = dict.fromkeys(m.actor for m in mentions)
        actors = [self.actor_index[a] for a in actor_ids if a in self.actor_index]
        actors += [a for a in base.unmentioned if a.id not in actor_ids]
        document = Document(
            id=doc_id,
            text=text,
            title=base.record.document.title,
            source=base.record.document.source,
            published=day.isoformat(),
            published_from="dateline" if state["dateline"] else "metadata",
            language="en",
        )
        return Record(
            document=document,
            actors=actors,
            mentions=mentions,
            fingerprint=minhash_signature(text) if self.fingerprints else None,
        )


def _read_bases(limit: int | None) -> list[Any]:
    from sitrep.sources import SourceError, read_inputs

    docs = []
    for item in read_inputs([str(p) for p in BASE_INPUTS]):
        if isinstance(item, SourceError):
            raise RuntimeError(f"cannot read sample: {item}")
        docs.append(item)
    return docs[:limit] if limit else docs


def build_store(
    path: Path,
    n_docs: int = DEFAULT_DOCS,
    seed: int = DEFAULT_SEED,
    fingerprints: bool = False,
    base_limit: int | None = None,
    progress: bool = False,
) -> BuildInfo:
    """Build a new store of ``n_docs`` documents at ``path`` (which must not exist yet)."""
    from sitrep.model import normalize_text
    from sitrep.pipeline.analyze import default_pipeline
    from sitrep.store import open_store

    docs = _read_bases(base_limit)
    pipeline = default_pipeline()
    start = time.perf_counter()
    records = list(pipeline.analyze_many(docs, batch_size=32))
    info = BuildInfo(str(path), n_docs, len(records), max(0, n_docs - len(records)), fingerprints)
    info.analyze_seconds = time.perf_counter() - start
    maker = VariantMaker(_bases(records), seed, fingerprints)
    info.details["place_names"] = {k: len(v) for k, v in maker.places.items()}
    seen = {r.document.id for r in records}
    store = open_store(f"sqlite:///{path}")
    duplicates = 0
    try:
        for r in records[:n_docs]:
            t = time.perf_counter()
            store.add(r)
            info.add_seconds += time.perf_counter() - t
            info.mentions += len(r.mentions)
        for i in range(info.variants):
            t = time.perf_counter()
            r = maker.make(i, seen)
            info.generate_seconds += time.perf_counter() - t
            if normalize_text(r.document.text) != r.document.text:
                raise RuntimeError(f"variant {i} is not in normalised form")
            t = time.perf_counter()
            outcome = store.add(r)
            info.add_seconds += time.perf_counter() - t
            duplicates += outcome.duplicate_of is not None
            info.mentions += len(r.mentions)
            if progress and (i + 1) % 10_000 == 0:
                rate = (i + 1) / (info.generate_seconds + info.add_seconds)
                print(f"  {i + 1:,} variants stored ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    finally:
        store.close()
    info.details["near_duplicates_linked"] = duplicates
    info.store_bytes = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return info


def _cache_path(n_docs: int, seed: int, fingerprints: bool) -> Path:
    from platformdirs import user_cache_dir

    root = Path(os.environ.get("SITREP_BENCH_CACHE") or Path(user_cache_dir("sitrep")) / "benchmarks")
    suffix = "-fp" if fingerprints else ""
    return root / f"search-v{STORE_VERSION}-{n_docs}-{seed}{suffix}.sqlite"


def ensure_store(
    path: Path | None,
    n_docs: int,
    seed: int,
    fingerprints: bool,
    rebuild: bool,
    progress: bool = False,
    base_limit: int | None = None,
) -> BuildInfo:
    """Reuse the store at ``path`` (default: the cache) when its build record matches, else build it."""
    path = path or _cache_path(n_docs, seed, fingerprints)
    meta = path.with_name(path.name + ".build.json")
    wanted = {"version": STORE_VERSION, "docs": n_docs, "seed": seed, "fingerprints": fingerprints}
    if not rebuild and path.exists() and meta.exists():
        saved = json.loads(meta.read_text())
        if saved.get("key") == wanted:
            info = BuildInfo(**saved["info"])
            info.reused = True
            return info
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (meta, *path.parent.glob(path.name + "*")):
        p.unlink(missing_ok=True)
    info = build_store(path, n_docs, seed, fingerprints, base_limit=base_limit, progress=progress)
    meta.write_text(json.dumps({"key": wanted, "info": asdict(info)}, indent=2))
    return info


# --- measuring ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class LatencyStats:
    samples: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_total_hits: float = 0.0

    @classmethod
    def of(cls, ms: Sequence[float], totals: Sequence[int] = ()) -> LatencyStats:
        return cls(
            len(ms),
            percentile(ms, 50),
            percentile(ms, 95),
            percentile(ms, 99),
            max(ms) if ms else float("nan"),
            sum(totals) / len(totals) if totals else 0.0,
        )


@dataclass
class SearchResult:
    build: BuildInfo
    queries: int
    repeats: int
    overall: LatencyStats
    by_kind: dict[str, LatencyStats]
    slowest: list[tuple[str, str, float, int]]  # kind, query, median ms, total hits
    goal_p95_ms: float = GOAL_P95_MS

    @property
    def passed(self) -> bool:
        return self.overall.p95_ms <= self.goal_p95_ms

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}


def run_queries(
    store: Store, queries: Sequence[BenchQuery] = QUERIES, repeats: int = 5
) -> tuple[LatencyStats, dict[str, LatencyStats], list[tuple[str, str, float, int]]]:
    """One untimed pass, then ``repeats`` timed passes over ``queries`` through ``Store.search``."""
    from sitrep.store import SearchQuery

    searches = [(bq, SearchQuery(text=bq.text, **dict(bq.filters))) for bq in queries]
    totals: dict[BenchQuery, int] = {}
    for bq, sq in searches:  # warm the page cache and SQLAlchemy's statement cache
        totals[bq] = store.search(sq).total
    samples: dict[BenchQuery, list[float]] = {bq: [] for bq, _ in searches}
    for _ in range(repeats):
        for bq, sq in searches:
            t = time.perf_counter()
            store.search(sq)
            samples[bq].append((time.perf_counter() - t) * 1000)
    every = [ms for v in samples.values() for ms in v]
    kinds = dict.fromkeys(bq.kind for bq in queries)
    by_kind = {
        k: LatencyStats.of(
            [ms for bq, v in samples.items() if bq.kind == k for ms in v],
            [totals[bq] for bq in queries if bq.kind == k],
        )
        for k in kinds
    }
    slowest = sorted(
        ((bq.kind, bq.label(), percentile(v, 50), totals[bq]) for bq, v in samples.items()),
        key=lambda row: -row[2],
    )[:10]
    return LatencyStats.of(every, list(totals.values())), by_kind, slowest


def run_benchmark(
    n_docs: int = DEFAULT_DOCS,
    repeats: int = 5,
    store_path: Path | None = None,
    rebuild: bool = False,
    seed: int = DEFAULT_SEED,
    fingerprints: bool = False,
    progress: bool = False,
    base_limit: int | None = None,
) -> SearchResult:
    """Build or reuse the store, then time the query set on it."""
    from sitrep.store import open_store

    build = ensure_store(store_path, n_docs, seed, fingerprints, rebuild, progress, base_limit)
    with open_store(f"sqlite:///{build.path}") as store:
        overall, by_kind, slowest = run_queries(store, QUERIES, repeats)
    return SearchResult(build, len(QUERIES), repeats, overall, by_kind, slowest)


def print_report(result: SearchResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=150)
    b = result.build
    how = "reused from cache" if b.reused else "built now"
    console.print(
        f"Store {b.path} ({how}): {b.documents:,} documents = {b.base_documents} sample documents "
        f"analysed by the pipeline + {b.variants:,} variants (sentences kept/shuffled/borrowed across "
        f"releases; dateline, release no., district/province names, years and small numbers "
        f"substituted; mentions carried with valid offsets, {b.mentions:,} in all; fingerprints "
        f"{'computed' if b.fingerprints else 'None'}); {b.store_bytes / 1024**2:,.0f} MiB."
    )
    console.print(
        f"Build time: analyse bases {b.analyze_seconds:.1f} s, generate variants "
        f"{b.generate_seconds:.1f} s, Store.add {b.add_seconds:.1f} s "
        f"({b.documents / b.add_seconds if b.add_seconds else 0:,.0f} docs/s); {json.dumps(b.details)}"
    )
    table = Table(title=f"Store.search latency, {result.queries} queries x {result.repeats} runs (ms)")
    for col in ("type", "samples", "mean total hits", "p50", "p95", "p99", "max"):
        table.add_column(col, justify="left" if col == "type" else "right")

    def row(name: str, s: LatencyStats) -> None:
        table.add_row(
            name,
            str(s.samples),
            f"{s.mean_total_hits:,.0f}",
            f"{s.p50_ms:.1f}",
            f"{s.p95_ms:.1f}",
            f"{s.p99_ms:.1f}",
            f"{s.max_ms:.1f}",
        )

    for kind, s in result.by_kind.items():
        row(kind, s)
    row("ALL", result.overall)
    console.print(table)
    slow = Table(title="Slowest queries (median ms)")
    for col in ("type", "query", "median ms", "total hits"):
        slow.add_column(col, justify="left" if col in ("type", "query") else "right")
    for kind, label, ms, total in result.slowest:
        slow.add_row(kind, label, f"{ms:.1f}", f"{total:,}")
    console.print(slow)
    verdict = "PASS" if result.passed else "FAIL"
    console.print(f"  {verdict}  p95 {result.overall.p95_ms:.1f} ms <= {result.goal_p95_ms:.0f} ms")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="documents in the store")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of every query")
    parser.add_argument("--store", type=Path, default=None, help="store file to use or build")
    parser.add_argument("--rebuild", action="store_true", help="build the store even if cached")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the variant generator")
    parser.add_argument("--fingerprints", action="store_true", help="compute MinHash for every variant")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of tables")
    args = parser.parse_args(argv)
    result = run_benchmark(
        args.docs, args.repeats, args.store, args.rebuild, args.seed, args.fingerprints, progress=True
    )
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
