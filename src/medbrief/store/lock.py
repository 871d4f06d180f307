"""One writer per store: a lock file beside the database, held by `ingest`, `reindex` and `embed`.

    <db>.lock          the lock itself (filelock: an OS file lock, released by the OS if the holder dies)
    <db>.lock.owner    who holds it: {"pid", "command", "since"}, for the message a waiting process prints

SQLite alone would let two writers interleave batches, and tantivy allows one index writer per folder: two
ingests, or an ingest beside a reindex, used to fail with raw tracebacks or leave documents out of the index.
Readers never take this lock (SQLite WAL and tantivy both give readers a consistent snapshot); they only try it,
without waiting, when they want to repair the index themselves.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import ReadOnlyStore, StoreLocked

DEFAULT_TIMEOUT = 600.0  # seconds a writer waits for another one (settings: MEDBRIEF_LOCK_TIMEOUT)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class WriteLock:
    """The store-wide write lock. `acquire()` waits (telling `on_wait` who holds it) up to `timeout` seconds.

    Raises StoreLocked after the timeout (naming the holder), ReadOnlyStore when the lock file cannot be
    created because the store's folder is read-only.
    """

    def __init__(self, db_path: Path, *, command: str = "", timeout: float = DEFAULT_TIMEOUT,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.owner_path = self.path.with_name(self.path.name + ".owner")
        self.command = command or " ".join(os.path.basename(a) for a in sys.argv[:2])
        self.timeout = timeout
        self.on_wait = on_wait
        # preserve_lock_file: deleting a lock file that another process is waiting on is the classic race
        self._lock = FileLock(str(self.path), preserve_lock_file=True, thread_local=False)
        self.held = False

    def owner(self) -> str:
        """'pid 123 (medbrief ingest, since 2026-11-30T05:00:00+00:00)', or 'another process' when unknown."""
        try:
            info = json.loads(self.owner_path.read_text(encoding="utf-8"))
            pid = int(info["pid"])
            with contextlib.suppress(PermissionError):  # alive, another user's
                os.kill(pid, 0)  # the note outlives a holder killed with SIGKILL: name only a live process
            return f"pid {pid} ({info['command']}, since {info['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another process"

    def try_acquire(self) -> bool:
        """Take the lock if it is free right now; False when another process holds it."""
        return self._take(0)

    def acquire(self) -> None:
        """Take the lock, waiting up to `timeout` seconds; see the class docstring for errors."""
        if self._take(0):
            return
        if self.on_wait is not None:
            self.on_wait(f"{self.db_path} is being written by {self.owner()}; waiting up to {self.timeout:.0f} s "
                         "(Ctrl-C to give up)")
        if not self._take(self.timeout):
            raise StoreLocked(f"{self.db_path} is still being written by {self.owner()} after {self.timeout:.0f} s")

    def _take(self, timeout: float) -> bool:
        if self.held:
            return True
        try:
            self._lock.acquire(timeout=timeout, poll_interval=0.1)
        except Timeout:
            return False
        except OSError as exc:  # EROFS / EACCES creating the lock file
            raise ReadOnlyStore(f"{self.db_path} cannot be written ({exc.strerror or exc}): its folder is read-only"
                                ) from exc
        self.held = True
        info = {"pid": os.getpid(), "command": self.command,
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        with contextlib.suppress(OSError):  # the owner note is a courtesy for waiting processes; the lock is held
            self.owner_path.write_text(json.dumps(info), encoding="utf-8")
        return True

    def release(self) -> None:
        if self.held:
            self.held = False
            with contextlib.suppress(OSError):
                self.owner_path.write_text("{}", encoding="utf-8")  # nobody: a later holder may not write one
            self._lock.release()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

