"""Session fixtures for the robustness tests that need small stores of real data (see realstore.py)."""

from __future__ import annotations

import pytest

from .realstore import BaseStore, Parts, build_base, make_parts


@pytest.fixture(scope="session")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    """Parts A, B and C of the real data (skips without MEDBRIEF_DATA)."""
    return make_parts(tmp_path_factory)


@pytest.fixture(scope="session")
def base_store(parts: Parts, tmp_path_factory: pytest.TempPathFactory) -> BaseStore:
    """Parts A then B ingested one after the other; copy it (realstore.copy_store) before changing it."""
    return build_base(parts, tmp_path_factory)
