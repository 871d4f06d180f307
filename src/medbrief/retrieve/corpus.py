"""Read access to the stored evidence for composition: labels of a drug, ranked passages per tier."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..records import TIERS, Passage, Tier
from ..store import Store, StoredDocument
from ..store.vectors import has_vectors, matrix_for
from .dense import Embedder, RememberingEmbedder, retrieval_mode
from .drugs import DrugDictionary, name_key
from .fuse import Mode, search_ids
from .lexicon import CLASS, LexiconEntry, lay_class

if TYPE_CHECKING:
    from ..facts.records import LabelFact
    from ..store.facts_cache import FactsCache


@dataclass(frozen=True)
class LabelDoc:
    """A stored label with its passages in reading order."""

    doc: StoredDocument
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class RankedPassage:
    passage: Passage
    doc: StoredDocument
    score: float
    rank: int


def drug_dictionary(store: Store) -> DrugDictionary:
    """The drug dictionary of the store's records, built once per state of them: kept on the store's records object
    while its connection has written nothing and no other connection has committed since (`PRAGMA data_version`),
    and rebuilt after any change (an ingest, a relabel). Building it reads and indexes every stored drug name, which
    cost a warm `ask` about 30 ms when each question's Corpus built its own."""
    db = store.db
    stamp = (db.conn, db.conn.total_changes, int(db.conn.execute("PRAGMA data_version").fetchone()[0]))
    kept = getattr(db, "_drug_dictionary", None)
    if kept is not None and kept[0][0] is stamp[0] and kept[0][1:] == stamp[1:]:
        return kept[1]

    def lexicon(names: list[str]) -> dict[str, LexiconEntry]:
        found = {n: LexiconEntry(c, k) for n, (c, k) in db.lexicon_lookup(names).items()}
        # a lay class name ("water pills", "sleeping pill") is its class, also in a store ingested before the name
        # was added to the lexicon
        for n in names:
            cls = lay_class(n, name_key)
            if cls is not None:
                found[n] = LexiconEntry(cls, CLASS)
        return found

    drugs = DrugDictionary(db.drug_names(), lexicon)
    db._drug_dictionary = (stamp, drugs)  # type: ignore[attr-defined]
    return drugs


class Corpus:
    """The evidence an answer may draw on; composition reads the store only through this."""

    def __init__(self, store: Store, embedder: Embedder | None = None) -> None:
        """`embedder`: with it, and vectors for it in the store, retrieval is hybrid (BM25 + dense, see fuse.py) in
        each tier whose passages all have a vector; a tier where some lack one is searched by BM25 and
        `retrieval_notes` says so (dense.retrieval_mode)."""
        self.store = store
        # one question embeds the same texts more than once (the question, the drug's name): each once per Corpus
        self.embedder = RememberingEmbedder(embedder) if embedder is not None else None
        self.modes: dict[str, Mode] = {}
        self.retrieval_notes: list[str] = []
        if embedder is not None and has_vectors(store, embedder.name):
            for tier in TIERS:
                mode, note = retrieval_mode(store, embedder, [tier])
                self.modes[tier] = "hybrid" if mode == "hybrid" else "bm25"
                if note:
                    self.retrieval_notes.append(note)
        self.mode: Mode = "hybrid" if "hybrid" in self.modes.values() else "bm25"
        self.facts_cache: FactsCache | None = None  # where label facts are kept between runs (the caller's to close)

    def label_facts(self, label: LabelDoc) -> list[LabelFact]:
        """The structured facts of one stored label (`medbrief.facts`), read once per label: from this process's
        memory or `facts_cache` when they hold them for the label's current text, else extracted."""
        from ..store.facts_cache import facts_for

        return facts_for(self.store, [(label.doc.id, label.doc.meta, label.passages)], self.facts_cache)[label.doc.id]

    @cached_property
    def drugs(self) -> DrugDictionary:
        return drug_dictionary(self.store)

    def names_of(self, canonical: str) -> list[str]:
        """Every surface key that maps to a canonical drug (generic, brands, substances)."""
        return self.drugs.names_of(canonical)

    def names_pattern(self, drugs: Iterable[str], min_chars: int = 3) -> re.Pattern[str] | None:
        """A pattern matching any name of `drugs` in text (spaces or hyphens between words, a plural 's'); None
        when there is no name of at least `min_chars` characters."""
        names = {n for d in drugs for n in [d, *self.names_of(d)] if len(n) >= min_chars}
        if not names:
            return None
        alts = "|".join(sorted((re.escape(n).replace(r"\ ", r"[\s\-]+") for n in names), key=len, reverse=True))
        return re.compile(rf"\b({alts})s?\b", re.I)

    @cached_property
    def label_counts(self) -> dict[str, int]:
        """How many labels each drug (canonical name) has in the store."""
        rows = self.store.db.conn.execute(
            "SELECT dd.drug, count(*) FROM document_drugs dd JOIN documents d ON d.id = dd.doc_id "
            "WHERE d.tier = 'label' GROUP BY dd.drug")
        return {drug: n for drug, n in rows}

    def labels_for(self, canonical: str) -> list[LabelDoc]:
        """The labels of one drug (a single ingredient, or the combination named)."""
        ids = self.store.db.docs_for_drug(canonical, tier="label")
        docs = self.store.db.documents(ids)
        return [LabelDoc(docs[i], tuple(self.store.db.passages_of(i))) for i in ids if i in docs]

    def combination_labels_for(self, ingredient: str) -> list[LabelDoc]:
        """Labels of combination products that contain `ingredient` ('acetaminophen' -> hydrocodone and
        acetaminophen)."""
        out: list[LabelDoc] = []
        seen: set[str] = set()
        for combo in self.drugs.combinations_with(ingredient):
            for label in self.labels_for(combo):
                if label.doc.id not in seen:
                    seen.add(label.doc.id)
                    out.append(label)
        return out

    def search(
        self, query: str, tier: Tier, k: int = 50, doc_ids: Iterable[str] | None = None
    ) -> list[RankedPassage]:
        scored = search_ids(self.store, query, mode=self.modes.get(tier, "bm25"), embedder=self.embedder, k=k,
                            tiers=[tier], doc_ids=doc_ids)
        passages = self.store.db.passages_by_id([pid for pid, _ in scored])
        docs = self.store.db.documents(p.doc_id for p in passages.values())
        out: list[RankedPassage] = []
        for pid, score in scored:
            p = passages.get(pid)
            if p is not None and p.doc_id in docs:
                out.append(RankedPassage(p, docs[p.doc_id], score, len(out) + 1))
        return out

    def question_similarity(self, question: str, passage_ids: Iterable[str]) -> dict[str, float]:
        """Cosine of the question's embedding with each of `passage_ids` that has a vector of the embedder's model
        ({} when the label tier is not searched hybrid: no embedder, or labels without vectors). The question is
        embedded once per Corpus."""
        if self.embedder is None or self.modes.get("label") != "hybrid":
            return {}
        return matrix_for(self.store, self.embedder.name).cosines(self.embedder.embed([question])[0], passage_ids)

    def prime(self, queries: Iterable[str], tier: Tier) -> None:
        """Embed in one batch the queries about to be searched in `tier` hybrid (nothing when it is searched by
        BM25): the research tier's facet queries, ~half the model's time of embedding them one by one."""
        if self.embedder is not None and self.modes.get(tier) == "hybrid":
            self.embedder.prime(queries)

    def passage(self, passage_id: str) -> Passage | None:
        return self.store.db.passages_by_id([passage_id]).get(passage_id)

    def totals(self) -> tuple[int, int, str | None]:
        """Documents, passages and build time, as recorded by the last ingest (counted when not recorded)."""
        info = self.store.db.build_info()
        if "documents" in info and "passages" in info:
            return int(info["documents"]), int(info["passages"]), info.get("last_ingest")
        c = self.store.db.counts()
        return sum(c["documents"].values()), sum(c["passages"].values()), info.get("last_ingest")
