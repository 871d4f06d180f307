"""Free-text guidelines (Markdown, HTML, plain text), read only when asked (`--as guideline`).

Not in the auto-detect registry: a README or a web page is not a guideline unless the user says so.
The helpers here (`decode_text`, `slugify`, `markdown_sections`, `markdown_inline`, `html_to_text`)
are shared by the other guideline readers (guideline JSONL, FHIR card text, USPSTF HTML fragments).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from ..errors import ParseError
from ..records import Document, Section, SourceItem
from . import MAX_DOCUMENT_CHARS
from .markup import mathml_text, render_text, script
from .xmltext import clean_text, local_name

NAME = "freetext"

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".rst", ".html", ".htm", ".xhtml"})
# README, LICENSE, NOTICE ... carry no suffix but are text written for people.
_BARE_TEXT_NAMES = frozenset({"readme", "license", "licence", "notice", "changelog", "authors", "copying"})

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset(
    "p div section article main aside header blockquote pre ul ol li dl dt dd table thead tbody tfoot tr caption "
    "br hr figure figcaption details summary address".split()
)
# Never text for a reader: code, styling, page chrome.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "footer", "button", "form")

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LIST_OR_TABLE_LINE = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|\||>)")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
# Link targets may hold one level of parentheses (CDC text-fragment URLs do: "...(ADA)%20...").
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_MD_CODE = re.compile(r"`([^`]+)`")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CITATION_LABEL = re.compile(r"^[\s\d,;–-]*\d[\s\d,;–-]*$")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:p|h[1-6]|body|div|article)(?:\s[^>]*)?>", re.I)
_MD_HEADING_ANYWHERE = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+\S")


def decode_text(data: bytes, origin: str, *, latin1_fallback: bool = True) -> str:
    """Decode UTF-8 (BOM tolerated); free text may fall back to latin-1, JSON formats may not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if latin1_fallback:
            return data.decode("latin-1")
        raise ParseError(f"{origin}: not UTF-8 text: {exc}", origin=origin) from exc


def slugify(text: str, max_len: int = 80) -> str:
    """Lower-case ASCII slug ('Recommendation #1 - Acute Pain' -> 'recommendation-1-acute-pain')."""
    slug = _SLUG_JUNK.sub("-", text.lower()).strip("-")
    return slug[:max_len].rstrip("-")


def markdown_inline(text: str) -> str:
    """Drop inline Markdown markup, keeping what a reader sees: link text, emphasised words, code."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_BOLD.sub(r"\2", text)
    return _MD_ITALIC.sub(r"\2", text)


def paragraphs_text(text: str, *, markdown: bool) -> str:
    """Re-flow hard-wrapped paragraphs; list items, table rows, quotes and code lines keep their own lines."""
    out: list[str] = []
    para: list[str] = []
    in_fence = False

    def flush() -> None:
        out.extend(markdown_inline(line) if markdown else line for line in para)
        para.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if markdown and _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        line = raw.strip()
        if in_fence:
            if line:
                out.append(line)
        elif not line:
            flush()
        elif para and not _LIST_OR_TABLE_LINE.match(raw):
            para[-1] = f"{para[-1]} {line}"
        else:
            para.append(line)
    flush()
    return clean_text("\n".join(out))


def markdown_sections(text: str) -> list[tuple[str | None, str]]:
    """Split Markdown by ATX headings into (heading, body text); text before the first heading has None.

    Headings inside fenced code blocks are code, not structure. Empty sections are dropped; long
    sections stay whole (passages are cut later).
    """
    sections: list[tuple[str | None, str]] = []
    heading: str | None = None
    buf: list[str] = []
    in_fence = False

    def flush() -> None:
        body = paragraphs_text("\n".join(buf), markdown=True)
        if body:
            sections.append((heading, body))
        buf.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            buf.append(line)
            continue
        match = None if in_fence else _ATX_HEADING.match(line)
        if match:
            flush()
            heading = clean_text(markdown_inline(match.group(2))) or None
        else:
            buf.append(line)
    flush()
    return sections


def markdown_headings(text: str) -> list[str]:
    """The ATX headings of a Markdown text, in order (fenced code ignored)."""
    out: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (m := _ATX_HEADING.match(line)):
            out.append(clean_text(markdown_inline(m.group(2))))
    return [h for h in out if h]


# C0 controls other than tab and line breaks are parse errors in HTML and never text; lxml keeps them in the tree
# but refuses them as soon as the tree is edited (drop_tree: "All strings must be XML compatible").
_NOT_XML_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _parse_html(text: str, origin: str) -> etree._Element:
    """lxml.html document tree (no network, no entity expansion beyond HTML's own)."""
    try:
        root = lxml.html.document_fromstring(_NOT_XML_TEXT.sub(" ", text))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"{origin}: unreadable HTML: {exc}", origin=origin) from exc
    return root


def _drop_chrome(root: etree._Element) -> None:
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()


def html_sections(root: etree._Element) -> list[tuple[str | None, str]]:
    """Walk an HTML tree in document order, starting a new (heading, text) section at each h1-h6."""
    sections: list[tuple[str | None, str]] = []
    heading: str | None = None
    parts: list[str] = []

    def flush() -> None:
        body = clean_text("".join(parts).replace("\n | ", "\n"))
        if body:
            sections.append((heading, body))
        parts.clear()

    def flat(text: str) -> str:
        return text.replace("\r", " ").replace("\n", " ")

    def walk(node: etree._Element, in_pre: bool = False) -> None:
        nonlocal heading
        if not isinstance(node.tag, str):  # comments and processing instructions: only their tail is text
            if node.tail:
                parts.append(node.tail if in_pre else flat(node.tail))
            return
        name = local_name(node).lower()
        if name in _HEADING_TAGS:
            flush()
            heading = clean_text(flat(" ".join(node.itertext()))) or None
            if node.tail:
                parts.append(node.tail if in_pre else flat(node.tail))
            return
        if name in ("sup", "sub", "math"):  # the shared rules of markup.py (10^9/L, linear MathML)
            before = next((p[-1] for p in reversed(parts) if p), "")
            inline = render_text(node, inline=True)
            parts.append(mathml_text(node) if name == "math" else script(before, inline, name))
            if node.tail:
                parts.append(node.tail if in_pre else flat(node.tail))
            return
        block = name in _BLOCK_TAGS
        child_pre = in_pre or name == "pre"
        if block:
            parts.append("\n")
        if name in ("td", "th"):
            parts.append(" | ")
        if node.text:
            parts.append(node.text if child_pre else flat(node.text))
        for child in node:
            walk(child, child_pre)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail if in_pre else flat(node.tail))

    walk(root)
    flush()
    return sections


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags parsed by lxml.html, paragraph and <br> breaks kept."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(_NOT_XML_TEXT.sub(" ", fragment), create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        # Not parseable as HTML at all: keep the characters, they are still the publisher's words.
        return clean_text(fragment)
    _drop_chrome(root)
    _drop_citation_marks(root)
    return "\n".join(text for _, text in html_sections(root))


def _drop_citation_marks(root: etree._Element) -> None:
    """Remove reference markers: links whose text is only numbers ('...opacity.<a href="#citation1">1-3</a>')
    and superscripts left with nothing but punctuation ('<sup>,&nbsp;</sup>'); 'm<sup>2</sup>' stays."""
    for link in list(root.iter("a")):
        label = "".join(link.itertext())
        if "#" in (link.get("href") or "") and _CITATION_LABEL.match(label):
            link.drop_tree()
    for sup in list(root.iter("sup")):
        if len(sup) == 0 and not any(ch.isalnum() for ch in "".join(sup.itertext())):
            sup.drop_tree()


def detect_kind(text: str) -> str:
    """'html', 'markdown' or 'plain', decided from the content."""
    head = text[:65536]
    if _HTML_START.match(head):
        return "html"
    if _MD_HEADING_ANYWHERE.search(head):
        return "markdown"
    if _HTML_TAG.search(head):
        return "html"
    return "plain"


def _file_stem(origin: str) -> str:
    name = origin.rsplit("!", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.split(".", 1)[0] if not name.startswith(".") else name.lstrip(".")
    return stem or "document"


def _html_title(root: etree._Element) -> str | None:
    for el in root.iter("title"):
        title = clean_text(" ".join(el.itertext()))
        if title:
            return title
    return None


def read_guideline(
    data: bytes, origin: str, *, body: str, year: int | None, title: str | None = None
) -> Iterator[SourceItem]:
    """Read one Markdown, HTML or plain-text file as a single guideline Document of `body`.

    Sections follow the headings (plain text becomes one "Text" section of paragraphs). The title is
    `title` if given, else the first heading / <title>, else the file stem; the id uses `title` if
    given, else the file stem (content headings change more often than file names).
    """
    text = decode_text(data, origin)
    if len(text) > MAX_DOCUMENT_CHARS:  # one document: refuse before the cleaning passes copy it many times
        raise ParseError(f"{origin}: {len(text):,} characters of text; the limit is {MAX_DOCUMENT_CHARS:,}",
                         origin=origin)
    kind = detect_kind(text)
    found_title: str | None = None
    parts: list[tuple[str | None, str]]
    if kind == "html":
        root = _parse_html(text, origin)
        h1 = next(iter(root.iter("h1")), None)
        found_title = (clean_text(" ".join(h1.itertext())) if h1 is not None else "") or _html_title(root)
        for head in list(root.iter("head")):
            head.drop_tree()
        _drop_chrome(root)
        parts = html_sections(root)
        if found_title is None:
            found_title = next((name for name, _ in parts if name), None)
    elif kind == "markdown":
        parts = markdown_sections(text)
        headings = markdown_headings(text)
        found_title = headings[0] if headings else None
    else:
        body_text = paragraphs_text(text, markdown=False)
        parts = [("Text", body_text)] if body_text else []
    if not parts:
        raise ParseError(f"{origin}: no readable text in {kind} file", origin=origin)
    stem = _file_stem(origin)
    doc_title = title or found_title or stem
    sections = tuple(Section(name or "Text", part_text, name) for name, part_text in parts)
    body_slug = slugify(body) or "unknown"
    yield Document(
        id=f"guideline:{body_slug}/{slugify(title or stem) or 'document'}",
        tier="guideline",
        title=doc_title,
        source=body,
        sections=sections,
        date=str(year) if year is not None else None,
        meta={"body": body, "year": year, "format": kind},
        origin=origin,
    )


def looks_like_free_text(head: bytes, name: str) -> bool:
    """True for human-written text files (README, SOURCES.md, .txt, .html ...) that no reader claims."""
    if b"\x00" in head[:4096]:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 64 KiB boundary is still text.
        if exc.start < len(head) - 4:
            return False
        text = head[: exc.start].decode("utf-8-sig", errors="ignore")
    lower = name.lower()
    suffix = lower[lower.rfind(".") :] if "." in lower else ""
    if suffix in TEXT_SUFFIXES or lower.split(".", 1)[0] in _BARE_TEXT_NAMES:
        return True
    return detect_kind(text) in ("html", "markdown") and not text.lstrip().startswith(("{", "["))
