"""Errors of the environment at the store edge, each one clear StoreError naming the path (no traceback).

A full disk becomes `StoreFull`; a database another program holds locked `StoreLocked`; a write refused by a
read-only file or folder `ReadOnlyStore`; a corrupt file `DamagedStore`; any other SQLite or I/O failure a
plain `StoreError`. Programming errors (sqlite3.ProgrammingError, InterfaceError) pass through unchanged.

SQLite says "database or disk is full" (SQLITE_FULL, also raised when `PRAGMA max_page_count` is reached),
the OS says ENOSPC / EDQUOT, tantivy wraps the OS error in a ValueError ("No space left on device",
`StorageFull`), and SQLite in WAL mode says only "disk I/O error" when not even its `-shm` file can be
created. Every write path (ingest, index sync, reindex, store open) and every pipeline entry runs inside
`store_faults`, so these all reach the user as the same one-line error naming the path, and no copy of this
mapping lives elsewhere.

`is_store_fault` tells the ingest loop which exceptions belong to the store or the machine (never skipped
as "a bad record": skipping every record of a batch because the disk is full would report a success).
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DamagedStore, ReadOnlyStore, StoreError, StoreFull, StoreLocked

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
_FULL_TEXTS = ("no space left on device", "storagefull", "disk quota exceeded", "database or disk is full")
# Below this much free space, SQLite's unspecific "disk I/O error" is taken to mean the disk is full.
_NO_ROOM_BYTES = 256 * 1024
# Below this much, a failed tantivy writer (it flushes segments of several MB) is taken to mean the disk is full.
_NO_ROOM_FOR_INDEX_BYTES = 16 * 1024 * 1024
# How tantivy (through tantivy-py) words a failed write or read of its files: ValueError / RuntimeError texts.
_TANTIVY_TEXTS = ("index writer", "indexwriter", "io::error", "failed to open file", "data corrupted",
                  "worker thread", "lockbusy", "failed to acquire")


def _tantivy_failure(exc: BaseException) -> bool:
    return isinstance(exc, ValueError | RuntimeError) and any(t in str(exc).lower() for t in _TANTIVY_TEXTS)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def _free_bytes(path: Path) -> int | None:
    for candidate in (path, *path.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def _full(exc: BaseException, path: Path | None) -> bool:
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == sqlite3.SQLITE_FULL:
            return True
        if "database or disk is full" in str(exc):
            return True
        if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR and path is not None:
            free = _free_bytes(path)
            return free is not None and free < _NO_ROOM_BYTES
        return False
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if _tantivy_failure(exc) and path is not None:  # its worker threads report "io::Error" without the OS text
        free = _free_bytes(path)
        if free is not None and free < _NO_ROOM_FOR_INDEX_BYTES:
            return True
    # tantivy raises ValueError (or OSError without errno) carrying the Rust io::Error text
    return isinstance(exc, ValueError | OSError | RuntimeError) and any(t in str(exc).lower() for t in _FULL_TEXTS)


def is_disk_full(exc: BaseException, path: Path | None = None) -> bool:
    """True when `exc` (or an exception it was raised from) says the disk is full.

    `path` (where the write went) lets an unspecific SQLite "disk I/O error" count as full when that
    filesystem has (almost) no free space left."""
    return any(_full(e, path) for e in _chain(exc))


def is_store_fault(exc: BaseException) -> bool:
    """True for failures of the store or the machine rather than of one record: a full disk, a locked,
    read-only, damaged or closed database (sqlite3.OperationalError, InternalError, plain DatabaseError),
    out of memory, any medbrief StoreError. A record's own faults (a constraint it breaks, a value SQLite
    cannot bind, a TypeError in its conversion) are not store faults."""
    if isinstance(exc, StoreError | MemoryError) or is_disk_full(exc):
        return True
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.DataError | sqlite3.ProgrammingError
                  | sqlite3.InterfaceError):
        return False
    return isinstance(exc, sqlite3.Error)


@contextmanager
def store_faults(path: Path, what: str = "store") -> Iterator[None]:
    """Run store work on `path`; a fault of the environment raised inside becomes a StoreError naming `path`.

    `what` names the thing written ("store", "search index") in the message. StoreErrors raised by an inner
    guard, and exceptions that are not environment faults, pass through unchanged."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        mapped = environment_error(exc, path, what)
        if mapped is None:
            raise
        raise mapped from exc


def environment_error(exc: Exception, path: Path, what: str = "store") -> StoreError | None:
    """The StoreError a fault of the environment means (see the module docstring), or None when `exc` is not one."""
    if is_disk_full(exc, path):
        return StoreFull(f"no space left on the disk holding the {what} {path}: {_reason(exc)}")
    if isinstance(exc, sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return None  # a bug, not the environment
    text = str(exc)
    if isinstance(exc, sqlite3.Error):
        if "locked" in text or "busy" in text:
            return StoreLocked(f"the {what} {path} is locked by another program ({text})",
                               hint="close the other program using the file (medbrief writers wait for each other "
                                    "by themselves), then run the command again")
        if "readonly" in text or "read-only" in text:
            return ReadOnlyStore(f"the {what} {path} cannot be written: {text}")
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return DamagedStore(f"the {what} {path} is damaged: {text}")
        return StoreError(f"the {what} {path} failed: SQLite: {text}")
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyStore(f"the {what} {path} cannot be written: {exc.strerror or exc}")
    if _tantivy_failure(exc):
        first = text.splitlines()[0][:300] if text else type(exc).__name__
        return StoreError(f"the {what} {path} could not be used: {first}",
                          hint="run `medbrief check`; `medbrief reindex` rebuilds the search index from the records")
    if isinstance(exc, OSError) and exc.errno == errno.EIO:
        return StoreError(f"the {what} {path} could not be read or written: {exc.strerror or exc}")
    return None


def _reason(exc: BaseException) -> str:
    for e in _chain(exc):
        if isinstance(e, sqlite3.Error):
            return f"SQLite: {e}"
        if isinstance(e, OSError) and e.errno in _FULL_ERRNOS:
            return e.strerror or str(e)
    return "No space left on device"
