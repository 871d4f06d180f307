"""Render a Brief as Markdown (terminal, files) - the same shape as the example brief.

Everything in a brief that comes from a source (titles, headings, quotes, notes, reference fields, the question)
is untrusted text: it is escaped so that it reads the same once rendered and can never become HTML, a link, an
image, emphasis or a new block; only the URLs of the known sources' hosts become links; control characters never
reach a terminal (`printable`). The Brief JSON is not touched by any of this: it keeps the exact text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # annotations only: printing a search's snippet needs no Brief model (pydantic, ~0.05 s)
    from .brief import Brief, Reference, Statement

# Hosts whose URLs become links, exactly as written (no subdomains, ports or user info). They are the hosts the
# shipped readers put in a document's `url` - PubMed, DailyMed, the USPSTF, the CDC opioid guideline (checked on
# the demo store) - plus the FDA's and NCBI's sites and doi.org, which the same publishers link to. A source file
# can carry any URL, and Markdown link text need not be its target, so every other URL (other hosts, `javascript:`,
# `data:`, `https://pubmed.ncbi.nlm.nih.gov@evil.example`, `pubmed.ncbi.nlm.nih.gov.evil.example`) is shown as
# plain text, never as a link.
LINK_HOSTS = frozenset({
    "pubmed.ncbi.nlm.nih.gov",
    "www.ncbi.nlm.nih.gov",
    "dailymed.nlm.nih.gov",
    "www.fda.gov",
    "www.accessdata.fda.gov",
    "www.uspreventiveservicestaskforce.org",
    "uspreventiveservicestaskforce.org",
    "www.cdc.gov",
    "doi.org",
})

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F): ESC (\x1b) starts CSI, OSC
# (hyperlinks, window titles) and the other terminal sequences, and \x9b / \x9d are 8-bit CSI / OSC on their own.
# Also the invisible bidirectional controls (embeddings, overrides, isolates, marks: they reorder what a terminal
# shows, as in "Trojan Source") and zero-width spaces / BOM; zero-width (non-)joiners stay, scripts need them.
# Unicode line and paragraph separators (a terminal may start a line) and the invisible tag characters go too.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)

# CommonMark syntax that can appear anywhere in a line: escapes, code spans, emphasis, links and images (`[`),
# raw HTML and autolinks (`<`), blockquote `>`, strikethrough `~` and table cells `|` (both enabled in rich's
# parser), and `&` where it would start an entity reference (`&lt;` must stay the four characters it is).
_INLINE = re.compile(r"[\\`*_\[\]<>~|]|&(?=#?[A-Za-z0-9]+;)")
# What would open a block at the start of a value (values follow `# `, `- ` or `1. `): a heading, a list or a
# thematic break; an ordered-list marker is a number followed by `.` or `)` and a space ("1.5 mg" is no marker).
_BLOCK_START = re.compile(r"^(?:[#+-]|(\d{1,9})(?=[.)](?:\s|$)))")
# Line breaks (what CommonMark and Unicode read as one) and runs of spaces/tabs: one space in a value. A no-break
# space stays: it is text ("5\u00a0mg").
_BREAKS = re.compile(r"[ \t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
# Characters a URL may hold to become a link: RFC 3986's, so no space, quote, `<`, `>`, backslash or control
# (browsers read `\` as `/`, which would let `https://pubmed.ncbi.nlm.nih.gov\@evil` differ between parsers).
_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def printable(text: str) -> str:
    """`text` without control characters (C0 other than tab and newline, DEL, C1), so no terminal sequence
    (colours, cursor moves, OSC-8 hyperlinks, window titles) in a source or an error reaches the terminal.
    Everything else, newlines included, is kept. Used for every string the CLI prints to a terminal."""
    return _CONTROL.sub("", text)


def md_text(value: object) -> str:
    """`value` as Markdown inline text that renders to the same words: runs of spaces, tabs and line breaks become
    one space, control characters go, and CommonMark syntax is backslash-escaped, so no HTML, link, image,
    emphasis or new block can come out of it. URL-like text (`http://…`, `www.…`, e-mail addresses) goes in a code
    span: GitHub-flavoured renderers link such text even when it is escaped, and must not link a source's URL."""
    text = printable(_BREAKS.sub(" ", str(value)).strip(" "))
    pieces = _LINKABLE.split(text)  # odd indexes: the URL-like parts
    text = "".join(_code_span(part) if i % 2 else _INLINE.sub(lambda m: "\\" + m.group(0), part)
                   for i, part in enumerate(pieces))
    text = _BLOCK_START.sub(lambda m: m.group(1) + "\\" if m.group(1) else "\\" + m.group(0), text, count=1)
    if text.endswith("#"):  # `# title #`: a trailing run of #s would be read as the heading's closing sequence
        text = text[:-1] + "\\#"
    return text


# What GitHub-flavoured Markdown's autolink extension links in plain text: scheme URLs, `www.` and e-mail addresses.
# Trailing sentence punctuation stays outside, as those renderers leave it outside the link.
_LINKABLE = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S*[^\s.,;:!?)\]}'\"]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def _code_span(text: str) -> str:
    """`text` as a CommonMark code span (its content is literal: no link, escape or HTML inside)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link_url(url: str) -> str | None:
    """`url` if it may become a link: an http(s) URL of one of `LINK_HOSTS`, host written exactly (no user info,
    port or trailing dot), only URL characters. None for anything else, which is then shown as text."""
    if not _URL.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in LINK_HOSTS:
        return None
    return url


def _url(url: str) -> str:
    linked = link_url(url)
    return f"<{linked}>" if linked else md_text(url)


def _cite(s: Statement) -> str:
    return "[" + ", ".join(str(n) for n in s.citations) + "]"


def _statement_line(s: Statement) -> str:
    extra = "; ".join(md_text(x) for x in (s.grade, s.evidence) if x)
    return f"- {md_text(s.text)} {_cite(s)}" + (f" *({extra})*" if extra else "")


def _reference_bits(r: Reference) -> list[str]:
    """What a reference line says, in order (title, source, then the tier's own fields), unescaped."""
    bits = [r.title or r.doc_id, r.source]
    if r.tier == "label":
        bits += [x for x in (r.manufacturer, f"version {r.version}" if r.version else None, r.date) if x]
        if r.labels_agreeing and r.labels_agreeing > 1:
            bits.append(f"{r.labels_agreeing} labels in the corpus share this text")
    elif r.tier == "guideline":
        bits += [x for x in (str(r.year) if r.year else r.date, r.grade and f"grade/category {r.grade}") if x]
    else:  # the publication date, or the year alone when that is all the source gives
        bits += [x for x in (r.date or (str(r.year) if r.year else None), r.study_type) if x]
    return bits


def _reference_text(r: Reference) -> str:
    return " · ".join(plain(b) for b in _reference_bits(r)) + f" ({plain(r.doc_id)})" + (
        f" {plain(r.url)}" if r.url else "")


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown: three tiers with facet headings, numbered citations, references, notes.

    Every value from a source is escaped (`md_text`) and only `LINK_HOSTS` URLs are links, so the text may go to
    a Markdown renderer or a terminal as it is."""
    lines = [f"# {md_text(brief.question)}", ""]
    if brief.drugs:
        lines += [f"*Drugs recognised: {', '.join(md_text(d) for d in brief.drugs)}*", ""]
    for section in brief.sections:
        lines += [f"## {md_text(section.title)}", ""]
        if not section.blocks:
            lines += ["*Nothing in the corpus for this tier (see notes).*", ""]
        for block in section.blocks:
            if block.heading:
                lines += [f"### {md_text(block.heading)}", ""]
            lines += [_statement_line(s) for s in block.statements]
            lines.append("")
    if brief.notes:
        lines += ["## What the corpus lacks", ""] + [f"- {md_text(n)}" for n in brief.notes] + [""]
    if brief.references:
        lines += ["## References", ""]
        for r in brief.references:
            link = f" {_url(r.url)}" if r.url else ""
            bits = " · ".join(md_text(b) for b in _reference_bits(r))
            lines.append(f"{r.n}. {bits} ({md_text(r.doc_id)}){link}")
        lines.append("")
    lines.append(f"*Corpus: {brief.corpus.documents} documents, {brief.corpus.passages} passages"
                 + (f", built {md_text(brief.corpus.built)}" if brief.corpus.built else "") + ".*")
    return "\n".join(lines) + "\n"


# -- plain text ------------------------------------------------------------------------------------------------------
def plain(value: object) -> str:
    """`value` as one line of plain text: runs of spaces, tabs and line breaks become one space (so a value cannot
    start a line of its own and pass for a heading), control characters go. No Markdown escaping: nothing reads
    plain text as markup."""
    return printable(_BREAKS.sub(" ", str(value)).strip(" "))


def _wrap(words: list[str], width: int, first: str, rest: str) -> list[str]:
    """Greedy word wrap of `words` at `width` columns (0: one line), `first` before the first line and `rest`
    before the others. A word is never cut: one longer than the line gets a line of its own."""
    if width <= 0:
        return [first + " ".join(words)]
    lines: list[str] = []
    line = first
    bare = True  # nothing on the line but its indent
    for word in words:
        if not bare and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, bare = rest, True
        line += word if bare else " " + word
        bare = False
    lines.append(line)
    return lines


def _text_statement(s: Statement, width: int) -> list[str]:
    words = plain(s.text).split(" ")
    extra = "; ".join(plain(x) for x in (s.grade, s.evidence) if x)
    # the citation is glued to the statement's last word: a line break never parts a statement from its numbers
    words[-1] += " " + _cite(s)
    if extra:
        words += f"({extra})".split(" ")
    return _wrap(words, width, "  - ", "    ")


def _heading(text: str, rule: str, width: int) -> list[str]:
    lines = _wrap(text.split(" "), width, "", "")
    return [*lines, rule * min(max(len(x) for x in lines), width or 10**6)]


def to_text(brief: Brief, width: int = 80) -> str:
    """The brief as plain text wrapped at `width` columns (0: no wrapping): the same content as `to_markdown`
    without any Markdown syntax - underlined headings, "- " statements with their citation numbers on the line of
    their last word, numbered references with their URLs as text. Every value is `plain` (one line, no control
    characters), so nothing from a source adds a line, a heading or a terminal sequence."""
    w = max(width, 0)
    lines = [*_heading(plain(brief.question), "=", w), ""]
    if brief.drugs:
        lines += [*_wrap(f"Drugs recognised: {', '.join(plain(d) for d in brief.drugs)}".split(" "), w, "", ""), ""]
    for section in brief.sections:
        lines += [*_heading(plain(section.title), "-", w), ""]
        if not section.blocks:
            lines += ["  Nothing in the corpus for this tier (see notes).", ""]
        for block in section.blocks:
            if block.heading:
                lines += _wrap(f"{plain(block.heading)}:".split(" "), w, "", "")
            for s in block.statements:
                lines += _text_statement(s, w)
            lines.append("")
    if brief.notes:
        lines += [*_heading("What the corpus lacks", "-", w), ""]
        for n in brief.notes:
            lines += _wrap(plain(n).split(" "), w, "  - ", "    ")
        lines.append("")
    if brief.references:
        lines += [*_heading("References", "-", w), ""]
        for r in brief.references:
            lines += _wrap(f"{_reference_text(r)}".split(" "), w, f"  {r.n}. ", " " * (len(str(r.n)) + 4))
        lines.append("")
    corpus = f"Corpus: {brief.corpus.documents} documents, {brief.corpus.passages} passages" + (
        f", built {plain(brief.corpus.built)}" if brief.corpus.built else "") + "."
    lines += _wrap(corpus.split(" "), w, "", "")
    return "\n".join(lines) + "\n"
