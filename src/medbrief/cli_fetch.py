"""`medbrief fetch ...`, `medbrief sources`, `medbrief update`: live sources into the store (issue 14).

A thin shell over `medbrief.fetching`: progress bars on stderr (plain when piped), a one-line summary per request
on stdout, the exit-code table of cli.py (4: a live source could not be reached or refused the request)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

import typer

from .cli import (
    DbOption,
    _exit_code,
    _ingest_bar,
    _print_json,
    _say,
    _settings,
    _StderrReporter,
    _table,
    _usage,
    _v,
    err,
    out,
)
from .errors import MedbriefError, SourceUnreachable
from .settings import Settings

if TYPE_CHECKING:  # the commands import these when they run: `medbrief --help` stays fast (tests/cli/test_startup.py)
    from rich.progress import Progress

    from . import fetching

fetch_app = typer.Typer(
    help="Download evidence from a live source (openFDA, PubMed, DailyMed), ingest it and record the fetch "
         "(`medbrief sources` lists them, `medbrief update` refreshes them).",
    no_args_is_help=True,
)

# the unit each connector counts its progress in (connectors' docstrings)
UNITS = {"openfda": "labels", "openfda-bulk": "bytes", "pubmed": "records", "pubmed-baseline": "bytes",
         "dailymed": "labels"}

QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print what was fetched as JSON.")]
EmbedOption = Annotated[bool | None, typer.Option(
    "--embed/--no-embed", help="Compute passage embeddings of what is ingested (default: when the dense extra is "
                               "installed).")]


def _embedder(embed: bool | None) -> Any:
    from . import pipeline

    if embed:
        return pipeline.default_embedder()
    return pipeline.embedder_if_available() if embed is None else None


@contextmanager
def _bars(show: bool) -> Iterator[Progress | None]:
    """One display for downloads and the ingest after them (stderr; none when piped, --quiet or --json)."""
    if not show:
        yield None
        return
    with _ingest_bar(err) as bar:
        yield bar


def _run(settings: Settings, requests: list[fetching.FetchRequest], *, quiet: bool, json_: bool,
         embed: bool | None, cursors: dict[int, str | None] | None = None, keep_going: bool = False,
         rerun: str | None = None) -> None:
    """Fetch each request in turn; print a summary line each (or JSON of all); exit with the first failure's code
    (after trying the others when `keep_going`)."""
    show = not (quiet or json_) and err.is_terminal
    results: list[dict[str, Any]] = []
    from . import fetching

    done: list[fetching.FetchResult] = []
    failed: MedbriefError | None = None
    # hosts found unreachable (offline, refused) in this run: their other requests are not tried (each would wait
    # out its own connect retries to say the same thing); the other hosts' requests still run
    unreachable: set[str] = set()
    hinted = False
    try:
        embedder = _embedder(embed)
    except MedbriefError as exc:
        _say(str(exc), exc.hint)
        raise typer.Exit(_exit_code(exc)) from exc
    with _bars(show) as bar:
        for i, request in enumerate(requests):
            if _host(settings, request) in unreachable:
                continue
            progress = ingest_progress = None
            if bar is not None:
                label = f"{request.source} {request.describe}"[:40]
                task = bar.add_task("download", total=None, item=_v(label), unit=UNITS.get(request.source, ""))

                def progress(done: int, total: int | None, task: Any = task) -> None:
                    bar.update(task, completed=done, total=total)

                itask = None

                def ingest_progress(done: int, total: int, item: str) -> None:
                    nonlocal itask
                    if itask is None:
                        itask = bar.add_task("ingest", total=total, item="", unit="bytes")
                    # the file's name, not its path in the cache ("…ax-files-1-f8f72638/pubmed25n0001.xml.gz")
                    bar.update(itask, completed=done, total=total, item=_v(_file_name(item)[-40:]))

            try:
                result = fetching.fetch(settings, request, cursor=(cursors or {}).get(i), progress=progress,
                                        ingest_progress=ingest_progress, embedder=embedder,
                                        reporter=_StderrReporter(), rerun=rerun)
            except MedbriefError as exc:
                if failed is None:
                    failed = exc
                if keep_going and isinstance(exc, SourceUnreachable):
                    host = _host(settings, request)
                    unreachable.add(host)
                    left = sum(1 for r in requests[i + 1:] if _host(settings, r) == host)
                    also = f"; {left} recorded request{'s' if left != 1 else ''} to it not tried" if left else ""
                    _say(f"{request.source} {request.describe}: {exc}{also}", None if hinted else exc.hint)
                    hinted = True
                    continue
                _say(f"{request.source} {request.describe}: {exc}", exc.hint)
                if not keep_going:
                    break
                continue
            results.append(result.to_dict())
            if bar is None and not json_:
                _summary_line(result)  # as each completes; under live bars, after them (below)
            elif not json_:
                done.append(result)
    for result in done:
        _summary_line(result)
    if json_:
        _print_json({"db": str(settings.db_path), "fetched": results})
    if failed is not None:
        raise typer.Exit(_exit_code(failed))


def _file_name(origin: str) -> str:
    """The file name of an ingest origin (a path, or a path then `!member` / `#n` inside an archive)."""
    return origin.replace("\\", "/").rsplit("/", 1)[-1]


def _host(settings: Settings, request: fetching.FetchRequest) -> str:
    """The host (and port) a request is sent to: what "unreachable" is said of."""
    url = request.url(settings.sources)
    return urlsplit(url).netloc or url


def _summary_line(result: fetching.FetchResult) -> None:
    r = result.record
    rep = result.report
    if rep is None:
        what = "nothing new" if r.cursor else "nothing found"  # a cursor: an earlier fetch found something
    else:
        c = rep.document_counts()
        deleted = f", {rep.deleted:,} deleted" if rep.deleted else ""  # update files' deletions applied
        what = (f"{r.files:,} file(s), {r.documents:,} document(s) ({c['added']:,} added, {c['updated']:,} updated, "
                f"{c['unchanged']:,} unchanged{deleted})")
    cache = f", {r.cached:,} from the cache" if r.cached else ""
    cursor = f"; next update from {r.cursor}" if r.cursor else ""
    out.print(f"{_v(r.source)} {_v(r.request)}: {what}; {r.requests:,} request(s){cache}{cursor}", highlight=False)
    for note in r.notes:
        err.print(f"medbrief: {_v(note)}", highlight=False)
    if rep is not None and rep.skipped:
        err.print(f"medbrief: {len(rep.skipped)} input(s) skipped while ingesting (e.g. {_v(rep.skipped[0].origin)}: "
                  f"{_v(rep.skipped[0].reason)})", highlight=False)


# what a usage error of each source's request shows as its hint: a command that works
EXAMPLES = {"openfda": "e.g. medbrief fetch openfda --drug baclofen", "dailymed": "e.g. medbrief fetch dailymed "
            "--drug baclofen", "pubmed": 'e.g. medbrief fetch pubmed --query "baclofen spasticity" --max 300'}


def _make(source: str, **params: Any) -> fetching.FetchRequest:
    try:
        from . import fetching

        return fetching.FetchRequest.make(source, **params)
    except MedbriefError as exc:
        _usage(str(exc), exc.hint or EXAMPLES.get(source, "see `medbrief fetch --help`"))


# the hint of `sources` / `update` when there is no store: a store comes from a fetch as well as from ingest
NO_STORE_HINT = ("fetch into a new store with `medbrief fetch openfda --drug NAME` (or `fetch pubmed --query Q`), "
                 "or run `medbrief ingest PATH...`, or point --db / MEDBRIEF_DB at an existing store")


def _recorded(settings: Settings) -> list[Any]:
    """The store's recorded fetches; an error is printed (a missing store hints at `fetch` too) and exits."""
    from . import fetching
    from .errors import StoreMissing

    try:
        return fetching.recorded(settings)
    except StoreMissing as exc:
        _say(str(exc), NO_STORE_HINT)
        raise typer.Exit(_exit_code(exc)) from exc
    except MedbriefError as exc:
        _say(str(exc), exc.hint)
        raise typer.Exit(_exit_code(exc)) from exc


@fetch_app.command("openfda")
def fetch_openfda(
    drug: Annotated[list[str] | None, typer.Option("--drug", metavar="NAME",
                                                   help="Every label version of this ingredient (repeatable).")]
    = None,
    bulk: Annotated[bool, typer.Option("--bulk", help="The bulk label files openFDA's download index lists "
                                                      "(several GB; resumable).")] = False,
    db: DbOption = None, quiet: QuietOption = False, json_: JsonOption = False, embed: EmbedOption = None,
) -> None:
    """FDA labels from openFDA's API (OPENFDA_API_KEY raises the daily limit)."""
    if drug and bulk:
        _usage("give one of --drug or --bulk, not both", "--drug NAME fetches one drug's labels by the API; --bulk "
               "every label (several GB)")
    if not drug and not bulk:
        _usage("give --drug NAME (repeatable) or --bulk", EXAMPLES["openfda"])
    requests = [_make("openfda-bulk")] if bulk else [_make("openfda", drug=d) for d in drug or []]
    _run(_settings(db), requests, quiet=quiet, json_=json_, embed=embed)


@fetch_app.command("pubmed")
def fetch_pubmed(
    query: Annotated[str, typer.Option("--query", metavar="Q", help='PubMed search, e.g. "baclofen spasticity".')],
    max_: Annotated[int | None, typer.Option("--max", min=1, max=100_000,
                                             help="At most this many records (default 300).")] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="YYYY-MM-DD",
                                              help="Only records entered since this date.")] = None,
    db: DbOption = None, quiet: QuietOption = False, json_: JsonOption = False, embed: EmbedOption = None,
) -> None:
    """PubMed records via E-utilities (NCBI_API_KEY: 10 requests/s instead of 3; MEDBRIEF_NCBI_EMAIL)."""
    day = None
    if since:
        try:
            day = date.fromisoformat(since)
        except ValueError:
            _usage(f"--since must be a date YYYY-MM-DD, not {since!r}", "e.g. --since 2024-01-01")
    # a failure's hint shows the command as the user gave it (no `--max 300` they never typed)
    given = (f"medbrief fetch pubmed --query {shlex.quote(' '.join(query.split()))}"
             + (f" --max {max_}" if max_ else "") + (f" --since {since}" if since else ""))
    _run(_settings(db), [_make("pubmed", query=query, max=max_ or 300, since=day)], quiet=quiet, json_=json_,
         embed=embed, rerun=given)


@fetch_app.command("pubmed-baseline")
def fetch_pubmed_baseline(
    updates: Annotated[bool, typer.Option("--updates", help="The daily update files (after the baseline).")]
    = False,
    max_files: Annotated[int | None, typer.Option("--max-files", min=1, metavar="N",
                                                  help="At most N files this run (the rest next run).")] = None,
    db: DbOption = None, quiet: QuietOption = False, json_: JsonOption = False, embed: EmbedOption = None,
) -> None:
    """PubMed's annual baseline (or daily update) files, md5-checked, resumable; deletions applied."""
    _run(_settings(db), [_make("pubmed-baseline", updates=updates, max_files=max_files)], quiet=quiet,
         json_=json_, embed=embed)


@fetch_app.command("dailymed")
def fetch_dailymed(
    drug: Annotated[list[str], typer.Option("--drug", metavar="NAME", help="Every SPL DailyMed lists for this "
                                                                           "name (repeatable).")],
    db: DbOption = None, quiet: QuietOption = False, json_: JsonOption = False, embed: EmbedOption = None,
) -> None:
    """FDA labels (SPL zips) from DailyMed's web services."""
    _run(_settings(db), [_make("dailymed", drug=d) for d in drug], quiet=quiet, json_=json_, embed=embed)


def sources(
    db: DbOption = None, json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What was fetched from live sources: from where, when, how many documents, where `update` resumes."""
    settings = _settings(db)
    from . import fetching

    records = _recorded(settings)
    try:
        stored = fetching.stored_documents(settings, records)
    except MedbriefError:  # the count from the records is an estimate, but still an answer
        stored = None
    rows = fetching.summary(records, stored)
    if json_:
        _print_json({"db": str(settings.db_path), "sources": rows})
        return
    if not rows:
        out.print("nothing fetched yet: `medbrief fetch openfda --drug NAME` or `medbrief fetch pubmed --query Q` "
                  "fetches from a live source", highlight=False)
        return
    table = _table("source", "request", "documents", "fetches", "last (UTC)", "from", "update from")
    for r in rows:
        when = r["last_fetched"].replace("+00:00", "").replace("T", " ")[:16]
        table.add_row(_v(r["source"]), _v(r["request"]), f"{r['documents']:,}", str(r["fetches"]), _v(when),
                      _v(urlsplit(r["url"]).netloc or r["url"]), _v(r["cursor"] or "-"))
    out.print(table)
    out.print(f"store: {_v(settings.db_path)}; `medbrief update` fetches what is new since, `--json` shows the "
              "full URLs and times", highlight=False)


def update(
    db: DbOption = None, quiet: QuietOption = False, json_: JsonOption = False, embed: EmbedOption = None,
) -> None:
    """Fetch again every recorded request, each from where its last fetch stopped (only what is new)."""
    settings = _settings(db)
    from . import fetching

    pending = fetching.pending_updates(_recorded(settings))
    if not pending:
        if json_:
            _print_json({"db": str(settings.db_path), "fetched": []})
        else:
            out.print("nothing to update: no fetch is recorded in this store (`medbrief sources`)", highlight=False)
        return
    _run(settings, [r for r, _ in pending], quiet=quiet, json_=json_, embed=embed,
         cursors={i: c for i, (_, c) in enumerate(pending)}, keep_going=True, rerun="medbrief update")


def register(app: typer.Typer) -> None:
    """Add `fetch`, `sources` and `update` to the medbrief command."""
    app.add_typer(fetch_app, name="fetch")
    app.command("sources")(sources)
    app.command("update")(update)

