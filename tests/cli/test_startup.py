"""Fast start (issue 16 point 4): `medbrief --help` imports neither the pipeline nor numpy, rich's Markdown or the
model runtime; each command imports what it needs when it runs. Checked by what a fresh interpreter has imported,
not by timing (timings are BENCHMARKS.md's, bench/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("medbrief.pipeline", "medbrief.compose", "medbrief.retrieve", "medbrief.store", "medbrief.render",
         "medbrief.brief", "numpy", "onnxruntime", "tokenizers", "rich.markdown", "rich.progress", "rich.table",
         "tantivy", "mcp", "fastapi")
# pydantic is not on the list: typer itself (0.2x) parses a command's parameters with it.


def _imported_after(code: str) -> set[str]:
    """Module names a fresh interpreter holds after running `code` (stdout is the code's own, discarded)."""
    probe = (
        "import sys, json, io, contextlib\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "print(json.dumps(sorted(sys.modules)))\n"
    )
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(res.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_importing_the_cli_loads_no_heavy_module() -> None:
    modules = _imported_after("import medbrief.cli")
    assert "typer" in modules and "medbrief.cli" in modules
    assert _heavy(modules) == []


def test_help_loads_no_heavy_module() -> None:
    code = ("from medbrief.cli import app\n"
            "try:\n"
            "    app(['--help'], standalone_mode=False)\n"
            "except SystemExit:\n"
            "    pass")
    modules = _imported_after(code)
    assert _heavy(modules) == []


def test_a_subcommand_help_loads_no_heavy_module() -> None:
    for command in ("search", "ask", "ingest", "mcp"):
        code = ("from medbrief.cli import app\n"
                "try:\n"
                f"    app([{command!r}, '--help'], standalone_mode=False)\n"
                "except SystemExit:\n"
                "    pass")
        assert _heavy(_imported_after(code)) == [], command


def test_help_as_a_process_prints_the_commands() -> None:
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "medbrief", "--help"], capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0
    assert "ask" in res.stdout and "search" in res.stdout
    imported = {line.split("|")[-1].strip() for line in res.stderr.splitlines() if line.startswith("import time:")}
    assert "typer" in imported and "medbrief.cli" in imported  # the probe sees imports at all
    assert _heavy(imported) == []


def test_the_schema_command_still_works_with_its_lazy_import() -> None:
    res = subprocess.run([sys.executable, "-m", "medbrief", "schema"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0
    assert json.loads(res.stdout)["title"]
