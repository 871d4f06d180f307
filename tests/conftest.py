"""Shared fixtures: a store in tmp_path, the fixture folder, and the real shared data (skipped when absent)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from medbrief import pipeline
from medbrief.ingest import IngestReport
from medbrief.records import Document, Section
from medbrief.settings import Settings
from medbrief.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TIERS_INGESTED = ("labels", "pubmed", "guidelines")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every `data` test, and every test using the real-data fixtures, is also `slow`: they read the shared data
    (most share one ingest of all of it, minutes on 2 cores), so `pytest -m "not slow"` (the README's fast
    subset) leaves them to the full run and CI."""
    for item in items:
        uses_data = item.get_closest_marker("data") is not None or bool(
            {"data_dir", "real_ingest"} & set(getattr(item, "fixturenames", ())))
        if uses_data and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests write no cache (the optimised embedding model's, downloads) under the user's home: MEDBRIEF_CACHE is
    a session folder unless the run sets one; tests of the cache itself set their own."""
    if os.environ.get("MEDBRIEF_CACHE"):
        yield
        return
    os.environ["MEDBRIEF_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    try:
        yield
    finally:
        os.environ.pop("MEDBRIEF_CACHE", None)


@pytest.fixture(autouse=True, scope="session")
def _validate_every_brief() -> Iterator[None]:
    """Every brief any test composes is checked against the JSON Schema, whatever the command prints (the CLI itself
    checks only a brief it prints as JSON: `pipeline.ask(validate=...)`)."""
    from medbrief import brief

    brief.VALIDATE_EVERY_BRIEF = True
    yield
    brief.VALIDATE_EVERY_BRIEF = False


def shared_data() -> Path:
    """The real data folder: MEDBRIEF_DATA, default ../shared/data next to the repo."""
    env = os.environ.get("MEDBRIEF_DATA")
    if env:
        return Path(env)
    return (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()


@pytest.fixture
def data_dir() -> Path:
    d = shared_data()
    if not (d / "labels").is_dir():
        pytest.skip(f"shared data not found at {d} (set MEDBRIEF_DATA)")
    return d


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(db=tmp_path / "store" / "medbrief.db", data_dir=shared_data())


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def store_of_fixtures(tmp_path_factory: pytest.TempPathFactory, *names: str) -> Store:
    """A fresh store holding what `run_ingest` reads from the named fixture folders or files (caller closes it)."""
    from medbrief.ingest import run_ingest

    st = Store(tmp_path_factory.mktemp("fixtures") / "s.db", create=True)
    run_ingest(st, [FIXTURES / n for n in names])
    return st


# -- template stores: built once per session, copied for each test that changes its store (issue 16.7) ---------
_TEMPLATES: dict[tuple[object, ...], Path] = {}


def copy_of_store(tmp_path_factory: pytest.TempPathFactory, db: Path, key: tuple[object, ...],
                  build: Callable[[Path], object]) -> None:
    """Put at `db` a copy of the store `build(template_db)` writes, built once per test session for `key` (the
    inputs that make the store: keep it exact). An ingest builds the ~85,000-row drug lexicon and the index (~1 s
    each on 2 cores); a copy of the closed store (database, index folder, vectors folder) is a few milliseconds and
    is the same store: the same records, identity and index note, as a sibling copy made with `cp`."""
    template = _TEMPLATES.get(key)
    if template is None:
        template = tmp_path_factory.mktemp("template") / "medbrief.db"
        build(template)
        conn = sqlite3.connect(template)  # everything in the database file: the copy takes no -wal with it
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        _TEMPLATES[key] = template
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, db)
    for suffix in (".index", ".vectors"):
        if Path(f"{template}{suffix}").is_dir():
            shutil.copytree(f"{template}{suffix}", f"{db}{suffix}")


def make_doc(doc_id: str = "pmid:1", *, tier: str = "research", text: str = "Baclofen reduces spasticity.",
             version: str | None = None, title: str = "A title", drugs: tuple[str, ...] = (),
             meta: dict | None = None, sections: tuple[Section, ...] | None = None) -> Document:
    """A small Document for store and compose tests."""
    return Document(
        id=doc_id, tier=tier, title=title, source="test", sections=sections or (Section("Abstract", text, "ABSTRACT"),),
        version=version, drugs=drugs, meta=meta or {},
    )


# -- one store built from the real shared data, shared by every test session that needs it (~25 s) ----------
@pytest.fixture(scope="session")
def real_ingest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, IngestReport]:
    data = shared_data()
    if not all((data / t).is_dir() for t in TIERS_INGESTED):
        pytest.skip(f"shared data not found at {data} (set MEDBRIEF_DATA)")
    settings = Settings.load(db=tmp_path_factory.mktemp("real") / "medbrief.db", data_dir=data)
    report = pipeline.ingest(settings, [data / t for t in TIERS_INGESTED])
    return settings, report


@pytest.fixture(scope="session")
def real_settings(real_ingest: tuple[Settings, IngestReport]) -> Settings:
    return real_ingest[0]


@pytest.fixture(scope="session")
def real_store(real_settings: Settings) -> Iterator[Store]:
    store = pipeline.open_store(real_settings)
    yield store
    store.close()


LUCKYGOOD_ZIP = "labels/openfda_luckygood/openfda-drug-label-cache.zip"


def settings_of_shared_labels(tmp_path_factory: pytest.TempPathFactory, members: Iterable[str],
                              files: Iterable[str] = ()) -> Settings:
    """Settings of a fresh store holding the named members of the shared openFDA zip (LUCKYGOOD_ZIP) and the named
    files under the shared data (MEDBRIEF_DATA); skips the test when the shared data is not there."""
    data = shared_data()
    if not (data / LUCKYGOOD_ZIP).is_file():
        pytest.skip(f"shared data not found at {data} (set MEDBRIEF_DATA)")
    src = tmp_path_factory.mktemp("labels")
    with zipfile.ZipFile(data / LUCKYGOOD_ZIP) as z:
        for member in members:
            (src / member).write_bytes(z.read(member))
    settings = Settings.load(db=tmp_path_factory.mktemp("store") / "medbrief.db", data_dir=data)
    pipeline.ingest(settings, [src, *(data / f for f in files)])
    return settings


def store_of_shared_labels(tmp_path_factory: pytest.TempPathFactory, members: Iterable[str],
                           files: Iterable[str] = ()) -> Iterator[Store]:
    """The open store of `settings_of_shared_labels`, for a module-scoped fixture to `yield from`; closed after."""
    with pipeline.open_store(settings_of_shared_labels(tmp_path_factory, members, files)) as store:
        yield store


def module_store_of_shared_labels(members: Iterable[str], files: Iterable[str] = ()) -> Callable[..., Iterator[Store]]:
    """A module-scoped fixture yielding the open store of `store_of_shared_labels(members, files)`: a test module
    binds it to the fixture's name, `store = module_store_of_shared_labels((PRASUGREL, TRIAMTERENE_HCTZ))` (pytest
    names a fixture by the module attribute holding it), and its tests take `store`."""
    members, files = tuple(members), tuple(files)

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
        yield from store_of_shared_labels(tmp_path_factory, members, files)

    return fixture


def label_blocks(store: Store, question: str) -> list[dict]:
    """The label tier's blocks of the brief `store` gives for `question` (as its JSON)."""
    brief = pipeline.ask_store(store, question).to_json_dict()
    return next(t for t in brief["sections"] if t["tier"] == "label")["blocks"]


def label_tier(store: Store, question: str) -> tuple[list[dict], list[str], list[str]]:
    """(the label tier's blocks, every note of the brief — the tier's then the brief's —, the facets read) of the brief
    `store` gives for `question`, as its JSON."""
    brief = pipeline.ask_store(store, question).to_json_dict()
    tier = next(t for t in brief["sections"] if t["tier"] == "label")
    return tier["blocks"], [*tier.get("notes", []), *brief["notes"]], brief["facets"]


def label_statements(store: Store, question: str) -> list[dict]:
    """Every statement of the label tier's blocks (`label_blocks`) of the brief `store` gives for `question`, block
    by block in the brief's order, each as its JSON: {"text": str, "citations": [int], "support": [{"ref": int,
    "passage_id": str, "start": int, "end": int, "quote": str}], "facet": str | None, ...}."""
    return [s for b in label_blocks(store, question) for s in b["statements"]]


@contextlib.contextmanager
def read_only_mount(folder: Path) -> Iterator[Path]:
    """`folder` as a read-only bind mount beside it (root with CAP_SYS_ADMIN), else the test is skipped."""
    mnt = folder.with_name(folder.name + "-ro")
    mnt.mkdir(exist_ok=True)
    if subprocess.run(["mount", "--bind", str(folder), str(mnt)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here (needs root with CAP_SYS_ADMIN)")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(mnt)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)  # lazy: a lingering reader never blocks it
