"""`medbrief facts`: the structured facts of the stored labels, as JSON lines or a table (registered in cli.py)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import _JSON_RAW, DbOption, _errors, _settings, _StderrReporter, app, out

if TYPE_CHECKING:  # imported when the command runs: `medbrief --help` stays fast (tests/cli/test_startup.py)
    from .facts import LabelFact

_QUOTE_CHARS = 300  # a quote's characters shown; --json gives the whole quote


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
    import textwrap

    from . import facts_service, render

    settings = _settings(db)
    with _errors():
        found = facts_service.facts(settings, drug, reporter=_StderrReporter())
    if json_:
        for f in found:
            sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False).translate(_JSON_RAW) + "\n")
        return
    # one paragraph per fact under its label's doc id: the fact on one line, its quote wrapped below it at the
    # console's width (a table squeezed the quote to a word a line at 80 columns)
    by_label: dict[str, list[LabelFact]] = {}
    for f in found:
        by_label.setdefault(f.doc_id, []).append(f)
    width = max(out.width, 20)

    def para(text: str, indent: str, style: str | None = None) -> None:
        for line in textwrap.wrap(render.printable(text), width, initial_indent=indent, subsequent_indent=indent,
                                  break_long_words=False, break_on_hyphens=False):
            out.print(line, style=style, markup=False, highlight=False)

    for doc_id, label_found in by_label.items():
        out.print(render.printable(doc_id), style="bold", markup=False, highlight=False)
        for f in label_found:
            para(fact_line(f), "  ", "bold")
            quote = " ".join(f.quote.split())
            quote = quote if len(quote) <= _QUOTE_CHARS else quote[: _QUOTE_CHARS - 1].rstrip() + "…"
            para(f"“{quote}”", "    ")
        out.print()
    out.print(f"{len(found)} facts from {len(by_label)} labels", highlight=False)


def fact_line(f: LabelFact) -> str:
    """The fact's fields in one line: "max_dose · maximum · 36 mg · per day · adults · by mouth"."""
    value = _value(f.value) + (f" {f.unit}" if f.unit else "")
    per = "" if not f.per else f"every {f.per}" if f.kind == "titration" and f.per[0].isdigit() else (
        f.per if f.kind == "titration" else f"per {f.per}")
    parts = [f.fact, f.kind, value, per, f.population or "", f.route_form or ""]
    return " · ".join(p for p in parts if p)
