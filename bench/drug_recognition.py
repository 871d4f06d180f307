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


# Common US brands (top prescribed and OTC), for the lexicon's coverage; the ingredient each should reach.
BRANDS = {
    "zoloft": "sertraline", "tylenol": "acetaminophen", "advil": "ibuprofen", "lioresal": "baclofen",
    "lipitor": "atorvastatin", "crestor": "rosuvastatin", "zocor": "simvastatin", "norvasc": "amlodipine",
    "glucophage": "metformin", "synthroid": "levothyroxine", "prilosec": "omeprazole", "nexium": "esomeprazole",
    "lasix": "furosemide", "coumadin": "warfarin", "eliquis": "apixaban", "xarelto": "rivaroxaban",
    "plavix": "clopidogrel", "lexapro": "escitalopram", "prozac": "fluoxetine", "xanax": "alprazolam",
    "valium": "diazepam", "ativan": "lorazepam", "ambien": "zolpidem", "neurontin": "gabapentin",
    "lyrica": "pregabalin", "flexeril": "cyclobenzaprine", "zanaflex": "tizanidine", "motrin": "ibuprofen",
    "aleve": "naproxen", "celebrex": "celecoxib", "ultram": "tramadol", "percocet": "acetaminophen and oxycodone",
    "vicodin": "acetaminophen and hydrocodone", "zithromax": "azithromycin", "cipro": "ciprofloxacin",
    "augmentin": "amoxicillin and clavulanate", "keflex": "cephalexin", "singulair": "montelukast",
    "zyrtec": "cetirizine", "claritin": "loratadine", "benadryl": "diphenhydramine", "zestril": "lisinopril",
    "cozaar": "losartan", "toprol": "metoprolol", "coreg": "carvedilol", "januvia": "sitagliptin",
    "lantus": "insulin glargine", "humira": "adalimumab", "seroquel": "quetiapine", "abilify": "aripiprazole",
}


def lexicon_report() -> None:
    """Coverage of the package's lexicon on common brands, and how many everyday words it would take for drugs."""
    from wordfreq import get_frequency_dict

    from medbrief.retrieve.drugs import name_key
    from medbrief.retrieve.lexicon import _package_data, lexicon_rows

    variant_to_canonical, _ = _package_data()
    found = {b: variant_to_canonical.get(b, [None])[0] for b in BRANDS}
    hits = [b for b, c in found.items() if c]
    print(f"brands: {len(hits)}/{len(BRANDS)} in the package ({', '.join(sorted(set(BRANDS) - set(hits)))} missing)")
    print("brand -> package ingredient where it differs from ours:",
          {b: c for b, c in found.items() if c and c != BRANDS[b]})
    words = [w for w in get_frequency_dict("en", wordlist="small") if w.isalpha()]  # Zipf >= 3: ~29k words
    raw = [w for w in words if w in variant_to_canonical]
    rows = {k: kind for k, _, kind in lexicon_rows({}, name_key)}
    as_drug = [w for w in words if rows.get(name_key(w), "").split("_")[0] in ("alias", "external")
               and not rows[name_key(w)].endswith("_word")]
    print(f"of the {len(words)} common English words (Zipf >= 3): {len(raw)} are names in the package "
          f"({', '.join(raw)}); "
          f"{len(as_drug)} are taken for a drug without drug context after filtering ({', '.join(as_drug)})")


if __name__ == "__main__" and sys.argv[1] == "lexicon":
    lexicon_report()
