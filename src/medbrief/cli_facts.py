"""`medbrief facts`: the structured facts of the stored labels, as JSON lines or a table (registered in cli.py)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import _JSON_RAW, DbOption, _errors, _settings, _StderrReporter, app, out

if TYPE_CHECKING:  # imported when the command runs: `medbrief --help` stays fast (tests/cli/test_startup.py)
    from .facts import LabelFact

_QUOTE_CHARS = 120  # the table's quote column; --json gives the whole quote


def _value(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "–".join(str(x) for x in v)
    return str(v)


@app.command()
def facts(
    drug: Annotated[str | None, typer.Option("--drug", help="Only this drug's labels (generic, brand or substance "
                                             "name).")] = None,
    db: DbOption = None,
    json_: Annotated[bool, typer.Option("--json", help="One JSON object per fact per line (schema: docs/facts.md).")]
    = False,
) -> None:
    """Structured facts of the stored labels: maximum and starting doses, renal and hepatic statements, boxed
    warning topics, contraindications, adverse reactions, withdrawal, pregnancy and lactation, each with the
    passage span that states it.

    An unknown drug is exit 2, as for `ask`."""
    from rich import box
    from rich.table import Table

    from . import facts_service, render

    settings = _settings(db)
    with _errors():
        found = facts_service.facts(settings, drug, reporter=_StderrReporter())
    if json_:
        for f in found:
            sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False).translate(_JSON_RAW) + "\n")
        return
    # one table per label, its doc id above it: the quote keeps most of the width
    by_label: dict[str, list[LabelFact]] = {}
    for f in found:
        by_label.setdefault(f.doc_id, []).append(f)
    for doc_id, label_found in by_label.items():
        out.print(render.printable(doc_id), style="bold", markup=False, highlight=False)
        table = Table(box=box.SIMPLE, show_lines=False, pad_edge=False)
        for col, ratio in (("fact", 2), ("kind", 2), ("value", 2), ("per", 1), ("population", 2), ("quote", 8)):
            table.add_column(col, overflow="fold", ratio=ratio)
        for f in label_found:
            quote = f.quote if len(f.quote) <= _QUOTE_CHARS else f.quote[: _QUOTE_CHARS - 1].rstrip() + "…"
            value = _value(f.value) + (f" {f.unit}" if f.unit else "")
            table.add_row(*(render.printable(x) for x in (f.fact, f.kind, value, f.per or "", f.population or "",
                                                           " ".join(quote.split()))))
        out.print(table, markup=False, highlight=False)
    out.print(f"{len(found)} facts from {len(by_label)} labels", highlight=False)
