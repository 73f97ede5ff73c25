"""The ``sitrep`` command. Thin: it parses options and calls sources, pipeline, store, analysis.

Errors a user can fix (``SitrepError``) are printed as one line on stderr, never as a
traceback. ``--json`` output goes to stdout as JSON Lines (or one JSON object) so commands
compose with pipes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from sitrep import __version__
from sitrep.errors import SitrepError

app = typer.Typer(
    name="sitrep",
    help="Turn news reports and official statements into a structured, cited situation picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

# Exit codes: 0 ok, 1 some inputs failed, 2 usage or a user-fixable error.
EXIT_SOME_FAILED = 1
EXIT_USER_ERROR = 2

Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders, http(s) URLs, feeds (.opml, RSS/Atom URL), .jsonl/.csv corpora, "
        "or - for JSON Lines on stdin."
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Write JSON to stdout instead of a table.")]


def _write_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _open_store():  # type: ignore[no-untyped-def]
    from sitrep.store import open_store

    return open_store()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    if version:
        out.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.command()
def ingest(
    inputs: Inputs,
    reanalyze: Annotated[
        bool,
        typer.Option(
            "--reanalyze",
            help="Analyse already stored documents again and replace their facts (after an upgrade).",
        ),
    ] = False,
) -> None:
    """Read, analyse and store documents. Already stored documents are skipped (see --reanalyze)."""
    from sitrep.ingest import IngestReport
    from sitrep.ingest import ingest as run_ingest
    from sitrep.pipeline.analyze import default_pipeline

    store = _open_store()
    pipeline = default_pipeline()
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None, counts="")

        def on_item(report: IngestReport, label: str) -> None:
            progress.update(
                task,
                advance=1,
                counts=f"{report.added} added · {report.replaced} replaced · {report.unchanged} unchanged"
                f" · {report.failed} failed",
            )

        report = run_ingest(inputs, store, pipeline, on_item=on_item, reanalyze=reanalyze)
    for message in report.errors:
        err.print(f"[red]error[/red] {escape(message)}")
    err.print(
        f"{report.added} added ({report.near_duplicates} near-duplicates linked), "
        + (f"{report.replaced} replaced, " if reanalyze else "")
        + f"{report.unchanged} already stored, {report.failed} failed"
        f" · store: {escape(store.display_url)}"
    )
    store.close()
    if report.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def analyze(inputs: Inputs, as_json: JsonFlag = False) -> None:
    """Analyse documents without storing them: one JSON line per document, in input order.

    An input that cannot be read gives a line {"error": {"input": ..., "message": ...}} in its
    place, so a JSON Lines corpus yields exactly one output line per input line.
    """
    from sitrep.pipeline.analyze import default_pipeline
    from sitrep.sources import SourceError, read_inputs

    pipeline = default_pipeline()
    failed = 0
    for item in _analyzed_in_order(pipeline, read_inputs(inputs)):
        if isinstance(item, SourceError):
            failed += 1
            err.print(f"[red]error[/red] {escape(str(item))}")
            if as_json:
                _write_json({"error": {"input": item.input, "message": item.message}})
            continue
        if as_json:
            _write_json(item.to_dict())
        else:
            _print_record_summary(item)
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _analyzed_in_order(pipeline, items) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Records and source errors in input order, documents analysed in batches."""
    from sitrep.ingest import BATCH_SIZE, batches
    from sitrep.sources import SourceError

    for batch in batches(items, BATCH_SIZE):
        records = iter(pipeline.analyze_many([x for x in batch if not isinstance(x, SourceError)]))
        for x in batch:
            yield x if isinstance(x, SourceError) else next(records)


def _print_record_summary(record) -> None:  # type: ignore[no-untyped-def]
    d = record.document
    out.print(
        f"[bold]{escape(d.title or d.path or d.url or d.id)}[/bold]  "
        f"[dim]{d.id} · {d.published or 'date unknown'} · {d.language or '?'}[/dim]"
    )
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("actor", "kind", "country", "title", "mentions"):
        table.add_column(col)
    counts: dict[str, int] = {}
    for m in record.mentions:
        counts[m.actor] = counts.get(m.actor, 0) + 1
    for a in sorted(record.actors, key=lambda a: -counts.get(a.id, 0)):
        table.add_row(
            escape(a.name), a.kind, a.country or "", escape(a.title or ""), str(counts.get(a.id, 0))
        )
    out.print(table)
    out.print(
        f"[dim]{len(record.quotes)} quotes · {len(record.events)} events · "
        f"{len(record.places)} places[/dim]\n"
    )


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help='Words (AND), "a phrase", OR, -exclude, prefix*. Empty: newest first.')
    ] = "",
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias.")] = None,
    kind: Annotated[str | None, typer.Option(help="Actor kind, e.g. 'armed group'.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code of an actor or place.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet or publisher.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY[-MM[-DD]]).")] = None,
    event_type: Annotated[
        str | None, typer.Option("--event-type", help="PLOVER event type, e.g. ASSAULT.")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="Topic, e.g. terrorism.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 language code.")] = None,
    sort: Annotated[str, typer.Option(help="relevance or date.")] = "relevance",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Full-text search over stored documents, with filters."""
    from sitrep.store import SearchQuery

    if sort not in ("relevance", "date"):
        raise SitrepError(f"--sort {sort!r}: use 'relevance' or 'date'")
    q = SearchQuery(
        text=query,
        actor=actor,
        kind=kind,
        country=country.upper() if country else None,
        source=source,
        since=since,
        until=until,
        event_type=event_type.upper() if event_type else None,
        topic=topic,
        language=language,
        limit=limit,
        offset=offset,
        sort=sort,  # type: ignore[arg-type]
    )
    store = _open_store()
    page = store.search(q)
    store.close()
    if as_json:
        _write_json(
            {
                "total": page.total,
                "total_is_lower_bound": page.total_is_lower_bound,
                "hits": [_hit_dict(h) for h in page.hits],
            }
        )
        return
    counted = f"{page.total:,}+" if page.total_is_lower_bound else f"{page.total:,}"
    out.print(f"[dim]{counted} documents[/dim]")
    for hit in page.hits:
        out.print(
            f"[bold]{escape(hit.title or '(untitled)')}[/bold]  "
            f"[dim]{hit.document_id} · {hit.published or '-'} · {escape(hit.source or '')}[/dim]"
        )
        out.print("  " + _highlight(hit.snippet))


def _hit_dict(hit) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from dataclasses import asdict

    d = asdict(hit)
    d["snippet"] = d["snippet"].replace("\x02", "").replace("\x03", "")
    return d


def _highlight(snippet: str) -> str:
    return (
        escape(snippet).replace("\x02", "[bold yellow]").replace("\x03", "[/bold yellow]").replace("\n", " ")
    )


@app.command()
def actors(
    kind: Annotated[
        str | None,
        typer.Option(
            help="person, organization, government, intergovernmental, 'armed group', media, country, "
            "collective."
        ),
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    name: Annotated[str | None, typer.Option(help="Part of the name or an alias.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: JsonFlag = False,
) -> None:
    """Actors in the store, most mentioned first."""
    from sitrep.model import ACTOR_KINDS

    if kind is not None and kind not in ACTOR_KINDS:
        raise SitrepError(f"--kind {kind!r}: not an actor kind; use one of: {', '.join(ACTOR_KINDS)}")
    store = _open_store()
    rows = store.actors(kind=kind, country=country.upper() if country else None, name=name, limit=limit)
    store.close()
    if as_json:
        from dataclasses import asdict

        for r in rows:
            _write_json({**asdict(r.actor), "documents": r.documents, "mentions": r.mentions})
        return
    table = Table(header_style="bold")
    for col in ("id", "name", "kind", "country", "title", "documents", "mentions"):
        table.add_column(col, justify="right" if col in ("documents", "mentions") else "left")
    for r in rows:
        a = r.actor
        table.add_row(
            a.id,
            escape(a.name),
            a.kind,
            a.country or "",
            escape(a.title or ""),
            str(r.documents),
            str(r.mentions),
        )
    out.print(table)


@app.command()
def show(
    document_id: Annotated[str, typer.Argument(help="Document id, or a unique prefix of it.")],
    as_json: JsonFlag = False,
) -> None:
    """One stored document with what was extracted from it."""
    store = _open_store()
    matches = store.find_documents(document_id)
    if not matches:
        store.close()
        raise SitrepError(f"document {document_id!r}: not in the store ({store.display_url})")
    if len(matches) > 1:
        store.close()
        raise SitrepError(
            f"document {document_id!r}: prefix matches {len(matches)} documents; give more characters"
        )
    record = store.get_record(matches[0])
    store.close()
    assert record is not None
    if as_json:
        _write_json(record.to_dict())
        return
    d = record.document
    out.print(f"[bold]{escape(d.title or d.id)}[/bold]")
    meta = [
        f"id {d.id}",
        f"published {d.published or 'unknown'}" + (f" ({d.published_from})" if d.published_from else ""),
        f"language {d.language or '?'}",
    ]
    if d.source:
        meta.append(f"source {escape(d.source)}")
    if d.url:
        meta.append(escape(d.url))
    if d.duplicate_of:
        meta.append(f"near-duplicate of {d.duplicate_of}")
    out.print("[dim]" + " · ".join(meta) + "[/dim]\n")
    out.print(_highlight_mentions(d.text, record.mentions))
    out.print()
    _print_record_summary(record)


def _highlight_mentions(text: str, mentions) -> str:  # type: ignore[no-untyped-def]
    parts, pos = [], 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < pos:
            continue
        parts += [escape(text[pos : m.start]), "[bold cyan]", escape(text[m.start : m.end]), "[/bold cyan]"]
        pos = m.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


@app.command()
def stats(as_json: JsonFlag = False) -> None:
    """How many documents, actors, events, quotes ... the store holds."""
    store = _open_store()
    counts = store.stats()
    url = store.display_url
    store.close()
    if as_json:
        _write_json(counts)
        return
    table = Table(title=f"store {escape(url)}", header_style="bold")
    table.add_column("records")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the store to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """The web UI and JSON API (/api/) over the store, until Ctrl-C."""
    import uvicorn

    from sitrep.web import create_app

    application = create_app()
    err.print(f"sitrep on http://{host}:{port}/ · store: {escape(application.state.store.display_url)}")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def summary(limit: Annotated[int, typer.Option(min=1, max=100)] = 10) -> None:
    """What the store holds: counts and the most mentioned actors of each kind."""
    from sitrep.analysis.summary import store_summary

    store = _open_store()
    s = store_summary(store, limit=limit)
    store.close()
    out.print(f"[bold]sitrep store[/bold] [dim]{escape(s.url)}[/dim]")
    out.print(" · ".join(f"{v} {k}" for k, v in s.counts.items()))
    for kind, rows in s.top_actors.items():
        if not rows:
            continue
        table = Table(title=f"most mentioned: {kind}", title_justify="left", header_style="bold")
        for col in ("actor", "country", "documents", "mentions"):
            table.add_column(col, justify="right" if col in ("documents", "mentions") else "left")
        for r in rows:
            table.add_row(escape(r.actor.name), r.actor.country or "", str(r.documents), str(r.mentions))
        out.print(table)


@app.command()
def evaluate(
    dataset: Annotated[str, typer.Argument(help="seeds, isaf, geo, ... or all.")] = "all",
    data_dir: Annotated[
        str | None,
        typer.Option(
            help="Folder with gold data (default ../shared next to the repo, or SITREP_SHARED_DATA)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score the pipeline against gold data and print the figures."""
    from sitrep.evaluation import run_evaluations

    results = run_evaluations(dataset, data_dir)
    if as_json:
        _write_json([r.to_dict() for r in results])
        return
    table = Table(title="sitrep evaluation", header_style="bold")
    for col in ("set", "measure", "value", "right", "total", "goal"):
        table.add_column(col, justify="left" if col in ("set", "measure") else "right")
    for r in results:
        for m in r.measures:
            table.add_row(
                r.dataset,
                m.name,
                f"{m.value:.3f}",
                str(m.right),
                str(m.total),
                "" if m.goal is None else f"{m.goal:.2f}",
            )
    out.print(table)
    for r in results:
        for note in r.notes:
            out.print(f"[dim]{r.dataset}: {escape(note)}[/dim]")


export_app = typer.Typer(help="Export records in other formats.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("geojson")
def export_geojson(
    records: Annotated[
        str | None,
        typer.Argument(
            help="JSON Lines of records (`sitrep analyze --json`), or - for stdin; default: the store."
        ),
    ] = None,
    what: Annotated[str, typer.Option(help="places, events, or all.")] = "all",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
) -> None:
    """Places mentioned and events with a place, as one GeoJSON FeatureCollection."""
    from sitrep.exports.geojson import GeoJSONWriter
    from sitrep.model import Record

    if what not in ("places", "events", "all"):
        raise SitrepError(f"export geojson --what {what!r}: use places, events or all")

    def from_lines(lines: Any) -> Iterator[Record]:
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield Record.from_dict(json.loads(line))
                except (ValueError, KeyError, TypeError) as error:
                    raise SitrepError(f"{records}: line {n} is not a sitrep record ({error})") from error

    def from_store() -> Iterator[Record]:
        store = _open_store()
        for doc_id in store.find_documents(""):
            record = store.get_record(doc_id)
            if record is not None:
                yield record

    if records is None:
        source: Iterator[Record] = from_store()
    elif records == "-":
        source = from_lines(sys.stdin)
    else:
        try:
            handle = open(records, encoding="utf-8")  # noqa: SIM115 - read lazily while writing
        except OSError as error:
            raise SitrepError(f"{records}: cannot read ({error.strerror})") from error
        source = from_lines(handle)
    target = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        count = GeoJSONWriter(target).write(source, what)  # type: ignore[arg-type]
    finally:
        if output:
            target.close()
    err.print(f"{count} features")


gazetteer_app = typer.Typer(help="The offline gazetteer (GeoNames data).", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Compile the gazetteer index into the user cache now (else the first analysis does)."""
    import time

    from sitrep.gazetteer import load_gazetteer, rebuild_gazetteer

    started = time.perf_counter()
    path = rebuild_gazetteer()
    size = path.stat().st_size / 1e6 if path.exists() else 0.0
    out.print(
        f"gazetteer: {len(load_gazetteer()):,} places, {size:.0f} MB at {path} "
        f"({time.perf_counter() - started:.0f} s)"
    )


def main() -> None:
    """Entry point: user-fixable errors become one line on stderr and exit code 2."""
    try:
        app()
    except SitrepError as error:
        err.print(f"[red]error[/red] {escape(str(error))}")
        sys.exit(EXIT_USER_ERROR)
    except KeyboardInterrupt:
        err.print("interrupted; what was stored so far is kept, a rerun completes the rest")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
