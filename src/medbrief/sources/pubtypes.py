"""PubMed helpers shared by the research readers: publication-type ranking, guideline and retraction
rules, publication dates, abstract labels and author names.

Kept format-neutral (plain strings in, plain values out) so the XML, MEDLINE-text and tabular readers
classify a record the same way whichever export it arrived in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

# Strongest evidence first. Each level is (label used for ranking, publication types in the level).
# Clinical trials of any phase are matched by prefix in `_level_of`, not listed here.
_LEVELS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Meta-Analysis", frozenset({"meta-analysis"})),
    ("Systematic Review", frozenset({"systematic review"})),
    (
        "Randomized Controlled Trial",
        frozenset({"randomized controlled trial", "randomized controlled trial, veterinary"}),
    ),
    (
        "Clinical Trial",
        frozenset(
            {"controlled clinical trial", "pragmatic clinical trial", "equivalence trial", "adaptive clinical trial"}
        ),
    ),
    ("Review", frozenset({"review", "scoping review"})),
    ("Observational Study", frozenset({"observational study", "comparative study", "multicenter study"})),
    ("Case Reports", frozenset({"case reports"})),
    ("Letter", frozenset({"letter", "comment", "editorial"})),
    ("Journal Article", frozenset({"journal article"})),
)
_CLINICAL_TRIAL_LEVEL = 3
GUIDELINE_TYPES = frozenset({"practice guideline", "guideline"})
RETRACTED_TYPE = "retracted publication"

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
            ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
            ("nov", "november"), ("dec", "december"),
        )
    )
    for name in names
}
_YEAR = re.compile(r"^(1[89]\d\d|2\d\d\d)$")
_COMPACT = re.compile(r"^(1[89]\d\d|2\d\d\d)(\d\d)(\d\d)?$")  # MEDLINE DA/DCOM/DEP: 20020916


def _level_of(pub_type: str) -> int | None:
    key = pub_type.strip().lower()
    for level, (_label, names) in enumerate(_LEVELS):
        if key in names:
            return level
    # "Clinical Trial", "Clinical Trial, Phase II" ... but a protocol reports no result.
    if key.startswith("clinical trial") and "protocol" not in key:
        return _CLINICAL_TRIAL_LEVEL
    return None


def study_type(pub_types: Iterable[str]) -> str | None:
    """The strongest publication type of a record (Meta-Analysis > ... > Journal Article), or None.

    The matched type is returned as PubMed spells it ("Clinical Trial, Phase II", "Comparative Study"),
    so a reference shows the record's own label; `study_rank` orders them.
    """
    best: tuple[int, str] | None = None
    for pub_type in pub_types:
        level = _level_of(pub_type)
        if level is not None and (best is None or level < best[0]):
            best = (level, pub_type.strip())
    return best[1] if best else None


def study_rank(study: str | None) -> int:
    """Sort key for a study type: 0 for Meta-Analysis ... 8 for Journal Article, 9 when unknown."""
    if not study:
        return len(_LEVELS)
    level = _level_of(study)
    return len(_LEVELS) if level is None else level


def is_guideline(pub_types: Iterable[str]) -> bool:
    """True when a publication type says the record is a (practice) guideline: guideline tier."""
    return any(t.strip().lower() in GUIDELINE_TYPES for t in pub_types)


# Publishers and NLM prefix the title of a retracted article: "RETRACTED: ...", "[Retracted] ...".
_RETRACTED_TITLE = re.compile(r"^\W*retracted\b\W", re.IGNORECASE)


def is_retracted(pub_types: Iterable[str], retraction_links: int = 0, title: str = "") -> bool:
    """True for a "Retracted Publication", a record with a RetractionIn link (MEDLINE RIN), or a title marked
    "RETRACTED:" (CSV exports carry no publication types): such a record is stored, and never cited."""
    return (retraction_links > 0 or any(t.strip().lower() == RETRACTED_TYPE for t in pub_types)
            or bool(_RETRACTED_TITLE.match(title)))


def _month(token: str) -> int | None:
    token = token.strip(" .,").lower()
    if token.isdecimal():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _MONTHS.get(token, _MONTHS.get(token[:3]))


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:  # "Feb 30": keep the month, drop the impossible day
            pass
    return f"{year:04d}-{month:02d}"


def parse_pub_date(text: str | None) -> str | None:
    """A PubMed publication date as ISO text: "2004 May-Jun" -> "2004-05", "2006 Mar 1" -> "2006-03-01",
    "2015 Oct-Dec" -> "2015-10", "2000 Spring" -> "2000", "20020916" -> "2002-09-16"; None when no year.
    """
    if not text:
        return None
    text = text.strip()
    compact = _COMPACT.match(text)
    if compact:
        year, month, day = compact.groups()
        return _iso(int(year), _month(month), int(day) if day else None)
    # Ranges ("May-Jun", "1998 Dec-1999 Jan") and seasons: the first date named wins.
    tokens = [t for t in re.split(r"[\s/,-]+", text) if t]
    if not tokens or not _YEAR.match(tokens[0]):
        found = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", text)
        return found.group(1) if found else None
    year = int(tokens[0])
    month = _month(tokens[1]) if len(tokens) > 1 else None
    day = None
    if month is not None and len(tokens) > 2 and tokens[2].isdecimal() and len(tokens[2]) <= 2:
        day = int(tokens[2])
    return _iso(year, month, day)


def date_from_parts(year: str | None, month: str | None = None, day: str | None = None) -> str | None:
    """ISO date from PubMed's Year/Month/Day elements (Month as "Sep", "09" or "9")."""
    if not year or not _YEAR.match(year.strip()):
        return None
    return parse_pub_date(" ".join(p.strip() for p in (year, month or "", day or "") if p and p.strip()))


def label_name(label: str) -> str:
    """A structured-abstract label as a section name: "CLINICAL QUESTION" -> "Clinical Question".

    Unlike str.title(), letters after an apostrophe or a digit stay lower case ("PATIENT'S" -> "Patient's").
    """
    words = label.strip().split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


# NLM writes "[Not Available]." as the English title of a record it has no translation for, and "[In Process
# Citation]" for a record not yet indexed.
_PLACEHOLDER_TITLE = re.compile(r"^\W*(?:not available|untitled|no title|in process citation)\W*$", re.IGNORECASE)


def display_title(article_title: str, vernacular: str = "", *fallbacks: str) -> str:
    """The title PubMed shows: ArticleTitle, unless it is empty or NLM's placeholder "[Not Available].",
    then the VernacularTitle (MEDLINE TT), then the given fallbacks (book title). A bracketed English
    translation ("[Treatment of spasticity with baclofen].") is a real title and stays."""
    for title in (article_title, vernacular, *fallbacks):
        if title and not _PLACEHOLDER_TITLE.match(title):
            return title
    return ""


def author_name(last: str, initials: str = "") -> str:
    """An author as PubMed cites them: "Mangalam H"."""
    return f"{last.strip()} {initials.strip()}".strip()


def year_of(iso: str | None) -> int | None:
    """The year of an ISO (or partial) date as an int."""
    if iso and len(iso) >= 4 and iso[:4].isdecimal():
        return int(iso[:4])
    return None


MAX_AUTHORS = 10

# "BACKGROUND: ... METHODS: ..." as the MEDLINE text export writes a structured abstract: an upper-case
# label of up to six words, at the start or after a sentence end.
_INLINE_LABEL = re.compile(r"(?:^|(?<=[.!?)\]]\s))([A-Z][A-Z0-9()/&,'-]*(?: [A-Z0-9()/&,'-]+){0,5}): ")


def split_structured(text: str) -> list[tuple[str, str]]:
    """Split an abstract written as "LABEL: text LABEL: text" into (label, text) pairs.

    Returns [] unless the text starts with a label and has at least two of them, so ordinary
    abstracts that happen to contain "HIV: ..." stay whole.
    """
    marks = list(_INLINE_LABEL.finditer(text))
    if len(marks) < 2 or marks[0].start() != 0:
        return []
    parts: list[tuple[str, str]] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[mark.end() : end].strip()
        if body:
            parts.append((mark.group(1), body))
    return parts
