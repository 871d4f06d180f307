"""Hostile questions: each gets a brief or a clear question error (CLI exit 2, message on stderr), never a
traceback, both through the CLI and through `pipeline.ask_store`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief import pipeline
from medbrief.brief import Brief
from medbrief.cli import app
from medbrief.errors import InvalidQuestion, QuestionError
from medbrief.settings import Settings
from tests.conftest import FIXTURES

QUESTIONS = {
    "empty": "",
    "blank": " \t\n ",
    "10k characters": "What is the dose of baclofen? " + "x" * 10_000,
    "many words": "baclofen spasticity " * 400,
    "french": "Quelle est la dose maximale de baclofène chez l'adulte ?",
    "chinese": "巴氯芬的最大剂量是多少？",
    "arabic rtl": "ما هي جرعة باكلوفين؟ \u202ebaclofen\u202c",
    "emoji": "💊💊 baclofen 🤔 side effects? 🧠",
    "only emoji": "💊🤔🧠",
    "sql": "baclofen'; DROP TABLE documents; -- OR 1=1",
    "fts syntax": 'baclofen AND (spasticity OR NOT "withdrawal) NEAR(x y, 2) text:* ^3 ~2',
    "tantivy syntax": "title:baclofen +spasticity -dose [a TO z] {1 TO 2} \\ :",
    "control chars": "baclofen\x00\x07\x1b[31m dose\x7f\x08\r\x0b?",
    "only control": "\x00\x01\x02\x1b",
    "surrogates and zero-width": "bac\u200blofen dose\ufeff \u2028 side effects",
    "lone word": "baclofen",
    "punctuation": "?!?!...;;;:::",
    "long drug-like word": "what is " + "z" * 40 + " used for?",
}


@pytest.fixture(scope="module")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings.load(db=tmp_path_factory.mktemp("questions") / "medbrief.db")
    pipeline.ingest(settings, [FIXTURES / "openfda" / "api-envelope.json",
                               FIXTURES / "pubmed" / "articleset.xml", FIXTURES / "spl" / "tizanidine-spl.xml",
                               FIXTURES / "tac" / "ZANAFLEX.xml"])
    return settings


@pytest.mark.parametrize("label", sorted(QUESTIONS))
def test_cli_answers_or_says_why(label: str, store_settings: Settings) -> None:
    result = CliRunner().invoke(app, ["ask", "--db", str(store_settings.db_path), "--json", QUESTIONS[label]])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert result.stderr.startswith("error:"), result.stderr
        assert result.stdout == ""
    else:
        Brief.model_validate_json(result.stdout)


@pytest.mark.parametrize("label", sorted(QUESTIONS))
def test_ask_store_answers_or_raises_a_question_error(label: str, store_settings: Settings) -> None:
    with pipeline.open_store(store_settings) as store:
        try:
            brief = pipeline.ask_store(store, QUESTIONS[label])
        except QuestionError as exc:
            assert str(exc)
            return
    assert isinstance(brief, Brief)
    for section in brief.sections:
        for block in section.blocks:
            for st in block.statements:
                assert st.support


@pytest.mark.parametrize("label", ["empty", "blank", "10k characters", "only control"])
def test_unusable_questions_are_invalid(label: str, store_settings: Settings) -> None:
    with pipeline.open_store(store_settings) as store, pytest.raises(InvalidQuestion):
        pipeline.ask_store(store, QUESTIONS[label])


@pytest.mark.parametrize("label", ["sql", "fts syntax", "tantivy syntax", "control chars", "many words"])
def test_search_takes_any_syntax_as_plain_words(label: str, store_settings: Settings) -> None:
    result = CliRunner().invoke(app, ["search", "--db", str(store_settings.db_path), "--json", QUESTIONS[label]])
    assert result.exit_code == 0, (result.exit_code, result.stderr, repr(result.exception))
    with pipeline.open_store(store_settings) as store:
        assert store.db.integrity_ok()
        assert store.stats()["documents"]["label"] >= 2  # the DROP TABLE did nothing


def test_store_missing_is_exit_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "--db", str(tmp_path / "none.db"), "What is baclofen used for?"])
    assert result.exit_code == 3 and result.stderr.startswith("error:")
