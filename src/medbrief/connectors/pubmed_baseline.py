"""PubMed's annual baseline and daily update files from NCBI's FTP site over HTTPS (issue 14 point 2).

    <pubmed_ftp_url>/baseline/      pubmed25n0001.xml.gz ... pubmed25n1274.xml.gz, each with a .md5
    <pubmed_ftp_url>/updatefiles/   pubmed25n1275.xml.gz ... (one or more a day; <DeleteCitation> inside)

The directory is an Apache HTML index; its links name the files. Each .xml.gz is checked against its .md5
("MD5(pubmed25n0001.xml.gz)= <32 hex>"), downloaded resumably (a `.part` continued with Range) and only then
named as the final file, so `files` never holds a partial or unverified file. Files are applied in number
order: an update file may revise or delete (<DeleteCitation><PMID>) what an earlier one added, so a file that
fails stops the run there and the cursor stays at the last good one.
"""

from __future__ import annotations

import hashlib
import re
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, DeadlineReached, RemoteError, RemoteSourceError
from ..sources.files import MAX_INPUT_BYTES
from . import Downloaded
from .http import SOURCE_FAILED, HttpSource

if TYPE_CHECKING:
    from ..settings import SourceSettings

NAME = "pubmed-baseline"
PER_SECOND = 3.0  # NCBI asks E-utilities users for 3/s; its FTP site states no limit, so the same politeness
TIMEOUT = 120.0  # seconds per read: files are 20-80 MB from a busy server
BASELINE_DIR = "baseline"
UPDATES_DIR = "updatefiles"

# A file link in the index: href="pubmed25n0001.xml.gz" (relative; an absolute path is accepted too).
_LINK = re.compile(r'href="(?:[^"]*/)?(pubmed(\d{2})n(\d{4,5})\.xml\.gz)(\.md5)?"', re.IGNORECASE)
# The row after the link: "  2024-12-18 09:44   18M".
_ROW_SIZE = re.compile(r"</a>\s+\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}\s+([\d.]+[KMGT]?)\b")
_NAME = re.compile(r"^pubmed(\d{2})n(\d{4,5})\.xml\.gz$")
_MD5_OPENSSL = re.compile(r"^\s*MD5\s*\(\s*(?P<name>[^)]+?)\s*\)\s*=\s*(?P<hex>[0-9a-fA-F]{32})\s*$")
_MD5_COREUTILS = re.compile(r"^\s*(?P<hex>[0-9a-fA-F]{32})\s+\*?(?P<name>\S+)\s*$")


@dataclass(frozen=True)
class ListedFile:
    """One pubmedYYnNNNN.xml.gz of the index: its name, whether its .md5 is listed, and the size as the index
    shows it ("19M", approximate: never used to check a download)."""

    name: str
    has_md5: bool = False
    size: str | None = None

    @property
    def key(self) -> tuple[int, int]:
        return file_key(self.name)


def file_key(name: str) -> tuple[int, int]:
    """Order of a PubMed file: (year, number). pubmed25n1275 follows pubmed25n1274; a new year's files (whose
    numbers start again at 0001) follow the old year's. ValueError for a name that is not pubmedYYnNNNN.xml.gz."""
    m = _NAME.match(name)
    if not m:
        raise ValueError(f"{name!r} is not a PubMed file name (pubmedYYnNNNN.xml.gz)")
    return int(m.group(1)), int(m.group(2))


def parse_listing(html: bytes | str) -> list[ListedFile]:
    """The .xml.gz files of an NCBI FTP index page, in file order, each with whether its .md5 is listed.
    README.txt, *_stats.html and the parent link are ignored. An empty list when the page lists none."""
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    files: dict[str, ListedFile] = {}
    md5s: set[str] = set()
    for line in text.splitlines():
        for m in _LINK.finditer(line):
            name = m.group(1)
            if m.group(4):
                md5s.add(name)
                continue
            size = _ROW_SIZE.search(line, m.end())
            files.setdefault(name, ListedFile(name, size=size.group(1) if size else None))
    listed = [ListedFile(f.name, f.name in md5s, f.size) for f in files.values()]
    return sorted(listed, key=lambda f: f.key)


def choose(files: Iterable[ListedFile], after: str | None = None, max_files: int | None = None) -> list[ListedFile]:
    """The files to fetch: those after `after` (the last file applied; None: from the first), in order, at most
    `max_files`. ValueError when `after` is not a PubMed file name or max_files is below 1."""
    if max_files is not None and max_files < 1:
        raise ValueError("max_files must be at least 1")
    start = file_key(after) if after else None
    picked = [f for f in sorted(files, key=lambda f: f.key) if start is None or f.key > start]
    return picked[:max_files] if max_files is not None else picked


def parse_md5(text: bytes | str, name: str) -> str:
    """The checksum of `name` from its .md5 file: NCBI writes "MD5(pubmed25n0001.xml.gz)= <hex>" (openssl's
    format); "<hex>  pubmed25n0001.xml.gz" (md5sum's) is read too. Lower-case hex.

    ValueError when the text holds no checksum, or one for another file (a mixed-up .md5 must not pass)."""
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    for line in raw.splitlines():
        m = _MD5_OPENSSL.match(line) or _MD5_COREUTILS.match(line)
        if not m:
            continue
        if m.group("name").rsplit("/", 1)[-1] != name:
            raise ValueError(f"{name}.md5 holds the checksum of {m.group('name')}, not of {name}")
        return m.group("hex").lower()
    raise ValueError(f"{name}.md5 holds no MD5 checksum: {raw.strip()[:80]!r}")


def file_md5(path: Path, chunk: int = 1 << 20) -> str:
    """MD5 of a file, read in chunks (baseline files are tens of MB)."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def gzip_size(path: Path) -> int | None:
    """The decompressed size a .gz file declares (its last 4 bytes, ISIZE: exact below 4 GiB for the one-member
    files NCBI writes); None when the file is too short to hold it."""
    try:
        with path.open("rb") as fh:
            fh.seek(-4, 2)
            return int(struct.unpack("<I", fh.read(4))[0])
    except OSError:
        return None


def request_text(updates: bool, after: str | None, max_files: int | None) -> str:
    """The human-readable request: 'updatefiles after=pubmed25n1300.xml.gz max=5'."""
    parts = [UPDATES_DIR if updates else BASELINE_DIR]
    if after:
        parts.append(f"after={after}")
    if max_files is not None:
        parts.append(f"max={max_files}")
    return " ".join(parts)


def make_http(sources: SourceSettings, *, sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.monotonic) -> HttpSource:
    """The HttpSource for NCBI's FTP site over HTTPS (MEDBRIEF_PUBMED_FTP_URL); no keys, no fixed params."""
    return HttpSource(NAME, sources.pubmed_ftp_url, per_second=PER_SECOND, cache_dir=sources.cache_dir,
                      timeout=TIMEOUT, sleep=sleep, clock=clock)


def download_files(sources: SourceSettings, dest: Path, *, updates: bool, after: str | None = None,
                   max_files: int | None = None, progress: Callable[[int, int | None], None] | None = None,
                   http: HttpSource | None = None) -> Downloaded:
    """Download the baseline files (or, with `updates`, the daily update files) after `after`, at most `max_files`,
    each checked against its .md5, into `dest/<name>.xml.gz`.

    after: the last file applied (the cursor of the previous call), e.g. "pubmed25n1274.xml.gz"; None: from the
    first listed. A file already complete in `dest` (its md5 matches) is not downloaded again but is still in
    `files` (a run that died before ingest left it there); a `.part` is resumed with Range.
    files: in number order, the order to ingest them (update files revise and delete earlier records).
    cursor: the name of the last file in `files`; None when nothing new is listed.
    progress(bytes received, total) over all files of this call: total is the bytes of the files done so far plus
    the current file's size (its Content-Length), None while that is unknown (the listing gives no sizes).

    A file that cannot be had whole and verified (its .md5 missing from the listing or unreadable, an md5 mismatch
    after a second download, the network failing after the retries) stops the run there: the files before it are
    returned, with a note naming the file, and the cursor stays at the last good file; when it is the first file,
    the error is raised instead (RemoteError / SourceUnreachable, naming the file). A mismatching file is never
    left at `dest/<name>` and never in `files`.
    Errors: ConfigError (`after` not a PubMed file name, max_files < 1), SourceUnreachable, RemoteError.
    """
    folder = UPDATES_DIR if updates else BASELINE_DIR
    request = request_text(updates, after, max_files)
    if after is not None:
        after = after.strip().rsplit("/", 1)[-1]
    try:
        if after:
            file_key(after)
        if max_files is not None and max_files < 1:
            raise ValueError(f"max_files must be at least 1 (got {max_files})")
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    own = http is None
    client = http if http is not None else make_http(sources)
    sent0, cached0 = client.requests, client.cached
    notes: list[str] = []
    done: list[Path] = []

    def result() -> Downloaded:
        return Downloaded(NAME, request, tuple(done), done[-1].name if done else None, client.requests - sent0,
                          client.cached - cached0, tuple(notes))

    try:
        # Never cached: the update folder grows every day.
        listing = parse_listing(client.get(f"{folder}/", cache=False))
        if not listing:
            notes.append(f"{client.url(folder)}/ lists no pubmed*.xml.gz files")
            return result()
        newer = choose(listing, after)
        picked = newer[:max_files] if max_files is not None else newer
        if not picked:
            notes.append(f"no {folder} files after {after} ({listing[-1].name} is the last listed)")
            return result()
        if updates and after and picked[0].key[0] > file_key(after)[0]:
            # NCBI empties updatefiles/ when it publishes a new annual baseline: the new year's update files
            # follow that baseline, not the old one the store holds.
            notes.append(f"{picked[0].name} is of a newer year than {after}: NCBI has published a new annual "
                         "baseline; fetch it (fetch pubmed-baseline) so the new update files apply to it")
        if len(picked) < len(newer):
            notes.append(f"{len(newer):,} {folder} files are new; fetched the first {len(picked):,} "
                         "(--max-files; the rest next run)")
        dest.mkdir(parents=True, exist_ok=True)
        received = 0
        for listed in picked:
            base = received

            def file_progress(got: int, total: int | None, base: int = base) -> None:
                if progress:  # the total is known once the file's answer says its length: a bar with an end
                    progress(base + got, base + total if total is not None else None)

            try:
                path = _download_one(client, folder, listed, dest, file_progress)
            except DeadlineReached:
                raise
            except (RemoteSourceError, ValueError) as exc:
                if not done:
                    if isinstance(exc, ValueError):
                        raise RemoteError(f"{listed.name}: {exc}", hint=SOURCE_FAILED) from exc
                    raise
                notes.append(f"{listed.name} not fetched: {exc}. The {len(done)} file(s) before it are complete; "
                             "the files after it wait for it (they apply in order): run again to retry")
                break
            done.append(path)
            received = base + path.stat().st_size
            size = gzip_size(path)
            if size is not None and size > MAX_INPUT_BYTES:
                notes.append(f"{path.name} decompresses to {size / 2**20:,.0f} MiB, over ingest's "
                             f"{MAX_INPUT_BYTES / 2**20:,.0f} MiB input limit: ingest will skip it")
        return result()
    finally:
        if own:
            client.close()


def _download_one(http: HttpSource, folder: str, listed: ListedFile, dest: Path,
                  progress: Callable[[int, int | None], None]) -> Path:
    """One file: its .md5 (never cached: a republished file gets a new one), then the file, checked against it.
    ValueError when the .md5 is not listed or unreadable; RemoteError (naming the file) on a mismatch."""
    if not listed.has_md5:
        raise ValueError("its .md5 is not listed yet (NCBI may still be publishing it)")
    expected = parse_md5(http.get(f"{folder}/{listed.name}.md5", cache=False), listed.name)
    try:
        return http.download(f"{folder}/{listed.name}", dest / listed.name, md5=expected, progress=progress)
    except RemoteError as exc:
        msg = str(exc)
        if listed.name not in msg:
            msg = f"{listed.name}: {msg}"
        raise RemoteError(msg, status=exc.status, body=exc.body, hint=exc.hint) from exc
