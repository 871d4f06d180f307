"""`medbrief drug NAME`: a drug card — names, forms, routes, labels and their dates, codes, the label facts each with
its quote and label, the facts the reader found in no label, and where labels disagree (registered in cli.py)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from .cli import DbOption, _errors, _print_json, _settings, _StderrReporter, app

# how a paragraph of the card looks on a terminal (rich styles; NO_COLOR turns colour off, bold stays)
_STYLES = {"title": "bold", "heading": "bold cyan", "field": "", "item": "bold", "quote": "", "note": "italic",
           "row": "", "cite": "dim"}


@app.command()
def drug(
    name: Annotated[str, typer.Argument(help="A drug: generic, brand or substance name (e.g. tizanidine, Zanaflex).")],
    db: DbOption = None,
    json_: Annotated[bool, typer.Option("--json", help="The card as one JSON object (schema: docs/drug.md).")]
    = False,
    width: Annotated[int | None, typer.Option(
        "--width", "-w", min=0, metavar="N",
        help="Wrap at N columns (default: the terminal's width, else COLUMNS or 80; 0: no wrapping).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every statement of each fact (default: the first 6).")]
    = False,
) -> None:
    """A drug card from the stored labels: names, dosage forms, routes, number of labels and their dates,
    RxCUI/UNII, then each fact (maximum and starting dose, titration, renal, hepatic, boxed warning,
    contraindications, withdrawal, pregnancy, lactation, most common adverse reactions) with the label sentence
    that states it and its label, the facts the reader found in no label, and the labels that disagree side by side.
    Combination products are listed apart. An unknown drug is exit 2, as for `facts` and `ask`."""
    from . import drug_service
    from .facts.card import card_lines, to_text, wrap_line

    settings = _settings(db)
    with _errors():
        card = drug_service.drug_card(settings, name, reporter=_StderrReporter())
    if json_:
        _print_json(card.to_dict())
        return
    shown = None if all_ else 6
    console = Console(soft_wrap=True, emoji=False)  # built now: NO_COLOR, FORCE_COLOR and COLUMNS as they are
    if not console.is_terminal or width == 0:  # piped: plain text, nothing cropped
        console.file.write(to_text(card, console.width if width is None else width, shown))
        return
    w = width or console.width
    for ln in card_lines(card, shown):
        if ln.style == "heading":
            console.print()
        lines = wrap_line(ln, w)
        for i, text in enumerate(lines):
            style = _STYLES.get(ln.style, "")
            if ln.style in ("title", "heading") and i == len(lines) - 1:
                style = "dim"  # the underline
            console.print(text, style=style or None, markup=False, highlight=False, emoji=False)
