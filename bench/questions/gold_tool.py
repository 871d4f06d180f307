"""Look up label text for writing gold answers (not used by medbrief itself).

    python bench/questions/gold_tool.py labels DRUG            # the drug's labels, their sections and LOINC codes
    python bench/questions/gold_tool.py find DRUG REGEX [--code LOINC]  # matching sentences, passage id + span
    python bench/questions/gold_tool.py show PASSAGE_ID        # a passage, sentence by sentence with spans
    python bench/questions/gold_tool.py drugs [PREFIX]         # canonical drug names that have labels

Reads the store named by MEDBRIEF_DB (default store). Spans are character offsets into the passage text, as in
a Brief's `support` (passage_id, start, end, quote).
"""

from __future__ import annotations

import argparse
import re

from medbrief.pipeline import open_store
from medbrief.retrieve.corpus import Corpus
from medbrief.sentences import sentences
from medbrief.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["labels", "find", "show", "drugs"])
    ap.add_argument("args", nargs="*")
    ap.add_argument("--code", default=None)
    a = ap.parse_args()
    with open_store(Settings.load()) as store:
        corpus = Corpus(store)
        if a.cmd == "drugs":
            prefix = a.args[0].lower() if a.args else ""
            rows = store.db.conn.execute(
                "SELECT DISTINCT d.drug FROM document_drugs d JOIN documents x ON x.id = d.doc_id "
                "WHERE x.tier = 'label' AND d.drug LIKE ? ORDER BY d.drug", (prefix + "%",)
            ).fetchall()
            print("\n".join(r[0] for r in rows))
        elif a.cmd == "labels":
            for lb in corpus.labels_for(a.args[0].lower()):
                d = lb.doc
                print(f"{d.id}  [{d.source} {d.date or ''} v{d.version or ''}] {d.title[:90]}")
                seen = []
                for p in lb.passages:
                    key = (p.section, p.section_code)
                    if key not in seen:
                        seen.append(key)
                        print(f"    {p.section_code or '-':12} {p.section[:70]}  ({p.id})")
        elif a.cmd == "find":
            drug, pattern = a.args[0].lower(), re.compile(a.args[1], re.I)
            for lb in corpus.labels_for(drug):
                for p in lb.passages:
                    if a.code and p.section_code != a.code:
                        continue
                    for s in sentences(p.text):
                        if pattern.search(s.text):
                            print(f"{p.id} {s.start}:{s.end} [{p.section_code} {p.section[:40]}] {s.text[:300]}")
        elif a.cmd == "show":
            p = corpus.passage(a.args[0])
            if p is None:
                raise SystemExit(f"no passage {a.args[0]}")
            print(f"{p.id} [{p.section_code} {p.section}]")
            for s in sentences(p.text):
                print(f"  {s.start}:{s.end}  {s.text}")


if __name__ == "__main__":
    main()
