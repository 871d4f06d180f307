"""`medbrief drug NAME`: the drug card of one ingredient (issue 15 points 1, 5, 6), read from the stored labels.

The store reading is here; the entry (facts/drug_entry.py), the card and its text (facts/card.py) and the label
comparison (facts/compare.py) are pure. The CLI (cli_drug.py) calls `drug_card`; an HTTP or MCP interface can call
the same and print `DrugCard.to_dict()`.

Extracting the facts of a long label takes up to 0.15 s (an adalimumab label), so the facts of each label are kept
in a small cache file beside the store (`<db>.facts`, SQLite), keyed by the label's content hash and a fingerprint of
the extractor's source: a re-ingested label or a changed extractor is read afresh. The cache is an optimisation
only: when the file cannot be written (a read-only folder) the card is computed without it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import sqlite3
from pathlib import Path

from .facts import LabelFact, label_facts
from .facts.card import DrugCard, build_card
from .facts.drug_entry import drug_entry
from .facts_service import resolve_drug
from .pipeline import _store_faults, open_store, repairing
from .retrieve.corpus import Corpus
from .settings import Settings
from .store import Reporter, Store

# What the facts of a label depend on besides its text: a change to any of these reads every label afresh.
EXTRACTOR_MODULES = ("medbrief.facts.extract", "medbrief.facts.dose", "medbrief.facts.populations",
                     "medbrief.facts.safety", "medbrief.facts.quantity", "medbrief.facts.records",
                     "medbrief.sentences", "medbrief.compose.label_reading", "medbrief.compose.drug_facts")


@functools.cache
def extractor_fingerprint() -> str:
    """A hash of the extractor's source files (EXTRACTOR_MODULES)."""
    h = hashlib.sha256()
    for name in EXTRACTOR_MODULES:
        h.update(Path(importlib.import_module(name).__file__ or "").read_bytes())
    return h.hexdigest()[:16]


def cache_path(db_path: Path) -> Path:
    """The facts cache of a store: `<db>.facts` beside it."""
    return db_path.with_name(db_path.name + ".facts")


class FactsCache:
    """Label facts by doc id, valid for one content hash and extractor fingerprint (one row per label: a newer
    version replaces the old). Every fault of the file (unwritable folder, locked, damaged) turns the cache off
    for this run instead of failing the card."""

    def __init__(self, path: Path | None) -> None:
        self.conn: sqlite3.Connection | None = None
        self.fingerprint = extractor_fingerprint()
        if path is None:
            return
        try:
            self.conn = sqlite3.connect(path, timeout=0.5, isolation_level=None)
            self.conn.execute("CREATE TABLE IF NOT EXISTS label_facts (doc_id TEXT PRIMARY KEY, content_hash TEXT "
                              "NOT NULL, extractor TEXT NOT NULL, facts TEXT NOT NULL)")
        except (sqlite3.Error, OSError):
            self.close()

    def get(self, hashes: dict[str, str]) -> dict[str, list[LabelFact]]:
        """The cached facts of the labels whose content hash (`hashes`: doc id -> hash) and extractor match."""
        if self.conn is None or not hashes:
            return {}
        out: dict[str, list[LabelFact]] = {}
        ids = list(hashes)
        try:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows = self.conn.execute("SELECT doc_id, content_hash, extractor, facts FROM label_facts WHERE doc_id "
                                         f"IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                for doc_id, h, extractor, facts in rows:
                    if h == hashes[doc_id] and extractor == self.fingerprint:
                        out[doc_id] = [LabelFact(**d) for d in json.loads(facts)]
        except (sqlite3.Error, ValueError, TypeError):
            self.close()
            return {}
        return out

    def put(self, doc_id: str, content_hash: str, facts: list[LabelFact]) -> None:
        if self.conn is None:
            return
        try:
            self.conn.execute("INSERT OR REPLACE INTO label_facts VALUES (?,?,?,?)",
                              (doc_id, content_hash, self.fingerprint,
                               json.dumps([f.to_dict() for f in facts], ensure_ascii=False)))
        except sqlite3.Error:
            self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def _facts_of(store: Store, doc_ids: list[str], metas: dict[str, dict], cache: FactsCache | None) -> list[LabelFact]:
    hashes: dict[str, str] = {}
    if cache is not None and cache.conn is not None and doc_ids:
        q = ",".join("?" * len(doc_ids))
        hashes = dict(store.db.conn.execute(f"SELECT id, content_hash FROM documents WHERE id IN ({q})", doc_ids))
    cached = cache.get(hashes) if cache is not None else {}
    out: list[LabelFact] = []
    for doc_id in doc_ids:
        found = cached.get(doc_id)
        if found is None:
            found = label_facts(doc_id, metas[doc_id], store.db.passages_of(doc_id))
            if cache is not None and doc_id in hashes:
                cache.put(doc_id, hashes[doc_id], found)
        out.extend(found)
    return out


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
        facts = _facts_of(store, ids, {i: docs[i].meta for i in ids}, cache)
    forms = {r.doc_id: r.dosage_form for r in entry.labels}
    return build_card(name, entry, facts, forms)


@_store_faults
def drug_card(settings: Settings, name: str, reporter: Reporter | None = None) -> DrugCard:
    """Open the store and build the card of `name` (label facts cached beside the store, see FactsCache);
    StoreMissing without a store, UnknownDrug for a name no label is of."""
    with open_store(settings, reporter=reporter) as store:
        cache = FactsCache(cache_path(settings.db_path))
        try:
            return repairing(store, lambda: drug_card_store(store, name, cache))
        finally:
            cache.close()
