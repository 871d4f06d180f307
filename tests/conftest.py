"""Shared fixtures: a store in tmp_path, the fixture folder, and the real shared data (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from medbrief.records import Document, Section
from medbrief.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


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


def make_doc(doc_id: str = "pmid:1", *, tier: str = "research", text: str = "Baclofen reduces spasticity.",
             version: str | None = None, title: str = "A title", drugs: tuple[str, ...] = (),
             meta: dict | None = None, sections: tuple[Section, ...] | None = None) -> Document:
    """A small Document for store and compose tests."""
    return Document(
        id=doc_id, tier=tier, title=title, source="test", sections=sections or (Section("Abstract", text, "ABSTRACT"),),
        version=version, drugs=drugs, meta=meta or {},
    )
