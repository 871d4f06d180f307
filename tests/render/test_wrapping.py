"""Terminal output that wraps (issue 16 point 1): every statement whole, its citation numbers after its last word,
at 60 and 120 columns, through the code `medbrief ask` runs (`cli.print_brief`, a terminal forced, `--width`);
`--format text` keeps a statement's last word and its numbers on one line; `NO_COLOR` drops colours; piped output
is the Markdown source.

The issue's finding: `Console(soft_wrap=True)` with Markdown list items cropped every bullet to one line, so the
end of each statement and its citation number never appeared.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from medbrief import pipeline, render
from medbrief.brief import Brief, Statement
from medbrief.cli import app, print_brief
from medbrief.settings import Settings
from tests.conftest import FIXTURES

QUESTION = "What is baclofen used for?"
WIDTHS = (60, 120)
_OSC = re.compile(r"\x1b\](.*?)(?:\x07|\x1b\\)", re.S)
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wrap") / "m.db"
    pipeline.ingest(Settings.load(db=path), [FIXTURES / "openfda" / "api-envelope.json",
                                             FIXTURES / "pubmed" / "articleset.xml",
                                             FIXTURES / "spl" / "tizanidine-spl.xml",
                                             Path(__file__).parent / "wrapping" / "pubmed_long.xml"])
    return path


@pytest.fixture(scope="module")
def brief(db: Path) -> Brief:
    b = pipeline.ask(Settings.load(db=db), QUESTION)
    statements = _statements(b)
    assert len(statements) >= 3 and max(len(s.text) for s in statements) > 130  # long enough to wrap at 120
    return b


def _statements(brief: Brief) -> list[Statement]:
    return [s for sec in brief.sections for b in sec.blocks for s in b.statements]


def _cite(s: Statement) -> str:
    return "[" + ", ".join(map(str, s.citations)) + "]"


def _plain_lines(output: str) -> list[str]:
    """The terminal output as the reader sees it: no styling, no hyperlink sequences, trailing padding cut."""
    return [line.rstrip() for line in _SGR.sub("", _OSC.sub("", output)).split("\n")]


def _assert_whole(lines: list[str], brief: Brief, width: int) -> None:
    # nothing runs past the width (but a single word longer than a line, a URL, which is never cut)...
    assert all(len(line) <= width or len(line.split()) == 1 for line in lines), max(lines, key=len)
    squashed = "".join("".join(lines).split())
    text = "\n".join(lines)
    for s in _statements(brief):
        # ...and nothing was cropped: the whole statement, then its numbers
        assert "".join(f"{render.plain(s.text)} {_cite(s)}".split()) in squashed, s.text
        last = render.plain(s.text).split(" ")[-1]
        numbers = r",\s*".join(map(str, s.citations))
        assert re.search(re.escape(last) + r"\s+\[" + numbers + r"\]", text), (last, _cite(s))


@pytest.mark.parametrize("width", WIDTHS)
def test_rendered_markdown_keeps_every_statement_whole(brief: Brief, width: int) -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system="truecolor", width=200, emoji=False)
    print_brief(brief, "markdown", width, console=console)  # --width wins over the terminal's 200 columns
    lines = _plain_lines(buf.getvalue())
    assert width - 20 < max(len(x) for x in lines) <= width  # laid out at --width, not the console's 200
    _assert_whole(lines, brief, width)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS")}
    return subprocess.run([sys.executable, "-m", "medbrief.cli", *args], capture_output=True, text=True,
                          env={**base, **(env or {})}, timeout=120, check=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_ask_on_a_terminal_at_width(db: Path, brief: Brief, width: int) -> None:
    res = _cli("ask", "--db", str(db), "--width", str(width), QUESTION, env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert "\x1b[" in res.stdout  # rendered for a terminal
    _assert_whole(_plain_lines(res.stdout), brief, width)


def test_no_color_drops_colours_and_keeps_the_text(db: Path, brief: Brief) -> None:
    coloured = _cli("ask", "--db", str(db), "--width", "80", QUESTION, env={"FORCE_COLOR": "1"}).stdout
    plain = _cli("ask", "--db", str(db), "--width", "80", QUESTION, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout

    def colours(out: str) -> set[str]:
        return {p for m in _SGR.finditer(out) for p in m.group(1).split(";")
                if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107)}

    assert colours(coloured)  # headings are coloured on a terminal...
    assert colours(plain) == set() and "\x1b[1m" in plain  # ...not with NO_COLOR (bold stays)
    assert _plain_lines(plain) == _plain_lines(coloured)
    _assert_whole(_plain_lines(plain), brief, 80)


@pytest.mark.parametrize("width", WIDTHS)
def test_text_format_has_no_markdown_and_keeps_last_word_and_numbers_on_one_line(db: Path, brief: Brief,
                                                                                  width: int) -> None:
    res = CliRunner().invoke(app, ["ask", "--db", str(db), "--format", "text", "--width", str(width), QUESTION])
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.split("\n")
    assert res.stdout == render.to_text(brief, width)
    _assert_whole(lines, brief, width)
    for s in _statements(brief):
        last = render.plain(s.text).split(" ")[-1]
        assert any(line.endswith(f"{last} {_cite(s)}") or f"{last} {_cite(s)} (" in line for line in lines), last
    assert not any(line.startswith(("#", "* ", "*Drugs", "1. ")) for line in lines)  # no Markdown syntax
    assert lines[1] == "=" * len(QUESTION) and any(line and set(line) == {"-"} for line in lines)  # underlined


def test_text_format_width_0_is_one_line_per_statement(brief: Brief) -> None:
    lines = render.to_text(brief, 0).split("\n")
    for s in _statements(brief):
        assert f"  - {render.plain(s.text)} {_cite(s)}" in lines


def test_piped_markdown_is_the_source_and_json_is_the_brief(db: Path, brief: Brief) -> None:
    runner = CliRunner()
    piped = runner.invoke(app, ["ask", "--db", str(db), QUESTION])
    assert piped.exit_code == 0 and piped.stdout == render.printable(render.to_markdown(brief))
    assert runner.invoke(app, ["ask", "--db", str(db), "--format", "markdown", "--width", "60", QUESTION]).stdout \
        == piped.stdout  # --width shapes rendered and text output; the Markdown source is not wrapped
    as_json = runner.invoke(app, ["ask", "--db", str(db), "--format", "json", QUESTION]).stdout
    assert as_json == runner.invoke(app, ["ask", "--db", str(db), "--json", QUESTION]).stdout
    assert json.loads(as_json) == brief.to_json_dict()


def test_a_word_longer_than_the_line_is_never_cut() -> None:
    assert render._wrap(["a", "x" * 30, "b"], 10, "- ", "  ") == ["- a", "  " + "x" * 30, "  b"]
