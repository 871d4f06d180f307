"""Draw the label-facts DEV sample: 40 openFDA labels (seed 16) disjoint from the held-out gold sample (seed 15).

    python bench/label_facts_dev_sample.py [--data ../shared/data] [--n 40] [--seed 16]
                                           [--out bench/gold/label_facts_dev_sample.jsonl]

The held-out gold (`label_facts_sample.py`, n 60, seed 15) must stay unseen by whoever tunes the extractor, so its
set ids are computed here in memory with the sampler's own `load_sample` and only removed from the pool, never
printed or written. The draw is `random.Random(seed).sample` over the sorted remaining distinct set ids (same
deduplication as `label_facts_sample.distinct_labels`). Prints one line per dev label and, with --out, writes them as
JSON lines in the sampler's row format. Deterministic for the same data, n and seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from label_facts_sample import default_data, distinct_labels, load_sample, row  # bench/ is not a package


def load_dev_sample(data: Path, n: int = 40, seed: int = 16, exclude_n: int = 60,
                    exclude_seed: int = 15) -> list[tuple[str, dict]]:
    """The `n` dev labels as (member, label) pairs, in draw order, drawn with `seed` from the distinct set ids minus
    the held-out sample (`exclude_n` labels drawn with `exclude_seed`). Raises FileNotFoundError without the zip."""
    labels = distinct_labels(data)
    held_out = {lab.get("set_id") for _, lab in load_sample(data, exclude_n, exclude_seed)}
    pool = sorted(sid for sid in labels if sid not in held_out)
    return [labels[sid] for sid in random.Random(seed).sample(pool, n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--out", type=Path, help="write the dev sample list as JSON lines here")
    args = ap.parse_args()
    rows = [row(m, lab) for m, lab in load_dev_sample(args.data, args.n, args.seed)]
    for i, r in enumerate(rows, 1):
        print(f"{i:2d} {r['member']} {r['set_id']} {r['id']} v{r['version']} {r['generic_name']}")
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
