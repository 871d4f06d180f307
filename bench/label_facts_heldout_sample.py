"""Draw the second held-out label-facts sample: 60 openFDA labels (seed 17), disjoint from the first gold sample
(seed 15, `label_facts_sample.py`) and from the dev sample (seed 16, `label_facts_dev_sample.py`).

    python bench/label_facts_heldout_sample.py [--data ../shared/data] [--n 60] [--seed 17]
                                               [--out bench/gold/label_facts_heldout_sample.jsonl]
    python bench/label_facts_heldout_sample.py --seed 18 --exclude-heldout 17 \
                                               --out bench/gold/label_facts_heldout18_sample.jsonl
    python bench/label_facts_heldout_sample.py --seed 19 \
        --exclude-sample bench/gold/label_facts_heldout_sample.jsonl \
        --exclude-sample bench/gold/label_facts_heldout18_sample.jsonl \
        --out bench/gold/label_facts_heldout19_sample.jsonl

Why a second held-out sample: the seed-15 gold's errors were read while tuning the extractor, so it is a dev set
now; this draw is annotated by helpers who never read the extractor, and the extractor is scored on it once per
version. The draw is `random.Random(seed).sample` over the sorted distinct set ids (same deduplication as
`label_facts_sample.distinct_labels`) minus both earlier samples, computed in memory with their own loaders.
`--exclude-heldout SEED` (repeatable) also removes an earlier held-out draw of 60 with that seed (the seed-18 sample
excludes seed 17, whose errors were read while tuning). Prints one line per label and, with --out, writes them as
JSON lines in the sampler's row format. Deterministic for the same data, n, seed and exclusions.
`--exclude-sample FILE` (repeatable) removes the set ids of a written sample file instead; use it for a draw whose own
exclusions differ (the seed-18 draw excluded seed 17, so re-drawing "seed 18" without that exclusion is another set).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from label_facts_dev_sample import load_dev_sample  # bench/ is not a package
from label_facts_sample import default_data, distinct_labels, load_sample, row


def load_heldout_sample(data: Path, n: int = 60, seed: int = 17,
                        exclude_heldout: tuple[int, ...] = (),
                        exclude_set_ids: frozenset[str] = frozenset()) -> list[tuple[str, dict]]:
    """The `n` held-out labels as (member, label) pairs, in draw order, drawn with `seed` from the distinct set ids
    minus the seed-15 gold sample (60), the seed-16 dev sample (40) and the held-out draws of 60 with the seeds in
    `exclude_heldout`, and the set ids in `exclude_set_ids`. Raises FileNotFoundError without the zip."""
    labels = distinct_labels(data)
    used = {lab.get("set_id") for _, lab in load_sample(data, 60, 15)}
    used |= {lab.get("set_id") for _, lab in load_dev_sample(data, 40, 16)}
    for earlier in exclude_heldout:
        used |= {lab.get("set_id") for _, lab in load_heldout_sample(data, 60, earlier)}
    used |= exclude_set_ids
    pool = sorted(sid for sid in labels if sid not in used)
    return [labels[sid] for sid in random.Random(seed).sample(pool, n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--exclude-heldout", type=int, action="append", default=[], metavar="SEED",
                    help="also exclude the held-out draw of 60 with this seed (repeatable)")
    ap.add_argument("--exclude-sample", type=Path, action="append", default=[], metavar="FILE",
                    help="also exclude the set ids of this written sample file (repeatable)")
    ap.add_argument("--out", type=Path, help="write the sample list as JSON lines here")
    args = ap.parse_args()
    excluded = frozenset(json.loads(line)["set_id"] for f in args.exclude_sample
                         for line in f.read_text().splitlines() if line.strip())
    rows = [row(m, lab) for m, lab in load_heldout_sample(args.data, args.n, args.seed, tuple(args.exclude_heldout),
                                                          excluded)]
    for i, r in enumerate(rows, 1):
        print(f"{i:2d} {r['member']} {r['set_id']} {r['id']} v{r['version']} {r['generic_name']}")
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
