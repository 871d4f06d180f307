"""`medbrief facts`: the structured facts of stored labels (issue 15 points 2-3), computed on demand from the
stored passages by the `medbrief.facts` stage. The CLI (cli_facts.py) and any other interface call these."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import UnknownDrug
from .facts import LabelFact, label_facts
from .pipeline import _store_faults, open_store, repairing
from .retrieve.corpus import Corpus
from .retrieve.fuse import search_ids
from .settings import Settings
from .store import Reporter, Store


def resolve_drug(store: Store, name: str) -> str:
    """The canonical drug a name (generic, brand or substance, any case) stands for in the stored labels.

    UnknownDrug when no label names it — the message `ask` gives when no stored text mentions the word, and a
    narrower one when some text mentions it but no label is of that drug."""
    corpus = Corpus(store)
    canonical = corpus.drugs.lookup(name)
    if canonical is None:
        matches = corpus.drugs.recognise(name)
        canonical = matches[0].canonical if len(matches) == 1 else None
    if canonical is not None and (store.db.docs_for_drug(canonical, tier="label")
                                  or corpus.drugs.combinations_with(canonical)):
        return canonical
    word = name.strip()
    if search_ids(store, word, mode="bm25", k=1):
        raise UnknownDrug(f"'{word}' names no drug of the stored labels (the corpus mentions it, but no label is "
                          "of that drug)", hint="check the spelling, or ingest its label")
    raise UnknownDrug(f"'{word}' is not a drug in the corpus: no label, guideline or abstract mentions it",
                      hint="check the spelling, ask without it, or ingest sources that cover it")


def label_ids(store: Store, drug: str | None) -> list[str]:
    """Doc ids of the labels to read: all labels (None), or one drug's single-ingredient labels — its
    combination products only when it has no label of its own (a "metformin" query does not pull
    metformin/sitagliptin unless nothing else exists)."""
    if drug is None:
        return [r[0] for r in store.db.conn.execute("SELECT id FROM documents WHERE tier='label' ORDER BY id")]
    canonical = resolve_drug(store, drug)
    ids = store.db.docs_for_drug(canonical, tier="label")
    if not ids:
        corpus = Corpus(store)
        ids = sorted({i for combo in corpus.drugs.combinations_with(canonical)
                      for i in store.db.docs_for_drug(combo, tier="label")})
    return ids


def facts_store(store: Store, drug: str | None = None) -> Iterator[LabelFact]:
    """Every fact of the selected labels (see `label_ids`), label by label in doc id order, each label's facts in
    reading order. UnknownDrug for a drug no label is of."""
    with store.db.snapshot():
        ids = label_ids(store, drug)
        for i in range(0, len(ids), 200):
            docs = store.db.documents(ids[i : i + 200])
            for doc_id in ids[i : i + 200]:
                doc = docs.get(doc_id)
                if doc is not None:
                    yield from label_facts(doc_id, doc.meta, store.db.passages_of(doc_id))


@_store_faults
def facts(settings: Settings, drug: str | None = None, reporter: Reporter | None = None) -> list[LabelFact]:
    """Open the store and extract the facts of its labels (all, or one drug's); StoreMissing without a store,
    UnknownDrug for a drug no label is of."""
    with open_store(settings, reporter=reporter) as store:
        return repairing(store, lambda: list(facts_store(store, drug)))
