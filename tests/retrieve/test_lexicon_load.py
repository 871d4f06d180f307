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
