"""Load test of `medbrief serve` on loopback (issue 16 point 6): the one-lock server and the new one, side by side.

    python bench/load_server.py --db PATH [--seconds 30] [--clients 20] [--configs one-lock,default]
                                [--ask-share 0.4 --health-share 0.2] [--no-copy] [--write BENCHMARKS.md]

For each configuration in turn (same run, same store, same load): start the server as a subprocess on a free
127.0.0.1 port, wait for /health, warm it up (every /ask question once), measure the floor (100 /search and 100
/health requests from one client, one at a time: what the machine gives a lone request; on a shared machine it
is far above the server's own time), run N client threads for T seconds (each one httpx.Client with keep-alive,
requests back to back in a fixed interleaved mix of /ask, /search and /health), stop the server. Then print one
table per configuration (p50/p95/p99 per endpoint, throughput, errors), the targets, and with --write rewrite the
marked section of the Markdown file.

Configurations:
  one-lock   the behaviour before issue 16: one process, every request behind one lock
             (`Service(serialize=True)`, reachable only from this script)
  default    `medbrief serve`: one serving process, /ask composed in one process per core
  threads    `medbrief serve --ask-processes 0`: one process, requests in parallel threads, a pool of stores
  askN       `medbrief serve --ask-processes N`
  workersN   `medbrief serve --workers N`: N serving processes (uvicorn's supervisor), each composing in threads

The store is copied first (SQLite backup API + the index folder, into a temporary folder removed at the end) so a
server repairing its index never writes the store given; --no-copy serves it in place. Load (`os.getloadavg`) is
recorded before each configuration: other processes on the machine make every figure an upper bound. Exits 1 when
any request failed. Traffic goes only to 127.0.0.1 and stops by itself after --seconds per configuration.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from environment import commit, machine, percentile  # bench/environment.py

ASK = [
    "What is tizanidine used for?",
    "What is baclofen used for?",
    "What is the maximum daily dose of baclofen?",
    "baclofen withdrawal",
    "tizanidine in renal impairment",
    "Is metformin contraindicated in kidney disease?",
    "side effects of gabapentin",
    "What is the starting dose of lisinopril?",
    "Lioresal intrathecal overdose",
    "Does dantrolene cause liver injury?",
]
SEARCH = [
    "intrathecal baclofen withdrawal",
    "tizanidine hypotension",
    "spasticity multiple sclerosis",
    "maximum daily dose",
    "renal impairment creatinine clearance",
    "hepatotoxicity dantrolene",
    "opioid tapering",
    "metformin lactic acidosis",
]
ENDPOINTS = ("/ask", "/search", "/health")
FLOOR_REQUESTS = 100
BEGIN, END = "<!-- load_server:begin -->", "<!-- load_server:end -->"
TARGETS = {"/search p95 ms": 25.0, "/health p95 ms": 10.0, "/ask throughput x one-lock": 1.7}

# The one-lock server: the new app over a Service that puts every call behind one lock (the old behaviour).
ONE_LOCK = """
import sys, uvicorn
from medbrief.server import create_app
from medbrief.service import Service
from medbrief.settings import Settings
settings = Settings.load(db=sys.argv[1])
uvicorn.run(create_app(settings, Service(settings, serialize=True)), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


@dataclass
class Result:
    name: str
    describe: str
    load_before: str
    floor: dict[str, tuple[float, float]] = field(default_factory=dict)  # endpoint -> (p50, p95) ms, one client
    wall: float = 0.0
    lat: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def rate(self, endpoint: str) -> float:
        return len(self.lat.get(endpoint, [])) / self.wall if self.wall else 0.0

    def p(self, endpoint: str, q: float) -> float:
        return percentile(self.lat.get(endpoint, []), q) * 1e3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_command(config: str, db: Path, port: int) -> tuple[list[str], str]:
    if config == "one-lock":
        return [sys.executable, "-c", ONE_LOCK, str(db), str(port)], \
            "one process, every request behind one lock (the server before issue 16)"
    base = [sys.executable, "-m", "medbrief", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    if config == "default":
        return base, "`medbrief serve`: one serving process (parallel threads, a pool of stores), /ask composed " \
                     "in one process per core"
    if config == "threads":
        return [*base, "--ask-processes", "0"], \
            "`medbrief serve --ask-processes 0`: one process, parallel threads, a pool of stores"
    m = re.fullmatch(r"workers(\d+)", config)
    if m:
        return [*base, "--workers", m.group(1)], \
            f"`medbrief serve --workers {m.group(1)}`: {m.group(1)} serving processes, each composing in threads"
    m = re.fullmatch(r"ask(\d+)", config)
    if m:
        return [*base, "--ask-processes", m.group(1)], \
            f"`medbrief serve --ask-processes {m.group(1)}`: one serving process, /ask in {m.group(1)} processes"
    raise SystemExit(f"unknown configuration {config!r} (one-lock, threads, workersN)")


def start(cmd: list[str], port: int) -> subprocess.Popen[bytes]:
    # stderr to a file, not a pipe nobody reads: a server blocked on a full pipe would be measured as slow
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server; closed with the process)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit(f"server exited with {proc.returncode}: {log.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.1)
    stop(proc)
    raise SystemExit("server did not become healthy in 60 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()  # uvicorn's supervisor stops its workers on SIGTERM
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # its own session (start_new_session): only the server and its workers
        proc.wait(timeout=5)


def mix(ask_share: float, health_share: float) -> list[str]:
    """A fixed interleaved sequence of 100 endpoints with the given shares."""
    seq: list[str] = []
    acc = {"/ask": 0.0, "/health": 0.0}
    for _ in range(100):
        acc["/ask"] += ask_share
        acc["/health"] += health_share
        if acc["/ask"] >= 1:
            acc["/ask"] -= 1
            seq.append("/ask")
        elif acc["/health"] >= 1:
            acc["/health"] -= 1
            seq.append("/health")
        else:
            seq.append("/search")
    return seq


def client(base: str, stop_at: float, seq: list[str], seed: int, res: Result, lock: threading.Lock) -> None:
    """One client: requests back to back until stop_at."""
    i = seed
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    with httpx.Client(base_url=base, timeout=120) as c:
        while time.monotonic() < stop_at:
            i += 1
            name = seq[i % len(seq)]
            t0 = time.perf_counter()
            try:
                if name == "/ask":
                    r = c.post("/ask", json={"question": ASK[i % len(ASK)]})
                elif name == "/search":
                    r = c.get("/search", params={"q": SEARCH[i % len(SEARCH)], "k": 10})
                else:
                    r = c.get("/health")
                ok = r.status_code == 200
                detail = "" if ok else f"{r.status_code} {r.text[:120]}"
            except httpx.HTTPError as exc:
                ok, detail = False, repr(exc)
            lat[name].append(time.perf_counter() - t0)
            if not ok:
                errors.append(f"{name}: {detail}")
    with lock:
        for k, v in lat.items():
            res.lat[k].extend(v)
        res.errors.extend(errors)


def run_config(config: str, db: Path, args: argparse.Namespace) -> tuple[Result, dict]:
    port = free_port()
    cmd, describe = server_command(config, db, port)
    base = f"http://127.0.0.1:{port}"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    res = Result(config, describe, load)
    print(f"[{config}] load {load}; starting: {describe}", file=sys.stderr)
    proc = start(cmd, port)
    try:
        corpus = httpx.get(base + "/health", timeout=30).json()["corpus"]
        with httpx.Client(base_url=base, timeout=120) as c:  # warm-up, not counted: every question once
            for q in ASK:
                c.post("/ask", json={"question": q})
            for q in SEARCH:
                c.get("/search", params={"q": q})
            # the floor: one client, one request at a time, nothing else from us running (the machine's own load)
            for name in ("/search", "/health"):
                lat = []
                for i in range(FLOOR_REQUESTS):
                    t = time.perf_counter()
                    c.get(name, params={"q": SEARCH[i % len(SEARCH)]} if name == "/search" else None)
                    lat.append(time.perf_counter() - t)
                res.floor[name] = (percentile(lat, 50) * 1e3, percentile(lat, 95) * 1e3)
        seq = mix(args.ask_share, args.health_share)
        lock = threading.Lock()
        t0 = time.monotonic()
        stop_at = t0 + args.seconds
        threads = [threading.Thread(target=client, args=(base, stop_at, seq, n * 37, res, lock))
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 180)
        res.wall = time.monotonic() - t0
    finally:
        stop(proc)
    print(f"[{config}] {sum(len(v) for v in res.lat.values())} requests, {len(res.errors)} errors", file=sys.stderr)
    return res, corpus


def copy_store(db: Path, into: Path) -> Path:
    """A consistent copy of the store (SQLite backup API, then the index folder) in `into`."""
    target = into / db.name
    src = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    shutil.copytree(db.with_name(db.name + ".index"), target.with_name(target.name + ".index"))
    return target


def table(res: Result) -> list[str]:
    rows = [f"**{res.name}**: {res.describe}; load average before: {res.load_before}.", "",
            "| endpoint | requests | req/s | errors | p50 ms | p95 ms | p99 ms |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ENDPOINTS:
        v = res.lat.get(name, [])
        errs = sum(1 for e in res.errors if e.startswith(name))
        rows.append(f"| {name} | {len(v)} | {res.rate(name):.1f} | {errs} | {res.p(name, 50):.1f} | "
                    f"{res.p(name, 95):.1f} | {res.p(name, 99):.1f} |")
    total = sum(len(v) for v in res.lat.values())
    rows.append(f"| all | {total} | {total / res.wall:.1f} | {len(res.errors)} | | | |")
    floor = "; ".join(f"{n} p50 {a:.1f} ms, p95 {b:.1f} ms" for n, (a, b) in res.floor.items())
    rows += ["", f"Floor before the load (one client, one request at a time, {FLOOR_REQUESTS} each): {floor}."]
    return rows


def _vectors_said(db: Path) -> str:
    """'BM25 only' for a store without passage vectors, else how many vectors it holds (was: always 'BM25 only')."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            n = conn.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    except sqlite3.Error:  # no embeddings table: never embedded
        n = 0
    return f"{n:,} passage vectors: hybrid" if n else "BM25 only"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="an existing store (copied first unless --no-copy)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0, help="per configuration")
    ap.add_argument("--configs", default="one-lock,default")
    ap.add_argument("--ask-share", type=float, default=0.4, help="fraction of requests that are /ask")
    ap.add_argument("--health-share", type=float, default=0.2, help="fraction of requests that are /health")
    ap.add_argument("--no-copy", action="store_true", help="serve --db in place (the server may repair its index)")
    ap.add_argument("--write", type=Path, help="Markdown file whose load_server section to rewrite")
    args = ap.parse_args()
    if not args.db.exists():
        raise SystemExit(f"no store at {args.db}")
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        raise SystemExit("bounded: 1..200 clients, 1..600 seconds")
    if min(args.ask_share, args.health_share) < 0 or args.ask_share + args.health_share > 1:
        raise SystemExit("--ask-share + --health-share must be within 0..1")
    sys.setswitchinterval(0.001)  # 20 client threads: a thread whose answer arrived should not wait 5 ms to run

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="medbrief-load-") as tmp:
        db = args.db if args.no_copy else copy_store(args.db, Path(tmp))
        corpus: dict = {}
        for config in configs:
            res, corpus = run_config(config, db, args)
            results.append(res)

    cmd = "python bench/load_server.py " + " ".join(sys.argv[1:])
    lines = [BEGIN, "## HTTP server under load (bench/load_server.py)", "",
             f"Command: `{cmd}`  ",
             f"Store: a copy of `{args.db}` ({corpus.get('documents')} documents, {corpus.get('passages')} passages, "
             f"{_vectors_said(args.db)}). Clients: "
             f"{args.clients} threads in the bench process (httpx keep-alive, requests back to back, "
             f"{args.ask_share:.0%} /ask, {args.health_share:.0%} /health, the rest /search, interleaved), "
             f"{args.seconds:.0f} s per configuration, one configuration after the other in the same run; "
             "127.0.0.1 only; the clients share the machine's cores with the server.  ",
             f"Machine: {machine()}.  ",
             f"Commit: {commit()}; date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}.", ""]
    for res in results:
        lines += [*table(res), ""]
    base = next((r for r in results if r.name == "one-lock"), None)
    verdict: list[str] = []
    for res in results:
        if res is base:
            continue
        ratio = res.rate("/ask") / base.rate("/ask") if base and base.rate("/ask") else float("nan")
        checks = [("/search p95", res.p("/search", 95), TARGETS["/search p95 ms"], "ms"),
                  ("/health p95", res.p("/health", 95), TARGETS["/health p95 ms"], "ms")]
        parts = [f"{n} {v:.1f} {u} (target <= {t:g}: {'met' if v <= t else 'not met'})" for n, v, t, u in checks]
        parts.append(f"/ask throughput {ratio:.2f}x one-lock (target >= 1.7: {'met' if ratio >= 1.7 else 'not met'})")
        parts.append(f"errors {len(res.errors)} ({'met' if not res.errors else 'not met'})")
        verdict.append(f"- **{res.name}**: " + "; ".join(parts) + ".")
    if verdict:
        lines += ["Targets (issue 16 point 6, 20 clients x 30 s on 2 cores):", "", *verdict, ""]
    lines.append(END)
    section = "\n".join(lines)
    print(section)
    errors = [e for r in results for e in r.errors]
    if errors:
        print("\nfirst errors:", *errors[:10], sep="\n  ", file=sys.stderr)
    if args.write:
        old = args.write.read_text() if args.write.exists() else "# Benchmarks\n"
        pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
        new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip() + "\n\n" + section + "\n"
        args.write.write_text(new)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
