"""Safe output (issue 13 point 5): source text in the Markdown and on the terminal is text, never markup or
terminal control; only the known sources' hosts are linked; the JSON keeps the exact text.

The issue's finding: `medbrief ask` Markdown carried source titles and URLs unescaped (raw `<script>` and
`<img onerror>`, `javascript:` links, links to other hosts behind harmless text) and rich passed raw terminal
sequences (OSC-8 hyperlinks, title changes) to the terminal.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console
from rich.markdown import Markdown
from typer.testing import CliRunner

from medbrief import render
from medbrief.brief import Block, Brief, BriefSection, CorpusInfo, Reference, Statement, Support
from medbrief.cli import app
from medbrief.render import LINK_HOSTS, to_markdown

HOSTILE = Path(__file__).parent / "hostile"

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<!-- hidden --> <div>raw block</div>",
    "[harmless](http://other.host)",
    "[click](javascript:alert(1)) [ref]",
    "![pixel](https://evil.example/p.png)",
    "<https://evil.example/> <javascript:alert(1)> <a@evil.example>",
    "**strong** _em_ `code` ~~struck~~ a | b",
    "&lt;script&gt; &amp; &#60;b&#62; &copy; AT&T",
    "one\n\n# injected heading\n- item\n> quote\n<div>\nblock\n</div>",
    "1. ordered\n2) again\n---\n***\n\n    indented code\n```\nfence\n```",
    "- starts like a list",
    "42) starts like an ordered list",
    "# starts like a heading and ends like one #",
    "[ref]: https://evil.example\n[ref]",
    "back\\slash \\*not emphasis\\* trailing\\",
    "osc8 \x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ done",
    "title \x1b]0;pwned\x07 bell \x07 csi \x1b[31mred\x1b[0m \x1b[2J",
    "c1 \x9b31m \x9d0;pwned\x9c del \x7f cr\rback nul\x00 tab\tend",
    "table\n| a | b |\n|---|---|\n| c | d |",
]

LINKED_URLS = [
    "https://pubmed.ncbi.nlm.nih.gov/90000901/",
    "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=eeee0000-0000-0000-0000-000000000901",
    "https://doi.org/10.1000/jnnp.2004.0001",
    "https://www.uspreventiveservicestaskforce.org/uspstf/recommendation/x",
]
TEXT_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://other.host/",
    "https://evil.example/",
    "https://pubmed.ncbi.nlm.nih.gov@evil.com/",  # user info: the host is evil.com
    "https://user:pw@pubmed.ncbi.nlm.nih.gov/",
    "https://pubmed.ncbi.nlm.nih.gov.evil.com/",
    "https://evil.com/pubmed.ncbi.nlm.nih.gov/",
    "https://pubmed.ncbi.nlm.nih.gov:8443/",
    "https://pubmed.ncbi.nlm.nih.gov./",
    "https://pubmed.ncbi.nlm.nih.gov\\@evil.com/",  # browsers read \ as /; urllib does not
    "https://pubmed.ncbi.nlm.nih.gov/1/> <script>alert(1)</script>",
    "https://pubmed.ncbi.nlm.nih.gov/1/\x1b]0;pwned\x07",
    "//evil.example/x",
    "ftp://pubmed.ncbi.nlm.nih.gov/",
    "https://[::1/",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(value: str) -> str:
    """What a value must read as once rendered: whitespace runs as one space, control characters gone."""
    return _CONTROL.sub("", " ".join(value.split()))


# -- briefs ---------------------------------------------------------------------------------------------------
FIELDS = ("question", "drug", "section", "heading", "text", "grade", "evidence", "note", "title", "source",
          "manufacturer", "version", "date", "study_type", "ref_grade", "doc_id", "built")


def _brief(v: dict[str, str], url: str = LINKED_URLS[0]) -> Brief:
    """A brief with every source-given field set from `v` (all three tiers, one reference of each)."""
    st = Statement(text=v["text"], citations=[1, 2], grade=v["grade"], evidence=v["evidence"],
                   support=[Support(ref=1, passage_id="p", start=0, end=1, quote=v["text"])])
    return Brief(
        question=v["question"], drugs=[v["drug"]], facets=[],
        sections=[BriefSection(tier="guideline", title=v["section"], blocks=[Block(heading=v["heading"],
                                                                                   statements=[st])]),
                  BriefSection(tier="label", title=v["section"], blocks=[]),
                  BriefSection(tier="research", title=v["section"], blocks=[Block(statements=[st])])],
        references=[
            Reference(n=1, doc_id=v["doc_id"], tier="label", title=v["title"], source=v["source"], url=url,
                      manufacturer=v["manufacturer"], version=v["version"], date=v["date"], labels_agreeing=3),
            Reference(n=2, doc_id=v["doc_id"], tier="guideline", title=v["title"], source=v["source"], url=url,
                      date=v["date"], grade=v["ref_grade"]),
            Reference(n=3, doc_id=v["doc_id"], tier="research", title=v["title"], source=v["source"], url=url,
                      date=v["date"], study_type=v["study_type"]),
        ],
        notes=[v["note"]], corpus=CorpusInfo(documents=3, passages=9, built=v["built"]),
    )


PLACEHOLDERS = {f: f"zq{i:02d}zq" for i, f in enumerate(FIELDS)}


def _all(value: str) -> dict[str, str]:
    return dict.fromkeys(FIELDS, value)


# -- parsing ------------------------------------------------------------------------------------------------------
PARSERS = {
    "commonmark": MarkdownIt("commonmark"),
    "rich": MarkdownIt().enable("strikethrough").enable("table"),  # the parser rich.markdown.Markdown uses
    # what GitHub and most viewers do: GFM-like, bare URLs, www. and e-mail addresses become links (linkify)
    "gfm-linkify": MarkdownIt("gfm-like", {"linkify": True}),
}


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out += _walk(t.children or [])
    return out


def _visible(tokens: list[Token]) -> list[str]:
    """The text a reader sees, one string per block (headings, paragraphs, list item paragraphs)."""
    def text(c: Token) -> str:
        if c.type in ("text", "text_special", "code_inline", "html_inline"):
            return c.content
        return "\n" if c.type in ("softbreak", "hardbreak") else ""
    return ["".join(text(c) for c in t.children or []) for t in tokens if t.type == "inline"]


def _shape(tokens: list[Token]) -> list[tuple[str, str]]:
    """Every token but the text: the block structure and inline markup (emphasis, links) of the document. A code
    span is text here: its content is literal (URL-like source text is put in one so no renderer links it)."""
    return [(t.type, t.tag) for t in _walk(tokens) if t.type not in ("text", "text_special", "inline", "code_inline")]


def _linkable(href: str) -> bool:
    parts = urlsplit(href)
    return parts.scheme == "https" and parts.netloc in LINK_HOSTS and href.startswith(f"https://{parts.netloc}/")


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_source_text_is_only_text_in_the_markdown(payload: str, parser: str) -> None:
    md = PARSERS[parser]
    benign = md.parse(to_markdown(_brief(PLACEHOLDERS)))
    hostile_text = to_markdown(_brief(_all(payload)))
    hostile = md.parse(hostile_text)
    assert not _CONTROL.search(hostile_text)
    # same blocks, same emphasis and links as a brief of plain words: nothing in a value made a heading, list,
    # quote, code block, table, HTML, image, link, strong, code span or strikethrough
    assert _shape(hostile) == _shape(benign)
    assert not [t for t in _walk(hostile) if t.type in ("html_inline", "html_block", "image")]
    assert all(_linkable(t.attrs["href"]) for t in _walk(hostile) if t.type == "link_open")
    # and it reads as the source text
    expected = []
    for line in _visible(benign):
        for placeholder in PLACEHOLDERS.values():
            line = line.replace(placeholder, _shown(payload))
        expected.append(line)
    assert _visible(hostile) == expected


def test_the_issue_example_renders_as_text() -> None:
    title = '<script>alert(1)</script> <img src=x onerror=alert(1)> [harmless](http://other.host) [x](javascript:y)'
    brief = _brief({**PLACEHOLDERS, "title": title})
    line = next(x for x in to_markdown(brief).splitlines() if x.startswith("1. "))
    assert line.startswith("1. \\<script\\>alert(1)\\</script\\> \\<img src=x onerror=alert(1)\\> "
                           "\\[harmless\\](`http://other.host`) \\[x\\](javascript:y) · ")
    for parser in PARSERS.values():
        tokens = parser.parse(line)
        assert [t.attrs["href"] for t in _walk(tokens) if t.type == "link_open"] == [LINKED_URLS[0]]


@pytest.mark.parametrize("url", LINKED_URLS)
def test_known_hosts_are_links(url: str) -> None:
    tokens = MarkdownIt("commonmark").parse(to_markdown(_brief(PLACEHOLDERS, url)))
    assert [t.attrs["href"] for t in _walk(tokens) if t.type == "link_open"] == [url] * 3
    assert render.link_url(url) == url


@pytest.mark.parametrize("url", TEXT_URLS)
def test_other_urls_are_text(url: str) -> None:
    assert render.link_url(url) is None
    text = to_markdown(_brief(PLACEHOLDERS, url))
    tokens = MarkdownIt("commonmark").parse(text)
    assert not [t for t in _walk(tokens) if t.type in ("link_open", "html_inline", "html_block", "image")]
    refs = [x for x in _visible(tokens) if f"({PLACEHOLDERS['doc_id']})" in x]
    assert len(refs) == 3 and all(x.endswith(f"({PLACEHOLDERS['doc_id']}) {_shown(url)}") for x in refs)


def test_the_allowlist_is_the_demo_store_hosts_and_nothing_broad() -> None:
    for host in ("pubmed.ncbi.nlm.nih.gov", "dailymed.nlm.nih.gov", "www.uspreventiveservicestaskforce.org",
                 "www.cdc.gov"):
        assert host in LINK_HOSTS
    assert all("." in h and h == h.lower() and not h.startswith(".") for h in LINK_HOSTS)
    assert not {"nih.gov", "gov", "org", "fda.gov"} & LINK_HOSTS  # exact hosts, never a whole domain


def test_a_no_break_space_is_text() -> None:
    assert render.md_text(" 5\u00a0mg\r\n\u2028twice ") == "5\u00a0mg twice"


def test_printable_strips_controls_and_keeps_the_rest() -> None:
    assert render.printable("a\x1b]0;pwned\x07b\x9b2J\x9dx\x9c\x7f\x00\r\nc\td é – ✓") == "a]0;pwnedb2Jx\nc\td é – ✓"


# -- plain text (`ask --format text`, issue 16) ---------------------------------------------------------------------
@pytest.mark.parametrize("width", [0, 60])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_source_text_is_one_line_of_text_in_the_text_format(payload: str, width: int) -> None:
    """No control character, and a value never adds a line: the hostile brief has the benign brief's lines with each
    value read as the source's text (underlines follow their heading's length)."""
    hostile = render.to_text(_brief(_all(payload)), width)
    assert not _CONTROL.search(hostile.replace("\n", ""))
    if width:  # wrapped: the same words in the same order (underlines aside: they follow the wrapped heading)
        def words(text: str) -> list[str]:
            return [w for line in text.split("\n") if not (line and set(line) <= {"=", "-"}) for w in line.split()]
        assert words(hostile) == words(render.to_text(_brief(_all(_shown(payload))), 0))
        return
    benign = render.to_text(_brief(PLACEHOLDERS), 0).split("\n")
    lines = hostile.split("\n")
    assert len(lines) == len(benign)
    for i, (b, h) in enumerate(zip(benign, lines, strict=True)):
        if b and set(b) <= {"=", "-"}:
            assert h == b[0] * len(lines[i - 1])
            continue
        for placeholder in PLACEHOLDERS.values():
            b = b.replace(placeholder, _shown(payload))
        assert h == b


# -- the terminal ---------------------------------------------------------------------------------------------------
_OSC = re.compile(r"\x1b\](.*?)(?:\x07|\x1b\\)", re.S)
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def terminal_problems(output: str) -> list[str]:
    """What in `output` is not rich's own styling: any OSC but a hyperlink to a linkable URL (so no window
    title), any CSI but colours and attributes, any other C0 or C1 control."""
    problems = []
    for m in _OSC.finditer(output):
        link = re.fullmatch(r"8;[^;]*;(.*)", m.group(1), re.S)
        if link is None or (link.group(1) and not _linkable(link.group(1))):
            problems.append(repr(m.group(0)))
    rest = _SGR.sub("", _OSC.sub("", output))
    problems += [repr(c) for c in sorted(set(_CONTROL.findall(rest)))]
    return problems


def _terminal(markdown: str) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system="truecolor", width=100, emoji=False)
    console.print(Markdown(render.printable(markdown), hyperlinks=True), soft_wrap=False)  # as `ask` does
    return buf.getvalue()


def _squash(text: str) -> str:
    return "".join(_SGR.sub("", _OSC.sub("", text)).split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_terminal_gets_no_foreign_control(payload: str) -> None:
    output = _terminal(to_markdown(_brief(_all(payload))))
    assert terminal_problems(output) == []
    assert "\x1b]8;id=" in output and f";{LINKED_URLS[0]}\x1b\\" in output  # rich's own hyperlinks still work
    assert "".join(_shown(payload).split()) in _squash(output)  # and the text reads as the source's


def test_the_checker_sees_what_rich_passes_through() -> None:
    """Without printable, rich writes a source's sequences to the terminal (it drops BEL, not ESC or C1): the
    check above would see them."""
    buf = io.StringIO()
    Console(file=buf, force_terminal=True, width=100).print("x \x1b]0;pwned\x1b\\ \x1b]8;;http://evil\x1b\\y \x9b2J",
                                                            markup=False, highlight=False)
    assert len(terminal_problems(buf.getvalue())) == 3


# -- end to end: real-format files, ingested, asked through the CLI --------------------------------------------------
QUESTION = "What is baclofen used for?"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "m.db"
    res = CliRunner().invoke(app, ["ingest", "--db", str(db), "--json", str(HOSTILE)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["documents_by_tier"] == {"guideline": 1, "label": 1, "research": 1}
    return db


def _cli(*args: str, terminal: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")}
    env["COLUMNS"] = "100"
    if terminal:
        env["FORCE_COLOR"] = "1"  # rich then treats stdout as a terminal, as `ask` on a real one
    return subprocess.run([sys.executable, "-m", "medbrief.cli", *args], capture_output=True, env=env, timeout=120,
                          check=False)


def _statements(brief: dict) -> list[str]:
    return [s["text"] for sec in brief["sections"] for b in sec["blocks"] for s in b["statements"]]


def test_ask_json_keeps_the_exact_text(hostile_db: Path) -> None:
    res = _cli("ask", "--db", str(hostile_db), "--json", QUESTION)
    assert res.returncode == 0, res.stderr
    assert not _CONTROL.search(res.stdout.decode())  # the bytes: every control written as \u escape
    brief = json.loads(res.stdout)
    texts = _statements(brief)
    assert any("\x1b[2J\x1b]0;pwned\x07(20 mg" in t for t in texts)  # openFDA dosage
    assert any('<img src=x onerror="alert(1)"> [see the trial](javascript:alert(1))' in t and "\x9d0;pwned\x9c" in t
               for t in texts)  # PubMed abstract
    assert any("<img src=x onerror=alert(1)> \x9d0;pwned\x07\x1b[31m\x1b]0;pwned\x07only" in t
               for t in texts)  # guideline
    titles = {r["tier"]: r["title"] for r in brief["references"]}
    assert "<script>alert(1)</script> for spasticity [harmless](http://other.host) \x9b31m" in titles["research"]
    label = next(r for r in brief["references"] if r["tier"] == "label")
    assert label["manufacturer"].startswith("Evil Pharma \x1b]0;pwned\x07\x1b[31m<script>")
    assert next(r["url"] for r in brief["references"] if r["tier"] == "guideline") == \
        "https://pubmed.ncbi.nlm.nih.gov@evil.example/"


def _expected_texts(hostile_db: Path) -> tuple[list[str], list[str]]:
    brief = json.loads(_cli("ask", "--db", str(hostile_db), "--json", QUESTION).stdout)
    return [_shown(t) for t in _statements(brief)], [_shown(r["title"]) for r in brief["references"]]


def test_ask_piped_is_safe_markdown(hostile_db: Path) -> None:
    res = _cli("ask", "--db", str(hostile_db), QUESTION)
    assert res.returncode == 0, res.stderr
    text = res.stdout.decode()
    assert not _CONTROL.search(text)
    tokens = MarkdownIt("commonmark").parse(text)
    assert not [t for t in _walk(tokens) if t.type in ("html_inline", "html_block", "image")]
    hrefs = [t.attrs["href"] for t in _walk(tokens) if t.type == "link_open"]
    assert len(hrefs) == 2 and all(_linkable(h) for h in hrefs)  # the guideline's user-info URL is text
    assert "https://pubmed.ncbi.nlm.nih.gov@evil.example/" in "".join(_visible(tokens))
    statements, titles = _expected_texts(hostile_db)
    visible = _visible(tokens)
    assert len(statements) >= 3
    for s in statements:
        assert any(line.startswith(s + " [") for line in visible), s
    for t in titles:
        assert any(line.startswith(t) or f": {t}" in line for line in visible), t


def test_ask_on_a_terminal_gets_no_foreign_control(hostile_db: Path) -> None:
    res = _cli("ask", "--db", str(hostile_db), QUESTION, terminal=True)
    assert res.returncode == 0, res.stderr
    output = res.stdout.decode()
    assert "\x1b[" in output  # it did render for a terminal
    assert terminal_problems(output) == []
    assert len(re.findall(r"\x1b\]8;id=[^;]*;https://", output)) == 2  # the two known-host references
    statements, titles = _expected_texts(hostile_db)
    squashed = _squash(output)
    for s in [*statements, *titles]:
        assert "".join(s.split()) in squashed, s


def test_ask_text_format_is_safe_text(hostile_db: Path) -> None:
    res = _cli("ask", "--db", str(hostile_db), "--format", "text", "--width", "0", QUESTION)
    assert res.returncode == 0, res.stderr
    text = res.stdout.decode()
    assert not _CONTROL.search(text.replace("\n", ""))
    statements, titles = _expected_texts(hostile_db)
    assert len(statements) >= 3
    lines = text.split("\n")
    for st in statements:
        assert any(line.startswith(f"  - {st} [") for line in lines), st
    for t in titles:
        assert any(t in line for line in lines), t
    res = _cli("ask", "--db", str(hostile_db), "--format", "text", QUESTION, terminal=True)
    assert res.returncode == 0 and terminal_problems(res.stdout.decode()) == []


def test_search_ingest_stats_and_errors_print_no_control(hostile_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = [runner.invoke(app, ["search", "--db", str(hostile_db), "baclofen spasticity"]).output,
               runner.invoke(app, ["stats", "--db", str(hostile_db)]).output]
    assert "<script>alert(1)</script>" in outputs[0] and "]0;pwned" in outputs[0]
    assert "nice]0;pwned[link=http://evil.example]x[/link]" in outputs[1]  # a source name, printed as text
    bad = tmp_path / "report\x1b]0;pwned\x07.json"
    bad.write_bytes(b"\x1b]8;;http://evil\x1b\\ not a format")
    res = runner.invoke(app, ["ingest", "--db", str(tmp_path / "n.db"), str(bad)])
    outputs.append(res.output)
    assert "report]0;pwned.json" in res.output and "skipped" in res.output
    res = runner.invoke(app, ["ask", "--db", str(tmp_path / "no\x1b]0;pwned\x07[bold]" / "x.db"), QUESTION])
    assert res.exit_code == 3
    outputs.append(res.stderr)
    assert "no]0;pwned[bold]" in res.stderr  # the path as text, not markup
    for output in outputs:
        assert not _CONTROL.search(output.replace("\n", "")), output


def test_bidirectional_and_zero_width_controls_never_reach_a_terminal() -> None:
    # Found by a fresh user: U+202E (right-to-left override) in a title reordered what `ask`, `search` and `stats`
    # showed ("Trojan Source"); zero-width spaces hid text. Joiners, which scripts need, stay.
    hostile = "safe\u202etxt.exe\u202c \u2066x\u2069 a\u200bb \u200fmark\ufeff ज\u200dञ"
    assert render.printable(hostile) == "safetxt.exe x ab mark ज\u200dञ"
    assert "\u202e" not in to_markdown(_brief({**PLACEHOLDERS, "title": hostile}))
