"""Whole-process start-up times of the CLI and the MCP server (issue 16 point 4); prints a Markdown section.

    python bench/startup.py --db BM25_STORE [--db EMBEDDED_STORE ...] [--runs 7] [--out startup.md]

For each store: `medbrief --help`, `medbrief search "baclofen dose"`, a cold `medbrief ask "What is baclofen used
for?"` (a new process each run: imports, store open, vectors, model load, brief), and the MCP server's
initialise (spawn `medbrief mcp`, send `initialize` on stdin, time until its answer arrives; the answer's
serverInfo.version is checked against the package's). Medians of `--runs` runs, with min and max; the machine's
load average is recorded before and after, since other processes on a shared machine move these figures. The CPU
column (user + system seconds of the process and its threads, median) moves far less with the load than the wall
time: on a busy machine it is the better guide to what an idle one would show.
The stores are only read (search/ask/mcp): point `--db` at copies you may write (a reader may repair an index or a
vectors file that is out of step).
The embedding model's optimised graph is cached (retrieve/dense.py, OptimisedModelCache: under MEDBRIEF_CACHE, else
the OS cache folder): the warm-up run before each command's timed runs writes it if needed, so the figures are of a
process that finds it, as every process after the first does; for a store with vectors, one more row times `search`
with an empty cache (the first search after an install or an onnxruntime upgrade, which builds and writes it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from environment import commit, machine  # bench/environment.py

from medbrief import __version__

MEDBRIEF = str(Path(sys.executable).with_name("medbrief"))
QUESTION = "What is baclofen used for?"
QUERY = "baclofen dose"


def load() -> str:
    """The 1-minute load average and the number of cores, e.g. '0.42 on 2 cores'."""
    return f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds one whole process takes and the CPU seconds it used (stdout and stderr discarded; a non-zero
    exit fails the bench)."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=True, timeout=300)
    return time.perf_counter() - t0, _children_cpu() - cpu0


def mcp_initialise(db: Path, env: dict[str, str]) -> tuple[float, str]:  # wall seconds only: it keeps running
    """Seconds from spawning `medbrief mcp` to its `initialize` answer, and the serverInfo.version it reported."""
    request = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                          "clientInfo": {"name": "bench", "version": "0"}}}
    t0 = time.perf_counter()
    proc = subprocess.Popen([MEDBRIEF, "mcp", "--db", str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(request) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        seconds = time.perf_counter() - t0
        answer = json.loads(line)
        version = answer["result"]["serverInfo"].get("version") or ""
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return seconds, version


def has_vectors(db: Path) -> bool:
    """Whether the store holds passage vectors (of any model): its searches load the embedding model."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT 1 FROM embeddings LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def compile_package() -> str:
    """Write the bytecode of every medbrief module first, as installing a wheel does: in an editable checkout with
    PYTHONDONTWRITEBYTECODE set (this machine's shells set it) a module edited since its .pyc was written is
    compiled again from source in every process (0.1-0.3 s of a cold `ask`), which no installed tool pays."""
    import compileall

    import medbrief

    folder = Path(medbrief.__file__).parent
    ok = compileall.compile_dir(str(folder), quiet=1)
    return f"bytecode of {folder.name}/ compiled first ({'ok' if ok else 'with errors'})"


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def row(name: str, label: str, runs: list[tuple[float, float]], before: str) -> str:
    cpu = f"{statistics.median(c for _, c in runs):.2f} s" if runs and runs[0][1] >= 0 else "–"
    return f"| {name} | {label} | {summary([w for w, _ in runs])} | {cpu} | {before} → {load()} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, action="append", required=True, help="a store to read (repeatable)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("MEDBRIEF_DB", None)
    compiled = compile_package()
    lines = [f"Machine: {machine()}; commit {commit()}; medbrief {__version__}; {args.runs} runs each, "
             f"median (min–max), whole processes; {compiled}.", "",
             "| store | command | wall | CPU | load before → after |", "|---|---|---|---|---|"]
    before = load()
    help_runs = [timed([MEDBRIEF, "--help"], env) for _ in range(args.runs)]
    lines.append(row("–", "`medbrief --help`", help_runs, before))
    for db in args.db:
        name = db.parent.name + "/" + db.name
        for label, cmd in ((f'`medbrief search "{QUERY}"`', [MEDBRIEF, "search", "--db", str(db), QUERY]),
                           (f'cold `medbrief ask "{QUESTION}"`', [MEDBRIEF, "ask", "--db", str(db), QUESTION])):
            timed(cmd, env)  # once first: a stale index or vectors file is repaired here, not in the figures
            before = load()
            runs = [timed(cmd, env) for _ in range(args.runs)]
            lines.append(row(name, label, runs, before))
        if has_vectors(db):
            before = load()
            cmd = [MEDBRIEF, "search", "--db", str(db), QUERY]
            misses = []
            for _ in range(min(3, args.runs)):
                with tempfile.TemporaryDirectory(prefix="medbrief-bench-cache-") as empty:
                    misses.append(timed(cmd, {**env, "MEDBRIEF_CACHE": empty}))
            lines.append(row(name, f'`medbrief search "{QUERY}"`, empty model cache (first run)', misses, before))
        before = load()
        inits = [mcp_initialise(db, env) for _ in range(args.runs)]
        versions = {v for _, v in inits}
        assert versions == {__version__}, versions
        lines.append(row(name, f"MCP `initialize` (serverInfo.version {__version__})",
                         [(s, -1.0) for s, _ in inits], before))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
