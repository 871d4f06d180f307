"""Honest gaps: questions the real corpus cannot answer get a clear error or notes, never invented
statements. Every statement present quotes stored passage text exactly."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from medbrief import pipeline
from medbrief.brief import Brief
from medbrief.cli import app
from medbrief.errors import UnknownDrug
from medbrief.settings import Settings
from medbrief.store import Store

pytestmark = [pytest.mark.data, pytest.mark.slow]
TIERS = ("labels", "pubmed", "guidelines")


@pytest.fixture(scope="session")
def gaps_settings(real_settings: Settings) -> Settings:
    return real_settings


@pytest.fixture(scope="session")
def gaps_store(real_store: Store) -> Store:
    return real_store


def _statements(brief: Brief):  # type: ignore[no-untyped-def]
    return [(s.tier, st) for s in brief.sections for b in s.blocks for st in b.statements]


def _assert_supported(brief: Brief, store: Store) -> None:
    """Every statement's support quotes the stored passage text exactly, and cites a listed reference."""
    refs = {r.n: r for r in brief.references}
    for _, st in _statements(brief):
        assert st.support and st.citations
        for sp in st.support:
            stored = store.db.passages_by_id([sp.passage_id]).get(sp.passage_id)
            assert stored is not None, sp.passage_id
            assert stored.text[sp.start : sp.end] == sp.quote
            assert sp.ref in refs and refs[sp.ref].doc_id == stored.doc_id


def test_unknown_drug_is_a_clear_question_error(gaps_store: Store, gaps_settings: Settings) -> None:
    with pytest.raises(UnknownDrug, match="zorblatinib"):
        pipeline.ask_store(gaps_store, "What is zorblatinib used for?")
    result = CliRunner().invoke(app, ["ask", "--db", str(gaps_settings.db_path), "What is zorblatinib used for?"])
    assert result.exit_code == 2
    assert "zorblatinib" in result.stderr and "not a drug in the corpus" in result.stderr
    assert result.stdout == ""


def test_a_facet_no_label_covers_is_noted_not_filled(gaps_store: Store) -> None:
    brief = pipeline.ask_store(gaps_store, "What is the dose of baclofen?")
    assert brief.drugs == ["baclofen"] and "dosing" in brief.facets
    label_statements = [st for tier, st in _statements(brief) if tier == "label"]
    assert not any(st.facet == "dosing" for st in label_statements)
    assert any("baclofen label" in n and "dosing" in n for n in brief.notes), brief.notes
    _assert_supported(brief, gaps_store)


@pytest.mark.parametrize("question", ["qwerty asdf", "asdf jkl; zxcv", "What about the thing?"])
def test_nonsense_gets_notes_and_no_invented_statements(gaps_store: Store, question: str) -> None:
    brief = pipeline.ask_store(gaps_store, question)
    assert brief.notes
    _assert_supported(brief, gaps_store)
    if question == "qwerty asdf":
        assert _statements(brief) == []
        assert brief.references == []


@pytest.mark.parametrize("question", [
    "What is baclofen used for?", "max daily dose of Lioresal", "Does tizanidine cause liver injury?",
    "What does the CDC recommend for opioid tapering?",
])
def test_answers_that_exist_are_all_quoted_from_the_store(gaps_store: Store, question: str) -> None:
    _assert_supported(pipeline.ask_store(gaps_store, question), gaps_store)
