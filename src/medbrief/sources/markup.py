"""One markup-aware text renderer for every XML/XHTML source: PubMed, SPL, openFDA tables, TAC, IG pages, FHIR.

The rules, the same for every reader:

- **Whitespace** inside text is pretty-printing: runs of spaces and line breaks become one space
  (`keep_newlines=True` keeps line breaks that are content, as in TAC's plain-text sections).
- **Blocks** (paragraph, p, div, title, caption, list item, table row, br ...) start a new line;
  **list items** (`<item>`, `<li>`) are each on their own line.
- **Tables** with a header are Markdown pipe tables, one row per line, the header apart from the rows
  (`tables.py`); a table without one is written as blocks, its cells separated by " | " (a Drug Facts
  "Directions" table keeps its list items on their own lines).
- **Superscripts and subscripts** are written inline ("D<sub>3</sub>" -> "D3", "C<sub>max</sub>" ->
  "Cmax", "mg/m<sup>2</sup>" -> "mg/m2", "25<sup>th</sup>" -> "25th", "<sup>®</sup>" -> "®"), except
  where joining would make another word or number: a superscript that starts with a digit or a sign
  right after a digit gets a caret ("10<sup>9</sup>/L" -> "10^9/L", "10<sup>-10</sup>" -> "10^-10",
  never "109/L" or the range "10-10"), so does a superscript letter right after a letter (footnote
  marks: "HUMIRA<sup>a</sup>" -> "HUMIRA^a", not "HUMIRAa"), and a subscript that starts with a digit
  right after a digit gets an underscore ("x2<sub>3</sub>" -> "x2_3"). A caret rather than Unicode
  superscript digits: it exists for every character, and tokenizers and readers keep "10" and "9" apart.
- **MathML** is written as linear text without its pretty-printing whitespace, in reading order:
  tokens (mi, mn, mo, mtext) are joined ("V˙O2peak", "ηp2"), scripts follow the rule above
  (msup 10, 9 -> "10^9"), prescripts come before their base (mmultiscripts He, 3 -> "3He"), an
  <mtext> space stays a space ("1H MRI"), relations (=, <, ≤, ±, ×) get a space on each side, a
  fraction is "a/b" with parentheses around a part of several tokens, a root "√x"; annotations are
  left out.

Every reader stores what this renderer returns, so statement spans point into exactly this text.

Text that a publisher already flattened (openFDA's text fields, TAC sections) has lost the markup:
`repair_flattened_powers` restores the same caret form where the loss is certain, a power of ten
after a multiplication sign and before a unit ("1.5 x 109/L", "× 10 9 /L" -> "1.5 x 10^9/L", "× 10^9/L").
"""

from __future__ import annotations

import re

from lxml import etree

from .tables import grid_lines, table_grid

BLOCK_TAGS = frozenset(
    "paragraph p item li tr caption title br div section table list ul ol dl dt dd blockquote pre "
    "h1 h2 h3 h4 h5 h6 thead tbody tfoot AbstractText".split()
)
CELL_TAGS = frozenset({"td", "th"})
SUP, SUB = "sup", "sub"
_MATHML_RELATIONS = frozenset("= < > ≤ ≥ ≠ ≈ ± × ÷ → ∼ ~ ≡ ∝ ⩽ ⩾ ≪ ≫".split())
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f\u2002\u2003\u2005]+")
_ALL_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_NUMBER_START = re.compile(r"^\s*[0-9+\-\u2212]")


# "× 10 9 /L" (openFDA keeps the superscript apart) or "x 109/L" (joined: 9, 6, 3 or 12 only, the
# exponents of cell counts and doses), after a multiplication sign and before "/unit".
_FLAT_POWER = re.compile(
    r"(?P<times>(?:[×*·⋅]|(?<![A-Za-z])[xX])\s?)10(?:\s(?P<spaced>[-−]?\d{1,2})\s?|(?P<joined>12|9|6|3))"
    r"(?=\s?/\s?[A-Za-zµμ])"
)
# "(10 9 /L)": a unit in brackets whose exponent kept its spaces (openFDA): certain without a multiplication sign.
_FLAT_POWER_UNIT = re.compile(r"(?P<times>\(\s?)10\s(?P<spaced>[-−]?\d{1,2})\s?(?P<joined>)(?=/\s?[A-Za-zµμ])")


def repair_flattened_powers(text: str) -> str:
    """Powers of ten whose superscript a publisher flattened: '50 x 109/L' -> '50 x 10^9/L' (see above)."""
    def caret(m: re.Match[str]) -> str:
        return f"{m['times']}10^{m['spaced'] or m['joined']}"

    return _FLAT_POWER_UNIT.sub(caret, _FLAT_POWER.sub(caret, text))


def local_name(el: etree._Element) -> str:
    """Tag without namespace ('{urn:hl7-org:v3}section' -> 'section'); '' for comments and PIs."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def tidy(text: str) -> str:
    """Collapse runs of spaces, keep single line breaks between blocks, trim every line."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def script(base_end: str, text: str, kind: str) -> str:
    """A superscript or subscript written after `base_end` (the text before it), by the rule above."""
    text = text.strip()
    if not text:
        return ""
    if base_end[-1:].isdigit() and _NUMBER_START.match(text):
        return ("^" if kind == SUP else "_") + text
    if kind == SUP and base_end[-1:].isalpha() and text[0].isalpha():
        return "^" + text  # a footnote letter or an exponent: "Neutropenia^a", "HUMIRA^a/MTX", "x^n"
    if kind == SUP and base_end[-1:].isdigit() and text[0].isalpha() and text.lower() not in _ORDINALS:
        return "^" + text  # a footnote letter after a number: "12^a patients", not "12a"; "25th" stays
    return text


class _Renderer:
    def __init__(self, skip: frozenset[str], keep_newlines: bool) -> None:
        self.skip = skip
        self.keep_newlines = keep_newlines
        self.parts: list[str] = []

    def text(self, value: str | None) -> None:
        if not value:
            return
        if self.keep_newlines:
            self.parts.append(value)
        else:
            self.parts.append(_ALL_WHITESPACE.sub(" ", value))

    def tail_end(self) -> str:
        """The last non-empty character written so far (what a script attaches to)."""
        for part in reversed(self.parts):
            if part:
                return part[-1]
        return ""

    def cell_text(self, cell: etree._Element) -> str:
        return render_text(cell, skip=self.skip, inline=True)

    def walk(self, node: etree._Element, top: etree._Element) -> None:
        if not isinstance(node.tag, str):  # comment or processing instruction: only its tail is text
            if node is not top:
                self.text(node.tail)
            return
        name = local_name(node)
        if name in self.skip and node is not top:
            self.text(node.tail)
            return
        if name == "math":
            self.parts.append(mathml_text(node))
        elif name == "table" and (grid := table_grid(node, self.cell_text)).header:
            self.parts.append("\n" + "\n".join(grid_lines(grid)) + "\n")
        elif name in (SUP, SUB) and node is not top:
            inner = render_text(node, skip=self.skip, inline=True)
            self.parts.append(script(self.tail_end(), inner, name))
        else:
            block = name in BLOCK_TAGS
            if block:
                self.parts.append("\n")
            separator = None
            if name in CELL_TAGS and node is not top:  # a cell outside a table; tables are laid out by tables.py
                separator = len(self.parts)
                self.parts.append(" | ")
            self.text(node.text)
            for child in node:
                self.walk(child, top)
            if separator is not None and not "".join(self.parts[separator + 1:]).strip():
                del self.parts[separator]  # an empty cell (an image's): no "| |" line, no "OR |"
            if block:
                self.parts.append("\n")
        if node is not top:
            self.text(node.tail)


def render_text(el: etree._Element, *, skip: frozenset[str] = frozenset(), keep_newlines: bool = False,
                inline: bool = False) -> str:
    """The text of an element by the rules above.

    `skip` lists local tag names whose subtrees are left out (nested SPL sections); `inline=True` puts
    everything on one line (titles, PubMed AbstractText, names); `keep_newlines=True` keeps the line
    breaks inside text (plain-text content such as TAC sections).
    """
    renderer = _Renderer(skip, keep_newlines)
    renderer.walk(el, el)
    text = "".join(renderer.parts).replace("\n | ", "\n")
    if inline:
        return " ".join(text.split())
    return tidy(text)


# -- MathML ----------------------------------------------------------------------------------------------
_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_SKIP_MATH = frozenset({"annotation", "annotation-xml", "none", "mprescripts", "maligngroup", "malignmark"})


def mathml_text(el: etree._Element) -> str:
    """A MathML element as linear text (see the module docstring)."""
    return " ".join(_math(el).split())


def _math(el: etree._Element) -> str:
    name = local_name(el)
    kids = [c for c in el if isinstance(c.tag, str) and local_name(c) not in _SKIP_MATH]
    if name in _TOKENS:
        raw = "".join(el.itertext())
        token = " ".join(raw.split())
        if not token:
            return " " if raw else ""  # <mtext> </mtext> is a deliberate space ("1H MRI")
        if name == "mo" and token in _MATHML_RELATIONS:
            return f" {token} "
        return token
    if name == "mspace":
        return " "
    if name == "semantics":
        return _math(kids[0]) if kids else ""
    if name in ("msub", "msup", "msubsup", "munder", "mover", "munderover") and kids:
        out = _math(kids[0])
        if name == "msubsup" or name == "munderover":
            kinds = [SUB, SUP]
        else:
            kinds = [SUP] if name in ("msup", "mover") else [SUB]
        for child, kind in zip(kids[1:], kinds, strict=False):
            out += script(out.rstrip(), _math(child), kind)
        return out
    if name == "mmultiscripts":
        return _multiscripts(el)
    if name == "mfrac" and len(kids) == 2:
        num, den = (_math(k).strip() for k in kids)
        return f"{_group(num)}/{_group(den)}"
    if name == "mroot" and len(kids) == 2:
        radicand, index = _math(kids[0]).strip(), _math(kids[1]).strip()
        sign = {"2": "√", "3": "∛", "4": "∜"}.get(index, f"{_group(index)}√")  # the index is part of the formula
        return f"{sign}{_group(radicand)}"
    if name in ("msqrt", "mroot") and kids:
        return f"√{_group(''.join(_math(k) for k in kids).strip())}"
    if name == "mfenced":
        return (el.get("open", "(") + (el.get("separators", ",")[:1] or ",").join(_math(k) for k in kids)
                + el.get("close", ")"))
    return "".join(_math(k) for k in kids)


def _multiscripts(el: etree._Element) -> str:
    """Base, post-scripts, <mprescripts/>, pre-scripts: prescripts are written before the base
    (isotopes: "<mmultiscripts><mi>He</mi><mprescripts/><none/><mn>3</mn></mmultiscripts>" -> "3He")."""
    kids = [c for c in el if isinstance(c.tag, str)]
    names = [local_name(c) for c in kids]
    split = names.index("mprescripts") if "mprescripts" in names else len(kids)
    if not kids or split == 0:
        return ""
    pre = "".join(_math(c).strip() for c in kids[split + 1 :] if local_name(c) != "none")
    out = pre + _math(kids[0])
    for i, child in enumerate(kids[1:split]):
        if local_name(child) != "none":
            out += script(out.rstrip(), _math(child), SUB if i % 2 == 0 else SUP)
    return out


def _group(text: str) -> str:
    """Parentheses around a fraction part of more than one token ('a+b' -> '(a+b)'; 'x' and '12' stay)."""
    return text if re.fullmatch(r"[\w.,˙]+", text) else f"({text})"
