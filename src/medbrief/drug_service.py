"""`medbrief drug NAME`: the drug card of one ingredient (issue 15 points 1, 5, 6), read from the stored labels.

The store reading is here; the entry (facts/drug_entry.py), the card and its text (facts/card.py) and the label
comparison (facts/compare.py) are pure. The CLI (cli_drug.py) calls `drug_card`; an HTTP or MCP interface can call
the same and print `DrugCard.to_dict()`.

Extracting the facts of a long label takes up to 0.15 s (an adalimumab label), so the facts of each label are kept
beside the store (store/facts_cache.py, shared with the briefs' Key facts).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .facts.card import DOSE_FACTS, DrugCard, build_card
from .facts.compare import label_form
from .facts.drug_entry import drug_entry
from .facts_service import resolve_drug
from .pipeline import _store_faults, open_store, repairing
from .records import Passage
from .retrieve.corpus import Corpus
from .settings import Settings
from .store import Reporter, Store
from .store.facts_cache import FactsCache, cache_path, facts_for


def drug_card_store(store: Store, name: str, cache: FactsCache | None = None) -> DrugCard:
    """The card of the drug `name` stands for (generic, brand or substance name, any case): its own labels'
    entry and facts, the combination products containing it listed apart — or, when no label of it alone is
    stored, the card from its combination labels (`entry.from_combinations`). UnknownDrug (as `medbrief facts`)
    for a name no label is of. `cache`: where label facts are kept between runs (None: none)."""
    with store.db.snapshot():
        canonical = resolve_drug(store, name)
        own_ids = store.db.docs_for_drug(canonical, tier="label")
        combo_ids = {combo: store.db.docs_for_drug(combo, tier="label")
                     for combo in Corpus(store).drugs.combinations_with(canonical)}
        # a label filed under both the ingredient and a combination is the combination's
        combo_docs = {i for ids in combo_ids.values() for i in ids}
        own_ids = [i for i in own_ids if i not in combo_docs]
        docs = store.db.documents([*own_ids, *combo_docs])
        entry = drug_entry(canonical, [docs[i] for i in own_ids if i in docs],
                           {c: [docs[i] for i in ids if i in docs] for c, ids in combo_ids.items()})
        ids = [r.doc_id for r in entry.labels]
        by_label = facts_for(store, [(i, docs[i].meta, None) for i in ids], cache)
        facts = [f for i in ids for f in by_label[i]]
        product = _product_passages(store, ids)
        forms = {i: label_form(docs[i].title, docs[i].meta, product.get(i, ())) for i in ids}
        # the passages of the dose facts: who a dose is for may be named only in the heading or lead-in before it
        passages = store.db.passages_by_id(sorted({f.passage_id for f in facts if f.fact in DOSE_FACTS}))
    return build_card(name, entry, facts, forms, passages)


def _product_passages(store: Store, doc_ids: list[str]) -> dict[str, list[Passage]]:
    """doc id -> its passages that describe the product (Description, Dosage Forms and Strengths, product data),
    where a label states its release ("extended-release capsules") when its openFDA dosage form does not."""
    out: dict[str, list[Passage]] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        rows = store.db.conn.execute(
            "SELECT id, doc_id, section, section_code, text, ord FROM passages WHERE doc_id IN "
            f"({','.join('?' * len(chunk))}) AND (section LIKE '%description%' OR section LIKE '%dosage form%' "
            "OR section LIKE '%product%')", chunk)
        for pid, doc_id, section, code, text, order in rows:
            out.setdefault(doc_id, []).append(Passage(id=pid, doc_id=doc_id, section=section, section_code=code,
                                                      text=text, order=order))
    return out


@_store_faults
def drug_card(settings: Settings, name: str, reporter: Reporter | None = None) -> DrugCard:
    """Open the store and build the card of `name` (label facts cached beside the store, see FactsCache);
    StoreMissing without a store, UnknownDrug for a name no label is of."""
    with open_store(settings, reporter=reporter) as store:
        # a read-only store (its file or folder cannot be written) gets no new file beside it: an existing cache
        # is read (its writes fail quietly), none is made
        readable = not store.read_only or cache_path(Path(store.db_path)).is_file()
        cache = FactsCache.beside(store) if readable else FactsCache(None)
        try:
            return repairing(store, lambda: drug_card_store(store, name, cache))
        finally:
            cache.close()


def facts_cache_note(db_path: Path) -> dict[str, object] | None:
    """`check`'s note on the label-facts cache beside the store (store/facts_cache.py, `<db>.facts`): its path and
    the number of labels it holds (None when it cannot be read), or None when there is no such file. Read-only:
    the file is opened with mode=ro, never created or changed."""
    path = cache_path(Path(db_path))
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            labels = conn.execute("SELECT COUNT(*) FROM label_facts").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        labels = None
    return {"path": str(path), "labels": labels}
