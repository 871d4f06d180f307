"""Sentences located inside passages by character span, with heading noise trimmed off the front."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREV = frozenset(
    "e.g i.e etc vs approx fig figs no nos dr mr mrs ms st al ca inc ltd co jr sr u.s mg ml kg min max ref "
    "resp eq wt vol pt pts yr yrs mo hr hrs sec approx incl sect".split()
)
# Sentence ends: . ! ? before a capital, digit or Greek capital; ';' only before a capitalised word (not before an
# enumeration like "1) aged 40 to 75; 2) ..."); ".;" where a MEDLINE export joined abstract sections ("... mention.;
# A 42-year-old ..."), the ';' left out of both sentences; line breaks; bullets.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\u0391-\u03a9])|(?<=[.!?]);\s+(?=\S)|(?<=;)\s+(?=[A-Z][a-z])|\n+|\s+(?=•)"
)
# "(2.2) Dosage can be ..." in label highlights: a cross-reference closes a sentence that has no full stop.
_XREF_END = re.compile(
    r"\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)\s+(?=[A-Z][a-z]|\d+(?:\.\d+)+\s+[A-Z])"
)
# "Commonly Observed in Patients - In trials, ...": a Title Case run-in heading before " - ".
_RUN_IN = re.compile(r"^([A-Z][\w/]*(?:[ ,]+[\w/]+){0,10}?)\s+-\s+(?=[A-Z])")
_HEADING_PREFIX = re.compile(
    r"^(?:[-*•◦]\s+|\(?\d+(?:\.\d+)*\)?\.?\s+|[A-Z][A-Z0-9&,/()'\-]*(?:\s+(?:and|of|or|the|in|for|with|to))?\s+)+"
)
_SUBSECTION = re.compile(r"^\d+(?:\.\d+)+\s+")
_WORD = re.compile(r"[A-Za-z][\w'\-]*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a passage: text == passage.text[start:end]."""

    start: int
    end: int
    text: str


def _raw_spans(text: str) -> list[tuple[int, int]]:
    cuts: list[tuple[int, int]] = []
    for m in _BOUNDARY.finditer(text):
        before = text[: m.start()].rstrip()
        last = before.rsplit(None, 1)[-1].lower().rstrip(".") if before else ""
        if m.group().strip() == "" and "\n" not in m.group() and (last in _ABBREV or len(last) == 1):
            continue  # "e.g. Baclofen", "J. Smith": not a boundary
        cuts.append((m.start(), m.end()))
    for m in _XREF_END.finditer(text):
        end_paren = text.rindex(")", m.start(), m.end()) + 1
        cuts.append((end_paren, m.end()))
    spans: list[tuple[int, int]] = []
    start = 0
    for a, b in sorted(cuts):
        if a < start:
            continue
        spans.append((start, a))
        start = b
    spans.append((start, len(text)))
    return spans


_CONNECTORS = frozenset(("and", "of", "or", "the", "in", "for", "with", "to", "on", "a"))


def _skip_title_heading(s: str) -> int:
    """After a subsection number: length of a Title Case heading ('Risk of Liver Injury ') before the sentence."""
    words = list(re.finditer(r"\S+", s))
    for j, w in enumerate(words[:-1]):
        word, nxt = w.group(), words[j + 1].group()
        if word.lower() in _CONNECTORS:
            continue
        if not word[:1].isupper():
            return 0
        if nxt[:1].islower() and nxt.lower() not in _CONNECTORS:
            return w.start()
    return 0


def _trim_front(text: str, start: int, end: int) -> int:
    """Skip an upper-case heading ('INDICATIONS AND USAGE'), bullets and section numbers at the start."""
    s = text[start:end]
    run_in = _RUN_IN.match(s)
    if run_in and all(w[:1].isupper() or w.lower() in _CONNECTORS for w in run_in.group(1).replace(",", " ").split()):
        start += run_in.end()
        s = text[start:end]
    m2 = _SUBSECTION.match(s)
    if m2:
        # "2.1 Dosing Information Tizanidine is ...": skip the number and the Title Case heading words
        return start + m2.end() + _skip_title_heading(s[m2.end() :])
    m = _HEADING_PREFIX.match(s)
    if m and m.end() < len(s):
        rest = s[m.end() :]
        skipped = s[: m.end()]
        words = _WORD.findall(skipped)
        all_caps = all(w.isupper() or w.lower() in _CONNECTORS for w in words)
        # a heading only when the skipped words are ALL CAPS (not a one-letter word like "A") or just numbers and
        # bullets, and the rest still starts a sentence
        if all_caps and (rest[:1].isupper() or rest[:1].isdigit()) and (
            not words or any(len(w) > 1 for w in words if w.isupper())
        ):
            start += m.end()
            s = rest
            m2 = _SUBSECTION.match(s)
            if m2:
                start += m2.end() + _skip_title_heading(s[m2.end() :])
            elif re.search(r"\d\)?\.?\s*$", skipped):
                start += _skip_title_heading(s)
    return start


def sentences(text: str, min_chars: int = 20) -> list[Sentence]:
    """Sentences of `text` with exact spans; headings and fragments shorter than `min_chars` dropped."""
    out: list[Sentence] = []
    for a, b in _raw_spans(text):
        while a < b and text[a].isspace():
            a += 1
        while b > a and (
            text[b - 1].isspace()
            or (text[b - 1] == ";" and b - 1 > a and text[b - 2] in ".)")
            or (text[b - 1] in "([" and b - 1 > a and text[b - 2].isspace())
        ):
            b -= 1  # "...P=0.003).;" (abstract sections joined by "; "), "occurs. (" (a cross-reference cut off)
        a = _trim_front(text, a, b)
        while a < b and text[a].isspace():
            a += 1
        piece = text[a:b]
        if len(piece) < min_chars or not re.search(r"[a-z]", piece):
            continue
        if "http://" in piece or "https://" in piece or "www." in piece:
            continue  # link lists and contact lines ("report ... at www.fda.gov/medwatch") are not statements
        n_words = len(piece.split())
        if n_words < 5 or (not re.search(r"[.!?:;)\]%]$", piece) and n_words < 6):
            continue  # a heading line or a cross-reference, not a statement
        out.append(Sentence(a, b, piece))
    return out


_STOP = frozenset(
    "a an the and or of in on to for with by at from as is are was were be been this that these those it its "
    "which who may can than also not no".split()
)


def content_words(text: str) -> frozenset[str]:
    """Lower-case content words (crudely stemmed) for overlap and near-duplicate tests."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return frozenset(w[:7] for w in words if w not in _STOP and len(w) > 1)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: |a∩b| / min(|a|,|b|); 1.0 when one statement's words contain the other's."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
