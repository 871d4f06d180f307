"""A store built once per session from the real shared data (labels, pubmed, guidelines)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from medbrief import pipeline
from medbrief.ingest import IngestReport
from medbrief.settings import Settings
from medbrief.store import Store
from tests.conftest import shared_data

TIERS_INGESTED = ("labels", "pubmed", "guidelines")


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
