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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NAME = "pubmed-baseline"
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


def request_text(updates: bool, after: str | None, max_files: int | None) -> str:
    """The human-readable request: 'updatefiles after=pubmed25n1300.xml.gz max=5'."""
    parts = [UPDATES_DIR if updates else BASELINE_DIR]
    if after:
        parts.append(f"after={after}")
    if max_files is not None:
        parts.append(f"max={max_files}")
    return " ".join(parts)
