"""Exit codes and messages that tell the truth (issue 16 point 2): a missing path, nothing ingestible, a search mode
the store cannot serve and an unknown drug named anywhere in the question each exit non-zero with one line of
reason and one line of hint on stderr; the table of codes is in `medbrief --help` and the README."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief import entry, pipeline
from medbrief.cli import EXIT_CODES, app
from medbrief.errors import UnknownDrug
from medbrief.settings import Settings
from tests.conftest import FIXTURES

runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lexical store (no vectors) with baclofen and tizanidine labels and PubMed abstracts."""
    path = tmp_path_factory.mktemp("exits") / "m.db"
    pipeline.ingest(Settings.load(db=path), [FIXTURES / "openfda" / "api-envelope.json",
                                             FIXTURES / "pubmed" / "articleset.xml",
                                             FIXTURES / "spl" / "tizanidine-spl.xml"])
    return path


def _reason_and_hint(stderr: str) -> tuple[str, str]:
    """The last two lines of stderr: `error: ...` and `hint: ...` (anything before is progress or repair notes)."""
    lines = stderr.rstrip("\n").split("\n")
    assert len(lines) >= 2, stderr
    error, hint = lines[-2:]
    assert error.startswith("error: ") and hint.startswith("hint: "), stderr
    return error, hint


def test_a_missing_path_exits_2_naming_it_and_makes_no_store(tmp_path: Path) -> None:
    store = tmp_path / "new.db"
    res = runner.invoke(app, ["ingest", "--db", str(store), "/nonexistent"])
    assert res.exit_code == 2
    error, hint = _reason_and_hint(res.stderr)
    assert "/nonexistent" in error and "nothing was ingested" in error and "check the path" in hint
    assert not store.exists()  # refused before the store was made


def test_one_missing_path_among_good_ones_stops_before_reading_any(tmp_path: Path) -> None:
    store = tmp_path / "new.db"
    res = runner.invoke(app, ["ingest", "--db", str(store), str(FIXTURES / "openfda"), str(tmp_path / "typo")])
    assert res.exit_code == 2 and str(tmp_path / "typo") in res.stderr and not store.exists()


def test_free_text_alone_is_nothing_ingestible_with_the_as_hint(tmp_path: Path) -> None:
    md = next((FIXTURES / "freetext").glob("*.md"))
    for extra in ([], ["--json"]):
        res = runner.invoke(app, ["ingest", "--db", str(tmp_path / "m.db"), *extra, str(md)])
        assert res.exit_code == 1, res.output
        error, hint = _reason_and_hint(res.stderr)
        assert "nothing ingested" in error and "free text" in error
        assert "--as guideline --body NAME" in hint
    assert json.loads(res.stdout)["skipped"][0]["reason"].startswith("free text")  # the report is still printed


def test_an_unreadable_file_or_an_empty_folder_is_nothing_ingestible(tmp_path: Path) -> None:
    bad = tmp_path / "notes.bin"
    bad.write_bytes(b"\x00\x01 not a format")
    empty = tmp_path / "empty"
    empty.mkdir()
    for path in (bad, empty):
        res = runner.invoke(app, ["ingest", "--db", str(tmp_path / "m.db"), str(path)])
        assert res.exit_code == 1, res.output
        error, hint = _reason_and_hint(res.stderr)
        assert "nothing" in error and "formats" in hint


def test_a_second_ingest_of_the_same_files_is_not_nothing(db: Path) -> None:
    res = runner.invoke(app, ["ingest", "--db", str(db), "-q", "--no-embed",  # the store stays without vectors
                              str(FIXTURES / "spl" / "tizanidine-spl.xml")])
    assert res.exit_code == 0, res.stderr  # unchanged documents were read: that is not "nothing ingestible"


@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_a_mode_the_store_cannot_serve_is_an_error_not_no_match(db: Path, mode: str) -> None:
    res = runner.invoke(app, ["search", "--db", str(db), "--mode", mode, "baclofen"])
    assert res.exit_code == 1
    assert "no passages match" not in res.output
    error, hint = _reason_and_hint(res.stderr)
    assert f"'{mode}' needs passage vectors" in error and "medbrief embed" in hint and "--mode bm25" in hint
    assert runner.invoke(app, ["search", "--db", str(db), "--mode", "bm25", "baclofen"]).exit_code == 0


@pytest.mark.parametrize("question", ["flibbertonib", "flibbertonib dose", "What is the flibbertonib dose?",
                                      "is flibbertonib safe in pregnancy", "baclofen with flibbertonib",
                                      "baclofen and flibbertonib interaction", "can I take zorbex with baclofen"])
def test_an_unknown_drug_anywhere_in_the_question_exits_2(db: Path, question: str) -> None:
    res = runner.invoke(app, ["ask", "--db", str(db), question])
    assert res.exit_code == 2, res.stdout[:300]
    assert res.stdout == ""
    error, hint = _reason_and_hint(res.stderr)
    word = "zorbex" if "zorbex" in question else "flibbertonib"
    assert f"'{word}' is not a drug in the corpus" in error and "spelling" in hint
    if "baclofen" in question:
        assert "the corpus does know baclofen" in error


@pytest.mark.parametrize("question", ["baclofen with alcohol", "baclofen dose", "What is baclofen used for?",
                                      "baclofen interacton with alcohol",  # a misspelt word is not a drug
                                      "qwerty asdf", "tizanidine and baclofen"])
def test_known_drugs_english_and_typos_still_get_a_brief(db: Path, question: str) -> None:
    res = runner.invoke(app, ["ask", "--db", str(db), "--format", "json", question])
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["question"] == question


def test_a_drug_slot_word_the_corpus_mentions_is_not_unknown(db: Path) -> None:
    """'openfda' is in the drug slot of "X dose" and no dictionary knows it, but a stored passage contains it: the
    corpus does know the word, so the question gets a brief; 'flibbertonib' in the same slot is refused."""
    with pipeline.open_store(Settings.load(db=db)) as store:
        from medbrief.retrieve.corpus import Corpus
        from medbrief.retrieve.question import analyse

        drugs = Corpus(store).drugs
        assert analyse("openfda dose", drugs).unknown_words == ("openfda",)
        assert analyse("flibbertonib dose", drugs).unknown_words == ("flibbertonib",)
        assert analyse("baclofen with alcohol", drugs).unknown_words == ()
        assert pipeline.ask_store(store, "openfda dose").question == "openfda dose"
        with pytest.raises(UnknownDrug, match="flibbertonib"):
            pipeline.ask_store(store, "flibbertonib dose")


def test_usage_errors_exit_2_with_a_hint(db: Path) -> None:
    for args in (["ask", "--db", str(db), "--format", "yaml", "q"], ["ask", "--db", str(db), "--json", "--format",
                 "text", "q"], ["search", "--db", str(db), "--mode", "bogus", "q"],
                 ["search", "--db", str(db), "--tier", "bogus", "q"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, args
        _reason_and_hint(res.stderr)
    res = runner.invoke(app, ["ask", "--db", str(db), "   "])
    assert res.exit_code == 2
    error, hint = _reason_and_hint(res.stderr)
    assert "empty" in error and "2,000" in hint


def test_no_store_exits_3_with_a_hint(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ask", "--db", str(tmp_path / "none.db"), "baclofen dose"])
    assert res.exit_code == 3
    error, hint = _reason_and_hint(res.stderr)
    assert "no medbrief store" in error and "medbrief ingest" in hint


def test_a_long_error_stays_one_line_at_any_width(db: Path) -> None:
    res = runner.invoke(app, ["search", "--db", str(db), "--mode", "dense", "baclofen"], env={"COLUMNS": "40"})
    error, _ = _reason_and_hint(res.stderr)
    assert len(error) > 100  # longer than the terminal, and still one line


def test_the_exit_code_table_is_in_help_and_readme() -> None:
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    squashed = " ".join(res.stdout.split())
    for code, words in (("0", "done"), ("1", "could not do it"), ("2", "bad usage or question"),
                        ("3", "no store yet"), ("130", "interrupted")):
        assert f"{code} {words}" in squashed, (code, squashed[-800:])
        assert f"{code} {words}" in " ".join(EXIT_CODES.split())
    readme = README.read_text()
    for row in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 130 |",
                "nothing ingestible", "ModeUnavailable", "UnknownDrug", "409",
                "422"):
        assert row in readme, row


def _process(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`medbrief ARGS` as the console script runs it (`entry.main`, which ends a search or ask with os._exit)."""
    code = "import sys; from medbrief.entry import main; sys.argv = ['medbrief', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=120)


def test_the_console_script_ends_a_search_with_all_its_output_and_the_right_status(db: Path) -> None:
    # a process ended by os._exit loses what is still buffered: the whole answer must be out, and the status kept
    full = _process(db, "search", "baclofen", "-k", "40", "--json")
    assert full.returncode == 0, full.stderr
    hits = json.loads(full.stdout)["hits"]
    assert len(hits) >= 5 and [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    brief = _process(db, "ask", "What is baclofen used for?", "--format", "text")
    assert brief.returncode == 0 and "References" in brief.stdout
    assert brief.stdout.rstrip().split("\n")[-1].strip()  # the last reference line, not cut off
    unknown = _process(db, "ask", "flibbertonib dose")
    assert unknown.returncode == 2 and "flibbertonib" in _reason_and_hint(unknown.stderr)[0]
    usage = _process(db, "search", "baclofen", "--mode", "nonsense")
    assert usage.returncode == 2 and _reason_and_hint(usage.stderr)[0].startswith("error: --mode")


def test_exit_status_follows_sys_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert [entry.exit_status(c) for c in (None, 0, 3)] == [0, 0, 3]
    assert entry.exit_status("broken") == 1 and capsys.readouterr().err == "broken\n"


def test_search_says_which_ranking_ran(db: Path) -> None:
    # the fresh-user trial could not tell a hybrid search from a BM25 one: --json has HTTP /search's "mode", the
    # text ends with it
    res = runner.invoke(app, ["search", "baclofen", "-k", "3", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["mode"] == "bm25"
    res = runner.invoke(app, ["search", "baclofen", "-k", "3", "--db", str(db)])
    assert res.stdout.rstrip().split("\n")[-1] == "3 passages, ranked by BM25"
    res = runner.invoke(app, ["search", "zzqx unfound words", "--db", str(db)])
    assert res.exit_code == 0 and res.stdout.strip() == "no passages match (BM25)"
