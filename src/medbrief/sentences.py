"""Sentences and headings located inside passage text by exact character span (parse and compose both use them)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

# How a full stop is read depends on the word before it (the idea of pySBD's and Punkt's abbreviation classes, with
# lists for biomedical text), on the token after it, and on brackets: bench/sentences.py measures the rules on a
# hand-marked gold set of label and abstract text (BENCHMARKS.md).
# Abbreviations that never end a sentence in this text, whatever follows ("e.g. Parkinson's", "(Fig. 1)", "No. 40").
_NEVER_END = frozenset(
    "e.g i.e eg ie vs cf viz approx ca fig figs no nos dr mr mrs prof st u.s ref refs eq incl dept wt vol "
    "sect ltd jr sr".split()
)
# Abbreviations of a limit, a count or a place that precede a number or quantity ("max. 4 g/day", "Max. 200 mg per
# dose", "approx. 30%", "no. 3", "vol. 12", "min. 2 doses"): never a sentence end before a digit.
_BEFORE_NUMBER = frozenset(
    "max min approx appr ca circa no nos nr num vol vols fig figs ref refs eq tab tabs p pp ch chap sect sec art "
    "wt ht av avg est".split()
)
# Units: end a sentence before a capitalised word ("exceed 80 mg. Abrupt"), not before a number or a lower-case
# word ("150 mg. and methylphenidate 30 mg. daily").
_UNITS = frozenset(
    "mg ml kg g mcg µg ug ng pg l dl cl mmol µmol umol mol meq iu u h hr hrs min mins sec s d wk wks mo yr yrs "
    "cm mm m µm nm mmhg kcal cal ms msec".split()  # "QTc above 500 ms. Discontinue ..."
)
# Dosing and route abbreviations written with dots (i.v., p.o., b.i.d., q.d., s.c., b. d.): end a sentence only
# before a Title Case word or a word like "pH" ("... inhibitor b.d. pH tracings were ..."), not before a number,
# an acronym ("s.c. PCA", "q.d. RPV") or a lower-case word ("b.i.d. during 7 days").
_DOTTED = re.compile(r"^(?:[a-z]\.\s?){1,3}[a-z]$")
# Tokens that can start a sentence although they begin in lower case.
_LOWER_START = re.compile(r"^[a-z]{1,2}[A-Z]")  # pH, mRNA, eGFR, iPTH, tPA
_TERMINATOR = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_LOOK_BACK = 3000  # how far back the item before a numbered item is looked for
_TOKEN = re.compile(r"\S+")
_TOKEN_THEN_CAPITAL = re.compile(r"\S+\s+[A-Z]")
_CLOSERS = "\"'”’)]"
# A section reference as labels write one, for every reader of label text (one definition, fix15b): a section number,
# or several joined by commas or semicolons, in parentheses, with or without spaces anywhere inside ("( 5.1 )",
# "(2.3 , 12.3)", "( 2 .2)", "(5.1; 5.2)", "( 4 )"). A pattern string: readers build their own expressions around it.
# (The splitter's own `_XREF` below also cuts passages at ingest; it stays as it is so stored passages keep their
# cuts.)
SECTION_REF = r"\(\s*\d+(?:\s*\.\s*\d+)*(?:\s*[,;]\s*\d+(?:\s*\.\s*\d+)*)*\s*\)"
# HTML markup some openFDA documents carry as literal text ("... at 1-800-FDA-1088. <br/> How do I store ..."): a
# statement's span never includes it, it ends there or starts after it (the stored text is left as it is).
MARKUP = re.compile(r"</?(?:br|p|li|ul|ol|div|span|b|i|u|em|strong|sup|sub|td|th|tr|table|tbody|thead|h[1-6])"
                    r"(?:\s[^<>]{0,80})?\s*/?>", re.IGNORECASE)
# "(5.1 , 5.9)", "( 6.1 )", "[see ...": a cross-reference after a full stop belongs to the sentence before it.
_XREF = re.compile(r"\(\s*\d+(?:\.\d+)*(?:\s*[,.]\s*\d+(?:\.\d+)*)*\s*\)")
# "reported.12 Use", "reported.12,13 Use", "reported.4-6 In": a citation number set as a superscript right after a
# full stop (PubMed and SPL render it inline). The full stop follows a word or a bracket, never a digit ("0.12 Use"
# is a decimal); the citation stays with the sentence before it. (The full stop is written first and the letter before
# it as a look-behind: the scan then stops only at full stops, and the match is the same.)
_GLUED_CITATION = re.compile(r"\.(?<=[A-Za-z)\]%]\.)(\d{1,3}(?:[,\u2013-]\d{1,3}){0,6})(?=\s+[A-Z\u201c\"(\[])")
_TRAILING_CITATION = re.compile(r"(?<=[A-Za-z)\]%]\.)\d{1,3}(?:[,\u2013-]\d{1,3}){0,6}$")
_ITEM_RUN_ON = re.compile(
    r"(?<=\))\s+(?=[A-Z][a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}\s+(?:is|are|was|were|has|have|may|should|can|must)\s)"
)
_ENUM = re.compile(r"^\((\d{1,2}|[a-z]|[ivx]{1,4})\)$")
# "(2.2) Dosage can be ..." in label highlights: a cross-reference closes a sentence that has no full stop.
_XREF_END = re.compile(
    r"\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)\s+[\u200b\u200c\u200d\u2060\ufeff]*(?=[A-Z][a-z]|\d+(?:\.\d+)+\s+[A-Z])"
)
_TRAILING_XREF = re.compile(r"[.!?]\s*\(\s*\d+(?:\.\d+)*(?:\s*[,.]\s*\d+(?:\.\d+)*)*\s*\)$")
# Run-in labels of label tables flattened into text ("... Inhibitors Clinical Impact: Concomitant use ...").
_TABLE_LABEL = re.compile(r"\s+(?=(?:Clinical Impact|Intervention|Examples?|Prevention or Management):\s)")
_TABLE_LABEL_WORDS = ("Clinical Impact", "Intervention", "Example", "Prevention or Management")
# A numbered item with no full stop before it ("... and 18 CRs 4. The STPR ..."), told by the item before it.
_BARE_ITEM = re.compile(r"(?<=[a-z0-9%)\]])\s+(?=(\d{1,2})\.\s+[A-Z])")
# "Commonly Observed in Patients - In trials, ...": a Title Case run-in heading before " - ".
_RUN_IN = re.compile(r"^([A-Z][\w/]*(?:[ ,]+[\w/]+){0,10}?)\s+-\s+(?=[A-Z])")
_HEADING_PREFIX = re.compile(
    r"^(?:[-*•◦º]\s+|\(?\d+(?:\.\d+)*\)?\.?\s+|[A-Z][A-Z0-9&,/()'\-]*(?:\s+(?:and|of|or|the|in|for|with|to))?\s+)+"
)
_SUBSECTION = re.compile(r"^\d+(?:\.\d+)+\s+")
_WORD = re.compile(r"[A-Za-z][\w'\-]*")
# "º" is a bullet in some SPL Medication Guides ("After first use º Keep your pen ... º Store your pen ...")
_BULLETS = "•○◦▪●º"

# Label section titles (the LOINC-coded sections of SPL and their openFDA text, old and PLR formats), upper case:
# "1 INDICATIONS AND USAGE ELIQUIS is ..." is the title, then a sentence whose subject is an upper-case brand.
_SECTION_TITLES = sorted(
    (
        "INDICATIONS AND USAGE", "INDICATIONS & USAGE", "INDICATIONS", "USAGE", "DOSAGE AND ADMINISTRATION",
        "DOSAGE & ADMINISTRATION", "DOSAGE FORMS AND STRENGTHS", "DOSAGE FORMS & STRENGTHS", "CONTRAINDICATIONS",
        "WARNINGS AND PRECAUTIONS", "WARNINGS & PRECAUTIONS", "WARNINGS", "PRECAUTIONS", "GENERAL PRECAUTIONS",
        "ADVERSE REACTIONS", "DRUG INTERACTIONS", "USE IN SPECIFIC POPULATIONS", "PREGNANCY", "LACTATION",
        "NURSING MOTHERS", "PEDIATRIC USE", "GERIATRIC USE", "DRUG ABUSE AND DEPENDENCE", "OVERDOSAGE",
        "DESCRIPTION", "CLINICAL PHARMACOLOGY", "MECHANISM OF ACTION", "PHARMACODYNAMICS", "PHARMACOKINETICS",
        "NONCLINICAL TOXICOLOGY", "CLINICAL STUDIES", "REFERENCES", "HOW SUPPLIED", "HOW SUPPLIED/STORAGE AND HANDLING",
        "STORAGE AND HANDLING", "PATIENT COUNSELING INFORMATION", "INFORMATION FOR PATIENTS", "BOXED WARNING",
        "RECENT MAJOR CHANGES", "LABORATORY TESTS", "CARCINOGENESIS, MUTAGENESIS, IMPAIRMENT OF FERTILITY",
        "INSTRUCTIONS FOR USE", "MEDICATION GUIDE", "USES", "DIRECTIONS", "ACTIVE INGREDIENT", "PURPOSE",
        "OTHER INFORMATION", "INACTIVE INGREDIENTS", "SPL UNCLASSIFIED SECTION",
        "HIGHLIGHTS OF PRESCRIBING INFORMATION",
    ),
    key=len,
    reverse=True,
)
_SECTION_TITLE = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _SECTION_TITLES) + r")\b:?\s+"
)
# The same titles numbered and in any case ("1 Indications and Usage ELIQUIS is ...").
_SECTION_TITLE_NUMBERED = re.compile(
    r"^\d{1,2}\.?\s+(?i:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _SECTION_TITLES) + r")\b:?\s+"
)
# Any other upper-case title ("WARNING: HEPATOTOXICITY and EMBRYO-FETAL TOXICITY") before a sentence.
_CAPS_TITLE = re.compile(
    r"^(?:\d{1,2}\.?\s+)?[A-Z][A-Z0-9&/,'()\-]+:?(?:\s+(?:[A-Z][A-Z0-9&/,'()\-]*:?|and|of|or|the|for|in|with|to))*\s+"
)
# Run-in subheadings of label sections ("Distribution Hydroxychloroquine sulfate is ...", "8.1 Pregnancy Risk
# Summary Based on ...").
_RUN_IN_TITLES = sorted(
    (
        "Risk Summary", "Clinical Considerations", "Data", "Human Data", "Animal Data", "Absorption", "Distribution",
        "Elimination", "Metabolism", "Excretion", "Specific Populations", "Mechanism of Action", "Resistance",
        "Pharmacodynamics", "Pharmacokinetics", "Adults", "Pediatric Patients", "Geriatric Patients", "Pediatric Use",
        "Geriatric Use", "Drug Interaction Studies", "Carcinogenesis, Mutagenesis, Impairment of Fertility",
        "Carcinogenesis, Mutagenesis, and Impairment of Fertility", "Carcinogenesis", "Mutagenesis",
        "Impairment of Fertility",
        "Limitations of Use", "Important Administration Instructions", "Antimicrobial Activity",
        "Susceptibility Testing", "Cardiac Electrophysiology", "Contraception", "Infertility", "Females", "Males",
    ),
    key=len,
    reverse=True,
)
_RUN_IN_TITLE = re.compile(
    r"^(?i:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _RUN_IN_TITLES) + r"):?\s+(?=[A-Z])"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a passage: text == passage.text[start:end]."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence or a heading of a passage, by exact span; `heading` marks a section or subsection title."""

    start: int
    end: int
    text: str
    heading: bool = False


_BRACKETS = re.compile(r"[()\[\]]")


def _bracket_depth(s: str) -> int:
    if "(" not in s and "[" not in s:
        return 0  # the common case, without a loop over the characters
    depth = 0
    for ch in _BRACKETS.findall(s):  # the brackets alone, not every character
        if ch in "([":
            depth += 1
        elif depth:
            depth -= 1
    return depth


def _starts_sentence(nxt: str, text: str, at: int) -> bool:
    """Can the token `nxt` (at offset `at` of `text`) start a sentence after a full stop?"""
    if not nxt:
        return False
    c = nxt[0]
    if c in "([":
        m = _ENUM.match(nxt)
        if m and _enum_prev_seen(m.group(1), text, at):
            return True  # "(2) Is it possible ...": an item, when the item before it is in the text
        if _XREF.match(text, at) or nxt.startswith("[see"):
            return False  # "... rash. ( 6.1 ) To report": the cross-reference ends the sentence before
        return len(nxt) > 1 and (nxt[1].isupper() or nxt[1] in "\"“")
    if c in "\"“‘'":
        return len(nxt) > 1 and (nxt[1].isupper() or nxt[1].isdigit())
    if c.isdigit():
        # "91. 5%)": the rest of a number cut by a space closes a bracket it did not open
        return not (nxt.count(")") > nxt.count("(") or nxt.count("]") > nxt.count("["))
    if c.isupper() or "\u0391" <= c <= "\u03a9" or c in _BULLETS or c in "-*":
        return True
    if _LOWER_START.match(nxt):
        return True
    # "d. Study conducted ...": a lettered item
    return bool(re.match(r"^[a-z]\.$", nxt)) and bool(_TOKEN_THEN_CAPITAL.match(text, at))


def _enum_prev_seen(label: str, text: str, at: int) -> bool:
    if label.isdigit():
        prev = str(int(label) - 1)
    elif len(label) == 1 and label.isalpha():
        prev = chr(ord(label) - 1)
    else:
        return False
    return text.find(f"({prev})", max(0, at - _LOOK_BACK), at) >= 0


def _title_word(tok: str) -> bool:
    """A capitalised word with a lower-case letter after its first: 'The', 'Patients', 'Oral' (not 'PCA')."""
    t = tok.lstrip("(\"“'[")
    return len(t) > 1 and t[0].isupper() and any(ch.islower() for ch in t[1:3])


def _closes_after(text: str, at: int, within: int = 300) -> bool:
    """Whether a bracket opened before `at` closes within `within` characters after it: a closing bracket that
    closes no bracket opened after `at`. A bracket the label never closed ("(Child-Pugh class A or B ( 2.2 )") is
    not closed by the next cross-reference's, so it does not hold every later full stop of the passage."""
    depth = 0
    for ch in text[at : at + within]:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            if depth == 0:
                return True
            depth -= 1
    return False


def _ends_sentence(text: str, seg_start: int, stop: int, term_end: int, nxt_at: int) -> bool:
    """Is the terminator at text[stop:term_end] the end of a sentence, given the token at `nxt_at`?"""
    tok = _TOKEN.match(text, nxt_at)
    nxt = tok.group() if tok else ""
    if not _starts_sentence(nxt, text, nxt_at):
        return False
    before = text[seg_start:stop]
    if _bracket_depth(before + text[stop:term_end]) > 0 and _closes_after(text, term_end):
        return False  # "(Fig. 2A)", "(e.g. 1000 mg in 100 mL ...)", "(Kane et al. 1988)": inside brackets
    term = text[stop:term_end]
    if "?" in term or "!" in term:
        return True
    if term_end - stop > 1 and term[-1] in _CLOSERS:
        return True  # "(See Figure E). You", "“0”. The": a full stop after a closing bracket or quote
    words = before.split()
    if not words:
        return True
    word = words[-1].lstrip("([\"“'")
    low = word.lower()
    if before.endswith((" ", "\u00a0")):
        return True  # "aureus . Bactericidal", "] . Strong": a full stop set off by a space
    if len(words) == 1 and re.fullmatch(r"\d{1,2}|[a-z]", word):
        return False  # "2. Using ...", "d. Study ...": the number or letter of an item
    if low in _NEVER_END:
        return False
    if low in _BEFORE_NUMBER and nxt[0].isdigit():
        return False
    if len(words) >= 2 and _DOTTED.match(f"{words[-2]} {word}".lower()) and len(words[-2]) == 2:
        low = f"{words[-2]} {word}".lower()  # "b. d." written with a space
    if _DOTTED.match(low):
        return _title_word(nxt) or bool(_LOWER_START.match(nxt))
    if low in _UNITS or low == "al":
        return nxt[0].isupper() or bool(_LOWER_START.match(nxt)) or nxt[0] in "(\"“" + _BULLETS
    if len(word) == 1 and word.isalpha() and word.islower():
        return False
    if len(word) == 1 and word.isupper():
        # "vitamin K. Certain", "Group L. Group C20" end a sentence; "H. pylori" and initials "J. R. Smith" do not
        if len(words) >= 2 and re.fullmatch(r"[A-Z]\.", words[-2]):
            return False
        return nxt[0].isupper()
    return True


_LINE_BREAKS = re.compile(r"\n+")
_BREAK_OR_BULLET = re.compile(r"\n+|\s+(?=[•○◦▪●º]\s)")
_SEMICOLON_AFTER_STOP = re.compile(r"(?<=[.!?)\]]);\s+(?=\S)")
_SEMICOLON_BEFORE_CAPITAL = re.compile(r"(?<=;)\s+(?=[A-Z][a-z])")
_INDICATED_FOR = re.compile(r"\bindicated\b[^.:;]{0,120}?\b(?:for|as|in)\s?:\s+(?=[A-Z][a-z])")
_SPACES = re.compile(r"\s+")


def _cuts(text: str) -> list[tuple[int, int]]:
    """(end of one segment, start of the next) pairs, unsorted."""
    cuts: list[tuple[int, int]] = []
    # Each pattern below is scanned only where the text holds a character or word that every match needs: the
    # same cuts, without a regular-expression pass over most passages.
    for m in (_BREAK_OR_BULLET if any(b in text for b in _BULLETS) else _LINE_BREAKS).finditer(text):
        cuts.append((m.start(), m.end()))
    # a word processor's second-level bullet, the letter "o" ("• ACS or History of MI o Initiate treatment with 180
    # mg ..."): no English word "o" stands before a capitalised word; the "o" is left out of both pieces
    for m in re.finditer(r"\s+o\s+(?=[A-Z][a-z])", text):
        cuts.append((m.start(), m.end()))
    # ".;" where a MEDLINE export joined abstract sections ("... mention.; A 42-year-old ..."): the ';' is left out
    for m in _SEMICOLON_AFTER_STOP.finditer(text) if ";" in text else ():
        if text[m.start() - 1] in ".!?" or text[m.start() - 2 : m.start()] in (".)", ".]"):
            cuts.append((m.start(), m.end()))
    items = []
    for m in _BARE_ITEM.finditer(text):
        k = int(m.group(1))
        if k > 1 and re.compile(rf"(?:^|\s){k - 1}\.\s+[A-Z]").search(text, max(0, m.start() - _LOOK_BACK),
                                                                         m.start()):
            cuts.append((m.start(), m.end()))
            items.append(m.end())
    line_start = 0
    starts = sorted([*items, *(m.end() for m in re.finditer(r"\n", text))])  # items and lines start segments
    next_start = 0
    for m in _TERMINATOR.finditer(text):
        stop, term_end = m.start(), m.end()
        while next_start < len(starts) and starts[next_start] <= stop:
            line_start = max(line_start, starts[next_start])
            next_start += 1
        ws = _SPACES.match(text, term_end)
        nxt_at = ws.end() if ws else term_end
        if _ends_sentence(text, line_start, stop, term_end, nxt_at):
            cuts.append((term_end, nxt_at))
            line_start = nxt_at
    for m in _GLUED_CITATION.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()].split()
        word = before[-1].lstrip("([\"“'").lower() if before else ""
        if len(word) < 2 or word in _NEVER_END or word in _BEFORE_NUMBER or _DOTTED.match(word):
            continue  # "No.12", "vitamin B.12", "i.v.12": not a sentence end
        ws = _SPACES.match(text, m.end())
        nxt_at = ws.end() if ws else m.end()
        tok = _TOKEN.match(text, nxt_at)
        if tok and _title_word(tok.group()) and _bracket_depth(text[max(0, m.start() - 300) : m.start()]) == 0:
            cuts.append((m.end(), nxt_at))
    # "• Premenstrual dysphoric disorder (PMDD) Sertraline hydrochloride tablet is a ...": the last item of a list
    # whose bullets were flattened runs into the next sentence; a bracket closing the item, then a capitalised
    # subject and its verb, end the item
    for m in _ITEM_RUN_ON.finditer(text) if ")" in text else ():
        bullet = max(text.rfind(b, max(0, m.start() - 300), m.start()) for b in _BULLETS + "\n")
        if bullet >= 0 and text[bullet] in _BULLETS and not re.search(r"[.!?:;]", text[bullet : m.start()]):
            cuts.append((m.start(), m.end()))
    for m in _XREF_END.finditer(text):
        enum = _ENUM.match(m.group().split()[0] if m.group().split() else "")
        i = m.start()
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if enum and (i == 0 or text[i - 1] in ":?;," or _enum_prev_seen(enum.group(1), text, m.start())):
            continue  # "questions: (1) What is ...? (2) Is it ...": items, not cross-references
        end_paren = text.rindex(")", m.start(), m.end()) + 1
        cuts.append((end_paren, m.end()))
    # "• Autoimmunity [see Warnings and Precautions (5.9) ] Most common ...": an item ends at its cross-reference
    # ("[See Warnings and Precautions ( )]" too: labels write it in either case)
    for m in re.finditer(r"\[[sS]ee [^\]\[]{1,200}\]\s+(?=[A-Z][a-z])", text):
        end_br = text.rindex("]", m.start(), m.end()) + 1
        cuts.append((end_br, m.end()))
    # "indicated for: The treatment of ... ( 1.1 ) The treatment of ...": a highlights list whose bullets were lost
    for m in _INDICATED_FOR.finditer(text) if "indicated" in text else ():
        colon = text.rindex(":", m.start(), m.end()) + 1
        cuts.append((colon, m.end()))
    # "; Grade B": a semicolon before a capitalised word ends a sentence, except in a list after a colon
    # ("defined: Nonresponders (...); Short-term Responders (...)") or inside brackets
    for m in _SEMICOLON_BEFORE_CAPITAL.finditer(text) if ";" in text else ():
        head = text[max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()), 0) : m.start()]
        if ":" not in head and _bracket_depth(head) == 0:
            cuts.append((m.start(), m.end()))
    for m in _TABLE_LABEL.finditer(text) if any(w in text for w in _TABLE_LABEL_WORDS) else ():
        cuts.append((m.start(), m.end()))
    # "... tablets.Take ...", "... breathing.If you ...": a full stop with no space after it, between a word and a
    # capitalised word (the label lost the space, or a line break between two paragraphs); not in an abbreviation
    # ("e.g.The", "U.S.Food", "Dr.Smith"), a web address or a file name, nor inside brackets
    for m in _GLUED_STOP.finditer(text):
        word = text[max(0, m.start() - 40) : m.start() + 1].split()[-1].lstrip("([\"“'").rstrip(".!?").lower()
        if word in _NEVER_END or word in _BEFORE_NUMBER or _DOTTED.match(word) or "." in word \
                or re.search(r"[/@]|www|http", _token_at(text, m.start())) \
                or _bracket_depth(text[max(0, m.start() - 300) : m.start()]) > 0:
            continue
        cuts.append((m.start() + 1, m.start() + 1))
    # "... (one oval white tablet) In the evening, take 20 mg ...", "... (two yellow capsules) Mid-day, take ...": the
    # items of a dosing schedule whose line breaks the label lost; an item ends at its bracket when the next one opens
    # with a time of day or a step and an instruction
    # (after a lead-in, "... is the following: In the morning, take ... In the evening, take ...", the items stay with
    # it: a lead-in with its first item only would give half the regimen)
    for m in _SCHEDULE_ITEM.finditer(text) if ")" in text else ():
        if ":" not in re.split(r"[.!?]\s", text[max(0, m.start() - _MAX_LEAD_IN_LIST) : m.start()])[-1]:
            cuts.append((m.start(), m.end()))
    return cuts


def _token_at(text: str, at: int) -> str:
    """The run of non-space characters around `at`."""
    a = text.rfind(" ", 0, at) + 1
    b = text.find(" ", at)
    return text[a : b if b >= 0 else len(text)]


# A full stop glued to the next sentence: two or more lower-case letters (or a closing bracket), the stop, a Title Case
# word of two or more letters. (The stop first, the letters before it as a look-behind: the same matches, and the scan
# stops only at '.', '!' and '?'.)
_GLUED_STOP = re.compile(r"[.!?](?<=[a-z]{2}[.!?]|[a-z]\)[.!?]|\d\)[.!?])(?=[A-Z][a-z]+\b)")
_SCHEDULE_ITEM = re.compile(
    r"(?<=\))\s+(?=(?:In the (?:morning|evening|afternoon)|At (?:bedtime|night|noon)|Mid-?day|Then|Next|After that)"
    r",?\s+(?:take|give|administer|apply|inject|use|swallow|continue|increase)\b)", re.IGNORECASE)


def _raw_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for a, b in sorted(_cuts(text)):
        if a < start:
            continue
        spans.append((start, a))
        start = b
    spans.append((start, len(text)))
    return spans


_CONNECTORS = frozenset(("and", "of", "or", "the", "in", "for", "with", "to", "on", "a", "due", "by", "at", "from"))


def _bare(word: str) -> str:
    return word.strip("()[],;:\"“”'")


def _skip_title_heading(s: str) -> int:
    """After a subsection number: length of a Title Case heading ('Risk of Liver Injury ') before the sentence."""
    words = list(re.finditer(r"\S+", s))
    for j, w in enumerate(words[:-1]):
        word, nxt = _bare(w.group()), _bare(words[j + 1].group())
        if w.group() == "-":
            return words[j + 1].start()  # "Dose Selection for Monotherapy - Oral olanzapine ..."
        if word.lower() in _CONNECTORS and word.islower():
            continue
        if not (word[:1].isupper() or word[:1].isdigit()):  # "Patients 12 Years of Age and Above"
            return 0
        if nxt[:1].islower() and not _LOWER_START.match(nxt):
            # 'Coumarin and Coumarin', 'Hyperammonemia due to N-acetylglutamate' go on; 'Of the 2800 patients',
            # 'Based on findings' start the sentence
            k = j + 1
            while k < len(words) and _bare(words[k].group()).lower() in _CONNECTORS:
                k += 1
            if k < len(words) and k > j + 1 and _bare(words[k].group())[:1].isupper():
                after = _bare(words[k + 1].group()) if k + 1 < len(words) else ""
                if not (_brand(_bare(words[k].group())) and after[:1].islower() and after not in _CONNECTORS
                        and not _LOWER_START.match(after)):
                    continue
                # "2.4 Recommended Dosage for Renal Impairment Dosing of HORIZANT is adjusted ...": a brand in capitals
                # and its verb after the connector: the sentence began at this word
                return w.start()
            if j and words[j - 1].group().endswith(","):
                # a heading never ends in a comma: "Geriatric Use In TRITON-TIMI 38, 38.5% of patients" -> the
                # sentence began at the last word that starts sentences ("In"), else there is no heading
                starts = [i for i in range(1, j) if _bare(words[i].group()) in _STARTERS]
                return words[starts[-1]].start() if starts else 0
            if j and _brand(word) and _bare(words[j - 1].group()) in _IMPERATIVES:
                # "8.6 Renal Impairment Reduce RECARBRIO dosage in adult patients ...": the instruction's verb
                # before the brand starts the sentence
                return words[j - 1].start()
            return _name_start(words, j)
    return 0


# Words that end a product's name, never a subsection title: "PRADAXA Capsules is indicated ...", "Administer Iron
# Sucrose Injection in 3 divided doses".
_DOSAGE_FORMS = frozenset("Tablets Tablet Capsules Capsule Injection Injectable Solution Suspension Cream Ointment Gel "
                          "Patch Film Spray Powder Lotion Drops Syrup Elixir Granules Emulsion Suppositories Kit "
                          "Pellets Implant Inhaler".split())


def _name_start(words: list[re.Match[str]], j: int) -> int:
    """Where the sentence starts when `_skip_title_heading` finds its first lower-case word after words[j]: at
    words[j], unless words[j] ends a product's name, which the sentence keeps whole as its subject (issue 12 point 3,
    fix13p: "1.1 Reduction of Risk ... in Adult Patients PRADAXA Capsules is indicated" was cut to "Capsules is
    indicated", "12.1 Mechanism of Action LANTHANUM CARBONATE is ..." to "CARBONATE is ..."):

    - an instruction's verb before the name starts the sentence ("... (PDD-CKD) Administer Iron Sucrose Injection in
      3 divided doses");
    - a name in capitals starts at its first word in capitals ("LANTHANUM CARBONATE", "PRADAXA Capsules");
    - a dosage form after Title Case words only ("Dabigatran Etexilate Capsules is ...") gives no telling where the
      title ends and the name begins: no cut (0); the statement filters then cut the heading by the drug's names,
      or refuse the statement."""
    word = _bare(words[j].group())
    form = word in _DOSAGE_FORMS
    if not form and not (_brand_word(word) and j and _brand_word(_bare(words[j - 1].group()))):
        return words[j].start()
    for i in range(j - 1, max(j - 7, -1), -1):
        before = _bare(words[i].group())
        if before in _IMPERATIVES or before in _NAME_OPENERS:
            return words[i].start()
        if not (before[:1].isupper() or before[:1].isdigit() or before in _CONNECTORS):
            break
    k = j
    while k > 0 and words[k - 1].group()[:1].isalpha() and _brand_word(_bare(words[k - 1].group())):
        k -= 1
    run = [_bare(w.group()) for w in words[k : j + 1]]
    if run[0] in run[1:]:  # "ZYPREXA RELPREVV REMS ZYPREXA RELPREVV is": a heading naming the product, then the name
        k += run.index(run[0], 1)
    if k < j:
        return words[k].start() if k > 0 else 0
    return 0 if form and _names_product(words, j) else words[j].start()


def _names_product(words: list[re.Match[str]], j: int) -> bool:
    """words[j], a dosage form, is the end of a product's name: a plural form with a verb in the singular ("Capsules
    is ...", "Tablets contains ..."), or the subject of an indication ("Injection is indicated"); a form alone
    ("Tablets should be swallowed whole") can be the sentence's subject."""
    after = [_bare(w.group()) for w in words[j + 1 : j + 3]]
    if not after:
        return False
    plural = _bare(words[j].group()).endswith("s")
    return (plural and after[0] in ("is", "has", "contains", "was")) or " ".join(after) in ("is indicated",
                                                                                              "are indicated")


# Words before a product's name that open the sentence it is the subject of ("No Gadoteridol Injection dosage
# adjustment is ...", "Coadministration of Pioglitazone Tablets and gemfibrozil ...").
_NAME_OPENERS = frozenset("No The Each All Coadministration".split())


def _brand_word(word: str) -> bool:
    """A word of a name in capitals ("PRADAXA", "LANTHANUM", "XR", "PDD-CKD" too): two or more letters, none lower
    case."""
    return len(word) >= 2 and word[:1].isalpha() and not any(c.islower() for c in word) \
        and sum(c.isalpha() for c in word) >= 2


# Verbs that start an instruction and never end a subsection title ("Use" and "Monitoring" may: "Pediatric Use").
_IMPERATIVES = frozenset("Reduce Administer Avoid Take Give Start Begin Discontinue Consider Increase Decrease Adjust "
                         "Titrate Stop Limit Initiate Withhold Interrupt Dilute".split())


def _brand(word: str) -> bool:
    """A brand name in capitals ('HORIZANT', 'RECARBRIO'): four or more letters, none lower case."""
    return len(word) >= 4 and word.isalpha() and word.isupper()


# A Title Case run-in heading with no number and no full stop ("For Edema The usual adult dosage is ...", "Narcolepsy
# Usual dose ...", "Sexual Dysfunction [See Warnings and Precautions ( )] Most common ..."): the heading is Title Case
# words, connectors, numbers and bracketed cross-references; the sentence starts at its last capitalised word, the
# one before the first lower-case word. That word must be one that starts sentences: a determiner, preposition,
# conjunction or imperative (always), or a noun or adjective that starts label sentences, unless a verb follows it
# ("Tizanidine Hydrochloride Tablets are ...", "Patients With Renal Impairment should ...": a subject, not a heading).
_STARTERS = frozenset(
    "The An In For If When Most This These Those There It Its Each All Some Many Several Both Other No Not Although "
    "Because During After Before Following Based Of On With At As To From Under Over Among Within Since Unless While "
    "Once Where Use Do Avoid Take Give Administer Start Begin Discontinue Monitor Consider Reduce Increase Decrease "
    "Adjust Titrate Keep Store Tell Ask Stop Swallow Inject Apply Instruct Advise Inform Evaluate Assess Measure "
    "Obtain Perform Check Treat Limit Dilute Mix Shake Inspect".split()
)
_NOUN_STARTERS = frozenset(
    "Usual Initial Recommended Maximum Starting Typical Safety Patients Adults Children Pediatric Dosage Dose Doses "
    "Dosing Treatment Therapy Concomitant Coadministration Administration Elderly Infants Neonates Women Men "
    "Hypersensitivity Serious Severe Fatal Common Symptoms Signs Overdosage Experience Data Results Studies".split()
)
_HEADING_NOUNS = frozenset(
    "Disease Diseases Disorder Disorders Reactions Effects Impairment Insufficiency Toxicity Syndrome Syndromes Risk "
    "Risks Warnings Precautions Interactions Pregnancy Lactation Use Patients Children Adults Infection Infections "
    "Events Failure Dependence Abuse Overdosage Hypersensitivity".split()
)
_FINITE = re.compile(r"^(?:is|are|was|were|has|have|had|may|might|can|could|should|must|will|would|occurs?|occurred)$")
_REFER = frozenset("Refer Read See Call Contact Visit Talk Ask Tell".split())  # a sentence that names a title
_VERB_AFTER = re.compile(
    r"^(?:is|are|was|were|be|been|being|may|might|can|could|should|must|will|would|shall|has|have|had|does|do|did|"
    r"contains?|consists?|includes?|provides?|causes?|reduces?|increases?|decreases?|inhibits?|binds?|appears?|"
    r"occurs?|works?|comes?|needs?|helps?|remains?|\w+ed)$"
)


_HEAD_TOKEN = re.compile(r"\[[^\[\]]{0,200}\]|\([^()]{0,80}\)|\S+")


# A Title Case heading with its cross-reference and nothing else (not a list item: no bullet before it).
_TITLE_WITH_XREF = re.compile(
    r"^[A-Z][\w'/\-]*(?:\s+(?:[A-Z0-9][\w'/\-]*|and|of|or|the|in|for|with|to|on|due|by|at|from)){0,12}"
    r"\s*\[[sS]ee [^\[\]]{0,200}\]$"
)


def _title_run_heading(s: str) -> int:
    """Offset in `s` where a sentence starts after a Title Case run-in heading at its front, or 0 when none."""
    toks = list(itertools.islice(_HEAD_TOKEN.finditer(s), 40))
    last_cap = -1
    for j, t in enumerate(toks):
        w = t.group()
        if w[0] in "[(":
            continue  # "[See Warnings and Precautions ( )]", "(MDD)"
        bare = _bare(w)
        if not bare:
            continue
        if bare[0].isupper() or bare[0].isdigit():
            last_cap = j
            continue
        if bare in _CONNECTORS:
            continue
        # the first lower-case word: the sentence starts at the last capitalised word before it
        if last_cap <= 0 or any(toks[k].group()[0] not in "[(" and _bare(toks[k].group()) not in _CONNECTORS
                                for k in range(last_cap + 1, j)):
            return 0
        start = _bare(toks[last_cap].group())
        if any(ch in toks[k].group() for k in range(last_cap) for ch in ".!?;:"):
            return 0  # the heading holds no sentence punctuation ("Clinical Impact: Concomitant use" is a table label)
        if toks[last_cap - 1].group() in _CONNECTORS or _bare(toks[0].group()) in _REFER:
            return 0  # "Instructions for Use for detailed ...", "Refer to Clinical Studies ( 14.1 ) and the ..."
        if not any(len(_bare(toks[k].group())) > 1 and _bare(toks[k].group())[0].isalpha() for k in range(last_cap)):
            return 0  # "A If your dose ...": the answer of a Q&A, not a heading
        if not (toks[0].group()[0].isupper() and toks[last_cap].group()[0].isupper()):
            return 0
        if start in _STARTERS or (start in _NOUN_STARTERS and not _VERB_AFTER.match(bare)):
            return toks[last_cap].start()
        head = [_bare(toks[k].group()) for k in range(last_cap)]
        if (len(head) >= 3 and head[-1] in _HEADING_NOUNS and any(w in _CONNECTORS for w in head)
                and not any("," in toks[k].group() for k in range(last_cap))
                and any(_FINITE.match(_bare(t.group())) for t in toks[j + 1 : j + 4])):
            # "Risks to Patients with Serious Cardiac Disease Sudden death has been reported ...": a titled phrase
            # ending in a heading noun, then a capitalised subject and its verb
            return toks[last_cap].start()
        return 0
    return 0


def _run_in_cuts(title: str) -> list[int]:
    """Offsets inside a subsection title where a run-in subheading starts or ends ('Pharmacokinetics | Absorption')."""
    cuts = []
    for m in re.finditer(r"(?<=\s)\S", title):
        prev = title[: m.start()].split()
        if not prev or prev[-1].lower() in _CONNECTORS:
            continue
        r = _RUN_IN_TITLE.match(title[m.start() :] + " X")
        if r:
            cuts.append(m.start())
            after = m.start() + r.end()
            if after < len(title):
                cuts.append(after)
    return sorted(set(cuts))


def _has_sentence(rest: str) -> bool:
    return bool(rest) and not rest[0].islower() and any(ch.islower() for ch in rest)


def _heading_pieces(text: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """Split leading titles off the span text[a:b]: (start, end, is_heading) pieces, the last one the sentence."""
    pieces: list[tuple[int, int, bool]] = []
    pos = a
    while pos < b:
        s = text[pos:b]
        cut = 0
        m = _SECTION_TITLE.match(s) or _SECTION_TITLE_NUMBERED.match(s) or _CAPS_TITLE.match(s)
        if m and _has_sentence(s[m.end() :]):
            head, rest = s[: m.end()], s[m.end() :]
            caps_words = re.findall(r"[A-Z][A-Z0-9&/,'()\-]+", head)
            known = m.re is not _CAPS_TITLE
            if known or ":" in head or re.match(r"\d", head) or len(caps_words) >= 2:
                first = rest.split(None, 2)
                if known or _SUBSECTION.match(rest) or rest[0] in _BULLETS or (
                    len(first) >= 2 and _title_word(first[0]) and first[1][:1].islower()
                ) or (
                    # "WARNING: ABUSE, MISUSE, AND ADDICTION Dextroamphetamine Saccharate, ... Tablets have": a titled
                    # upper-case heading before a Title Case product name
                    head.startswith("WARNING") and ":" in head and len(caps_words) >= 2 and first
                    and _title_word(first[0])
                ):
                    cut = m.end()
        if not cut:
            m = _SUBSECTION.match(s)
            if m:
                k = _skip_title_heading(s[m.end() :])
                if k:
                    title_end = m.end() + k
                    inner = [m.end() + c for c in _run_in_cuts(s[m.end() : title_end].rstrip())]
                    last = 0
                    for c in [*inner, title_end]:
                        if c > last:
                            pieces.append((pos + last, pos + len(s[:c].rstrip()), True))
                            last = c
                    pos += title_end
                    continue
        if not cut:
            m = _RUN_IN_TITLE.match(s) or _RUN_IN.match(s)
            if m and _has_sentence(s[m.end() :]) and (
                m.re is _RUN_IN_TITLE
                or all(w[:1].isupper() or w.lower() in _CONNECTORS for w in m.group(1).replace(",", " ").split())
            ):
                cut = m.end()
        if not cut:
            k = _title_run_heading(s)
            if k and _has_sentence(s[k:]):
                cut = k
        if not cut:
            if pos == a and _TITLE_WITH_XREF.match(s):
                pieces.append((pos, b, True))  # "Sexual Dysfunction [See Warnings and Precautions ( )]": a heading
                return pieces
            break
        pieces.append((pos, pos + len(s[:cut].rstrip()), True))
        pos += cut
    pieces.append((pos, b, False))
    return pieces


def segments(text: str) -> list[Segment]:
    """Every sentence and heading of `text`, in order, by exact span (white space between them left out)."""
    out: list[Segment] = []
    for a, b in _raw_spans(text):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        for x, y, heading in _heading_pieces(text, a, b):
            while x < y and text[x].isspace():
                x += 1
            while y > x and text[y - 1].isspace():
                y -= 1
            if x < y:
                out.append(Segment(x, y, text[x:y], heading))
    return out


# "PRADAXA Capsules is indicated ...": a brand in capitals and its dosage form are the sentence's subject, not a
# heading and a sentence.
_SUBJECT_GOES_ON = re.compile(r"^[A-Z][a-z]+\s+(?:is|are|was|were|should|may|can|must|has|have|contains?)\b")


def _trim_front(text: str, start: int, end: int) -> int:
    """Skip bullets, item numbers and an upper-case heading left at the start of a sentence."""
    s = text[start:end]
    run_in = _RUN_IN.match(s)
    if run_in and all(w[:1].isupper() or w.lower() in _CONNECTORS for w in run_in.group(1).replace(",", " ").split()):
        start += run_in.end()
        s = text[start:end]
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
        ) and not _SUBJECT_GOES_ON.match(rest) and not _STRENGTH_AFTER_NAME.match(rest):
            if _NUMBER_OF_NAME.match(rest):
                # "1 INDICATIONS AND USAGE NOVOLOG MIX 70/30 is a mixture ...": the number ends the product's name, the
                # sentence's subject; only a section heading before the name is cut (none: nothing is)
                heads = [h for h in _SECTION_HEADING_END.finditer(skipped)]
                return start + (heads[-1].end() if heads else 0)
            start += m.end()
    return start


# A number that ends an upper-case product name ("NOVOLOG MIX 70/30 is ...", "HUMULIN 70/30 contains ..."): a ratio,
# or a number followed by the sentence's verb (a dose after a heading is followed by its unit)
_NUMBER_OF_NAME = re.compile(
    r"\d+/\d+\b|\d[\d.]*\s+(?:is|are|was|were|has|have|contains?|should|must|may|can|will|does|do)\b"
)
# the last word of a label's section heading, in capitals ("INDICATIONS AND USAGE ", "5 WARNINGS AND PRECAUTIONS ")
_SECTION_HEADING_END = re.compile(
    r"\b(?:USAGE|ADMINISTRATION|CONTRAINDICATIONS|PRECAUTIONS|WARNINGS?|REACTIONS|INTERACTIONS|POPULATIONS|"
    r"OVERDOSAGE|DESCRIPTION|PHARMACOLOGY|TOXICOLOGY|STUDIES|REFERENCES|HANDLING|INFORMATION|STRENGTHS|DEPENDENCE|"
    r"INDICATIONS)\s+"
)


# "GELNIQUE 3% is an alcohol-based gel": a strength after an upper-case product name belongs to it (the name is the
# sentence's subject, no heading)
_STRENGTH_AFTER_NAME = re.compile(r"\d[\d.,]*\s*(?:%|mg\b|mcg\b|g\b|mL\b|units?\b)\S*\s+[a-z]")


# A list item: a bullet, a dash or an item number at its front ("• Panic disorder (PD)", "- nosebleeds", "2. Take").
_ITEM = re.compile(r"^(?:[•○◦▪●*]|-(?=\s)|\(?(?:\d{1,2}|[a-z])[.)](?=\s))")
_MAX_LEAD_IN_LIST = 600  # a lead-in and its items longer than this (the label tier's longest statement) stay apart


def _with_lead_ins(text: str, segs: list[Segment]) -> list[tuple[int, int]]:
    """Spans of the non-heading segments, a list lead-in ("... indicated for the treatment of the following [See
    Clinical Studies ( 14 )] :") joined with the bulleted or numbered items that follow it: cut from its items it
    says nothing. A lead-in whose list is too long to be one statement, or that is followed by no recognisable items
    (headings and plain lines), stays as it is, and so do the items."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        i += 1
        if seg.heading:
            continue
        if not seg.text.endswith(":"):
            out.append((seg.start, seg.end))
            continue
        j = i
        while j < len(segs) and not segs[j].heading and _ITEM.match(segs[j].text) and not segs[j].text.endswith(":"):
            j += 1
        if j == i:
            out.append((seg.start, seg.end))  # no items to tell ("... in the following conditions:\nEndocrine ...")
            continue
        if segs[j - 1].end - seg.start <= _MAX_LEAD_IN_LIST:
            out.append((seg.start, segs[j - 1].end))
            i = j
        else:
            out.append((seg.start, seg.end))  # "WEGOVY injection is indicated in combination with ...:", long items
    return out


def sentences(text: str, min_chars: int = 20) -> list[Sentence]:
    """Sentences of `text` with exact spans; headings and fragments shorter than `min_chars` dropped; a list lead-in
    ending in ':' and followed by list items is one sentence with them. Cached: a passage is read for many facets
    and questions."""
    return list(_sentences(text, min_chars))


# Up to three lower-case words after the last full stop of a passage, with no full stop of their own: an image's
# alt text ("image description", "figure") or a stray cell, not part of the sentence before.
_TRAILING_TAIL = re.compile(r"(?<=[.!?])\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}\s*$")


_LOWER = re.compile(r"[a-z]")
_STATEMENT_END = re.compile(r"[.!?:;)\]%]$")


@lru_cache(maxsize=65536)
def _sentences(text: str, min_chars: int) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    last_char = len(text.rstrip())  # a span ending at or after it has only white space after it
    for a, b in _with_lead_ins(text, segments(text)):
        while b > a and (
            text[b - 1].isspace()
            or (text[b - 1] == ";" and b - 1 > a and text[b - 2] in ".)")
            or (text[b - 1] in "([" and b - 1 > a and text[b - 2].isspace())
        ):
            b -= 1  # "...P=0.003).;" (abstract sections joined by "; "), "occurs. (" (a cross-reference cut off)
        xref = _TRAILING_XREF.search(text, a, b) if text[b - 1] == ")" else None
        if xref and xref.end() == b:
            b = xref.start() + 1  # "... in adults. ( 1 )": the statement ends at its full stop
        cite = _TRAILING_CITATION.search(text, a, b) if text[b - 1].isdigit() else None
        if cite and cite.end() == b:
            b = cite.start()  # "... has been reported.12": the statement ends at its full stop
        tail = _TRAILING_TAIL.search(text, a, b) if b >= last_char else None
        if tail:
            b = tail.start()  # "... and titanium dioxide. image description": an image's alt text ends the passage
        a = _trim_front(text, a, b)
        while a < b and text[a].isspace():
            a += 1
        piece = text[a:b]
        if len(piece) < min_chars or not _LOWER.search(piece):
            continue
        if "http://" in piece or "https://" in piece or "www." in piece:
            continue  # link lists and contact lines ("report ... at www.fda.gov/medwatch") are not statements
        n_words = len(piece.split())
        if n_words < 5 or (not _STATEMENT_END.search(piece) and n_words < 6):
            continue  # a heading line or a cross-reference, not a statement
        out.append(Sentence(a, b, piece))
    return tuple(out)


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
