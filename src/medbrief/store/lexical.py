"""The lexical BM25 index over passages (tantivy), derived from the SQLite records.

Chosen by measurement (issue 3): tantivy answers natural-language OR queries over 200k passages in
~1.5 ms p50 where SQLite FTS5 takes ~220 ms. The index lives in a folder beside the database and can
always be rebuilt from the records (`medbrief reindex`).

Beside tantivy's own files the folder holds `medbrief-index.json`: the records generation the index has applied
(the highest outbox sequence number, see records_db.py) and its passage count, written after every commit. The
store compares it with the records on every open (store/__init__.py) so the index never silently disagrees.

Queries are never handed to a query-syntax parser as typed: the text is reduced to plain word
tokens first, so quotes, `*`, `:`, brackets or AND/OR/NOT cannot raise or change the meaning.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import tantivy

from ..errors import IndexDamaged
from ..records import Tier

# English stop words: dropped from queries (the index keeps every word, so phrases still match).
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have how i if in into is it its of on or such that the their
    then there these they this to was were what when where which who whom why will with does do did can
    should would could may might must shall about which whose patient patients""".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
WRITER_HEAP = 128 * 1024 * 1024
META_FILE = "medbrief-index.json"
_PROBE_WORDS = ("the", "of", "patients", "dose", "study")  # frequent in every tier: postings in every segment
INDEX_FORMAT = 1  # bump when the schema or what is indexed changes: an index of another format is rebuilt


@dataclass(frozen=True)
class IndexMeta:
    """What the index says it holds: the records generation it applied, its passage count, the store it belongs to."""

    generation: int
    passages: int
    store_created: str
    format: int = INDEX_FORMAT
    write_id: str = ""  # the records' write id when this generation was applied (tells sibling copies apart)


def read_meta(path: Path) -> IndexMeta | None:
    """The index folder's IndexMeta, or None when absent or unreadable (an index of an older medbrief)."""
    note = path / META_FILE
    if not note.is_file():  # absent, or a folder or FIFO in its place (reading a FIFO would block forever)
        return None
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
        return IndexMeta(int(data["generation"]), int(data["passages"]), str(data["store_created"]),
                         int(data.get("format", 0)), str(data.get("write_id", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_meta(path: Path, meta: IndexMeta) -> None:
    """Write IndexMeta atomically (temp file, fsync, rename): a crash leaves the old or the new one."""
    tmp = path / (META_FILE + ".tmp")
    for leftover in (tmp, path / META_FILE):
        if os.path.lexists(leftover) and not leftover.is_file():
            _remove(leftover)  # a folder, FIFO or link in the note's place
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(asdict(meta), f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path / META_FILE)


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("pid", stored=True, tokenizer_name="raw")
    sb.add_text_field("doc_id", stored=False, tokenizer_name="raw")
    sb.add_text_field("tier", stored=False, tokenizer_name="raw")
    sb.add_text_field("title", stored=False, tokenizer_name="en_stem")
    sb.add_text_field("text", stored=False, tokenizer_name="en_stem")
    return sb.build()


def _document(pid: str, doc_id: str, tier: str, title: str, text: str) -> tantivy.Document:
    # The title is indexed with every passage of its document, in the text field: measured on the dev sets,
    # one field beats a separate title field (pubmedqa-dev nDCG@10 0.935 -> 0.966, bioasq 0.789 -> 0.799).
    body = f"{title}\n{text}" if title else text
    return tantivy.Document(pid=pid, doc_id=doc_id, tier=tier, title=title, text=body)


def query_terms(text: str) -> list[str]:
    """Plain lower-case word tokens of a query, stop words removed, order kept, no duplicates."""
    words = [w.lower() for w in _WORD.findall(text)]
    kept = [w for w in words if w not in STOPWORDS and len(w) < 64]
    return list(dict.fromkeys(kept or [w for w in words if len(w) < 64]))


class LexicalIndex:
    """A tantivy index of passages: pid, doc_id, tier, title, text.

    `create=True` makes the folder and an empty index when absent; otherwise the index must exist. Opening a
    damaged index (bad meta.json, a missing or truncated segment) raises ValueError from tantivy.
    """

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        self.schema = _schema()
        if create:
            path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        else:
            if not (path / "meta.json").is_file():
                raise FileNotFoundError(f"no index at {path}")
            self.index = tantivy.Index.open(str(path))
            self.index.searcher()  # touch the segments now, so damage shows at open, not at the first question
        self._writer: tantivy.IndexWriter | None = None

    @classmethod
    def in_memory(cls) -> LexicalIndex:
        """An empty index in memory: what a reader of a store with nothing stored yet searches."""
        self = cls.__new__(cls)
        self.path = Path()
        self.schema = _schema()
        self.index = tantivy.Index(self.schema)
        self._writer = None
        return self

    # -- writing --------------------------------------------------------------------------------
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=2)
        return self._writer

    def replace_documents(self, doc_ids: Iterable[str], rows: Iterable[tuple[str, str, str, str, str]]) -> None:
        """Delete every passage of `doc_ids`, then add `rows` (pid, doc_id, tier, title, text); not committed."""
        w = self.writer()
        for doc_id in doc_ids:
            w.delete_documents_by_term("doc_id", doc_id)
        for pid, doc_id, tier, title, text in rows:
            w.add_document(_document(pid, doc_id, tier, title, text))

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self.index.reload()

    def close(self) -> None:
        """Let the writer finish its merges and drop it. A writer that already failed (a full disk) is dropped
        quietly: the operation that met the failure has raised it, and its uncommitted work is discarded."""
        writer, self._writer = self._writer, None
        if writer is not None:
            with contextlib.suppress(ValueError, RuntimeError):
                writer.wait_merging_threads()

    def num_docs(self) -> int:
        self.index.reload()
        return int(self.index.searcher().num_docs)

    def probe(self) -> None:
        """Touch every segment's term dictionary, postings and document store with one cheap query; raises what
        tantivy raises on damage that opening did not reveal (ValueError, OSError, or a pyo3 PanicException)."""
        self.index.reload()
        searcher = self.index.searcher()
        if int(searcher.num_docs) == 0:
            return
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Should, self.index.parse_query(word, ["text"])) for word in _PROBE_WORDS])
        for _, addr in searcher.search(query, 1).hits:
            searcher.doc(addr)
        searcher.search(tantivy.Query.all_query(), 1)

    def all_pids(self) -> list[str]:
        """Every passage id in the index (one entry per indexed passage, duplicates kept), for `medbrief check`."""
        self.index.reload()
        searcher = self.index.searcher()
        n = int(searcher.num_docs)
        if n == 0:
            return []
        result = searcher.search(tantivy.Query.all_query(), n)
        return [searcher.doc(addr)["pid"][0] for _, addr in result.hits]

    # -- reading --------------------------------------------------------------------------------
    def search(
        self,
        text: str,
        k: int = 10,
        tiers: Iterable[Tier] | None = None,
        doc_ids: Iterable[str] | None = None,
        pids: Iterable[str] | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (passage id, BM25 score) for a natural-language query; OR semantics over its words.

        `tiers`, `doc_ids` and `pids` restrict the search; passages outside them are never scored.
        """
        terms = query_terms(text)
        if not terms or k <= 0:
            return []
        # parse_query on one sanitized word at a time: applies the field's stemmer, no syntax left to break
        should = [(tantivy.Occur.Should, self.index.parse_query(t, ["text"])) for t in terms]
        query = tantivy.Query.boolean_query(should)
        filters: list[tantivy.Query] = []
        if tiers is not None:
            tier_q = [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "tier", t)) for t in tiers]
            filters.append(tantivy.Query.boolean_query(tier_q))
        for field_name, values in (("doc_id", doc_ids), ("pid", pids)):
            if values is not None:
                wanted = list(values)
                if not wanted:
                    return []
                filters.append(tantivy.Query.term_set_query(self.schema, field_name, wanted))
        # filters score 0, so a passage's score is its BM25 score however the search is restricted
        musts = [(tantivy.Occur.Must, query)]
        musts += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        try:
            searcher = self.index.searcher()
            result = searcher.search(tantivy.Query.boolean_query(musts), k)
            return [(searcher.doc(addr)["pid"][0], float(score)) for score, addr in result.hits]
        except BaseException as exc:  # a damaged block shows only when read; see is_index_failure
            if not is_index_failure(exc):
                raise
            raise IndexDamaged(f"the search index at {self.path} is damaged ({failure_text(exc)})") from exc


def is_index_failure(exc: BaseException) -> bool:
    """True for tantivy reading a damaged index file: ValueError / OSError, or a Rust panic (a corrupt block of a
    segment's document store can panic instead of returning an error), which pyo3 raises as PanicException, a
    BaseException. Damage the footers do not reveal at open shows only when the damaged block is read."""
    return isinstance(exc, (ValueError, OSError)) or type(exc).__name__ == "PanicException"


def failure_text(exc: BaseException) -> str:
    """The first line of a tantivy error, at most 200 characters."""
    text = str(exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__


def rebuild(path: Path, rows: Iterable[tuple[str, str, str, str, str]], meta: IndexMeta,
            progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh index aside (`<index>.new`, its IndexMeta written last) and swap it in.

    A failed build leaves the old index intact; a process killed between the two renames of the swap is
    recovered by `recover_swap` on the next write. `progress(passages done)` is called every 5,000 passages.
    Returns the number of passages indexed.
    """
    tmp = sibling(path, "new")
    _remove(tmp)
    idx = LexicalIndex(tmp)
    n = 0
    w = idx.writer()
    for pid, doc_id, tier, title, text in rows:
        w.add_document(_document(pid, doc_id, tier, title, text))
        n += 1
        if progress is not None and n % 5000 == 0:
            progress(n)
    idx.commit()
    idx.close()
    del idx
    write_meta(tmp, IndexMeta(meta.generation, n, meta.store_created, write_id=meta.write_id))
    old = sibling(path, "old")
    _remove(old)
    if os.path.lexists(path):
        if path.is_dir() and not path.is_symlink():
            path.rename(old)
        else:  # a file or a link where the index folder belongs: nothing to keep
            _remove(path)
    tmp.rename(path)
    _remove(old)
    if progress is not None:
        progress(n)
    return n


def sibling(path: Path, suffix: str) -> Path:
    """`<index>.new` (a build in progress or finished) / `<index>.old` (the index being replaced)."""
    return path.with_name(f"{path.name}.{suffix}")


def recover_swap(path: Path) -> str | None:
    """Finish or undo a rebuild that was interrupted; call only while holding the store's write lock.

    - index gone, finished `.new` present (its IndexMeta is written last): the new index is put in place;
    - index gone, only `.old`: the previous index is restored;
    - index present: leftovers of a finished swap (`.old`) or of an unfinished build (`.new`) are removed.
    Returns a sentence saying what was done, or None when there was nothing to do.
    """
    new, old = sibling(path, "new"), sibling(path, "old")
    said = None
    if os.path.lexists(path) and not (path.is_dir() and not path.is_symlink()):
        _remove(path)  # a file or a (dangling, looping) link where the index folder belongs
    if not path.exists():
        if new.exists() and read_meta(new) is not None:
            new.rename(path)
            said = "an interrupted index rebuild had finished; its new index was put in place"
        elif old.exists():
            old.rename(path)
            said = "an index rebuild was interrupted; the previous index was restored"
    for leftover in (new, old):
        _remove(leftover)
    return said


def _remove(path: Path) -> None:
    """Remove a folder tree, a file or a link (not what it points to); nothing when absent."""
    if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def share_like(db_path: Path, folder: Path) -> None:
    """Give the index files the read permissions of the database file: tantivy writes some (meta.json) 0600, so a
    store built by one user could not be read by another who may read its records."""
    try:
        mode = db_path.stat().st_mode & 0o644 | 0o600
        for f in folder.iterdir():
            if f.is_file() and not f.is_symlink() and f.stat().st_uid == os.geteuid():
                os.chmod(f, mode)
    except OSError:
        pass  # permissions are a courtesy to other readers; the index itself is written
