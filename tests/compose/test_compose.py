"""Composition on a small hand-made store: grouping, merging, ordering, retraction, spans, notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from medbrief import pipeline
from medbrief.compose.label_tier import group_labels
from medbrief.compose.sentences import content_words
from medbrief.ingest import run_ingest
from medbrief.parse import passages
from medbrief.records import Document, Section
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.drugs import dictionary_rows
from medbrief.store import Store

INDICATION = "Zorbafen tablets are indicated for the treatment of spasticity in adults."
DOSING = "The recommended starting dose is 5 mg three times a day. The total daily dose should not exceed 80 mg."


def _label(set_id: str, date: str, *, text: str = INDICATION, manufacturer: str = "Acme") -> Document:
    return Document(
        id=f"label:{set_id}", tier="label", title=f"ZORBAFEN tablets ({manufacturer})", source="openFDA",
        url=f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}", date=date, version="1",
        drugs=("zorbafen",),
        meta={"brand_names": ["Zorbex"], "generic_names": ["ZORBAFEN HYDROCHLORIDE"], "manufacturer": manufacturer,
              "route": ["ORAL"]},
        sections=(Section("Indications and Usage", text, "34067-9"), Section("Dosage and Administration", DOSING,
                                                                              "34068-7")),
    )


def _paper(pmid: int, text: str, types: list[str], *, retracted: bool = False) -> Document:
    return Document(
        id=f"pmid:{pmid}", tier="research", title=f"Zorbafen paper {pmid}", source="PubMed",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        sections=(Section("Abstract", text, "ABSTRACT"),),
        meta={"publication_types": types, "retracted": retracted, "study_type": types[0] if types else None},
    )


def _store_of(path: Path, docs: list[Document]) -> Store:
    """A store holding exactly `docs`, indexed, with the drug dictionary of its labels."""
    st = Store(path, create=True)
    st.db.begin()
    for d in docs:
        st.db.upsert(d, passages(d))
    st.db.replace_drug_names(dictionary_rows(st.db.label_meta()))
    st.db.commit()
    st.sync_index()
    return st


@pytest.fixture
def store(tmp_path: Path) -> Store:
    docs = [
        _label("aaa", "2024-01-01"),
        _label("bbb", "2025-06-01", manufacturer="Bryant"),  # same text as aaa: one group of 2, newest cited
        _label("ccc", "2023-01-01", text="Zorbafen is indicated for muscle spasm of other origin.", manufacturer="X"),
        _paper(1, "Zorbafen is an effective treatment for spasticity in multiple sclerosis.", ["Case Reports"]),
        _paper(2, "Zorbafen is an effective treatment for spasticity in multiple sclerosis patients.", ["Review"]),
        _paper(3, "Zorbafen is widely used to treat spasticity after spinal cord injury.", ["Meta-Analysis"]),
        _paper(4, "Zorbafen is used to treat spasticity in cerebral palsy and cures everything.", ["Letter"],
               retracted=True),
        _paper(5, "Somnolence and dizziness were the most common adverse events of zorbafen.",
               ["Randomized Controlled Trial"]),
    ]
    st = _store_of(tmp_path / "s.db", docs)
    yield st
    st.close()


def test_labels_sharing_text_are_grouped_newest_first(store: Store) -> None:
    groups = group_labels(Corpus(store).labels_for("zorbafen"))
    assert [len(g.members) for g in groups] == [2, 1]
    assert groups[0].rep.doc.id == "label:bbb"


def test_brief_cites_group_representative_and_agreement(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is the maximum daily dose of zorbex?")
    assert brief.drugs == ["zorbafen"]
    label = next(s for s in brief.sections if s.tier == "label")
    first = label.blocks[0].statements[0]
    assert first.text == "The total daily dose should not exceed 80 mg."
    ref = brief.references[first.citations[0] - 1]
    assert ref.doc_id == "label:bbb" and ref.labels_agreeing == 2


def test_research_merges_duplicates_orders_by_strength_and_skips_retracted(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is zorbafen used for?")
    research = next(s for s in brief.sections if s.tier == "research")
    stmts = [st for b in research.blocks for st in b.statements]
    cited = {brief.references[n - 1].doc_id for st in stmts for n in st.citations}
    assert "pmid:4" not in cited  # retracted
    ms = next(st for st in stmts if "multiple sclerosis" in st.text)
    assert {brief.references[n - 1].doc_id for n in ms.citations} == {"pmid:1", "pmid:2"}  # merged, both cited
    use = next(b for b in research.blocks if b.heading == "Use of Zorbafen")
    order = [brief.references[st.citations[0] - 1].doc_id for st in use.statements]
    assert order.index("pmid:3") < order.index(brief.references[ms.citations[0] - 1].doc_id)  # meta-analysis first


def test_every_support_span_quotes_the_stored_passage(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is zorbafen used for?")
    numbers = []
    for sec in brief.sections:
        for b in sec.blocks:
            for st in b.statements:
                assert st.text == st.support[0].quote  # the statement is its first source's sentence, verbatim
                for s in st.support:
                    p = store.db.passages_by_id([s.passage_id])[s.passage_id]
                    assert p.text[s.start : s.end] == s.quote
                    # merged supports say the same thing: most content words shared
                    a, b = content_words(st.text), content_words(s.quote)
                    assert len(a & b) / len(a | b) >= 0.6
                numbers += [n for n in st.citations if n not in numbers]
    assert numbers == list(range(1, len(brief.references) + 1))


def test_honest_notes(store: Store) -> None:
    brief = pipeline.ask_store(store, "What is zorbafen used for?")
    assert "No guideline in the corpus addresses zorbafen." in brief.notes
    # abstracts about zorbafen exist, none about pregnancy: the note names what is missing, not the drug
    brief = pipeline.ask_store(store, "Is zorbafen safe in pregnancy?")
    assert not any(s.tier == "research" for s in brief.sections if s.blocks)
    assert "No research abstract in the corpus addresses pregnancy for zorbafen." in brief.notes
    assert "No research abstract in the corpus addresses zorbafen." not in brief.notes


def test_brand_only_label_is_linked_at_ingest(tmp_path: Path, fixtures: Path) -> None:
    with Store(tmp_path / "t.db", create=True) as st:
        run_ingest(st, [fixtures / "openfda", fixtures / "tac"])
        unresolved = [doc_id for doc_id, _ in st.db.labels_without_drugs()]
        for doc_id in unresolved:
            linked = st.db.conn.execute("SELECT drug FROM document_drugs WHERE doc_id=?", (doc_id,)).fetchall()
            meta = st.db.document(doc_id).meta
            brand_known = any(st.db.conn.execute("SELECT 1 FROM drug_names WHERE name=?", (b.lower(),)).fetchone()
                              for b in meta.get("brand_names") or [])
            assert bool(linked) == brand_known


def test_ask_fuses_dense_retrieval_when_the_store_has_vectors(store: Store) -> None:
    from medbrief.retrieve.dense import HashEmbedder, embed_pending

    # "stiffness" is a paraphrase of "spasticity" only the (fake) dense model knows: BM25 alone cannot match it
    emb = HashEmbedder(synonyms={"stiffness": "spasticity", "stiff": "spasticity"})
    assert Corpus(store, emb).mode == "bm25"  # no vectors yet: lexical
    assert embed_pending(store, emb) > 0
    corpus = Corpus(store, emb)
    assert corpus.mode == "hybrid"
    lexical = Corpus(store).search("muscle stiffness", "research", k=5)
    fused = corpus.search("muscle stiffness", "research", k=5)
    assert not lexical and fused  # the paraphrase is found only through the dense side
    brief = pipeline.ask_store(store, "Does zorbafen help muscle stiffness?", embedder=emb)
    research = next(s for s in brief.sections if s.tier == "research")
    assert any("spasticity" in st.text for b in research.blocks for st in b.statements)


def test_a_sentence_saying_what_the_drug_is_counts_as_definitional() -> None:
    import re

    from medbrief.compose.research_tier import _is_definitional

    drug = re.compile(r"\bbaclofen\b", re.I)
    assert _is_definitional("Baclofen, a GABA-B agonist, acts at the spinal cord level.", drug, "mechanism")
    assert _is_definitional("The muscle relaxant baclofen is a potent and selective agonist for GABAB receptors.",
                            drug, "mechanism")
    # a trial that uses the drug as a probe says nothing of what the drug is
    assert not _is_definitional("The effect of divalproex on GABAB receptor function was assessed with a challenge "
                                "of the GABAB receptor agonist baclofen.", drug, "mechanism")
    assert not _is_definitional("Baclofen was given to ten volunteers, an agonist challenge.", drug, "mechanism")
    assert _is_definitional("Baclofen is frequently used to treat spasticity.", drug, "indications")
    assert not _is_definitional("Baclofen, a GABA-B agonist.", drug, "side_effects")


def test_enrolment_sentences_are_methods_not_findings() -> None:
    from medbrief.compose.research_tier import _METHODS_WORDS

    assert _METHODS_WORDS.search("Sixty-six patients with severe spasticity refractory to oral baclofen or who "
                                 "experienced intolerable side effects with this form of the drug were screened.")
    assert _METHODS_WORDS.search("Forty children were enrolled.")
    assert not _METHODS_WORDS.search("Baclofen could induce weakness, particularly in patients with cerebral palsy.")


def test_a_retracted_guideline_is_never_cited(tmp_path: Path) -> None:
    def guideline(pmid: int, text: str, retracted: bool) -> Document:
        return Document(
            id=f"pmid:{pmid}", tier="guideline", title=f"Zorbafen guideline {pmid}", source="PubMed",
            sections=(Section("Abstract", text, "ABSTRACT"),),
            meta={"publication_types": ["Practice Guideline"] + (["Retracted Publication"] if retracted else []),
                  "retracted": retracted, "body": "Example Society", "year": 2020},
        )

    docs = [_label("aaa", "2024-01-01"),
            guideline(7, "We recommend zorbafen as first-line treatment for spasticity in adults.", True),
            guideline(8, "We suggest zorbafen for spasticity when stretching alone fails.", False)]
    with _store_of(tmp_path / "g.db", docs) as st:
        brief = pipeline.ask_store(st, "What is zorbafen used for?")
    cited = {r.doc_id for r in brief.references}
    assert "pmid:8" in cited and "pmid:7" not in cited


def test_route_note_only_when_the_brief_states_no_use(tmp_path: Path) -> None:
    # An injection-only drug whose label states its indication needs no "no oral label ... no labelled indication"
    # note (it would be false); an injection label with no indication section keeps it (intrathecal baclofen).
    def injection(set_id: str, drug: str, sections: tuple[Section, ...]) -> Document:
        return Document(id=f"label:{set_id}", tier="label", title=f"{drug.upper()} injection", source="openFDA",
                        date="2024-01-01", version="1", drugs=(drug,),
                        meta={"generic_names": [drug.upper()], "route": ["INTRAVENOUS"]}, sections=sections)

    docs = [
        injection("inj1", "quorbumab", (Section("Indications and Usage",
                  "Quorbumab injection is indicated for the treatment of Alzheimer disease in adults.", "34067-9"),)),
        injection("inj2", "velthecal", (Section("Adverse Reactions",
                  "The most common adverse reactions with velthecal were somnolence and dizziness.", "34084-4"),)),
    ]
    with _store_of(tmp_path / "s.db", docs) as st:
        stated = pipeline.ask_store(st, "What is quorbumab used for?")
        assert any(s.tier == "label" and s.blocks for s in stated.sections)
        assert not any("no oral quorbumab label" in n for n in stated.notes)
        silent = pipeline.ask_store(st, "What is velthecal used for?")
        assert any(n.startswith("The corpus has no oral velthecal label") for n in silent.notes)
