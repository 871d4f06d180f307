"""Run the `medbrief` CLI in a subprocess and measure its peak memory (Linux: wait4 rusage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOSTILE = Path(__file__).parent / "hostile"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    seconds: float

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


def medbrief(*args: str | Path, timeout: float = 120) -> Run:
    """`python -m medbrief ARGS` (no memory measurement: see `medbrief_measured`)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "medbrief", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return Run(proc.returncode, out, err, 0.0, time.perf_counter() - t0)


def medbrief_measured(*args: str | Path, timeout: float = 300) -> Run:
    """Like `medbrief`, but reaps the child with os.wait4 to read its own peak RSS (KiB on Linux)."""
    t0 = time.perf_counter()
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"medbrief-run-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+") as out_f, open(f"{out_path}.err", "w+") as err_f:
        proc = subprocess.Popen([sys.executable, "-m", "medbrief", *map(str, args)], stdout=out_f, stderr=err_f)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise TimeoutError(f"medbrief {args} ran longer than {timeout} s")
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    return Run(proc.returncode, out, err, usage.ru_maxrss / 1024, time.perf_counter() - t0)
