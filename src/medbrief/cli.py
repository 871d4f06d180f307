"""The `medbrief` command: a thin shell over `medbrief.pipeline` (no SQL, parsing or ranking here)."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from .entry import preload_model_for
from .errors import MedbriefError, NothingIngested, PathMissing, QuestionError, RemoteSourceError, StoreMissing
from .settings import Settings

# One OpenBLAS thread for this process (unless the environment says otherwise), set before numpy is first
# imported: the searches' matrix-vector products (<= 100k x 384 floats) are memory-bound, and a second BLAS
# thread only waits for a core on a busy machine (measured on 2 shared cores: 15-120 ms per product instead of
# 0.4-25 ms). The embedding model runs on onnxruntime's own threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Fast start (issue 16): `medbrief --help` imports typer, rich's console and the settings only. Each command
# imports what it needs (the pipeline and its retrieval and composition code, numpy, rich's Markdown, tables and
# progress bars) when it runs; tests/cli/test_startup.py keeps it so.
if TYPE_CHECKING:
    from rich import box
    from rich.progress import Progress
    from rich.table import Table

    from . import pipeline
    from .brief import Brief

# The exit codes, one table: here (`medbrief --help`), in the README and docs/cli.md. `_exit_code` applies it.
EXIT_CODES = """\b
Exit codes (then stderr says "error: <reason>" and "hint: <what to do>"):
  0  done
  1  could not do it: nothing ingestible (every input skipped), a
     search mode the store cannot serve, a store fault (locked,
     damaged, full, read-only), problems found by `check`, skips
     under `ingest --strict`
  2  bad usage or question: a bad option, a path that does not
     exist, an empty or too long question, an unknown drug named
     anywhere in the question
  3  no store yet: run `medbrief ingest PATH...` first
  4  a live source failed: cannot reach it (offline?), it refused
     the request, or the time given ran out (`fetch`, `update`)
  130  interrupted (Ctrl-C); the store stays whole: run it again
HTTP answers 400 bad input, 409 mode not servable, 422 unknown drug,
503 no store or a store fault; MCP tools fail with the same error
names (UnknownDrug, ModeUnavailable, InvalidQuestion, StoreMissing)."""


class _Group(typer.core.TyperGroup):
    """The command group, starting the model's load as soon as the command is known (`entry.preload_model_for`:
    already started by the console script; here for `python -m medbrief.cli` and tests)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if name is not None:
            preload_model_for(name, rest)
        return name, command, rest


app = typer.Typer(
    cls=_Group,
    help="Cited, checkable evidence briefs from guidelines, FDA labels and PubMed - offline.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's own help layout: typer's rich help imports rich.markdown and rich.table (~30 ms of a 0.14 s
    # `medbrief --help`), and plain text reads the same in a terminal, a pipe or a log
    rich_markup_mode=None,
)
# emoji=False: a source's ":pill:" stays those six characters. soft_wrap=True: a line longer than the terminal is
# left for the terminal to wrap (rich neither crops it nor breaks it), so a snippet stays whole on stdout and an
# error or a note stays one line on stderr (`_say`). Renderables that lay themselves out (tables, Markdown, the
# progress bars) fit the width.
# NO_COLOR / FORCE_COLOR / COLUMNS are read by rich when a Console is built.
out = Console(soft_wrap=True, emoji=False)
err = Console(stderr=True, soft_wrap=True, emoji=False)  # one line per message in logs and pipes, whatever the path

DbOption = Annotated[Path | None, typer.Option("--db", help="Store path (default: OS data dir; env MEDBRIEF_DB).")]


def _v(value: object) -> str:
    """A value from a source, a store, a path or an error, ready to put in a rich markup string: no control
    characters (`render.printable`, the one filter for everything printed) and its `[` escaped, so a title like
    `[link=http://evil]` is text, not markup. Strings printed with markup=False go through `render.printable`."""
    return escape(_printable(str(value)))


def _printable(text: str) -> str:
    """`render.printable` (imported on first use: render brings the Brief model and pydantic)."""
    from .render import printable

    return printable(text)


def _exit_code(exc: MedbriefError) -> int:
    """The exit code of an error (EXIT_CODES): 4 a live source failed, 3 no store, 2 bad question or usage (a
    missing path included), 1 anything else the command could not do."""
    if isinstance(exc, RemoteSourceError):
        return 4
    if isinstance(exc, StoreMissing):
        return 3
    if isinstance(exc, QuestionError | PathMissing):
        return 2
    return 1


def _say(reason: str, hint: str | None) -> None:
    """`error: <reason>` and `hint: <hint>` on stderr, one line each whatever the terminal's width."""
    err.print(f"[bold red]error:[/] {_v(_one_line(reason))}", highlight=False, markup=True, soft_wrap=True)
    if hint:
        err.print(f"hint: {_v(_one_line(hint))}", highlight=False, soft_wrap=True)


def _fail(exc: MedbriefError) -> NoReturn:
    """Print the error's one-line reason and hint on stderr and exit with its code."""
    _say(str(exc), exc.hint)
    raise typer.Exit(_exit_code(exc))


def _usage(message: str, hint: str | None = None) -> NoReturn:
    """A bad option value the CLI itself found: one line, a hint, exit 2 (as click's own usage errors)."""
    _say(message, hint)
    raise typer.Exit(2)


def _settings(db: Path | None = None, **overrides: Any) -> Settings:
    """The effective settings; a bad value in the environment (MEDBRIEF_LOCK_TIMEOUT=abc) is one line, exit 1."""
    with _errors():
        return Settings.load(db, **overrides)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except MedbriefError as exc:
        _fail(exc)


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal acts on: DEL and the C1 controls (\x9b is
# CSI on its own); U+2028/2029 break some JSON consumers' lines. Written as \uXXXX the JSON decodes to the exact text.
_JSON_RAW = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)}


class _StderrReporter:
    """What the store repairs, told on stderr; a rebuild shows a progress bar on a terminal."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: Any = None

    def note(self, message: str) -> None:
        err.print(f"medbrief: {_printable(message)}", highlight=False, markup=False, soft_wrap=True)

    def progress(self, done: int, total: int) -> None:
        if not err.is_terminal:
            return
        if self._bar is None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("[bold]reindex"), BarColumn(), TextColumn("{task.completed}/{task.total} "
                                 "passages"), TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("reindex", total=total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self._bar.stop()
            self._bar = None


def _print_json(data: Any) -> None:
    """`data` as JSON on stdout: the exact text of every string, and no raw control character in the bytes."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False).translate(_JSON_RAW) + "\n")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders, .zip or .gz to read.")],
    db: DbOption = None,
    as_: Annotated[
        str | None, typer.Option("--as", help="Read free text (Markdown, HTML, plain) as this tier: 'guideline'.")
    ] = None,
    body: Annotated[str | None, typer.Option(help="Issuing body for --as guideline (e.g. NICE).")] = None,
    year: Annotated[int | None, typer.Option(help="Publication year for --as guideline.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if anything was skipped.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    embed: Annotated[bool | None, typer.Option(
        "--embed/--no-embed",
        help="Compute passage embeddings for hybrid search (default: when the dense extra is installed).",
    )] = None,
) -> None:
    """Read sources into the store (format detected from content; re-running changes nothing)."""
    from . import pipeline

    settings = _settings(db)
    with _errors():
        embedder = pipeline.default_embedder() if embed else (
            pipeline.embedder_if_available() if embed is None else None
        )
    as_guideline = None
    if as_ is not None:
        if as_ != "guideline" or not body:
            _usage("--as guideline needs --body NAME (and optionally --year)", "e.g. --as guideline --body NICE")
        as_guideline = pipeline.FreeTextGuideline(body=body, year=year)
    with _errors():
        if quiet or json_ or not err.is_terminal:
            report = pipeline.ingest(settings, paths, as_guideline=as_guideline, embedder=embedder,
                                     reporter=_StderrReporter())
        else:
            with _ingest_bar(err) as bar:
                task = bar.add_task("ingest", total=None, item="", unit="bytes")

                def progress(done: int, total: int, item: str) -> None:
                    bar.update(task, completed=done, total=total, item=_v(item[-60:]))

                embed_task = None

                def embed_progress(done: int, total: int) -> None:
                    nonlocal embed_task
                    if embed_task is None:
                        embed_task = bar.add_task("embed", total=total, item="", unit="passages")
                    bar.update(embed_task, completed=done, total=total)

                report = pipeline.ingest(settings, paths, as_guideline=as_guideline, progress=progress,
                                         embedder=embedder, embed_progress=embed_progress,
                                         reporter=_StderrReporter())
    if json_:
        _print_json({**report.to_dict(), "db": str(settings.db_path)})
    else:
        _print_ingest_report(report, settings)
    if not report.documents_seen:
        _fail(_nothing_ingested(report))
    if strict and report.skipped:
        _say(f"{len(report.skipped)} input(s) skipped (--strict)", "the report lists each skip with its reason; "
             "--json lists all")
        raise typer.Exit(1)


def _ingest_bar(console: Console) -> Progress:
    """The ingest display: one row per task, labelled by its description ("ingest", "embed"), counted in its unit."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _CountColumn(ProgressColumn):
        """Done/total in each task's own unit: bytes (as kB/MB) for the files read, a plain count for passages
        embedded (one DownloadColumn showed both as bytes)."""

        def render(self, task: Task) -> Text:
            if task.fields.get("unit") == "bytes":
                return DownloadColumn().render(task)
            total = "?" if task.total is None else f"{int(task.total):,}"
            unit = task.fields.get("unit", "")
            return Text(f"{int(task.completed):,}/{total} {unit}".rstrip(), style="progress.download")

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), _CountColumn(), TimeElapsedColumn(),
        TimeRemainingColumn(), TextColumn("{task.fields[item]}", style="dim"), console=console, transient=False,
    )


def _nothing_ingested(report: pipeline.IngestReport) -> NothingIngested:
    """Why no document was read, and what would make one: free text needs `--as guideline --body NAME`."""
    if not report.files and not report.skipped:
        return NothingIngested("nothing to ingest: the paths hold no files",
                               hint="give files or folders with sources (formats: docs/formats.md)")
    free_text = [s for s in report.skipped if s.reason.startswith("free text")]
    what = f"all {len(report.skipped)} input(s) were skipped" if report.skipped else "no document was found"
    if free_text:
        return NothingIngested(f"nothing ingested: {what} ({len(free_text)} free text)",
                               hint="read free text (Markdown, HTML, plain) as a guideline with "
                                    "--as guideline --body NAME [--year YYYY]")
    return NothingIngested(f"nothing ingested: {what} (reasons above; --json lists all)",
                           hint="medbrief reads openFDA JSON, SPL and TAC XML, PubMed XML and MEDLINE, FHIR, "
                                "guideline JSONL and BEIR folders (docs/formats.md)")


def _table(*headers: str, border: box.Box | None = None) -> Table:
    """A table (borderless by default) whose cells fold onto a second line in a narrow terminal instead of ending
    in "…"."""
    from rich.table import Table

    table = Table(box=border)
    for h in headers:
        table.add_column(h, overflow="fold")
    return table


def _print_ingest_report(report: pipeline.IngestReport, settings: Settings) -> None:
    from . import pipeline

    rate = report.passages_written / report.seconds if report.seconds else 0.0
    # Documents, not records: an input holds older versions and duplicate copies of some documents, so the
    # record count alone would never match `stats`, /health or a brief's footer (issue 16).
    changed = report.document_counts()
    out.print(
        f"[bold]{report.documents_seen:,}[/] records read from {report.files:,} files: "
        f"[bold]{report.documents:,}[/] documents ({changed['added']:,} added, {changed['updated']:,} updated, "
        f"{changed['unchanged']:,} unchanged), {report.copies_kept_out:,} older versions and duplicate copies "
        f"kept out" + (f", {report.deleted:,} deleted" if report.deleted else "")
        + f"; {report.passages_written:,} passages written in {report.seconds:.1f} s"
        + (f" ({rate:,.0f} passages/s)" if rate >= 1 else "")  # "(0 passages/s)" for one passage is no rate
        + (f", {report.passages_rewritten:,} of them replaced again later in this run by newer versions"
           if report.passages_rewritten else "")
        + (f"; {report.embedded:,} passages embedded" if report.embedded else "")
    )
    out.print(f"the store now holds {report.store_documents:,} documents, {report.store_passages:,} passages "
              f"-> {_v(settings.db_path)}")
    if report.resplit:
        out.print(f"{report.resplit} stored documents re-cut into passages by this version's passage rule")
    if report.rederived:
        out.print(f"{report.rederived} stored labels' drug names derived again by this version's name rules")
    table = _table("tier", "records read", "passages written")
    for tier in pipeline.TIERS:
        table.add_row(tier, str(report.by_tier.get(tier, 0)), str(report.passages_by_tier.get(tier, 0)))
    out.print(table)
    if report.by_source:
        out.print("records by source: " + ", ".join(f"{_v(s)} {n}" for s, n in sorted(report.by_source.items())))
    if report.ignored_media:
        out.print(f"{report.ignored_media} images/PDFs ignored (label attachments)")
    if report.skipped:
        reasons = Counter(s.reason.split(":")[0] if ":" in s.reason else s.reason for s in report.skipped)
        out.print(f"[yellow]{len(report.skipped)} skipped[/] (" + "; ".join(f"{_v(r)}: {n}" for r, n in reasons.items())
                  + ")")
        for s in report.skipped[:20]:
            pos = f" [{s.position}]" if s.position else ""
            out.print(_printable(f"  - {s.origin}{pos}: {s.reason}"), highlight=False, markup=False)
        if len(report.skipped) > 20:
            out.print(f"  ... and {len(report.skipped) - 20} more (--json lists all)")


# How `search` says which ranking ran (the `mode` of --json, HTTP and MCP).
SEARCH_MODES = {"bm25": "BM25", "hybrid": "hybrid (BM25 fused with passage vectors)",
                "dense": "dense (passage vectors only)"}


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to search for (any syntax is taken as plain words).")],
    tier: Annotated[str | None, typer.Option(help="guideline | label | research")] = None,
    k: Annotated[int, typer.Option("-k", help="Number of passages.", min=1, max=1000)] = 10,
    mode: Annotated[str | None, typer.Option(
        help="bm25 | dense | hybrid (default: hybrid when the store has embeddings and the model is installed)."
    )] = None,
    db: DbOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ranked passages with document id, section, score and a snippet."""
    from . import pipeline

    if tier is not None and tier not in pipeline.TIERS:
        _usage(f"--tier must be one of {', '.join(pipeline.TIERS)}, not {tier!r}", "e.g. --tier label")
    if mode is not None and mode not in pipeline.MODES:
        _usage(f"--mode must be one of {', '.join(pipeline.MODES)}, not {mode!r}", "e.g. --mode bm25")
    settings = _settings(db)
    if mode != "bm25":
        pipeline.preload_model(settings)
    with _errors():
        hits = pipeline.search(settings, query, tier=tier, k=k, mode=mode,  # type: ignore[arg-type]
                               reporter=_StderrReporter())
    rows = [pipeline.hit_dict(h) for h in hits]
    if json_:  # the shape of HTTP /search and the MCP tool's structured result
        _print_json({"query": query, "tier": tier, "mode": hits.mode, "hits": rows,
                     **({"note": hits.note} if hits.note else {})})
        return
    ranking = SEARCH_MODES[hits.mode]
    if not rows:
        out.print(f"no passages match ({ranking})", highlight=False)
        return
    for r in rows:
        out.print(
            f"[bold]{r['rank']:>2}.[/] [cyan]{_v(r['doc_id'])}[/] [dim]{_v(r['tier'])} · {_v(r['section'])} · "
            f"score {r['score']:.2f}[/]", highlight=False
        )
        out.print(_printable(f"    {r['title']}"), style="bold", highlight=False, markup=False)
        out.print(_printable(f"    {r['snippet']}"), highlight=False, markup=False)
    out.print(f"[dim]{len(rows)} passage{'s' if len(rows) != 1 else ''}, ranked by {ranking}[/]", highlight=False)


@app.command()
def stats(
    db: DbOption = None, json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """Documents and passages per tier and source, store path and size."""
    from . import pipeline

    with _errors():
        data = pipeline.stats(_settings(db), reporter=_StderrReporter())
    if json_:
        _print_json(data)
        return
    table = _table("tier", "documents", "passages")
    for tier in pipeline.TIERS:
        table.add_row(tier, str(data["documents"][tier]), str(data["passages"][tier]))
    out.print(table)
    out.print("sources: " + ", ".join(f"{_v(s)} {n}" for s, n in data["sources"].items()))
    out.print(f"store: {_v(data['db'])} ({data['size_bytes'] / 1e6:.1f} MB); "
              f"skipped inputs on record: {data['skipped']}")
    out.print(_vectors_line(data["vectors"]), highlight=False)


def _vectors_line(v: dict[str, Any]) -> str:
    """`stats`' line on passage vectors: how many passages have one, of which model, and what to run."""
    if v["model"] is None:
        return (f"vectors: none ({v['passages']:,} passages; `medbrief embed` computes them for dense and hybrid "
                "search)")
    line = f"vectors: {v['passages_with_vectors']:,} of {v['passages']:,} passages, model {_v(v['model'])}"
    if v["model"] != v["current_model"]:
        line += f" (not the installed model {v['current_model']}: dense and hybrid search refuse it; `medbrief embed`)"
    elif v["passages_with_vectors"] < v["passages"]:
        line += " (`medbrief embed` embeds the rest)"
    return line


FORMATS = ("markdown", "text", "json")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='A clinical question, e.g. "What is baclofen used for?"')],
    db: DbOption = None,
    format_: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="markdown|text|json",
        help="markdown: rendered on a terminal, Markdown source when piped (the default); text: plain text, no "
             "Markdown syntax, wrapped at --width; json: the Brief JSON (validated against `medbrief schema`).",
    )] = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    width: Annotated[int | None, typer.Option(
        "--width", "-w", min=0, metavar="N",
        help="Wrap rendered and text output at N columns (default: the terminal's width, else COLUMNS or 80; "
             "0: text without wrapping).",
    )] = None,
    live: Annotated[bool, typer.Option(
        "--live", help="First fetch what the question needs and the store lacks: the labels of a drug it names "
                       "that no stored label names (openFDA, else DailyMed), and a year of PubMed records when it "
                       "asks for recent research ('latest', 'new', 'since 2024'). Offline: says so, answers from "
                       "what is local.")] = False,
    live_timeout: Annotated[float, typer.Option(
        "--live-timeout", min=0, metavar="SECONDS", help="Time allowed for --live's fetching.")] = 20.0,
) -> None:
    """Answer with a three-tier evidence brief; every statement cites the exact span that says it."""
    from . import pipeline

    if format_ is not None and format_ not in FORMATS:
        _usage(f"--format must be one of {', '.join(FORMATS)}, not {format_!r}", "e.g. --format text")
    if json_ and format_ not in (None, "json"):
        _usage(f"--json and --format {format_} ask for two formats", "give one of them")
    fmt = "json" if json_ else format_ or "markdown"
    settings = _settings(db)
    if live:
        _live(settings, question, live_timeout)
    pipeline.preload_model(settings)  # the model loads on another thread while the store opens and the composer imports
    with _errors():
        # the schema check where the JSON contract is at stake: the brief printed as JSON
        brief = pipeline.ask(settings, question, reporter=_StderrReporter(), validate=fmt == "json")
    print_brief(brief, fmt, width)


def _live(settings: Settings, question: str, timeout: float) -> None:
    """`ask --live`: fetch what the question needs within `timeout` s, saying what happened on stderr (one line
    each; offline is one line). Network trouble never stops the answer; a bad question or a store fault does."""
    from . import fetching, render

    with _errors():
        plan = fetching.live_plan(settings, question)
        if plan.empty:
            return
        outcome = fetching.live_fetch(settings, plan, timeout=timeout, reporter=_StderrReporter())
    for note in outcome.notes:
        err.print(f"medbrief: {render.printable(note)}", highlight=False, markup=False, soft_wrap=True)


def print_brief(brief: Brief, fmt: str, width: int | None = None, console: Console | None = None) -> None:
    """Print a brief on stdout as `ask` does: `fmt` "json" (exact text, controls as \\u escapes), "text"
    (`render.to_text` wrapped at `width`, else the console's width) or "markdown" (rendered by rich on a
    terminal at `width` columns, else the Markdown source). Every path escapes source text (`to_markdown`) or
    flattens it (`to_text`) and strips control characters (`render.printable`). `console` (tests) stands for
    stdout; by default one is built now, so NO_COLOR, FORCE_COLOR and COLUMNS are read as they are."""
    from . import render
    if fmt == "json":
        _print_json(brief.to_json_dict())
        return
    console = console or Console(soft_wrap=False, emoji=False)
    if fmt == "text":
        console.file.write(render.to_text(brief, console.width if width is None else width))
    elif console.is_terminal:  # to_markdown escapes source text; printable is the last guard before the terminal
        if width:
            console.width = width
        # soft_wrap=False: with soft wrapping rich crops every Markdown line at the terminal width (the end of long
        # statements and every reference's link were lost); word-wrapped here instead.
        from rich.markdown import Markdown

        console.print(Markdown(_printable(render.to_markdown(brief)), hyperlinks=True), soft_wrap=False)
    else:  # piped: the Markdown source, nothing cropped
        console.file.write(_printable(render.to_markdown(brief)))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Brief."""
    from .brief import shipped_schema

    _print_json(shipped_schema())


@app.command()
def reindex(db: DbOption = None) -> None:
    """Rebuild the search index from the stored records (works whatever state the index folder is in)."""
    from . import pipeline

    with _errors():
        n = pipeline.reindex(_settings(db), reporter=_StderrReporter())
    out.print(f"indexed {n} passages")


@app.command()
def check(
    db: DbOption = None, json_: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False
) -> None:
    """Check the store: SQLite integrity and every passage id between records and index (exit 1 on a difference).

    Changes nothing; `medbrief reindex` repairs what it finds in the index."""
    from . import pipeline

    with _errors():
        report = pipeline.check(_settings(db), reporter=_StderrReporter())
    data = report.to_dict()
    from .drug_service import facts_cache_note

    data["facts_cache"] = facts_cache_note(_settings(db).db_path)
    if json_:
        _print_json(data)
    else:
        out.print(f"store {_printable(data['db'])}: {data['passages']:,} passages stored, "
                  f"{data['index_entries']:,} in the index", highlight=False, markup=False)
        for line in data["integrity"]:
            out.print(f"  database: {_printable(line)}", highlight=False, markup=False)
        if data["index_error"]:
            out.print(f"  index: {_printable(data['index_error'])}", highlight=False, markup=False)
        for key, label in (("missing_from_index", "stored but not in the index"),
                           ("not_in_records", "in the index but not stored"),
                           ("duplicated_in_index", "in the index more than once"),
                           ("not_found_by_own_words", "not found by their own words (of a sample)")):
            if data[key]:
                shown = _printable(", ".join(data["examples"][key][:5]))
                out.print(f"  {data[key]:,} passages {label} (e.g. {shown})", highlight=False, markup=False)
        for v in data["vector_files"]:
            if v["state"] == "ok":
                state = "ok"
            elif v["state"] == "wrong":  # searches would use it: a problem (exit 1)
                state = f"wrong: {v['reason']} (searches would use it; `medbrief reindex` rewrites it)"
            else:
                state = f"{v['state']}: {v['reason']} (readers decode the vectors from the records meanwhile; " \
                    "`medbrief reindex` or the next reader rewrites it)"
            out.print(f"  vectors file ({_printable(v['model'])}): {_printable(state)}", highlight=False, markup=False)
        if data["pending_changes"]:
            out.print(f"  {data['pending_changes']:,} record changes not yet applied to the index", highlight=False)
        if data["facts_cache"]:
            fc = data["facts_cache"]
            out.print(f"  facts cache {_printable(fc['path'])}: "
                      + (f"{fc['labels']:,} labels' facts" if fc["labels"] is not None else "unreadable")
                      + " (kept by `drug` and `ask`; deleting it is always safe)", highlight=False, markup=False)
        out.print("ok" if report.ok else "problems found: run `medbrief reindex` (the records are the source of "
                  "truth; a damaged database needs a backup or a fresh ingest)", highlight=False, markup=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def info(db: DbOption = None) -> None:
    """Effective settings and paths."""
    s = _settings(db)
    out.print(f"store: {_v(s.db_path)} ({'exists' if s.db_path.exists() else 'missing'})", highlight=False)
    out.print(f"data:  {_v(s.data_dir)}", highlight=False)
    out.print(f"cache: {_v(s.sources.cache_dir)} (live-source downloads; MEDBRIEF_CACHE)", highlight=False)



# -- dense retrieval and evaluation (issue 6) ------------------------------------------------------
@app.command()
def embed(
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Compute the missing passage embeddings (resumable; unchanged text is never embedded twice)."""
    from . import pipeline

    settings = _settings(db)
    with _errors():
        try:
            # said on stderr even when piped: a silent 25-minute job looks hung (issue 16)
            if quiet or not err.is_terminal:
                n = pipeline.embed(settings, reporter=_StderrReporter(), estimate=_say_estimate)
            else:
                with _embed_bar() as update:
                    n = pipeline.embed(settings, update, reporter=_StderrReporter(), estimate=_say_estimate)
        except KeyboardInterrupt:
            # what Ctrl-C kept: every finished batch is committed (the estimate promised "Ctrl-C is safe")
            v = pipeline.stats(settings)["vectors"]
            err.print(f"interrupted: {v['passages_with_vectors']:,} of {v['passages']:,} passages have vectors "
                      "(kept); run `medbrief embed` again to embed the rest", highlight=False)
            raise typer.Exit(130) from None
    out.print(f"embedded {n:,} passages", highlight=False)


def _say_estimate(passages: int, seconds: float) -> None:
    """`88,002 passages to embed, about 25 min on this machine; Ctrl-C is safe ...` on stderr."""
    if not passages:
        err.print("every passage already has a vector of the installed model; nothing to embed", highlight=False)
        return
    err.print(f"{passages:,} passages to embed, {_duration(seconds)} on this machine; Ctrl-C is safe "
              "(what is embedded is kept; run `medbrief embed` again to resume)", highlight=False)


def _duration(seconds: float) -> str:
    """A rough duration to follow "N passages to embed, ": "under a minute", "about 25 min", "about 1 h 40 min"."""
    if seconds < 60:
        return "under a minute" if seconds >= 5 else "a few seconds"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min"
    return f"about {minutes // 60} h {minutes % 60} min"


@contextmanager
def _embed_bar() -> Iterator[Any]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[bold]embed"), BarColumn(), TextColumn("{task.completed}/{task.total} passages"),
        TimeElapsedColumn(), TimeRemainingColumn(), console=err,
    ) as bar:
        task = bar.add_task("embed", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


eval_app = typer.Typer(help="Measure retrieval quality.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def eval_retrieval(
    folder: Annotated[Path, typer.Argument(help="BEIR folder: queries.jsonl, qrels/test.tsv (and corpus.jsonl).")],
    corpus: Annotated[Path | None, typer.Option(help="Take corpus.jsonl from this folder instead.")] = None,
    index_dir: Annotated[Path | None, typer.Option(help="Where to build the corpus's own store (default: cache).")]
    = None,
    mode: Annotated[list[str] | None, typer.Option(help="bm25 | dense | hybrid (repeatable; default all).")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """nDCG@10, Recall@10/100 and MRR@10 per search mode on a BEIR folder (its corpus gets its own store)."""
    from . import pipeline

    modes = mode or list(pipeline.MODES)
    if any(m not in pipeline.MODES for m in modes):
        _usage(f"--mode must be one of {', '.join(pipeline.MODES)}", "e.g. --mode bm25 --mode hybrid")
    evaluate_retrieval = pipeline.evaluate_retrieval
    with _errors():
        embedder = pipeline.default_embedder() if any(m != "bm25" for m in modes) else None
        if json_ or not err.is_terminal:
            report = evaluate_retrieval(folder, corpus=corpus, index_dir=index_dir, modes=modes, embedder=embedder)
        else:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(), console=err, transient=True,
            ) as bar:
                tasks: dict[str, Any] = {}

                def progress(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(stage, total=total)
                    bar.update(tasks[stage], completed=done, total=total)

                report = evaluate_retrieval(folder, corpus=corpus, index_dir=index_dir, modes=modes,
                                            embedder=embedder, progress=progress)
    data = report.to_dict()
    if json_:
        _print_json(data)
        return
    metrics = list(next(iter(data["scores"].values())))
    from rich import box

    table = _table("mode", *metrics, "p50 ms", "p95 ms", border=box.HEAVY_HEAD)
    table.title = f"{_v(report.name)}: {report.queries} queries, {report.documents} documents"
    for m, scores in data["scores"].items():
        lat = data["latency_ms"][m]
        table.add_row(m, *(f"{scores[k]:.4f}" for k in metrics), f"{lat['p50']:.1f}", f"{lat['p95']:.1f}")
    out.print(table)
    built = "reused" if report.reused_index else f"built in {report.ingest_seconds:.1f} s"
    if report.embedder is None:
        vectors = "no vectors used"
    elif report.embedded == report.embedded_total:
        vectors = f"embedded {report.embedded} passages in {report.embed_seconds:.1f} s"
    else:  # the vectors come (partly) from earlier runs
        vectors = (f"{report.embedded_total} passages embedded in {report.embed_seconds:.1f} s by the build, "
                   f"{report.embedded} by this run")
    out.print(f"index: {_v(report.index_dir)} ({built}, {report.index_bytes / 1e6:.1f} MB); {vectors}", highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (keep 127.0.0.1 unless you mean to share it).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: DbOption = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", metavar="NAME",
        help="Also answer requests for this Host name (repeatable; replaces MEDBRIEF_ALLOWED_HOSTS; '*' = any). "
             "Loopback names and the --host address are always answered.")] = None,
    ask_processes: Annotated[int | None, typer.Option(
        help="Processes composing /ask briefs (default: one per core; 0 = in the serving process). /ask is "
             "CPU-bound Python: processes let it use every core while /search and /health stay fast. "
             "See docs/server.md.", min=0, max=64, show_default=False)] = None,
    workers: Annotated[int, typer.Option(
        help="Serving processes (uvicorn workers), each composing briefs in its own threads, instead of one "
             "serving process with ask processes.", min=1, max=64)] = 1,
) -> None:
    """Serve the HTTP API (/ask, /search, /documents, /health, /docs) and the web page at /."""
    settings = _settings(db, allowed_hosts=allow_host)
    if workers > 1 and ask_processes:
        _say("--ask-processes and --workers are alternatives", "with --workers each serving process composes "
             "briefs in its own threads; use one of them (docs/server.md, Concurrency)")
        raise typer.Exit(2)
    try:
        from . import server  # imported here: the CLI starts fast and works without the `server` extra
    except ImportError as exc:
        _say(str(exc.msg), "install the server extra: pip install 'medbrief[server]'")
        raise typer.Exit(1) from exc
    if not settings.db_path.exists():
        err.print(f"warning: no store at {_v(settings.db_path)} yet; the API answers 503 until `medbrief ingest` makes "
                  "it", highlight=False, soft_wrap=True)
    err.print(f"medbrief: http://{_v(host)}:{port}/  (API docs at /docs; store {_v(settings.db_path)})",
              highlight=False, soft_wrap=True)
    policy = server.host_policy(settings, host)
    warn = "warning: " if policy.any_host or policy.any_ip else ""
    err.print(f"{warn}answering {policy.describe()}; others get 421 (add names with --allow-host)",
              highlight=False, markup=False)
    server.serve(settings, host=host, port=port, workers=workers, ask_processes=ask_processes)


@app.command()
def mcp(db: DbOption = None) -> None:
    """Run the MCP server over stdio (tools: ask, search, get_document) for MCP clients."""
    settings = _settings(db)
    try:
        from . import mcp_server  # imported here: the CLI starts fast and works without the `server` extra
    except ImportError as exc:
        _say(str(exc.msg), "install the server extra: pip install 'medbrief[server]'")
        raise typer.Exit(1) from exc
    mcp_server.run_stdio(settings)


from . import cli_drug, cli_facts  # noqa: E402,F401  (register `medbrief drug` and `medbrief facts` on `app`)

if __name__ == "__main__":  # pragma: no cover
    # `python -m medbrief.cli`: this file runs as __main__, a second copy of the module; the commands of
    # cli_fetch register on the module proper (imported here), whose app is the one to run
    from medbrief.cli import app as _app

    _app()
else:
    from . import cli_fetch  # after the app and the helpers it imports exist (it imports them from here)

    cli_fetch.register(app)
