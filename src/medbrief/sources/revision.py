"""Record identity and supersession: which of two copies of one document id is the current one.

A document id (`pmid:<PMID>`, `label:<set id>`, `guideline:<body>/<slug>`) can arrive more than once: in a
later PubMed update file, as a newer label version, as the same record in another format. One rule per
kind of record decides which copy is current, always by what the source says about the record's
revision, never by which copy has more text:

- **PubMed** (`pmid:`; PubMed XML, MEDLINE text, CSV exports): the higher PMID `Version`; then, when both
  copies come from NLM baseline/update files (`pubmed24n1402.xml[.gz]`, `medline16n0902.xml`), the later
  file by year and sequence (pubmed25n0001 > pubmed24n1402 > pubmed24n1401), in one run or across runs;
  then the later `DateRevised` (MEDLINE `LR`); then the richer format (PubMed XML or MEDLINE text >
  CSV export). `DeleteCitation` removes the record whatever its revision, and a copy from an update
  file no later than the one that deleted it never comes back (`deleted_later`).
- **Labels** (`label:`; openFDA, DailyMed SPL, TAC): the higher version number, then the later effective
  time; then DailyMed SPL (the publisher's document) > openFDA (derived from it) > TAC.
- **Guidelines and everything else**: `version` compared as a version (1.0.10 > 1.0.9, 2 > 1.9, a copy
  without a version is older than one with), then the later date.

Versions are compared token by token ("1.0.10" -> 1, 0, 10; "A2" -> "a", 2): numbers by value, words by
text, a number never against a word, so no pair of versions can raise a TypeError. A missing value is
older than any present one. When the rule finds no difference the copies are the same revision; a
content hash then picks one, so any reading order ends with the same copy and a re-run changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# One comparable token of a version: (0, 0, word) for words, (1, number, "") for numbers.
Token = tuple[int, int, str]

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_UPDATE_FILE = re.compile(r"(?:pubmed|medline)(\d{2})n(\d{4,})", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_PRERELEASE = re.compile(r"(?:alpha|beta|rc|pre|preview|dev|draft|ballot|snapshot|cibuild)", re.IGNORECASE)
# After the release numbers: a release sorts after any pre-release of the same numbers.
_PRE_MARK: Token = (0, 0, "")
_RELEASE_MARK: Token = (1, 0, "")

# Richer formats first when two copies are the same revision (higher wins).
_FORMAT_RANK = {"PubMed": 2, "MEDLINE export": 1, "DailyMed": 3, "openFDA": 2, "TAC 2017": 1}


@dataclass(frozen=True, slots=True)
class Revision:
    """What a copy of a record says about its revision (from a Document or a stored row)."""

    doc_id: str
    source: str
    version: str | None
    date: str | None
    meta: dict[str, Any]
    origin: str


def _tokens(text: str) -> tuple[Token, ...]:
    return tuple((1, int(t), "") if t.isdecimal() else (0, 0, t.lower()) for t in _TOKEN.findall(text))


def version_key(value: str | None) -> tuple[Token, ...]:
    """A version as comparable tokens: '1.0.10' > '1.0.9', '2' > '1.9', '2024.1.0' > '2024.1.0-beta' (a
    pre-release such as -alpha, -beta, -rc, -ballot, -snapshot, -cibuild comes before its release, as in
    SemVer and FHIR package versions); None/'' () is lowest."""
    if not value:
        return ()
    text = str(value).split("+", 1)[0]  # build metadata never orders versions
    release, dash, pre = text.partition("-")
    if dash and _PRERELEASE.match(pre):
        return (*_tokens(release), _PRE_MARK, *_tokens(pre))
    return (*_tokens(text), _RELEASE_MARK)


def update_file_key(origin: str) -> tuple[int, int] | None:
    """(year, sequence) of an NLM baseline/update file named in the origin ('pubmed24n1402.xml.gz' -> (24, 1402))."""
    name = re.split(r"[/\\!#]", origin.rstrip("/\\"))
    for part in reversed(name):
        match = _UPDATE_FILE.search(part)
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


def _date_key(value: Any) -> tuple[int, ...]:
    """'2023-01-15' / '20230115' / '2023' -> (2023, 1, 15) / (2023, 1, 15) / (2023,); () when absent."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ()
    text = str(value)
    digits = _DIGITS.findall(text)
    if len(digits) == 1 and len(digits[0]) >= 8:  # compact yyyymmdd
        d = digits[0]
        return int(d[:4]), int(d[4:6]), int(d[6:8])
    return tuple(int(d) for d in digits[:3])


def _sign(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


def compare(new: Revision, old: Revision) -> int:
    """1 when `new` supersedes `old`, -1 when `old` stays current, 0 when they are the same revision."""
    family = new.doc_id.split(":", 1)[0]
    steps: list[int]
    if family == "pmid":
        new_file, old_file = update_file_key(new.origin), update_file_key(old.origin)
        steps = [
            _sign(version_key(new.version or "1"), version_key(old.version or "1")),
            _sign(new_file, old_file) if new_file is not None and old_file is not None else 0,
            _sign(_date_key(new.meta.get("date_revised")), _date_key(old.meta.get("date_revised"))),
            _sign(_FORMAT_RANK.get(new.source, 0), _FORMAT_RANK.get(old.source, 0)),
        ]
    elif family == "label":
        steps = [
            _sign(version_key(new.version), version_key(old.version)),
            _sign(_date_key(new.meta.get("effective_time") or new.date),
                  _date_key(old.meta.get("effective_time") or old.date)),
            _sign(_FORMAT_RANK.get(new.source, 0), _FORMAT_RANK.get(old.source, 0)),
        ]
    else:
        steps = [
            _sign(version_key(new.version), version_key(old.version)),
            _sign(_date_key(new.date), _date_key(old.date)),
        ]
    return next((s for s in steps if s), 0)


def deleted_later(origin: str, deletion_origin: str) -> bool:
    """True when a record read from `origin` was deleted by a file at least as late (NLM update files)."""
    new_file, deleting_file = update_file_key(origin), update_file_key(deletion_origin)
    return new_file is not None and deleting_file is not None and new_file <= deleting_file
