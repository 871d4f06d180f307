"""Draw the label-facts gold sample (issue 15 point 8): 60 openFDA labels at random, deterministic.

    python bench/label_facts_sample.py [--data ../shared/data] [--n 60] [--seed 15]
                                       [--out bench/gold/label_facts_sample.jsonl]

Reads the openFDA cache zip `labels/openfda_luckygood/openfda-drug-label-cache.zip` under MEDBRIEF_DATA (default
../shared/data): 1,258 JSON members `{"meta", "results": [label]}`. Several members hold the same label (128 repeat a
set id), so members are first deduplicated by set_id — the member with the highest `version` is kept, ties broken by
member name — and the draw is over the sorted distinct set ids with `random.Random(seed).sample`, Rx and OTC as they
come. Prints one line per sampled label (member, set_id, id, version, generic_name) and, with --out, writes them as
JSON lines. The same data, n and seed always give the same sample.

`load_sample(data, n, seed)` returns the sampled labels as `(member, label dict)` pairs for the other scripts
(`label_facts_score.py` verifies the gold quotes against the same records).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import zipfile
from pathlib import Path

ZIP = Path("labels") / "openfda_luckygood" / "openfda-drug-label-cache.zip"


def default_data() -> Path:
    return Path(os.environ.get("MEDBRIEF_DATA", "../shared/data"))


def _version(label: dict) -> int:
    try:
        return int(label.get("version") or 0)
    except ValueError:
        return 0


def distinct_labels(data: Path) -> dict[str, tuple[str, dict]]:
    """set_id -> (member name, label) over the cache zip, one per set id (highest version, then member name).

    Raises FileNotFoundError when the zip is not under `data`.
    """
    best: dict[str, tuple[str, dict]] = {}
    with zipfile.ZipFile(data / ZIP) as z:
        for member in sorted(z.namelist()):
            if not member.endswith(".json"):
                continue
            for label in json.loads(z.read(member)).get("results") or []:
                sid = label.get("set_id")
                if not sid:
                    continue
                old = best.get(sid)
                # sorted members + strict ">" keeps the first member name among equal versions
                if old is None or _version(label) > _version(old[1]):
                    best[sid] = (member, label)
    return best


def load_sample(data: Path, n: int = 60, seed: int = 15) -> list[tuple[str, dict]]:
    """The `n` labels drawn with `seed` from the distinct set ids, in draw order, as (member, label) pairs."""
    labels = distinct_labels(data)
    chosen = random.Random(seed).sample(sorted(labels), n)
    return [labels[sid] for sid in chosen]


def row(member: str, label: dict) -> dict:
    ofda = label.get("openfda") or {}
    return {
        "member": member,
        "set_id": label.get("set_id"),
        "id": label.get("id"),
        "version": label.get("version"),
        "generic_name": "; ".join(ofda.get("generic_name") or []) or None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--out", type=Path, help="write the sample list as JSON lines here")
    args = ap.parse_args()
    rows = [row(m, lab) for m, lab in load_sample(args.data, args.n, args.seed)]
    for i, r in enumerate(rows, 1):
        print(f"{i:2d} {r['member']} {r['set_id']} {r['id']} v{r['version']} {r['generic_name']}")
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
