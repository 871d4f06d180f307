"""Does a candidate statement stand alone? A brief quotes sentences out of their passage, so a quote must read as
a whole statement: not a list lead-in without its items, not a table row without its header, not a cross-reference
or boilerplate, not a heading glued to the sentence that follows it.

`trimmed` moves the start of a span past a glued heading or bullet ("Renal Impairment : Prior to initiation, assess
renal function ..." becomes "Prior to initiation, ..."), so the statement stays a verbatim span of its passage;
`problem` names what is wrong with what remains, or returns None.
"""

from __future__ import annotations

import re

# A sentence that begins a statement after a heading: a capitalised word that starts clauses in label prose.
_STARTER = (
    r"(?:The|This|These|That|Those|A|An|In|For|If|When|Because|Although|Patients?|Use|Do|Take|Each|It|There|"
    r"Administer|Avoid|Monitor|Discontinue|Treatment|Dosage|Dosing|Initiate|Start|Consider|Reduce|Before|After|"
    r"Prior|Adults?|Children|Pediatric|Concomitant|Coadministration|Safety|No|Most|Advise|Inform|Instruct)"
)
# A glued heading: a section number and/or Title Case words (no full stop) directly before a starter word,
# or any short heading closed by a colon ("Renal Impairment : Prior to ...").
_GLUED_HEADING = re.compile(
    rf"^(?:(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][\w,/()\-]*\s+){{1,6}}(?=(?:{_STARTER})\s+[a-z(]))|"
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:[A-Z][\w/()\-]*|and|or|of|in|for|with|the|to),?\s*){1,7}:\s+(?=[A-Z])|"
    r"^(?:\d+(?:\.\d+)+\.?\s+)"
)
_BULLET = re.compile(r"^[\s•▪■◦●○◆►▸‣∙*\-–—]+(?=\w)")
_EXCERPT = re.compile(r"^(?:EXCERPT|Excerpt)\s*:?\s*\**\s*")

_BOILERPLATE = re.compile(
    r"see full prescribing information|these highlights do not include|full prescribing information: contents|"
    r"initial u\.s\. approval|revised: \d|for (more|additional) information, (call|go to|visit|contact)|"
    r"^see (also )?(section|table|figure|warnings|boxed|dosage|clinical|contraindications|adverse|use in|"
    r"drug interactions|\d)|sections or subsections omitted|(described|discussed)( in (more )?detail)? (elsewhere|in "
    r"other sections)",
    re.IGNORECASE,
)
_XREF = re.compile(r"[\[(]\s*see [^\])]*[\])]|\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)", re.IGNORECASE)
_LEAD_IN_END = re.compile(r"\b(?:the following(?: \w+){0,3}|as follows|include|includes|including|such as)\s*$",
                          re.IGNORECASE)
_LEADING_UNIT = re.compile(r"^(?:mg|mcg|ml|mL|g|%|units?)\b")
_LEADING_CONNECTOR = re.compile(r"^(?:and|or|but|of|to|which|with|that|than|including|such as|e\.g\.)\b")


def without_cross_references(text: str) -> str:
    """`text` with its cross-references ("[see Drug Interactions (7)]", "( 2.2 )") blanked out."""
    return _XREF.sub(" ", text)


def trimmed(text: str) -> int:
    """How many characters at the start of `text` are a bullet, an 'EXCERPT:' tag or a heading glued to the
    sentence (0 when none). Applied once more when a bullet hid a heading."""
    cut = 0
    for rx in (_BULLET, _EXCERPT, _GLUED_HEADING, _BULLET):
        m = rx.match(text[cut:])
        if m and m.end() < len(text) - cut:
            cut += m.end()
    return cut


def problem(text: str, *, items: bool = False) -> str | None:
    """Why `text` cannot stand alone as a statement, or None when it can. `items`: the text is from a Drug Facts
    label, whose list items start in lower case ("take 1 tablet every 4 hours")."""
    t = text.strip()
    if not t:
        return "empty"
    if t.endswith(":") or _LEAD_IN_END.search(t):
        return "a list lead-in without its items"
    if t.startswith("|") or " | " in t:
        return "a table fragment"
    if _BOILERPLATE.search(t):
        return "a cross-reference or boilerplate"
    rest = _XREF.sub(" ", t)
    if len(re.findall(r"[A-Za-z]{3,}", rest)) < 4:
        return "a cross-reference or boilerplate"
    letters = [c for c in t if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return "a heading in capitals"
    if _LEADING_CONNECTOR.match(t) or (t[0].islower() and not items) or _LEADING_UNIT.match(t):
        return "a fragment of a longer sentence"
    if t.count("(") != t.count(")") or t.count("[") != t.count("]"):
        return "a fragment (unbalanced brackets)"
    return None
