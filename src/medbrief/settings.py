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
# Live sources (issue 14): base URLs (tests point them at a replay server on 127.0.0.1), keys, contact, cache.
ENV_OPENFDA_URL = "MEDBRIEF_OPENFDA_URL"
ENV_EUTILS_URL = "MEDBRIEF_EUTILS_URL"
ENV_DAILYMED_URL = "MEDBRIEF_DAILYMED_URL"
ENV_PUBMED_FTP_URL = "MEDBRIEF_PUBMED_FTP_URL"
ENV_CACHE = "MEDBRIEF_CACHE"
DEFAULT_OPENFDA_URL = "https://api.fda.gov"
DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_DAILYMED_URL = "https://dailymed.nlm.nih.gov/dailymed"
DEFAULT_PUBMED_FTP_URL = "https://ftp.ncbi.nlm.nih.gov/pubmed"


@dataclass(frozen=True)
class SourceSettings:
    """Where the live connectors go and who they say they are. Keys come only from the environment.

    openfda_api_key: OPENFDA_API_KEY (openFDA: 240 requests/min and 1,000/day without; 120,000/day with).
    ncbi_api_key: NCBI_API_KEY (E-utilities: 3 requests/s without, 10 with). ncbi_email: MEDBRIEF_NCBI_EMAIL, sent as
    the `email` parameter NCBI asks tools to give. cache_dir: MEDBRIEF_CACHE (default: the OS cache directory).
    """

    openfda_url: str = DEFAULT_OPENFDA_URL
    eutils_url: str = DEFAULT_EUTILS_URL
    dailymed_url: str = DEFAULT_DAILYMED_URL
    pubmed_ftp_url: str = DEFAULT_PUBMED_FTP_URL
    openfda_api_key: str | None = None
    ncbi_api_key: str | None = None
    ncbi_email: str | None = None
    cache_dir: Path = Path(".")

    @classmethod
    def load(cls) -> SourceSettings:
        """Defaults overridden by MEDBRIEF_OPENFDA_URL / MEDBRIEF_EUTILS_URL / MEDBRIEF_DAILYMED_URL /
        MEDBRIEF_PUBMED_FTP_URL / MEDBRIEF_CACHE, and the keys OPENFDA_API_KEY / NCBI_API_KEY / MEDBRIEF_NCBI_EMAIL."""
        env = os.environ

        def url(name: str, default: str) -> str:
            return (env.get(name) or default).strip().rstrip("/")

        cache = env.get(ENV_CACHE, "").strip()
        return cls(
            openfda_url=url(ENV_OPENFDA_URL, DEFAULT_OPENFDA_URL),
            eutils_url=url(ENV_EUTILS_URL, DEFAULT_EUTILS_URL),
            dailymed_url=url(ENV_DAILYMED_URL, DEFAULT_DAILYMED_URL),
            pubmed_ftp_url=url(ENV_PUBMED_FTP_URL, DEFAULT_PUBMED_FTP_URL),
            openfda_api_key=env.get("OPENFDA_API_KEY", "").strip() or None,
            ncbi_api_key=env.get("NCBI_API_KEY", "").strip() or None,
            ncbi_email=env.get("MEDBRIEF_NCBI_EMAIL", "").strip() or None,
            cache_dir=Path(cache).expanduser() if cache
            else Path(platformdirs.user_cache_dir("medbrief", appauthor=False)),
        )


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
    sources: SourceSettings = SourceSettings()

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
                   allowed_hosts=tuple(h.strip() for h in hosts if h.strip()), sources=SourceSettings.load())
