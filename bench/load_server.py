"""Bounded load test of `medbrief serve` on loopback: N concurrent clients for T seconds, /ask and /search mixed.

    python bench/load_server.py --db /tmp/mb.db [--clients 20] [--seconds 30] [--ask-share 0.5] [--write PATH]

Starts the server as a subprocess on 127.0.0.1 (a free port), waits for /health, runs the clients (threads, one
httpx.Client each, keep-alive), stops the server, prints the table and, with --write, rewrites its section of the
given Markdown file. Exits 1 when any request failed (a non-200 status or a transport error). Traffic goes only to
127.0.0.1 and stops by itself after --seconds.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import httpx
from environment import commit, machine  # bench/environment.py

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
BEGIN, END = "<!-- load_server:begin -->", "<!-- load_server:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "medbrief", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("server did not become healthy in 30 s")


def client(base: str, stop_at: float, ask_share: float, seed: int, out: dict[str, list[float]],
           errors: list[str], lock: threading.Lock) -> None:
    """One client: requests back to back until stop_at; records (endpoint -> latencies) and errors."""
    i = seed
    local: dict[str, list[float]] = defaultdict(list)
    local_errors: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as c:
        while time.monotonic() < stop_at:
            i += 1
            # a fixed, interleaved mix: ask_share of the requests are /ask
            is_ask = (i * 7919 % 100) < ask_share * 100
            t0 = time.perf_counter()
            try:
                if is_ask:
                    r = c.post("/ask", json={"question": ASK[i % len(ASK)]})
                else:
                    r = c.get("/search", params={"q": SEARCH[i % len(SEARCH)], "k": 10})
                ok = r.status_code == 200
                detail = f"{r.status_code} {r.text[:120]}"
            except httpx.HTTPError as exc:
                ok, detail = False, repr(exc)
            dt = time.perf_counter() - t0
            name = "/ask" if is_ask else "/search"
            local[name].append(dt)
            if not ok:
                local_errors.append(f"{name}: {detail}")
    with lock:
        for k, v in local.items():
            out[k].extend(v)
        errors.extend(local_errors)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]






def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="an existing store (read only)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--ask-share", type=float, default=0.5, help="fraction of requests that are /ask")
    ap.add_argument("--write", type=Path, help="Markdown file whose load_server section to rewrite")
    args = ap.parse_args()
    if not args.db.exists():
        raise SystemExit(f"no store at {args.db}")
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        raise SystemExit("bounded: 1..200 clients, 1..600 seconds")

    port = free_port()
    proc = start_server(args.db, port)
    base = f"http://127.0.0.1:{port}"
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    try:
        corpus = httpx.get(base + "/health", timeout=30).json()["corpus"]
        # warm-up: first ask loads the drug dictionary; not counted
        httpx.post(base + "/ask", json={"question": ASK[0]}, timeout=60)
        t0 = time.monotonic()
        stop_at = t0 + args.seconds
        threads = [threading.Thread(target=client, args=(base, stop_at, args.ask_share, n * 1000, lat, errors, lock))
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 120)
        wall = time.monotonic() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    total = sum(len(v) for v in lat.values())
    cmd = "python bench/load_server.py " + " ".join(sys.argv[1:])
    rows = ["| endpoint | requests | errors | p50 ms | p95 ms | p99 ms | mean ms |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ("/ask", "/search"):
        v = lat.get(name, [])
        errs = sum(1 for e in errors if e.startswith(name))
        rows.append(f"| {name} | {len(v)} | {errs} | {pct(v, 50) * 1e3:.0f} | {pct(v, 95) * 1e3:.0f} | "
                    f"{pct(v, 99) * 1e3:.0f} | {(statistics.fmean(v) if v else float('nan')) * 1e3:.0f} |")
    allv = [x for v in lat.values() for x in v]
    rows.append(f"| all | {total} | {len(errors)} | {pct(allv, 50) * 1e3:.0f} | {pct(allv, 95) * 1e3:.0f} | "
                f"{pct(allv, 99) * 1e3:.0f} | {(statistics.fmean(allv) if allv else float('nan')) * 1e3:.0f} |")
    summary = (f"{args.clients} concurrent clients for {args.seconds:.0f} s ({wall:.1f} s wall), "
               f"{args.ask_share:.0%} /ask: {total} requests, {total / wall:.1f} req/s, {len(errors)} errors.")
    section = "\n".join([
        BEGIN,
        "## HTTP server under load (bench/load_server.py)",
        "",
        f"Command: `{cmd}`  ",
        f"Store: `{args.db}` ({corpus['documents']} documents, {corpus['passages']} passages; "
        f"by tier {corpus['by_tier']}); server: `medbrief serve` (uvicorn, one process, one store behind a lock), "
        "clients: threads with httpx keep-alive, same machine, 127.0.0.1 only.  ",
        f"Machine: {machine()}.  ",
        f"Commit: {commit()}; date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}.",
        "",
        summary,
        "",
        *rows,
        "",
        "Latency includes queueing behind the store lock: with 20 clients and 2 cores an /ask waits for the asks "
        "ahead of it, so p95 grows with the number of clients while throughput stays at what one core composes.",
        END,
    ])
    print(section)
    if errors:
        print("\nfirst errors:", *errors[:10], sep="\n  ", file=sys.stderr)
    if args.write:
        old = args.write.read_text() if args.write.exists() else "# Benchmarks: server\n"
        pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
        new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip() + "\n\n" + section + "\n"
        args.write.write_text(new)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
