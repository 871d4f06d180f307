"""Issue 12, the broken statements of the fourth held-out set (fix12c), on the real shared labels (MEDBRIEF_DATA):
the openFDA labels of NovoLog Mix 70/30, Marplan, celecoxib, atovaquone and proguanil, and Sezaby. Each test states
the statement as the brief must give it and the broken one it gave before."""

from __future__ import annotations

import pytest

from medbrief.store import Store

from ..conftest import label_blocks, store_of_shared_labels

NOVOLOG_MIX = "f214c0b796de2f680d6f693de3cee36b285ffee1.json"
MARPLAN = "56d6db4877e531b5d83348dc05d4f4b6bc3afca8.json"
CELECOXIB = "f7de3ab499980d2b44e3664e6eed37acc81d7230.json"
ATOVAQUONE_PROGUANIL = "866193ad662c34b9e11c8cbeb97b573360be4aa6.json"
SEZABY = "fa533bf4ff32e94914f3b55f5b5f895b43650bca.json"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    yield from store_of_shared_labels(tmp_path_factory,
                                      (NOVOLOG_MIX, MARPLAN, CELECOXIB, ATOVAQUONE_PROGUANIL, SEZABY))


def _texts(blocks: list[dict]) -> list[str]:
    return [s["text"] for b in blocks for s in b["statements"]]


def _passage(store: Store, needle: str) -> str:
    row = store.db.conn.execute("SELECT text FROM passages WHERE text LIKE ? LIMIT 1", (f"%{needle}%",)).fetchone()
    assert row, needle
    return row[0]


def test_a_product_name_ending_in_digits_is_not_cut_as_a_heading(store: Store) -> None:
    """"1 INDICATIONS AND USAGE NOVOLOG MIX 70/30 is a mixture ...": the section heading goes, the name stays (was
    "70/30 is a mixture ...")."""
    texts = _texts(label_blocks(store, "What is NovoLog Mix 70/30 indicated for?"))
    assert any(t.startswith("NOVOLOG MIX 70/30 is a mixture of insulin aspart protamine") for t in texts), texts
    assert not any(t.startswith("70/30") for t in texts)
