"""Reading a label's tables for one question: each row with its header, the prose copies of a table's cells, and
the row for the patient's measure (clearance, weight or age band).

The stored tables are Markdown pipe tables (sources/tables.py writes them and `pipe_tables` reads them back);
label_reading asks this module for a label's rows as candidate statements beside its sentences.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..records import Passage
from ..sources.tables import PipeTable, TableLine, is_delimiter, pipe_tables, text_lines
from .drafts import Draft
from .sentences import Sentence
from .topic import mentions, sentence_words

if TYPE_CHECKING:  # label_reading imports this module
    from .label_reading import Focus


@dataclass(frozen=True, slots=True)
class TableRow(Sentence):
    """A table row read with its header (sources/tables.py writes tables as Markdown pipe tables): `start`/`end`
    span the row's line, `text` pairs each cell with its column ("Indication: Schizophrenia-Adults ( 2.2 );
    Maximum Dose: 750 mg/day."), `context` the lines it is read with (its header, its group label) as (passage id,
    start, end, quote) — the header may stand in the passage before, when a long table was cut."""

    context: tuple[tuple[str, int, int, str], ...] = ()


def table_rows(passages: tuple[Passage, ...]) -> dict[str, list[TableRow]]:
    """Every row of every table with a header in a label's passages (in reading order), by passage id."""
    return _table_rows(tuple((p.id, p.section_code, p.text) for p in passages))


def _quote(pid: str, line: TableLine) -> tuple[str, int, int, str]:
    return (pid, line.start, line.end, line.text)


@lru_cache(maxsize=256)
def _table_rows(passages: tuple[tuple[str, str | None, str], ...]) -> dict[str, list[TableRow]]:
    out: dict[str, list[TableRow]] = {}
    # a table the passage before ended in: its header cells and the header line's quote (passage id, span, text)
    carried: tuple[tuple[str, ...], tuple[str, int, int, str]] | None = None
    carried_group: tuple[str, int, int, str] | None = None  # the last group label of that table
    section: str | None = None
    for pid, code, text in passages:
        if code != section:
            carried = None  # a header reaches into the next passage only where the table goes on there
        section = code
        before, carried = carried, None
        before_group, carried_group = (carried_group if before else None), None
        for t in pipe_tables(text, before[0] if before else None):
            if t.header_line is not None:
                head = _quote(pid, t.header_line)
            elif before is not None:
                head = before[1]  # the rows go on a table whose header is in a passage before
            else:
                continue  # (pipe_tables gives a table without its header line only for a carried header)
            if _key_value(t):
                rows, last_group = _key_value_rows(pid, t, before_group if t.header_line is None else None)
                out.setdefault(pid, []).extend(rows)
                carried, carried_group = ((t.header, head), last_group) if t.open else (None, None)
                continue
            for row in t.rows:
                parts = [f"{h}: {c.rstrip('.;:')}" if h else c.rstrip(".;:")
                         for h, c in zip(t.header, row.cells, strict=True) if c]
                if len(parts) < 2 or stacked_row(row.cells):
                    continue
                rendered = "; ".join(parts) + "."
                group = row.group
                if group is not None:
                    rendered = f"{(group.cells[0] if group.cells else group.text).strip()} – {rendered}"
                if t.caption is not None:
                    rendered = f"{t.caption.text.strip()} – {rendered}"
                context = (head, *(_quote(pid, ln) for ln in (t.caption, group) if ln is not None))
                out.setdefault(pid, []).append(TableRow(row.line.start, row.line.end, rendered, context))
            carried, carried_group = ((t.header, head) if t.open else None), None
    return out


# A cell of two or more bare numbers ("20 3", "7.3 10.3", "2.85 1.35"): values of stacked sub-rows flattened into
# one cell, as when a label writes "Dyskinesia<br/>Dizziness" beside "20<br/>3".
_STACKED_NUMBERS = re.compile(r"[<>≤≥]?\d+(?:\.\d+)?%?(?:\s+[<>≤≥]?\d+(?:\.\d+)?%?)+")


def stacked_row(cells: tuple[str, ...]) -> bool:
    """A row that merges several rows of the label's table: some cell stacks bare numbers, so no value can be paired
    with its item ("Nervous system disorders Dyskinesia Dizziness | 20 3 | 6 1"). Read with its header it would
    still say the wrong thing: it is skipped (issue 12 point 3: a row with its header, or not at all)."""
    return any(_STACKED_NUMBERS.fullmatch(c.strip()) for c in cells)


def _key_value(t: PipeTable) -> bool:
    """A table whose rows each name a field in their first cell and give its value in the second ("| Clinical
    Impact: | The concomitant use of ... |", "| Examples: | ... | | |"): its "header" is a data row or a group's
    title, and a row is a field and its value, not cells under column names."""
    if len(t.header) < 2:
        return False
    # (most rows name a field too: "| ADULTS: | USUAL DAILY DOSE: |" over "| Management of Anxiety ... | 2 mg |"
    # is a header over rows of indications and doses)
    fields = [r for r in t.rows if r.cells[0].strip().endswith(":") and not any(c.strip() for c in r.cells[2:])]
    if not t.rows or len(fields) < 0.6 * len(t.rows):
        return False
    return (len(t.header) == 2 and t.header[0].strip().endswith(":") and not t.header[1].strip().endswith(":")
            and len(t.header[1].split()) >= 3) or _title_row(t.header)


def _title_row(cells: tuple[str, ...]) -> bool:
    """A row that is one title across the table: its filled cells all say the same ("| MAOIs | MAOIs | MAOIs | |")."""
    filled = {c.strip() for c in cells if c.strip()}
    return len(filled) == 1 and not next(iter(filled)).endswith(":")


_SENTENCE_VALUE = re.compile(r"^[A-Z][^|]*[.!]\s*(?:\[[^\]]*\]\s*\.?)?\s*$")


def _key_value_rows(pid: str, t: PipeTable, group: tuple[str, int, int, str] | None) -> tuple[list[TableRow],
                                                                                  tuple[str, int, int, str] | None]:
    """A field-and-value table's rows (its header line first): a value that is a sentence stands alone ("Clinical
    Impact: The concomitant use of SSRIs ... increases the risk of serotonin syndrome." is that sentence); a value
    that is not ("Examples: other SSRIs, SNRIs, triptans ...") is read with the group it stands under ("Other
    Serotonergic Drugs – Examples: ..."), and without one it is left out. Returns the rows and the last group seen
    (a table cut between passages goes on under it)."""
    lines = [(r.line, r.group) for r in t.rows]
    if t.header_line is not None:
        if _title_row(t.header):
            group = _quote(pid, t.header_line)  # the table opens with its first group's title
        else:
            lines.insert(0, (t.header_line, None))
    out: list[TableRow] = []
    for line, row_group in lines:
        if row_group is not None:
            group = _quote(pid, row_group)
        cells = line.cells or ()
        if len(cells) < 2 or not cells[1].strip() or any(c.strip() for c in cells[2:]):
            continue
        key, value = cells[0].strip().rstrip(":").strip(), cells[1].strip()
        if _SENTENCE_VALUE.match(value) and len(value.split()) >= 5:
            out.append(TableRow(line.start, line.end, value, ((pid, line.start, line.end, line.text),)))
        elif group is not None:
            label = (group[3].split("|")[1] if group[3].strip().startswith("|") else group[3]).strip()
            out.append(TableRow(line.start, line.end, f"{label} – {key}: {value.rstrip('.;:')}.",
                                ((pid, line.start, line.end, line.text), group)))
    return out, group


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@lru_cache(maxsize=256)
def table_cells(passages: tuple[tuple[str, str | None, str], ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """What a label's pipe tables hold, to tell their flattened copies in prose (openFDA's text fields run a
    table's cells together: "Gout eGFR Initial Dosage > 60 mL/minute No dosage modification ..."): every two cells
    side by side in a row (header rows too), and every long cell, each without white space and in lower case."""
    pairs: set[str] = set()
    cells: list[str] = []
    for _, _, text in passages:
        for line in text_lines(text):
            row = line.cells
            if row is None or is_delimiter(list(row)):
                continue
            full = [c for c in row if c]
            for a, b in itertools.pairwise(full):
                pair = _squash(f"{a} {b}")
                if len(pair) >= 14 and re.search(r"[a-z]", pair):
                    pairs.add(pair)
            cells.extend(_squash(c) for c in full if len(c) >= 40)
    return frozenset(pairs), tuple(cells)


def table_copy(text: str, cells: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    """The statement is a table's text flattened into prose: two cells of a row side by side, or one cell's text
    (a sentence written in a cell, quoted without its row)."""
    pairs, long_cells = cells
    if not pairs and not long_cells:
        return False
    flat = _squash(text)
    return any(p in flat for p in pairs) or (len(flat) >= 30 and any(flat in c for c in long_cells))


# The patient's measures a question gives ("CrCl 45", "eGFR of 25", "a 20 kg child", "6 year old") and the bands
# a label's rows or sentences give them in ("30 to 60", ">30 to 59", "15 kg to <30 kg", "2 Years to less than 8
# Years", "< 15", "greater than or equal to 60"): the row whose band holds the patient's measure answers.
_KINDS = {
    "clearance": re.compile(r"\b(crcl|clcr|egfr|gfr|creatinine clearance|clearance|ml/min\w*)\b", re.I),
    "weight": re.compile(r"\b(kg|kilograms?|weigh\w*|lbs?|pounds?)\b", re.I),
    "age": re.compile(r"\b(years?|yrs?|year-old|months?|age[sd]?)\b", re.I),
}
_ASKED_MEASURE = re.compile(
    r"(?:\b(?P<kind_before>crcl|clcr|egfr|gfr|creatinine clearance(?: of)?)\s*(?:of|is|=|:|at|around|about)?\s*"
    r"(?P<v1>\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<v1b>\d+(?:\.\d+)?))?)|"
    r"(?:(?P<v2>\d+(?:\.\d+)?)\s*(?P<kind_after>ml/min\w*|kg\b|kilograms?|lbs?\b|pounds?|years?\b|yrs?\b|"
    r"year-old|-year-old|months?\b))", re.I)
_NUM = r"(\d+(?:\.\d+)?)"
_BAND = re.compile(
    rf"(?P<lo_op>[<>≤≥]=?|greater than(?: or equal to)?|more than|at least|less than(?: or equal to)?)?\s*{_NUM}"
    rf"\s*(?:[a-zA-Z/.²0-9]*\s*){{0,2}}?(?:to|-|–|through)\s*(?P<hi_op>[<>≤≥]=?|less than(?: or equal to)?)?\s*"
    rf"{_NUM}|(?P<op>[<>≤≥]=?|greater than(?: or equal to)?|more than|at least|less than(?: or equal to)?|"
    rf"under|over|below|above)\s*{_NUM}", re.I)


# A comparison right before a number: what follows is the bound of a band the question names (fix12c).
_BOUND_BEFORE = re.compile(r"(?:\b(?:under|over|below|above|less than|more than|greater than|at least|at most|up to|"
                           r"fewer than|older than|younger than)|[<>≤≥]=?)\s*$", re.I)
# which side of a bound the patient is on: "under 60 kg" is a little below 60, "over 60 kg" a little above
_BELOW = re.compile(r"(?:\b(?:under|below|less than|fewer than|younger than)|<)\s*$", re.I)
_ABOVE = re.compile(r"(?:\b(?:over|above|more than|greater than|older than)|>)\s*$", re.I)


def measures(question: str) -> tuple[tuple[float, str], ...]:
    """The patient's measures a question names, as (value, kind): "CrCl 45" -> ((45.0, "clearance"),); a bound
    the question names stands for a patient just inside it ("under 60 kg" -> 59.9, "over 60 kg" -> 60.1, "at least
    50 kg" -> 50), so the band that holds it is the one for "< 60 kg" and never the one for ">= 60 kg"."""
    out = []
    for m in _ASKED_MEASURE.finditer(question):
        before = question[: m.start()]
        if _BOUND_BEFORE.search(before):
            if m.group("v1"):
                continue
            unit = m.group("kind_after").lower()
            kind = "clearance" if unit.startswith("ml") else "weight" if unit[0] in "kpl" else "age"
            value = float(m.group("v2")) / (12 if unit.startswith("month") else 1)
            value *= 0.4536 if unit.startswith(("lb", "pound")) else 1
            step = -0.1 if _BELOW.search(before) else 0.1 if _ABOVE.search(before) else 0.0
            out.append((round(value + step, 4), kind))
            continue
        if m.group("v1"):  # "CrCl 15-30": the middle of the range asked about
            lo = float(m.group("v1"))
            out.append(((lo + float(m.group("v1b"))) / 2 if m.group("v1b") else lo, "clearance"))
            continue
        unit = m.group("kind_after").lower()
        kind = "clearance" if unit.startswith("ml") else "weight" if unit[0] in "kpl" else "age"
        value = float(m.group("v2"))
        if unit.startswith("month"):
            value /= 12
        if unit.startswith(("lb", "pound")):
            value *= 0.4536
        out.append((value, kind))
    return tuple(out)


# points a table row adds when its band clause holds the patient's measure between both its ends ("CrCl 15 to 30
# mL/min" for CrCl 15-30; `band_fit` 2): the row states the band's dose with its indication and population columns
# (issue 12 point 3), where prose often has it only under a heading, and it must lead though it stands after the
# pieces the sentence splitter made of its table's lines (each costs it a tenth of a point of place); an open bound
# ("CrCl < 30 mL/min with P-gp inhibitors") or a clause listing several bands (a transposed table's "51 to 70 21 to
# 50 11 to 20") gets none
BAND_ROW = 3.0


def in_band(text: str, asked: tuple[tuple[float, str], ...]) -> bool:
    """Whether `text` gives a band of the kind asked that holds the asked value ("CrCl 45" in "30 to 60 mL/min")."""
    return band_fit(text, asked) > 0


def band_fit(text: str, asked: tuple[tuple[float, str], ...]) -> int:
    """How closely `text` gives the band of the patient's measure: 2 when a clause's one band, closed at both ends,
    holds the asked value ("CrCl 15-30" in "CrCl 15 to 30 mL/min", "CrCl 45" in ">30 to 59"), 1 when it is held
    otherwise (an open bound, "< 30 mL/min", "≥ 30"; one of several bands a clause lists), 0 when not (`in_band`).
    `asked` as `measures` gives it."""
    fit = 0
    for value, kind in asked:
        # a band counts beside its kind: a table row's "Column: cell" pair, a clause of a sentence ("25 to 50 mg" in
        # a clearance row's dose cell is no clearance band)
        for part in re.split(r";|,(?=\s)", text):
            if _KINDS[kind].search(part):
                fit = max(fit, _holds(part, value))
                if fit == 2:
                    return fit
    return fit


def _holds(text: str, value: float) -> int:
    """Whether a band written in `text` holds `value`: 2 the text's only band, closed at both ends, 1 another band
    or bound, 0 none (see `band_fit`)."""
    bands = list(_BAND.finditer(text))
    fit = 0
    for m in bands:
        if m.group("op"):
            bound = float(m.group(6))
            op = m.group("op").lower()
            below = op.startswith(("<", "≤", "less", "under", "below"))
            strict = op in ("<", ">") or (op.startswith(("less than", "greater than", "more than", "under", "over",
                                                         "below", "above")) and "equal" not in op)
            if below and (value < bound or (not strict and value == bound)):
                fit = 1
            if not below and (value > bound or (not strict and value == bound)):
                fit = 1
            continue
        lo, hi = float(m.group(2)), float(m.group(4))
        hi_op, lo_op = m.group("hi_op") or "", (m.group("lo_op") or "").lower()
        hi_strict = bool(hi_op) and "=" not in hi_op and "equal" not in hi_op
        lo_strict = lo_op.startswith((">", "greater", "more")) and "=" not in lo_op and "equal" not in lo_op
        if lo <= hi and (lo < value or (not lo_strict and value == lo)) and \
                (value < hi or (not hi_strict and value == hi)):
            return 2 if len(bands) == 1 else 1
    return fit


def rows_in_label_order(scored: list[tuple[float, int, Draft]], focus: Focus,
                        asked: re.Pattern[str] | None = None) -> list[tuple[float, int, Draft]]:
    """The rows of one table keep the label's order (Nervous 20% before Weakness 2%) unless the question picks a row
    (its measure's band, its condition, the other drug it names, the fact asked: the hemodialysis row of a renal
    table): a cell's words ("dizziness" is a side-effect cue) say nothing about which row answers, so each plain row
    gets its table's best score, less a little per row."""
    def picked(d: Draft) -> bool:
        words = sentence_words(d.text)
        return bool((focus.measures and in_band(d.text, focus.measures))
                    or (asked is not None and asked.search(d.text))
                    or any(mentions(t, words) for t in focus.condition)
                    or (focus.others is not None and focus.others.search(d.text)))

    best: dict[tuple[str, int], float] = {}
    for sc, _, d in scored:
        if d.table_row and not picked(d):
            key = (d.evidence[1].passage_id, d.evidence[1].start)  # the header line the row is read with
            best[key] = max(best.get(key, sc), sc)
    if not best:
        return scored
    out = []
    for sc, order, d in scored:
        if d.table_row and not picked(d):
            sc = best[(d.evidence[1].passage_id, d.evidence[1].start)] - 0.001 * (order % 1000)
            d.score = sc
        out.append((sc, order, d))
    return out


