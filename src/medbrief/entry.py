"""The `medbrief` console entry point: starts the embedding model's load before the CLI is even imported.

A hybrid `medbrief search` spends ~0.25 s importing typer, rich and the pipeline and building the command tree
before it needs the model, whose load (onnxruntime's import and session, ~0.12 s, mostly outside the GIL) can run
meanwhile on the other core; started from the raw arguments here it is ready by the first query (issue 16, fast
start). The CLI's command group starts it too (`python -m medbrief`, tests), once per process either way."""

from __future__ import annotations

import os
import sys

MODEL_COMMANDS = ("search", "ask")


def option_value(args: list[str], name: str) -> str | None:
    """The value of `--name VALUE` / `--name=VALUE` in raw command-line arguments (the last one wins), else None."""
    value = None
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(name + "="):
            value = arg[len(name) + 1:]
    return value


def preload_model_for(command: str, args: list[str]) -> None:
    """Start loading the embedding model on another thread for a `search` or `ask` that will use it (the store in
    `--db` or the settings holds the model's vectors), from the raw arguments after the command name. Nothing for
    `--help`, `search --mode bm25`, another command or a store without the model's vectors; anything amiss (a bad
    `--db`, a broken environment) is left to the command to report with its exit code."""
    if command not in MODEL_COMMANDS or "--help" in args or "--" in args:
        return
    if command == "search" and option_value(args, "--mode") not in (None, "hybrid", "dense"):
        return
    try:
        from .retrieve import dense
        from .settings import Settings

        dense.preload_default_embedder(Settings.load(option_value(args, "--db")).db_path)
    except Exception:  # the command meets the same fault and reports it
        return


def main() -> None:
    """Run the `medbrief` command (console script and `python -m medbrief`).

    `search` and `ask` only read the store; once they have answered and their output is flushed the process ends
    at once (`os._exit`), without the interpreter's teardown of onnxruntime, numpy and the mapped vectors (~0.07 s
    on 2 cores: issue 16, fast start). Every other command ends normally."""
    # one OpenBLAS thread, set before numpy's first import (cli.py says why); the model's load imports numpy
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    try:
        preload_model_for(command, sys.argv[2:])
        from .cli import app
    except KeyboardInterrupt:  # Ctrl-C before the command runs: quietly, as the CLI does later (128 + SIGINT)
        os._exit(130)

    if command not in MODEL_COMMANDS:
        app()
        return
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exit_status(exc.code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`| head`): as click reports it, quietly
        code = code or 1
    os._exit(code)


def exit_status(code: object) -> int:
    """The process status `sys.exit(code)` would give: None 0, an int itself, anything else printed to stderr
    and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
