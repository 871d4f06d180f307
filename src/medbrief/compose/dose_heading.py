"""The heading that governs a dose sentence, quoted with it (issue 12 point 3, fix14d).

"The usual initial dosage is 25 mg to 100 mg daily in a single dose" is metoprolol's dose for hypertension; quoted
alone it reads as the drug's dose at large. When the dosing section gives doses for several indications or
populations, the sentence is quoted with the heading it stands under, in brackets after it, as a second verbatim span
("... in a single dose (Hypertension)."), the way a list item carries its lead-in span.

A withdrawn first attempt (fix13p, 053f766) named the wrong heading because it saw only the lines the splitter marks
as headings: an unnumbered subheading line ("Pediatric Patients", "Age 3 to 11 Years"), a numbered title left at the
end of the previous passage ("2.4 Dose Modifications in Hepatically Impaired Patients"), or a heading glued to the
front of a sentence ("Treatment of Deep Vein Thrombosis ... The recommended dose ...") was missed, and an earlier
heading was used. Here every line of the dosing text is read as a possible heading, walking back from the sentence
to the nearest one: in its passage, then in the passage before it when that continues the same section. When the walk
meets a line that may hold a heading it cannot cut off for certain, no heading is quoted: a wrong population with a
real citation is worse than none.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from ..retrieve.corpus import LabelDoc
from ..retrieve.facets import DOSE_AMOUNT
from ..sentences import SECTION_REF, segments
from .drafts import Draft, Evidence

DOSING_CODES = ("34068-7", "dosage_and_administration")
_MOST_HEADING_WORDS = 14
_MOST_RUN_IN_WORDS = 8
_PREVIOUS_PASSAGES = 2  # how far back (openFDA cuts a long section into passages of ~1,500 characters)

# Words of a dosing heading that name no indication or population: what is left names one ("Dosage in Generalized
# Anxiety Disorder" -> "generalized anxiety disorder"; "2.2 Recommended Dosing", "Important Administration
# Instructions" -> nothing).
_GENERIC = frozenset(
    "dosage dosages dose doses dosing recommended recommendations usual general information and administration "
    "administering important instructions instruction for in of the with to or a an use overview starting initial "
    "maintenance maximum titration preparation storage handling monitoring missed switching discontinuation "
    "modifications modification adjustment adjustments strengths forms reconstitution dilution prior before "
    "treatment therapy patients regimen schedule selection considerations principles tablets capsules "
    "injection oral solution suspension technique instructions directions re-initiation reinitiation "
    "previously discontinued testing evaluation pretreatment safety table figure day days week weeks options".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']+")
_BULLET = re.compile(r"^[-–•▪◦*]\s+")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_REF_END = re.compile(rf"\s*{SECTION_REF}\s*$")
_DOSE = re.compile(DOSE_AMOUNT, re.IGNORECASE)
_UNIT = re.compile(r"\d\s*(?:mg|mcg|µg|g|mL|units?|%)\b", re.IGNORECASE)
_NOT_HEADING_START = re.compile(r"^(?:Table|Figure|See|Note|NOTE)\b")
# Words that open a sentence after a heading glued to it ("Treatment of Deep Vein Thrombosis ... The recommended
# dose ...", "Patients during Acute Illness The recommended dose ...").
_STARTERS = re.compile(
    r"\s+(?=(?:The|A|An|In|For|If|When|After|Before|Each|It|This|These|Patients|Administer|Initiate|Start|Begin|"
    r"Give|Take|Use|Do|Reduce|Increase|Adjust|Titrate|Continue|Consider|Dosage|Dose|Doses|Dosing|Treat|Treatment|"
    r"Adults|Children|Individualize|Limit|Discontinue|Avoid|No|Always)\b\s+(?P<next>\S+))")
# A capitalised word right after a lower-case word, with no punctuation between: a heading may end there.
_CAP_BOUNDARY = re.compile(r"(?<=[a-z])\s+(?=[A-Z][a-z])")
_SENTENCE_OPENER = re.compile(r"^(?:The|A|An|In|For|If|When|After|Before|Each|It|This|These|Do|Use|Take|Give|At|On|"
                              r"To|As|With|Once|During|Based|Because|Although|While|Since)\b")
_TABLE_NUMBER = re.compile(r"^\s*Table\s+\d+\s*[.:]?\s*$", re.IGNORECASE)
# "750 mg/day Schizophrenia- Adolescents (13-17 years) Day 1: ...": an amount, then a row's Title Case title
_FLAT_TABLE = re.compile(r"\d\s*(?:mg|mcg|g|mL)(?:/[A-Za-z]+)?\s+[A-Z][a-z]+[-\s]+[A-Z(]")
# a section reference inside a line, then more text: Highlights lines (or their headings) run together
_MID_REF = re.compile(rf"{SECTION_REF}\s*[-•▪]?\s*(?:[A-Z]|\d+\.\d+\s+[A-Z])")
# a run-in heading before a colon at the front of a line (not "Day 1:", "Table 2:", "Note:")
_RUN_IN = re.compile(r"^(?:[-–•▪◦*]\s+)?(?!(?:Day|Days|Week|Weeks|Step|Table|Figure|Note|NOTE|See)\b)"
                     r"(?P<h>[A-Z][^:.;]{1,80}?)\s*:\s+(?=\S)")
_PROPER = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+\b")
_CUT_END = re.compile(r"\b(?:with|for|and|of|in|to|the|or|a|an|on|by|from|when|used)\s*$", re.IGNORECASE)


def _topic(heading: str) -> frozenset[str]:
    """The words of a heading that name an indication or a population."""
    return frozenset(w.lower() for w in _WORD.findall(heading) if w.lower() not in _GENERIC)


def _title_like(words: list[str]) -> bool:
    """Title Case: the first word capitalised (or a number) and at least half the longer words too."""
    if not words or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return False
    longer = [w for w in words if len(re.sub(r"[^A-Za-z]", "", w)) >= 4]
    return not longer or sum(w[:1].isupper() for w in longer) * 2 >= len(longer)


def _heading_line(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The span of the heading that text[a:b] (one segment) is, without its bullet, section number, trailing
    section reference, colon or dash; None when the segment is not a heading line."""
    s = text[a:b]
    m = _BULLET.match(s)
    if m:
        a, s = a + m.end(), s[m.end():]
    m = _NUMBER.match(s)
    if m:
        a, s = a + m.end(), s[m.end():]
    m = _REF_END.search(s)
    if m:
        b, s = b - len(s) + m.start(), s[: m.start()]
    stripped = s.rstrip(" :-–")
    b -= len(s) - len(stripped)
    s = stripped
    words = s.split()
    if (not words or len(words) > _MOST_HEADING_WORDS or re.search(r"[.;!?]", s) or _UNIT.search(s)
            or _NOT_HEADING_START.match(s) or not _title_like(words) or s.count("(") != s.count(")")
            or not _whole(s)):
        return None
    return a, b


_DOSE_NOUN = re.compile(r"\b(?:dosage|dose|dosing)\b", re.IGNORECASE)


def _whole(heading: str) -> bool:
    """One heading, whole: not cut after a linking word ("Rheumatoid Arthritis For"), not two run together or a
    flattened table's header ("Recommended Adult Dosage by Indication Indication Recommended Dose Frequency ...": a
    word twice in a row, a dose noun twice)."""
    words = [w.lower() for w in heading.split()]
    return (not _CUT_END.search(heading) and len(_DOSE_NOUN.findall(heading)) < 2
            and not any(a == b for a, b in pairwise(words)))


def _glued(text: str, a: int, b: int, proper: frozenset[str] = frozenset()) -> tuple[int, int] | bool | None:
    """A heading glued to the front of the sentence text[a:b]: its span when it can be cut off for certain (it ends
    right before a word that opens sentences); True when the sentence may begin with one that cannot; None when it
    begins as a sentence does. `proper`: capitalised words the passage uses inside sentences (the product's
    name: "Treat with Lovenox for ..." holds no heading)."""
    s = text[a:b]
    if _SENTENCE_OPENER.match(s):
        return None
    cut = _STARTERS.search(s[:200])
    # (the sentence goes on in lower case or with the product's name: "... Embolism The recommended dose", not a
    # flattened table's header "Indication Initial Dose Recommended Dose Maximum Dose")
    nxt = cut.group("next") if cut else ""
    if cut and cut.start() > 0 and (nxt[:1].islower() or nxt[:1].isdigit() or nxt.strip(",;:") in proper):
        head = s[: cut.start()]
        words = head.split()
        if (len(words) <= _MOST_HEADING_WORDS and _title_like(words) and not re.search(r"[.;:!?,]", head)
                and not _UNIT.search(head) and not _CUT_END.search(head) and head.count("(") == head.count(")")):
            return a, a + len(head)
    for m in _CAP_BOUNDARY.finditer(s[:160]):
        if _WORD.match(s, m.end()) and _WORD.match(s, m.end()).group() in proper:
            continue
        head = s[: m.start()]
        words = head.split()
        if len(words) >= 2 and len(words) <= _MOST_HEADING_WORDS and _title_like(words) \
                and not re.search(r"[.;:!?,]", head):
            return True  # "Modifications when used with CYP3A4 Inhibitors Quetiapine tablets dose ...": unsure
    return None


_LINKS = frozenset("with of and or in for the to without on".split())


def _title_before_ref(line: str) -> bool:
    """A line ending in a section reference whose last words, after text that did not end a sentence, are a Title
    Case heading: "... (i.e., 300 mg three times a day) Epilepsy with Partial Onset Seizures ( 2.2 )"."""
    m = _REF_END.search(line)
    if not m:
        return False
    words = line[: m.start()].split()
    k = len(words)
    while k and (words[k - 1][:1].isupper() or words[k - 1] in _LINKS):
        k -= 1
    run = words[k:]
    return k > 0 and sum(w[:1].isupper() for w in run) >= 2 and not re.search(r"[.:;]$", words[k - 1])


@lru_cache(maxsize=2048)
def _dosing_lines(text: str) -> tuple[tuple[int, int, str], ...]:
    """A dosing passage read line by line: (start, end, kind), kind 'heading' (start/end: the heading's span),
    'sentence', 'glued' (start/end: the glued heading), 'unsure' (a sentence that may begin with a heading)."""
    out: list[tuple[int, int, str]] = []
    inside = Counter(_PROPER.findall(text))
    proper = frozenset(w for w, n in inside.items() if n >= 2)
    caption = False
    for seg in segments(text):
        if caption:  # a table's title ("Table 1." / "Gabapentin Dosage Based on Renal Function") heads no text
            caption = False
            out.append((seg.start, seg.end, "sentence"))
            continue
        caption = bool(_TABLE_NUMBER.match(seg.text))
        if _FLAT_TABLE.search(seg.text) or _MID_REF.search(seg.text) or _title_before_ref(seg.text):
            # a table flattened into text (its rows' titles run in), Highlights lines run together ("... three times
            # a day) Epilepsy with Partial Onset Seizures ( 2.2 ) Patients 12 years ..."): a heading may be anywhere
            out.append((seg.start, seg.end, "unsure"))
            continue
        m = _RUN_IN.match(seg.text)
        if m and len(m.group("h").split()) <= _MOST_RUN_IN_WORDS and not _UNIT.search(m.group("h")):
            # a run-in heading: "Panic Disorder : Recommended starting oral dosage is 0.5 mg ...", "Adults: ...";
            # in sentence case ("Relapsed or refractory non-Hodgkin lymphoma : The recommended dosage is ...") it
            # heads its own line, and whether the lines after it are under it is not sure
            a = seg.start + m.start("h")
            kind = "label" if _title_like(m.group("h").split()) else "runin"
            out.append((a, a + len(m.group("h")), kind))
            out.append((seg.start + m.end(), seg.end, "sentence"))
            continue
        h = _heading_line(text, seg.start, seg.end)
        if h is not None and (seg.heading or not seg.text.rstrip().endswith(".")):
            out.append((h[0], h[1], "heading"))
            continue
        if seg.heading or (not re.search(r"[.!?:;)\]]\s*$", seg.text) and (
                _title_like(seg.text.split()) or len(seg.text.split()) <= _MOST_HEADING_WORDS)):
            # (a sentence-case heading line: "Use with diuretics in adults" heads the lines after it)
            out.append((seg.start, seg.end, "unsure"))  # a heading this reading cannot quote whole
            continue
        g = _glued(text, seg.start, seg.end, proper)
        if g is True:
            out.append((seg.start, seg.end, "unsure"))
        elif g:
            out.append((g[0], g[1], "glued"))
            out.append((g[1], seg.end, "sentence"))
        else:
            out.append((seg.start, seg.end, "sentence"))
    return tuple(out)


def governing_heading(label: LabelDoc, passage_id: str, start: int) -> list[tuple[str, int, int]] | None:
    """The heading(s) a dose sentence at `start` of passage `passage_id` stands under, as (passage id, start, end)
    spans, nearest last: the heading glued to its own front (cut off by the reader), else the nearest heading line
    before it (with the heading line right above that one when two stand together: "Pediatric Patients" / "Age 3 to
    11 Years"), in its passage or the passages before it that continue the same section. None when no heading is
    certain: the walk back meets a line that may begin with a heading it cannot cut off, or leaves the section."""
    passages = [p for p in label.passages if p.section_code in DOSING_CODES]
    at = next((i for i, p in enumerate(passages) if p.id == passage_id), None)
    if at is None:
        return None
    for step in range(_PREVIOUS_PASSAGES + 1):
        i = at - step
        if i < 0:
            return None
        p = passages[i]
        if step and (p.section != passages[at].section or p.section.endswith("(tables)")):
            return None  # the passage before is another section (or its tables): not a continuation
        lines = list(_dosing_lines(p.text))
        if not step:
            own = next((ln for ln in lines if ln[0] <= start < ln[1]), None)
            if own is not None and own[2] in ("glued", "label", "runin") and own[0] == start:
                return [(p.id, own[0], own[1])]  # the statement begins with its own heading ("Panic Disorder : ...")
            if own is not None and p.text[own[0]:start].strip():
                # the reader cut text off the sentence's front where these lines do not: which words were a heading
                # is not sure ("Patient Population Starting Dosage Dosage Titration ... Adults diagnosed ...")
                return None
            lines = [ln for ln in lines if ln[1] <= start]
        for k in range(len(lines) - 1, -1, -1):
            a, b, kind = lines[k]
            if kind in ("unsure", "runin"):
                return None
            if kind == "label":
                # a run-in label ("Renal Impairment: Initiate with 5 mg ...") heads its own line: a sentence after
                # it on that line is under it, one past a line break is not, and in text without line breaks
                # (openFDA's flattened Highlights) where its line ends is not known
                if "\n" not in p.text or "\n" in p.text[b:start] or step:
                    return None
                return _with_heading_before(p.text, lines, k, [(p.id, a, b)])
            if kind in ("heading", "glued"):
                found = [(p.id, a, b)]
                if k and lines[k - 1][2] == "heading" and not p.text[lines[k - 1][1]:a].strip(" -–:\n") \
                        and _topic(p.text[lines[k - 1][0]:lines[k - 1][1]]):
                    found.insert(0, (p.id, lines[k - 1][0], lines[k - 1][1]))
                return found
    return None


def _with_heading_before(text: str, lines: list[tuple[int, int, str]], k: int,
                         found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]] | None:
    """`found`, the run-in label at lines[k], whole: with the heading piece right before it on its line ("Initial"
    + "Therapy in adults:" is the label "Initial Therapy in adults"); None when other text stands before it on its
    line (the label may be cut)."""
    if not k or "\n" in text[lines[k - 1][1]:lines[k][0]]:
        return found
    a, _, kind = lines[k - 1]
    if kind == "heading" and not text[lines[k - 1][1]:lines[k][0]].strip():
        return [(found[0][0], a, found[0][2])]
    return None


def _quote(label: LabelDoc, span: tuple[str, int, int]) -> str:
    p = next(p for p in label.passages if p.id == span[0])
    return p.text[span[1]:span[2]]


def _topics(label: LabelDoc) -> int:
    """How many indications or populations the dosing section's heading lines name."""
    return _count_topics(tuple(p.text for p in label.passages if p.section_code in DOSING_CODES))


@lru_cache(maxsize=1024)
def _count_topics(texts: tuple[str, ...]) -> int:
    found = {_topic(t[a:b]) for t in texts for a, b, kind in _dosing_lines(t) if kind in ("heading", "glued", "label")}
    return len(found - {frozenset()})


def with_heading(label: LabelDoc, d: Draft) -> Draft:
    """Draft `d`, a dose sentence of `label`'s dosing section, quoted with the heading that governs it, in brackets
    after it ("The maximum recommended dosage is 4 mg daily (in divided doses) (Generalized Anxiety Disorder)."),
    when the section's headings name several indications or populations and the heading is certain and names one
    the sentence does not name itself; `d` as it is otherwise."""
    if d.table_row or len(d.evidence) != 1 or not _DOSE.search(d.text):
        return d
    ev = d.evidence[0]
    if not any(p.id == ev.passage_id and p.section_code in DOSING_CODES for p in label.passages):
        return d
    if _REF_END.search(d.text.rstrip(" .")):
        return d  # a Highlights line ("... 100 mg daily ( 2.1 )") states its own subsection's dose
    if _topics(label) < 2:
        return d
    spans = governing_heading(label, ev.passage_id, ev.start)
    if not spans:
        return d
    quotes = [_quote(label, s) for s in spans]
    topic = _topic(" ".join(quotes))
    said = {w.lower() for w in _WORD.findall(d.text)}
    if not _topic(quotes[-1]) or topic <= said:
        return d  # a general heading ("Recommended Dosage"), or one the sentence names itself
    body = d.text.rstrip()
    stop = "." if body.endswith(".") else ""
    text = body[: len(body) - len(stop)].rstrip() + " (" + ", ".join(quotes) + ")" + stop
    context = [Evidence(ev.doc_id, pid, a, b, q) for (pid, a, b), q in zip(spans, quotes, strict=True)]
    return Draft(text, [ev, *context], facet=d.facet, score=d.score, grade=d.grade, level=d.level, words=d.words,
                 points_elsewhere=d.points_elsewhere)
