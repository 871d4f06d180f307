"""Tables of every XML/XHTML source (SPL, openFDA `*_table` fields, IG pages) as text a reader can quote by row.

A label's dosing, renal-adjustment and strength tables answer questions only together with their header: "750
mg/day" says nothing without "Maximum Dose" above it and "Schizophrenia-Adults" beside it. So a table is written
as a GitHub-flavoured Markdown pipe table, which keeps rows and header apart in plain text:

    Table 1. Recommended Dosing of Quetiapine          <- the caption, a line of its own
    | Indication | Initial Dose | Maximum Dose |        <- the header: one cell per column
    | --- | --- | --- |                                <- the delimiter row: present only when a header was found
    | Schizophrenia-Adults ( 2.2 ) | 25 mg twice daily | 750 mg/day |
    Elderly patients                                   <- a row of one cell across the table: a group label
    | Bipolar Depression-Adults ( 2.2 ) | 50 mg once daily at bedtime | 300 mg/day |

Rules, so that every row line is whole on its own:
- a cell that spans rows (`rowspan`) is written in each row it spans; a header cell that spans columns
  (`colspan`) heads each of them; stacked header rows are joined per column with " – " ("Recommended Dosage –
  Weight Less than 40 kg"); a data cell that spans columns is written once, in its first column;
- the header is the rows in `<thead>`, else the leading rows whose cells are all `<th>` or all bold, else the first
  row when none of its cells holds a number (two rows at most), or when none opens with one and a column below
  it holds numbers (an incidence table's "Placebo N = 261 %" heads a column of rates); a bold row of one cell
  under the header is a group label; a table without one (Drug Facts "Directions", a layout table) is left to
  the markup renderer's blocks (markup.py), so no reader takes its first row for a header;
- cell text is inline (line breaks inside a cell become spaces) and a "|" inside a cell is written "/";
- footnotes (`<tfoot>`) follow the rows as lines of text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the row readers below serve the compose stage, which must not import lxml
    from lxml import etree

# The name of a section holding a text field's tables read again from their HTML (openFDA: "Dosage and
# Administration (tables)"): their text is already in the field's own section, flattened, so a reader that counts
# facts (medbrief.facts) reads each only once.
TABLES_SUFFIX = " (tables)"
_BOLD = re.compile(r"bold", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
DELIMITER_CELL = "---"
GROUP_JOIN = " – "


@dataclass(frozen=True)
class TableGrid:
    """A table as rectangular rows: `header` (one text per column, empty when none was found), `rows` (each
    `width` cells, "" for an empty cell), `groups` (row index -> the group label written before that row),
    `caption` and `footnotes` as text."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    groups: dict[int, str]
    footnotes: tuple[str, ...]
    width: int


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _span(cell: etree._Element, attr: str) -> int:
    try:
        return max(1, min(int(cell.get(attr) or 1), 50))
    except ValueError:
        return 1


def _rows(table: etree._Element) -> list[tuple[str, etree._Element]]:
    """(part, tr) for every row of this table (not of tables nested in its cells), part one of thead/tbody/tfoot."""
    out: list[tuple[str, etree._Element]] = []

    def visit(el: etree._Element, part: str) -> None:
        for child in el:
            name = _local(child)
            if name == "tr":
                out.append((part, child))
            elif name in ("thead", "tbody", "tfoot"):
                visit(child, name)

    visit(table, "tbody")
    return out


def _is_bold(cell: etree._Element, text: str) -> bool:
    """The whole text of the cell is set in bold (SPL `<content styleCode="bold">`, HTML `<b>`/`<strong>`)."""
    # openFDA `*_table` fields go through lxml's HTML parser, which lowercases attribute names ("stylecode")
    if not text:
        return True
    bold = "".join(
        "".join(el.itertext()) for el in cell.iter()
        if (_local(el) in ("b", "strong")) or _BOLD.search(el.get("styleCode") or el.get("stylecode") or "")
    )
    return len(" ".join(bold.split())) >= len(text) * 0.9


def table_grid(table: etree._Element, cell_text: Callable[[etree._Element], str]) -> TableGrid:
    """The grid of an HTML or SPL `<table>` element; `cell_text(el)` renders a cell or caption on one line."""
    caption_el = next((c for c in table if _local(c) == "caption"), None)
    caption = cell_text(caption_el) if caption_el is not None else ""
    raw: list[tuple[str, list[tuple[str, int, int, bool, bool]]]] = []  # part, cells (text, rows, cols, th, bold)
    notes: list[str] = []  # SPL <footnote> elements in cells: a mark in the cell, their text under the table
    for part, tr in _rows(table):
        cells = []
        for cell in tr:
            if _local(cell) not in ("td", "th"):
                continue
            if any(_local(el) == "footnote" for el in cell.iter()):
                cell = copy.deepcopy(cell)  # the table may yet be rendered as blocks (no header): leave it whole
            for note in [el for el in cell.iter() if _local(el) == "footnote"]:
                text = " ".join("".join(note.itertext()).split())
                if text and text not in notes:
                    notes.append(text)
                tail, parent = note.tail, note.getparent()
                if parent is not None:  # keep the text after the footnote, drop the footnote's own text
                    prev = note.getprevious()
                    if tail:
                        if prev is not None:
                            prev.tail = (prev.tail or "") + tail
                        else:
                            parent.text = (parent.text or "") + tail
                    parent.remove(note)
            text = cell_text(cell).replace("|", "/")
            cells.append((text, _span(cell, "rowspan"), _span(cell, "colspan"), _local(cell) == "th",
                          _is_bold(cell, text)))
        raw.append((part, cells))
    footnotes = tuple(" ".join(t for t, *_ in cells if t) for part, cells in raw if part == "tfoot") + tuple(notes)
    body = [(part, cells) for part, cells in raw if part != "tfoot"]
    width_all = max((sum(c[2] for c in cells) for _, cells in body), default=0)
    while len(body) > 2 and width_all > 1 and len([c for c in body[0][1] if c[0]]) == 1 \
            and sum(c[2] for c in body[0][1]) == width_all:
        # a first row of one cell across the table is the table's title ("Table 5 – Starting Doses for Pediatric
        # Patients"), not its header: the header is the row after it
        title = next(c[0] for c in body[0][1] if c[0])
        caption = f"{caption} {title}".strip() if title not in caption else caption
        body = body[1:]
    width = max((sum(c[2] for c in cells) for _, cells in body), default=0)
    # lay the cells out on a grid, carrying row-spanning cells down
    grid: list[list[str | None]] = []
    spanned: list[list[bool]] = []  # a column-spanning data cell's extra columns
    carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    for _, cells in body:
        row: list[str | None] = [None] * width
        extra = [False] * width
        for col, (text, left) in list(carry.items()):
            row[col] = text
            if left <= 1:
                del carry[col]
            else:
                carry[col] = (text, left - 1)
        col = 0
        for text, rows, cols, _, _ in cells:
            while col < width and row[col] is not None:
                col += 1
            for k in range(cols):
                if col + k < width:
                    row[col + k] = text
                    extra[col + k] = k > 0
                    if rows > 1:
                        carry[col + k] = (text, rows - 1)
            col += cols
        grid.append(row)
        spanned.append(extra)
    n_head = _header_rows(body, width)
    header: tuple[str, ...] = ()
    if n_head:
        columns = []
        for col in range(width):
            parts: list[str] = []
            for r in range(n_head):
                text = grid[r][col] or ""
                if text and text not in parts:
                    parts.append(text)
            columns.append(GROUP_JOIN.join(parts))
        header = tuple(columns)
    rows: list[tuple[str, ...]] = []
    groups: dict[int, str] = {}
    for r in range(n_head, len(grid)):
        cells_r = grid[r]
        filled = [c for c in cells_r if c]
        if not filled:
            continue
        if width > 1 and len(set(cells_r)) == 1:
            groups[len(rows)] = filled[0]  # one cell across the whole table: a group label
            continue
        rows.append(tuple("" if (c is None or spanned[r][i]) else c for i, c in enumerate(cells_r)))
    return TableGrid(caption, header, tuple(rows), groups, footnotes, width)


def _header_rows(body: list[tuple[str, list[tuple[str, int, int, bool, bool]]]], width: int) -> int:
    """How many leading rows are the header (see the module docstring); 0 when none is told."""
    if len(body) < 2 or width < 2:
        return 0
    thead = 0
    while thead < len(body) and body[thead][0] == "thead":
        thead += 1
    if thead:
        return min(thead, len(body) - 1)
    n = 0
    while n < min(2, len(body) - 1):
        cells = [c for c in body[n][1] if c[0]]
        if n and len(cells) == 1:
            break  # a bold row of one cell under the header is a group label ("Hematologic Adverse Reactions")
        if cells and (all(c[3] for c in cells) or all(c[4] for c in cells)):
            n += 1
        else:
            break
    if n:
        return n
    first = [c for c in body[0][1] if c[0]]
    if len(first) >= 2 and not any(_NUMBER.search(c[0]) for c in first):
        return 1
    return 1 if _names_value_columns(body) else 0


_VALUE = re.compile(r"^[<>≤≥~±]?\s*\.?\d")  # a cell that opens with a number: "10", "<1", "2.3%", "12 (5)"
_ARM_SIZE = re.compile(r"\b[Nn]\s*=\s*\d|%")  # "Placebo N = 261", "(n=212)", "Tizanidine %"


def _names_value_columns(body: list[tuple[str, list[tuple[str, int, int, bool, bool]]]]) -> bool:
    """The first row names the columns of a table of values though its cells hold numbers ("Adverse Reaction |
    Placebo N = 261% | Tizanidine Tablet N = 264 %" above "Dry mouth | 10 | 49"): none of its cells opens with a
    number, and a column after the first holds numbers in at least two thirds (and two) of the rows below of the
    same shape. A two-column table's first row must also name a study arm's size or a percentage: in a
    two-column key/value table ("Route of elimination | Hepatic uptake (OATP1B1/3)" above "Mean terminal t1/2
    (hr) | 12 hrs after dosing") the first row is data."""
    head = [c[0] for c in body[0][1]]
    if len([t for t in head if t]) < 2 or any(_VALUE.match(t) for t in head if t):
        return False
    if len(head) == 2 and not _ARM_SIZE.search(head[1]):
        return False
    rows = [[c[0] for c in cells] for _, cells in body[1:] if len(cells) == len(head)]
    for col in range(1, len(head)):
        values = [r[col] for r in rows if r[col]]
        if head[col] and len(values) >= 2 and 3 * sum(bool(_VALUE.match(v)) for v in values) >= 2 * len(values):
            return True
    return False


def grid_lines(grid: TableGrid) -> list[str]:
    """The table's lines, as in the module docstring."""
    lines: list[str] = []
    if grid.caption:
        lines.append(grid.caption)
    if grid.header:
        lines.append("| " + " | ".join(grid.header) + " |")
        lines.append("| " + " | ".join([DELIMITER_CELL] * grid.width) + " |")
    for i, row in enumerate(grid.rows):
        if i in grid.groups:
            lines.append(grid.groups[i])
        lines.append("| " + " | ".join(row) + " |")
    lines.extend(f for f in grid.footnotes if f)
    return lines


_CELL_SEP = re.compile(r"\s*\|\s*")


def split_row(line: str) -> list[str] | None:
    """The cells of a row line written by `grid_lines` ("| a | | c |" -> ["a", "", "c"]), None for another line."""
    t = line.strip()
    if len(t) < 3 or not (t.startswith("|") and t.endswith("|")):
        return None
    return _CELL_SEP.split(t[1:-1].strip())


def is_delimiter(cells: list[str]) -> bool:
    """The row under a header ("| --- | --- |")."""
    return bool(cells) and all(c == DELIMITER_CELL for c in cells)



# ---------------------------------------------------------------------------------------------------------------
# Reading the stored tables back: the one reader of the pipe tables `grid_lines` writes (compose reads rows with
# their header, facts reads a "Maximum Dose" column).

_FOOTNOTE = re.compile(r"^\s*[*†‡§¶]")
_GROUP_CHARS = 120  # a group label is a short line: a longer one is prose after the table
_CAPTION_CHARS = 150


@dataclass(frozen=True)
class TableLine:
    """One line of a stored text: `text[start:end]` (as stored, white space kept) and, for a row line, its
    cells (`split_row`); None for a line of text."""

    start: int
    end: int
    text: str
    cells: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PipeRow:
    """A data row of a pipe table: its line (cells as written, "" for an empty cell) and the group label it stands
    under — the last group line above it in its table: a text line of its own ("Elderly patients") or a row whose
    only filled cell is the first ("| Central nervous system | |"); None when there is none."""

    line: TableLine
    group: TableLine | None

    @property
    def cells(self) -> tuple[str, ...]:
        """The row's cells, one per header column."""
        return self.line.cells or ()


@dataclass(frozen=True)
class PipeTable:
    """A pipe table read from stored text (see the module docstring for how it was written).

    `header`: the column names (one per column); `header_line` the header's line, None when the header stands in
    the text before (a table cut between passages, read with `pipe_tables(text, carried=...)`); `caption` the line
    of text right above the header when it reads as a caption (short, not a sentence, not a row); `rows` the data
    rows in order (group rows, delimiter and repeated header rows left out; only rows of the header's width);
    `footnotes` the lines right after the last row that start with a footnote mark (* † ‡ § ¶); `open` whether
    the table's lines run to the end of the text (it may go on in the next passage)."""

    header: tuple[str, ...]
    header_line: TableLine | None
    caption: TableLine | None
    rows: tuple[PipeRow, ...]
    footnotes: tuple[TableLine, ...]
    open: bool


def text_lines(text: str) -> list[TableLine]:
    """Every line of `text` with its span and cells (`split_row` of the stripped line): `text[l.start:l.end] ==
    l.text` for each; "" gives one empty line."""
    out: list[TableLine] = []
    start = 0
    for line in text.split("\n"):
        cells = split_row(line.strip())
        out.append(TableLine(start, start + len(line), line, tuple(cells) if cells is not None else None))
        start += len(line) + 1
    return out


def _caption(line: TableLine) -> bool:
    """The line above a header says what the table is about ("Table 5 – Starting Doses for Pediatric Patients",
    "Percent Incidence of Adverse Reactions"), not a sentence of prose nor a row of a headerless table ("40.1 kg
    or more | 75 mg")."""
    t = line.text.strip()
    return bool(t) and line.cells is None and " | " not in t and len(t) <= _CAPTION_CHARS and not t.endswith(".")


def pipe_tables(text: str, carried: tuple[str, ...] | None = None) -> list[PipeTable]:
    """The pipe tables with a header in `text` (a stored passage), in order.

    A table starts at a row line followed by the delimiter row ("| --- | --- |"); its rows follow; a line of text
    between rows is a group label when it is short (<= 120 characters), not a sentence (no final ".") and the next
    line is a row of the header's width; any other line of text ends the table. `carried`: the header of a table
    the text before ended in (`PipeTable.open`): when `text` opens with a row line, its leading rows are that
    table's (`header_line` None). Returns [] for a text without such a table; never raises."""
    lines = text_lines(text)
    tables: list[PipeTable] = []
    cur: dict | None = None

    def close(at: int, open_: bool) -> None:
        nonlocal cur
        if cur is None:
            return
        notes: list[TableLine] = []
        for ln in lines[at:] if not open_ else ():
            if ln.cells is not None or not _FOOTNOTE.match(ln.text):
                break
            notes.append(ln)
        tables.append(PipeTable(cur["header"], cur["header_line"], cur["caption"], tuple(cur["rows"]),
                                tuple(notes), open_))
        cur = None

    if carried and lines[0].cells is not None:
        cur = {"header": tuple(carried), "header_line": None, "caption": None, "rows": [], "group": None}
    for i, ln in enumerate(lines):
        nxt = lines[i + 1].cells if i + 1 < len(lines) else None
        if ln.cells is None:
            if cur is not None and nxt is not None and len(nxt) == len(cur["header"]) \
                    and len(ln.text.strip()) <= _GROUP_CHARS and not ln.text.strip().endswith("."):
                cur["group"] = ln  # a row of one cell across the table, written as a line of its own
            else:
                close(i, False)
            continue
        if nxt is not None and is_delimiter(list(nxt)):
            close(i, False)
            caption = lines[i - 1] if i and _caption(lines[i - 1]) else None
            cur = {"header": ln.cells, "header_line": ln, "caption": caption, "rows": [], "group": None}
            continue
        if cur is None or is_delimiter(list(ln.cells)) or len(ln.cells) != len(cur["header"]) \
                or ln.cells == cur["header"]:
            continue  # a repeated header (a long table's next page) or a row of another table: no data row
        if ln.cells[0] and not any(ln.cells[1:]):
            cur["group"] = ln  # "| Central nervous system | |": the rows below are its
            continue
        cur["rows"].append(PipeRow(ln, cur["group"]))
    close(len(lines), True)
    return tables
