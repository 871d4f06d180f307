"""Settings: built once at the edge (CLI, server) and passed in. The only module that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DB = "MEDBRIEF_DB"
ENV_DATA = "MEDBRIEF_DATA"
ENV_ALLOWED_HOSTS = "MEDBRIEF_ALLOWED_HOSTS"


def default_db_path() -> Path:
    """The store's default location: the OS data directory (e.g. ~/.local/share/medbrief/medbrief.db)."""
    return Path(platformdirs.user_data_dir("medbrief", appauthor=False)) / "medbrief.db"


@dataclass(frozen=True)
class Settings:
    """Effective settings. Order: defaults < environment (MEDBRIEF_*) < command-line flags."""

    db_path: Path
    data_dir: Path
    # Host names the HTTP server answers to besides loopback and its bound address (`serve --allow-host`).
    allowed_hosts: tuple[str, ...] = ()

    @classmethod
    def load(cls, db: Path | str | None = None, data_dir: Path | str | None = None,
             allowed_hosts: Iterable[str] | None = None) -> Settings:
        """Defaults, overridden by MEDBRIEF_DB / MEDBRIEF_DATA / MEDBRIEF_ALLOWED_HOSTS, overridden by arguments.

        MEDBRIEF_ALLOWED_HOSTS is comma-separated (`a.example, b.example:8000`); a non-empty `allowed_hosts`
        argument replaces it (it does not add to it), as every flag replaces its variable.
        """
        db_path = Path(db) if db else Path(os.environ[ENV_DB]) if os.environ.get(ENV_DB) else default_db_path()
        data = (
            Path(data_dir) if data_dir
            else Path(os.environ[ENV_DATA]) if os.environ.get(ENV_DATA)
            else Path("../shared/data")
        )
        hosts = list(allowed_hosts or ()) or os.environ.get(ENV_ALLOWED_HOSTS, "").split(",")
        return cls(db_path=db_path.expanduser(), data_dir=data.expanduser(),
                   allowed_hosts=tuple(h.strip() for h in hosts if h.strip()))
