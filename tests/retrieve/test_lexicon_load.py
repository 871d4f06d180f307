"""The drug lexicon's source file is read without importing its package (issue 16.7: the package's `__init__`
builds its own finder from the same file, 2-3 s of CPU in every process that ingests)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_the_lexicon_is_built_without_importing_the_package() -> None:
    probe = (
        "import json, sys\n"
        "from medbrief.retrieve.drugs import name_key\n"
        "from medbrief.retrieve.lexicon import _package_data, lexicon_rows\n"
        "rows = {k: (c, kind) for k, c, kind in lexicon_rows({'acetaminophen': 'acetaminophen'}, name_key)}\n"
        "print(json.dumps([len(_package_data()[0]), rows.get('tylenol'), rows.get('paracetamol'),\n"
        "                  'drug_named_entity_recognition' in sys.modules]))\n"
    )
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    variants, tylenol, paracetamol, imported = json.loads(res.stdout.strip().splitlines()[-1])
    assert variants > 100_000  # the package's whole table was read
    assert tylenol == ["acetaminophen", "alias"] and paracetamol == ["acetaminophen", "alias"]
    assert imported is False


def test_recent_lexicon_tables_are_reused_by_their_inputs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Stores with different label names, built in turn (the test suite's small stores), reuse their tables; the
    reused rows equal a fresh build, and other label names get their own."""
    from medbrief.retrieve import lexicon
    from medbrief.retrieve.drugs import name_key

    monkeypatch.setattr(lexicon, "_LAST_ROWS", type(lexicon._LAST_ROWS)())
    monkeypatch.setattr(lexicon, "_LAST_ROWS_KEPT", 2)
    built: list[frozenset] = []
    real = lexicon._lexicon_rows

    def counting(label_keys, key_of):  # type: ignore[no-untyped-def]
        built.append(frozenset(label_keys))
        return real(label_keys, key_of)

    monkeypatch.setattr(lexicon, "_lexicon_rows", counting)
    a, b = {"acetaminophen": "acetaminophen"}, {"baclofen": "baclofen", "tizanidine": "tizanidine"}
    rows_a = list(lexicon.lexicon_rows(a, name_key))
    rows_b = list(lexicon.lexicon_rows(b, name_key))
    assert list(lexicon.lexicon_rows(a, name_key)) == rows_a and list(lexicon.lexicon_rows(b, name_key)) == rows_b
    assert built == [frozenset(a), frozenset(b)]  # two builds for four calls
    assert rows_a != rows_b and ("tylenol", "acetaminophen", "alias") in rows_a
    for i in range(lexicon._LAST_ROWS_KEPT):  # bounded: the oldest table is dropped
        list(lexicon.lexicon_rows({f"drug{i}": f"drug{i}"}, name_key))
    list(lexicon.lexicon_rows(a, name_key))
    assert built[-1] == frozenset(a) and len(lexicon._LAST_ROWS) == lexicon._LAST_ROWS_KEPT
