"""The grounding check drops statements whose support does not match the stored passage, and says so."""

from __future__ import annotations

import pytest

from medbrief import compose, pipeline
from medbrief.compose.drafts import Draft, DraftBlock, Evidence, TierDraft
from medbrief.compose.grounding import ground, statement_grounded
from medbrief.records import Passage
from medbrief.settings import Settings
from tests.conftest import FIXTURES

TEXT = "Baclofen is indicated for spasticity resulting from multiple sclerosis. Abrupt withdrawal is dangerous."
PASSAGE = Passage("label:x#0", "label:x", "Indications", "34067-9", TEXT, 0)
SENT = "Baclofen is indicated for spasticity resulting from multiple sclerosis."
END = len(SENT)


def lookup(pid: str) -> Passage | None:
    return PASSAGE if pid == PASSAGE.id else None


def _draft(text: str = SENT, *, start: int = 0, end: int = END, quote: str | None = None,
           pid: str = PASSAGE.id, doc: str = "label:x") -> Draft:
    return Draft(text, [Evidence(doc, pid, start, end, TEXT[start:end] if quote is None else quote)])


def test_a_correct_span_is_grounded() -> None:
    assert statement_grounded(_draft(), lookup)
    # joining words are allowed on top of the quoted ones
    assert statement_grounded(_draft("Baclofen is indicated for spasticity and multiple sclerosis."), lookup)


@pytest.mark.parametrize("bad", [
    pytest.param(lambda: _draft(start=1, quote=SENT), id="start off by one"),
    pytest.param(lambda: _draft(end=END + 5, quote=SENT), id="end past the quote"),
    pytest.param(lambda: _draft(start=-3, quote=SENT), id="negative start"),
    pytest.param(lambda: _draft(end=len(TEXT) + 10, quote=TEXT), id="end beyond the passage"),
    pytest.param(lambda: _draft(start=10, end=5, quote=""), id="start after end"),
    pytest.param(lambda: _draft(quote=SENT.replace("multiple", "amyotrophic")), id="quote differs from text"),
    pytest.param(lambda: _draft(SENT.replace("spasticity", "epilepsy")), id="statement word not in quote"),
    pytest.param(lambda: _draft(SENT + " It cures cancer."), id="statement adds a claim"),
    pytest.param(lambda: _draft(pid="label:x#9"), id="unknown passage"),
    pytest.param(lambda: _draft(doc="label:other"), id="passage of another document"),
    pytest.param(lambda: Draft(SENT, []), id="no support"),
    pytest.param(lambda: _draft("   "), id="empty statement"),
])
def test_a_corrupted_span_is_dropped_and_counted(bad) -> None:
    draft = bad()
    assert not statement_grounded(draft, lookup)
    tiers = [TierDraft("label", [DraftBlock("Uses", [_draft(), draft]), DraftBlock("Other", [draft])])]
    assert ground(tiers, lookup) == 2
    assert [len(b.statements) for b in tiers[0].blocks] == [1]  # the block left empty is removed


@pytest.fixture
def fixture_settings(tmp_path) -> Settings:
    settings = Settings.load(db=tmp_path / "medbrief.db")
    pipeline.ingest(settings, [FIXTURES / "spl" / "tizanidine-spl.xml", FIXTURES / "pubmed" / "articleset.xml"])
    return settings


def test_ask_store_notes_a_dropped_statement(fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    original = compose.compose_label_tier

    def with_a_bad_statement(q, corpus):  # type: ignore[no-untyped-def]
        tier = original(q, corpus)
        p = corpus.store.db.passages_of(corpus.store.db.docs_for_drug("tizanidine", "label")[0])[0]
        # a real span, but the statement says something the quote does not
        bad = Draft("Tizanidine cures every disease.", [Evidence(p.doc_id, p.id, 0, 10, p.text[:10])])
        tier.blocks.append(DraftBlock("Invented", [bad]))
        return tier

    with pipeline.open_store(fixture_settings) as store:
        honest = pipeline.ask_store(store, "What is tizanidine used for?")
        monkeypatch.setattr(compose, "compose_label_tier", with_a_bad_statement)
        brief = pipeline.ask_store(store, "What is tizanidine used for?")
    assert not any("grounding" in n for n in honest.notes)
    assert any(n.startswith("1 statement(s) failed the grounding check") for n in brief.notes), brief.notes
    texts = [st.text for s in brief.sections for b in s.blocks for st in b.statements]
    assert "Tizanidine cures every disease." not in texts
    assert all(b.heading != "Invented" for s in brief.sections for b in s.blocks)
    assert texts == [st.text for s in honest.sections for b in s.blocks for st in b.statements]
