"""Settings: built once at the edge (CLI, server) and passed in. The only module that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .errors import ConfigError

ENV_DB = "MEDBRIEF_DB"
ENV_DATA = "MEDBRIEF_DATA"
ENV_LOCK_TIMEOUT = "MEDBRIEF_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 600.0  # seconds a writer waits for another writer of the same store
ENV_ALLOWED_HOSTS = "MEDBRIEF_ALLOWED_HOSTS"


def default_db_path() -> Path:
    """The store's default location: the OS data directory (e.g. ~/.local/share/medbrief/medbrief.db)."""
    return Path(platformdirs.user_data_dir("medbrief", appauthor=False)) / "medbrief.db"


@dataclass(frozen=True)
class Settings:
    """Effective settings. Order: defaults < environment (MEDBRIEF_*) < command-line flags."""

    db_path: Path
    data_dir: Path
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT  # MEDBRIEF_LOCK_TIMEOUT
    # Host names the HTTP server answers to besides loopback and its bound address (`serve --allow-host`).
    allowed_hosts: tuple[str, ...] = ()

    @classmethod
    def load(cls, db: Path | str | None = None, data_dir: Path | str | None = None,
             allowed_hosts: Iterable[str] | None = None) -> Settings:
        """Defaults, overridden by MEDBRIEF_DB / MEDBRIEF_DATA / MEDBRIEF_LOCK_TIMEOUT /
        MEDBRIEF_ALLOWED_HOSTS, overridden by arguments.

        MEDBRIEF_ALLOWED_HOSTS is comma-separated (`a.example, b.example:8000`); a non-empty `allowed_hosts`
        argument replaces it (it does not add to it), as every flag replaces its variable.
        """
        db_path = Path(db) if db else Path(os.environ[ENV_DB]) if os.environ.get(ENV_DB) else default_db_path()
        data = (
            Path(data_dir) if data_dir
            else Path(os.environ[ENV_DATA]) if os.environ.get(ENV_DATA)
            else Path("../shared/data")
        )
        timeout = os.environ.get(ENV_LOCK_TIMEOUT, "").strip()
        try:
            lock_timeout = float(timeout) if timeout else DEFAULT_LOCK_TIMEOUT
        except ValueError as exc:
            raise ConfigError(f"{ENV_LOCK_TIMEOUT}={timeout!r} is not a number of seconds") from exc
        hosts = list(allowed_hosts or ()) or os.environ.get(ENV_ALLOWED_HOSTS, "").split(",")
        return cls(db_path=db_path.expanduser(), data_dir=data.expanduser(), lock_timeout=max(0.0, lock_timeout),
                   allowed_hosts=tuple(h.strip() for h in hosts if h.strip()))
