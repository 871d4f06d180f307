"""Ingest: read source files, split into passages, write them in batched transactions, sync the index."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from .drugnames import DRUG_RULE, canonical_names, normalize
from .errors import ParseError
from .parse import PASSAGE_RULE, section_passages
from .parse import passages as split_passages
from .records import Deletion, Document, SkippedRecord, SourceItem
from .retrieve.dense import Embedder, embed_pending
from .retrieve.drugs import DrugDictionary, LexiconLookup, dictionary_rows, name_key
from .retrieve.english import is_ordinary_word
from .retrieve.lexicon import LexiconEntry, lexicon_rows
from .sources import SNIFF_BYTES, detect, freetext
from .sources.files import LeafInput, expand, is_media
from .store import RecordsDB, Store
from .store.faults import is_store_fault, store_faults

ProgressFn = Callable[[int, int, str], None]  # (done bytes, total bytes, current input)


@dataclass(frozen=True)
class FreeTextGuideline:
    """`--as guideline`: read free text (Markdown, HTML, plain) as guideline documents."""

    body: str
    year: int | None = None


# What one ingest did to a document id, relative to the store before it: stored new, replaced, kept as it was, or
# not in the store at the end (deleted later in the same input, or kept out by an earlier deletion).
DocOutcome = str  # "added" | "updated" | "unchanged" | "gone"


@dataclass
class IngestReport:
    """What an ingest did.

    Records and documents differ: an input may hold several records of one document (older versions, a label
    in two formats, a duplicate file). `added`..`kept_existing` count records by what storing each one did;
    `documents` counts distinct document ids read (each once, as added, updated or unchanged against the store
    before this ingest), and `copies_kept_out` = records - documents: the older versions, duplicate copies and
    deleted records that are not in the store. `store_documents` is the store's total afterwards (as `stats`,
    `/health` and a brief's footer count it)."""

    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    resplit: int = 0  # stored documents re-cut into passages because the passage rule changed
    rederived: int = 0  # stored labels whose drug list was derived again because the name rules changed
    kept_newer: int = 0  # a newer revision of the record is already stored (sources/revision.py)
    kept_existing: int = 0  # same id and revision as a stored copy, other content: the content hash decides
    deleted: int = 0
    passages_written: int = 0
    # of those, passages a later copy of the same document in this run replaced again (a newer version read after an
    # older one): why `passages_written` can exceed what the store gained
    passages_rewritten: int = 0
    ignored_media: int = 0
    embedded: int = 0  # passage texts embedded (dense retrieval), when an embedder was given
    by_tier: Counter[str] = field(default_factory=Counter)
    by_source: Counter[str] = field(default_factory=Counter)
    passages_by_tier: Counter[str] = field(default_factory=Counter)
    skipped: list[SkippedRecord] = field(default_factory=list)
    seconds: float = 0.0
    store_documents: int = 0  # documents in the store after this ingest
    store_passages: int = 0
    outcomes: dict[str, DocOutcome] = field(default_factory=dict, repr=False)  # doc id -> what this ingest did

    @property
    def documents_seen(self) -> int:
        """Records read (every copy of every document), as counted by tier."""
        return sum(self.by_tier.values())

    def note(self, doc_id: str, change: str, stored: Callable[[], bool]) -> None:
        """Record what storing one record of `doc_id` did (`change`: RecordsDB.upsert's answer). `stored` says
        whether the store holds the id; it is asked only when that is not known from `change`."""
        before = self.outcomes.get(doc_id)
        if before is None:
            if change in ("added", "updated"):
                self.outcomes[doc_id] = change
            else:  # this copy stayed out: the stored copy (same or newer) is the document, if there is one
                self.outcomes[doc_id] = "unchanged" if change == "unchanged" or stored() else "gone"
        elif change == "updated" and before == "unchanged":
            self.outcomes[doc_id] = "updated"  # a later copy in this input replaced the stored one
        elif change in ("added", "updated") and before == "gone":
            self.outcomes[doc_id] = "added"

    def note_deleted(self, doc_id: str) -> None:
        """A deletion removed `doc_id` from the store: what this ingest read of it is not stored."""
        if doc_id in self.outcomes:
            self.outcomes[doc_id] = "gone"

    def _outcome_count(self, outcome: DocOutcome) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    @property
    def documents(self) -> int:
        """Distinct documents read whose content (this input's or a stored newer copy) is in the store."""
        return len(self.outcomes) - self._outcome_count("gone")

    @property
    def copies_kept_out(self) -> int:
        """Records read that are not a stored document: older versions, duplicate copies, deleted records."""
        return self.documents_seen - self.documents

    def document_counts(self) -> dict[str, int]:
        """{"added", "updated", "unchanged"}: distinct documents by what this ingest did to them."""
        return {o: self._outcome_count(o) for o in ("added", "updated", "unchanged")}

    def to_dict(self) -> dict[str, object]:
        return {
            "files": self.files, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "resplit": self.resplit, "rederived": self.rederived, "kept_newer": self.kept_newer,
            "kept_existing": self.kept_existing,
            "records": self.documents_seen, "documents": self.documents, "documents_changed": self.document_counts(),
            "copies_kept_out": self.copies_kept_out,
            "store": {"documents": self.store_documents, "passages": self.store_passages},
            "deleted": self.deleted, "passages_written": self.passages_written,
            "passages_rewritten": self.passages_rewritten,
            "ignored_media": self.ignored_media, "embedded": self.embedded, "documents_by_tier": dict(self.by_tier),
            "passages_by_tier": dict(self.passages_by_tier), "documents_by_source": dict(self.by_source),
            "skipped": [{"origin": s.origin, "position": s.position, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 3),
        }


def _items(leaf: LeafInput, data: bytes, as_guideline: FreeTextGuideline | None) -> Iterator[SourceItem]:
    if as_guideline is not None:
        yield from freetext.read_guideline(data, leaf.origin, body=as_guideline.body, year=as_guideline.year)
        return
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield SkippedRecord(
            leaf.origin, None, f"{leaf.origin}: UTF-16 text; medbrief reads UTF-8 (iconv -f UTF-16 -t UTF-8)"
        )
        return
    head = data[:SNIFF_BYTES]
    reader = detect(head, leaf.name)
    if reader is not None:
        yield from reader.read(data, leaf.origin)
    elif freetext.looks_like_free_text(head, leaf.name):
        yield SkippedRecord(leaf.origin, None, "free text: not ingested unless asked (--as guideline --body NAME)")
    elif not data.strip():
        yield SkippedRecord(leaf.origin, None, "empty file")
    else:
        yield SkippedRecord(leaf.origin, None, "unrecognised format")


def resplit(store: Store, batch_size: int = 1000) -> int:
    """Re-cut every stored document into passages when the store was cut by another passage rule.

    Passages derive from the stored sections, so an upgrade that changes the rule (parse.PASSAGE_RULE)
    re-splits an existing store in place, in batched transactions, and the index follows through the
    outbox. Returns how many documents were re-split (0 when the store already follows the rule). Raises
    StoreFull when the disk fills up (the batch being re-cut is rolled back; a re-run continues).
    """
    with store_faults(store.db_path):  # `reindex` calls this outside run_ingest's guard
        return _resplit(store, batch_size)


def _resplit(store: Store, batch_size: int) -> int:
    db = store.db
    if db.build_info().get("passage_rule") == PASSAGE_RULE:
        return 0
    ids = db.document_ids()
    for start in range(0, len(ids), batch_size):
        db.begin()
        try:
            for doc_id in ids[start : start + batch_size]:
                db.replace_passages(doc_id, section_passages(doc_id, db.document_sections(doc_id)))
            db.commit()
        except BaseException:
            db.rollback()
            raise
        store.sync_index()
    db.begin()
    db.set_build("passage_rule", PASSAGE_RULE)
    db.commit()
    return len(ids)


def rederive_drugs(store: Store) -> int:
    """Derive every stored label's drug list again when the store was built under other name rules.

    A label's drugs are its generic (else substance) names reduced by the name rules of drugnames.py (salt
    table, name pieces); an upgrade that changes them (drugnames.DRUG_RULE) must not leave 'diclofenac
    epolamine' in a store where questions now say 'diclofenac'. Labels without such names (TAC 2017) keep their
    ingredient, reduced by the same rules. Returns how many documents changed (0 when the rule is current).
    """
    db = store.db
    if db.build_info().get("drug_rule") == DRUG_RULE:
        return 0
    changed = 0
    db.begin()
    try:
        for doc_id, drugs, meta in list(db.label_meta()):
            names = meta.get("generic_names") or meta.get("substance_names") or []
            new = canonical_names(names) if names else canonical_names(drugs)
            if list(new) != drugs:
                db.set_document_drugs(doc_id, new)
                changed += 1
        db.set_build("drug_rule", DRUG_RULE)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return changed


def run_ingest(
    store: Store,
    paths: list[Path],
    *,
    as_guideline: FreeTextGuideline | None = None,
    batch_size: int = 1000,
    progress: ProgressFn | None = None,
    embedder: Embedder | None = None,
    embed_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest files, folders, zips and gzips into an open store. Bad inputs are reported, never fatal.

    Batches of `batch_size` records are written in one transaction each, then the index catches up. A record
    that cannot be stored (any exception in its splitting, hashing, revision comparison or insert) is undone
    to its savepoint and reported as a SkippedRecord (file, position, reason); the rest of its batch goes in.
    A reader that fails mid-file keeps the records it already gave; the file is reported skipped at that
    position. Raises StoreFull (errors.py) when the disk fills up: the batch being written is rolled back,
    earlier batches stay committed and the index outbox keeps what the index has not applied yet, so the
    same command re-run with room completes the work. Other store faults (locked, damaged) propagate."""
    with store_faults(store.db_path):
        return _run_ingest(store, paths, as_guideline=as_guideline, batch_size=batch_size, progress=progress,
                           embedder=embedder, embed_progress=embed_progress)


def _run_ingest(
    store: Store,
    paths: list[Path],
    *,
    as_guideline: FreeTextGuideline | None,
    batch_size: int,
    progress: ProgressFn | None,
    embedder: Embedder | None,
    embed_progress: Callable[[int, int], None] | None,
) -> IngestReport:
    t0 = time.perf_counter()
    report = IngestReport()
    store.sync_index()  # finish what an interrupted run left pending
    report.resplit = resplit(store)
    report.rederived = rederive_drugs(store)
    leaves: list[LeafInput] = []
    for item in expand(paths):
        if isinstance(item, tuple):
            report.skipped.append(SkippedRecord(item[0], None, item[1]))
        else:
            leaves.append(item)
    total = sum(leaf.size for leaf in leaves)
    done = 0
    in_batch = 0
    db = store.db
    db.begin()
    try:
        for leaf in leaves:
            if progress:
                progress(done, total, leaf.origin)
            report.files += 1
            try:
                data = leaf.load()
                if is_media(data[:8]):
                    report.ignored_media += 1
                    continue
                file_skips = 0
                for pos, item in enumerate(_guarded(_items(leaf, data, as_guideline), leaf.origin)):
                    if isinstance(item, SkippedRecord):
                        report.skipped.append(item)
                        db.record_skip(item)
                        file_skips += 1
                        continue
                    failed = _store_item(store, leaf, pos, item, report)
                    if failed is not None:
                        report.skipped.append(failed)
                        db.record_skip(failed)
                        file_skips += 1
                    in_batch += 1
                    if in_batch >= batch_size:
                        db.commit()
                        changed = [d for _, d in db.outbox()]
                        store.sync_index()
                        if embedder is not None:
                            report.embedded += embed_pending(store, embedder, embed_progress, doc_ids=changed)
                        db.begin()
                        in_batch = 0
                if not file_skips:
                    db.clear_skip(leaf.origin)
            except ParseError as exc:
                skip = SkippedRecord(leaf.origin, exc.position, str(exc))
                report.skipped.append(skip)
                db.record_skip(skip)
            finally:
                done += leaf.size
        _build_drug_names(db)
        db.set_build("last_ingest", datetime.now(UTC).isoformat(timespec="seconds"))
        counts = db.counts()
        report.store_documents = sum(counts["documents"].values())
        report.store_passages = sum(counts["passages"].values())
        db.set_build("documents", str(report.store_documents))
        db.set_build("passages", str(report.store_passages))
        db.commit()
    except BaseException:
        db.rollback()
        raise
    last_batch = [d for _, d in db.outbox()]
    store.sync_index()
    if embedder is not None:
        # Only what this run wrote (issue 16): the rest of the store, e.g. a corpus ingested before the model
        # was installed, is `medbrief embed`'s job, which says how long it will take before it starts.
        report.embedded += embed_pending(store, embedder, embed_progress, doc_ids=last_batch)
    if progress:
        progress(total, total, "")
    report.seconds = time.perf_counter() - t0
    return report


def _build_drug_names(db: RecordsDB) -> None:
    """The drug dictionary (label names) and the drug lexicon (names no label carries), and the links of
    brand-only labels (TAC 2017 'LEXAPRO') to their ingredient through either, or through their own text."""
    rows = list(dictionary_rows(db.label_meta()))
    lexicon = list(lexicon_rows(_label_keys(rows), name_key))
    linked = _resolve_brands(db, DrugDictionary(rows, _lexicon_lookup(lexicon)))
    if linked:  # a resolved brand-only label is a label of its ingredient: its brand joins the dictionary
        labels = [(d, [linked[d]], m) if d in linked else (d, drugs, m) for d, drugs, m in db.label_meta()]
        rows = list(dictionary_rows(labels))
        lexicon = list(lexicon_rows(_label_keys(rows), name_key))
    db.replace_drug_names(rows)
    db.replace_drug_lexicon(lexicon)


def _label_keys(rows: list[tuple[str, str, str, int]]) -> dict[str, str]:
    dictionary = DrugDictionary(rows)
    return {key: canonical for key in dictionary.by_key if (canonical := dictionary.lookup(key)) is not None}


def _lexicon_lookup(rows: list[tuple[str, str, str]]) -> LexiconLookup:
    # an entry is made for a name looked up, not for all ~85,000 rows (0.3 s per ingest): brand resolution looks up
    # a handful
    table = {name: (canonical, kind) for name, canonical, kind in rows}
    return lambda names: {n: LexiconEntry(*table[n]) for n in names if n in table}


def _coined(name: str) -> bool:
    """A coined product name ("lexiscan"), not an English word ("kit") that would match ordinary questions."""
    return len(name) >= 4 and not any(is_ordinary_word(w) or len(w) < 3 for w in name.split())


def _brand_or_candidate(brand_drug: str | None, candidate: object) -> str | None:
    """The drug the brand's other labels give, unless the label text's own candidate is that drug's plain name
    ("lidocaine" for a brand other labels file as "lidocaine viscous")."""
    if brand_drug and isinstance(candidate, str) and set(candidate.split()) < set(brand_drug.split()):
        return candidate
    return brand_drug


def _resolve_brands(db: RecordsDB, dictionary: DrugDictionary) -> dict[str, str]:
    """Link brand-only labels (TAC 2017 'ZANAFLEX') to the ingredient other labels or the lexicon give that
    brand, else to the stored-label drug their own text names most ('Carisoprodol, the active ingredient in
    SOMA'); a label that neither resolves is linked to its brand itself, so a question naming the brand finds it.
    Returns {doc id: drug} for every brand-only label."""
    linked: dict[str, str] = {}
    for doc_id, meta in db.labels_without_drugs():
        db.unlink_drugs(doc_id)  # its links are derived: resolve afresh with this dictionary
        brands = [str(b) for b in meta.get("brand_names") or [] if str(b).strip()]
        hit = next((h for b in brands if (h := dictionary.lookup(b)) is not None), None)
        hit = _brand_or_candidate(hit, meta.get("drug_candidate"))
        if hit is None:
            hit = dictionary.text_ingredient(db.document_text(doc_id))
        if hit is None and meta.get("drug_candidate"):
            hit = str(meta["drug_candidate"])  # the TAC reader's salt/form guess, when nothing better names it
        if hit is None and brands and _coined(normalize(brands[0])):
            hit = normalize(brands[0])  # "lexiscan": the label is the only record of that name
        if hit is not None:
            db.link_drug(hit, doc_id)
            linked[doc_id] = hit
    return linked


def _guarded(items: Iterator[SourceItem], origin: str) -> Iterator[SourceItem]:
    """The items of a reader; any exception of the reader itself (not a ParseError, not a store fault)
    becomes a ParseError at the position reached, so the file is reported skipped there and the records it
    already gave stay. A generator cannot resume after raising: the rest of that file is lost either way."""
    n = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except ParseError:
            raise
        except Exception as exc:
            if is_store_fault(exc):
                raise
            raise ParseError(
                f"{origin}: reading stopped at record {n + 1} ({n} read and kept): {_what(exc)}",
                origin=origin, position=f"record {n + 1}",
            ) from exc
        n += 1
        yield item


def _store_item(store: Store, leaf: LeafInput, pos: int, item: Document | Deletion,
                report: IngestReport) -> SkippedRecord | None:
    """Write one record (or deletion) inside its own savepoint; returns the SkippedRecord when it could not
    be stored (nothing of it stays in the store and the report counts it only as skipped), else None.
    Store faults (a full disk, a locked or damaged database) propagate: they are not the record's fault."""
    doc_id = item.doc_id if isinstance(item, Deletion) else item.id
    try:
        with store.db.savepoint():
            if isinstance(item, Deletion):
                if store.db.delete(item.doc_id, item.origin or leaf.origin) == "deleted":
                    report.deleted += 1
                report.note_deleted(item.doc_id)
            else:
                _write(store, item if item.origin else replace(item, origin=f"{leaf.origin}#{pos}"), report)
    except Exception as exc:
        if is_store_fault(exc):
            raise
        return SkippedRecord(leaf.origin, f"record {pos + 1}",
                             f"{doc_id}: cannot be stored: {_what(exc)}")
    return None


def _what(exc: BaseException, limit: int = 300) -> str:
    """'KeyError: 'x'' on one line, cut to `limit` characters (a message may quote a whole record)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write(store: Store, doc: Document, report: IngestReport) -> None:
    parts = split_passages(doc)
    earlier = (store.db.conn.execute("SELECT count(*) FROM passages WHERE doc_id=?", (doc.id,)).fetchone()[0]
               if report.outcomes.get(doc.id) in ("added", "updated") else 0)  # written before in this very run
    change = store.db.upsert(doc, parts)
    if change == "updated":
        report.passages_rewritten += earlier
    report.by_tier[doc.tier] += 1
    report.by_source[doc.source] += 1
    report.note(doc.id, change, lambda: store.db.document(doc.id) is not None)
    if change == "added":
        report.added += 1
    elif change == "updated":
        report.updated += 1
    elif change == "kept_newer":
        report.kept_newer += 1
    elif change == "kept_existing":
        report.kept_existing += 1
    else:
        report.unchanged += 1
    if change in ("added", "updated"):
        report.passages_written += len(parts)
        report.passages_by_tier[doc.tier] += len(parts)
