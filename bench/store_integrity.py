"""What the store's self-checks cost: the records/index comparison every command makes on open, and `check`.

    python bench/store_integrity.py [--db STORE] [--rounds 20]

Reads only (the store is opened as a reader; nothing is repaired or written). Prints a Markdown section.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from environment import commit, machine  # bench/environment.py

from medbrief.settings import Settings
from medbrief.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Settings.load().db_path)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    opens, checks = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        with Store(args.db) as store:
            state = store.index_check().state
            opens.append(time.perf_counter() - t0)
    with Store(args.db) as store:
        for _ in range(3):
            t0 = time.perf_counter()
            report = store.check()
            checks.append(time.perf_counter() - t0)
    print("## Store self-checks (`bench/store_integrity.py`)\n")
    print(f"Command: `python bench/store_integrity.py --db {args.db}` · machine: {machine()} · commit {commit()}\n")
    print("| measurement | median | rounds |\n|---|---|---|")
    print(f"| open + records/index fingerprint comparison (state: {state}) | {1000 * statistics.median(opens):.1f} ms "
          f"| {args.rounds} |")
    print(f"| `check`: integrity_check + every passage id both ways ({report.passages:,} passages, ok: {report.ok}) "
          f"| {statistics.median(checks):.2f} s | 3 |")


if __name__ == "__main__":
    main()
