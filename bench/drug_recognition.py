"""Drug recognition over real text: how many drugs the recogniser finds, and what changed between two builds.

    MEDBRIEF_DB=/tmp/x.db python bench/drug_recognition.py run OUT.json [--data ../shared/data] [--sentences 1000]
    python bench/drug_recognition.py compare BEFORE.json AFTER.json

`run` reads the eval questions (BioASQ, PubMedQA: ~2,000) and the first sentences of PubMedQA contexts, and
records what `Corpus.drugs.recognise` finds in each (the API is the same before and after issue 11, so one script
runs against either tree via PYTHONPATH). `compare` prints the counts and every text whose drugs changed, for
reading by hand: most eval texts name no drug, so a match on an ordinary word is a false positive.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def texts(data: Path, n_sentences: int) -> list[str]:
    out: list[str] = []
    for name in ("bioasq-snippets-dev", "pubmedqa-dev"):
        for line in (data / "eval" / name / "queries.jsonl").read_text().splitlines():
            out.append(json.loads(line)["text"])
    sentences: list[str] = []
    for line in (data / "eval" / "pubmedqa-dev" / "corpus.jsonl").read_text().splitlines():
        text = json.loads(line).get("text") or ""
        sentences.extend(s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z])", text)[:2] if len(s) > 30)
        if len(sentences) >= n_sentences:
            break
    return out + sentences[:n_sentences]


def run(out: Path, data: Path, n_sentences: int) -> None:
    from medbrief.retrieve.corpus import Corpus
    from medbrief.settings import Settings
    from medbrief.store import Store

    settings = Settings.load()
    with Store(settings.db_path) as store:
        drugs = Corpus(store).drugs
        result = {
            t: [[m.canonical, m.surface, m.exact] for m in drugs.recognise(t)] for t in texts(data, n_sentences)
        }
    out.write_text(json.dumps(result, indent=0))


def compare(before_path: Path, after_path: Path) -> None:
    before = json.loads(before_path.read_text())
    after = json.loads(after_path.read_text())
    for name, res in (("before", before), ("after", after)):
        matches = [m for ms in res.values() for m in ms]
        print(f"{name}: {len(res)} texts, {sum(1 for ms in res.values() if ms)} with a drug, {len(matches)} matches, "
              f"{sum(1 for m in matches if not m[2])} by typo tolerance")
    def lost(a: dict[str, list[list]], b: dict[str, list[list]]) -> list[tuple[str, list]]:
        # by canonical drug: a surface written differently ("for rituximab" / "Rituximab") is the same finding
        return [(t, m) for t in a for m in a[t] if m[0] not in {x[0] for x in b.get(t, [])}]

    gone, new = lost(before, after), lost(after, before)
    print(f"\nmatches only before ({len(gone)}):")
    for t, m in gone:
        print(f"  {m[1]!r} -> {m[0]} {'' if m[2] else '(typo)'}   | {t[:110]}")
    print(f"\nmatches only after ({len(new)}):")
    for t, m in new:
        print(f"  {m[1]!r} -> {m[0]} {'' if m[2] else '(typo)'}   | {t[:110]}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "run":
        data = Path(sys.argv[sys.argv.index("--data") + 1]) if "--data" in sys.argv else Path("../shared/data")
        n = int(sys.argv[sys.argv.index("--sentences") + 1]) if "--sentences" in sys.argv else 1000
        run(Path(sys.argv[2]), data, n)
    elif cmd == "compare":
        compare(Path(sys.argv[2]), Path(sys.argv[3]))
