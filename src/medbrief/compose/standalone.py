"""Does a candidate statement stand alone? A brief quotes sentences out of their passage, so a quote must read as
a whole statement: not a list lead-in without its items, not a table row without its header, not a cross-reference
or boilerplate, not a heading glued to the sentence that follows it.

`trimmed` moves the start of a span past a glued heading or bullet ("Renal Impairment : Prior to initiation, assess
renal function ..." becomes "Prior to initiation, ..."), so the statement stays a verbatim span of its passage;
`problem` names what is wrong with what remains, or returns None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..sentences import SECTION_REF

# A sentence that begins a statement after a heading: a capitalised word that starts clauses in label prose.
_STARTER = (
    r"(?:The|This|These|That|Those|A|An|In|For|If|When|Because|Although|Patients?|Use|Do|Take|Each|It|There|"
    r"Administer|Avoid|Monitor|Discontinue|Treatment|Dosage|Dosing|Initiate|Start|Consider|Reduce|Before|After|"
    r"Prior|Adults?|Children|Pediatric|Concomitant|Coadministration|Safety|No|Most|Advise|Inform|Instruct|"
    # what an adverse-event paragraph opens with under its heading ("Adrenal Insufficiency Cases of ...")
    r"Cases|Reports|Symptoms|Signs|Deaths|"
    # a caveat under its heading ("Geriatrics Limited data from ...", "... Due to lack of data ...")
    r"Limited|Due)"
)
# A glued heading: a section number and/or Title Case words (no full stop) directly before a starter word,
# or any short heading closed by a colon ("Renal Impairment : Prior to ...").
_GLUED_HEADING = re.compile(
    rf"^(?:(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][\w,/()\-]*\s+){{1,6}}(?=(?:{_STARTER})\s+[a-z(]))|"
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:\(?[A-Z][\w/()\-]*\)?|[A-Z]\.\s*[a-z]+|and/or|and|or|of|in|on|at|by|for|with|the|to|"
    r"from),?\s*){1,8}:\s+(?=(?:[-•]\s+)?[A-Z])|"
    # a heading in sentence case before a clause that cannot follow a word unpunctuated ("Fluid retention Because
    # estrogens may cause ...")
    r"^[A-Z][a-z]+(?:\s+[a-z]+){0,3}\s+(?=(?:Because|If|When|Although|Since|While|Unless)\s+[a-z])|"
    rf"^\([^)]{{1,40}}\)\s+(?=(?:{_STARTER})\s)|"
    r"^(?:\d+(?:\.\d+)+\.?\s+)"
)
# A heading in capitals before the sentence ("INCREASED MORTALITY IN ELDERLY PATIENTS ...; and SUICIDAL ...").
# A boxed warning's lettered item opens so too: "(A) PREMATURE DISCONTINUATION OF X INCREASES THE RISK OF THROMBOTIC
# EVENTS: Premature discontinuation ..." (fix12c).
_CAPS_RUN = re.compile(r"^(?:\([A-Z0-9]{1,3}\)\s+)?(?:(?:[A-Z0-9][A-Z0-9‐\-/,;:()'’]*|and|or|of|in|with)\s+){3,}"
                       r"(?=[A-Z][a-z])")
# A figure's caption whose figure the text lost: "The structural formula is: Olanzapine USP is a yellow ...".
_FIGURE_CAPTION = re.compile(r"^(?:The |Its |His )?(?:chemical|structural|molecular|empirical) (?:structure|formula)s?"
                             r"(?: (?:of|for) [\w\-, ]{1,60}?)? (?:is|are)\s*:\s*(?=[A-Z])")
# A list lead-in kept with its first item, itself a labelled sentence: "Other studied drugs include: Cimetidine :
# Coadministration of cimetidine increased ...", "The recommended dosage is: Initial dosage: 400 mg to 600 mg daily
# ...": the lead-in goes when the item is a sentence of its own (the item's label is then cut or kept as a run-in
# label is). A lead-in before a list of dose items ("The recommended dosage in adults is: IBS-C : 290 mcg ... CIC :
# 145 mcg ...") says whom the doses are for and stays.
_LEAD_IN_FIRST_ITEM = re.compile(
    r"^[A-Z][^.:;\[\]]{0,100}?\b(?:include|includes|including|the following|as follows|is|are)"
    r"\s*:\s+(?=[A-Z][\w\-/()]*(?:\s+[\w\-/()]+){0,4}\s*:\s+[A-Z][a-z](?![^:]*\s:\s))")
# The fixed subsection headings of a label's Pregnancy and Lactation sections (FDA's PLLR format), run into their
# sentence in sentence case: "Fetal/neonatal adverse reactions Oligohydramnios in pregnant women ...", "Disease-
# associated maternal and/or embryo-fetal risk Hypertension in pregnancy increases ..." (fix15b: no opener word
# tells where such a heading ends; its words do). Not a sentence that opens with them ("Data from ... show").
_PLLR_HEADING = re.compile(
    r"^(?i:risk summary|clinical considerations|disease[- ]associated maternal and/or (?:embryo[/-])?fetal risks?|"
    r"dose adjustments? during (?:pregnancy|lactation)(?: and the postpartum period)?|"
    r"maternal adverse reactions|fetal/neonatal adverse reactions|labou?r (?:or|and) delivery|"
    r"(?:human|animal|clinical|nonclinical) data|data)\s*:?\s+(?=[A-Z][a-z]|[A-Z]{2,}\b)")
_BULLET = re.compile(r"^[\s•▪■◦●○◆►▸‣∙*\-–—]+(?=\w)")
_EXCERPT = re.compile(r"^(?:EXCERPT|Excerpt)\s*:?\s*\**\s*")

_BOILERPLATE = re.compile(
    r"see full prescribing information|these highlights do not include|full prescribing information: contents|"
    r"initial u\.s\. approval|revised: \d|for (more|additional) information, (call|go to|visit|contact)|"
    r"^see (also )?(section|table|figure|warnings|boxed|dosage|clinical|contraindications|adverse|use in|"
    r"drug interactions|\d)|^see (?:the )?(?:recommendations?|instructions?|information|details|dosing)\b|"
    r"^see [^.]*\[see |sections or subsections omitted|(described|discussed)( in (more )?detail)? (elsewhere|in "
    r"other sections)|^for (more |additional |further )?(\w+ )?(information|details)\b|"
    r"\b(also )?refer to (the )?[\w ]{0,30}(section|labeling|package insert|prescribing "
    r"information)|\btable \d+\.?$|\btable \d+:|^see fpi\b|\bto report suspected adverse reactions\b|"
    r"\b(?:is|are) (?:shown|described|included|listed|provided|presented|summari[sz]ed|given|found) (?:below|in "
    r"(?:the )?(?:following )?(?:table|figure)s?\b)|\b(?:using|in|from) the following table\.?$",
    re.IGNORECASE,
)
# A sentence that points elsewhere instead of saying it: "See 'What is the most important information I should know
# about X?'", "See the end of this Medication Guide for a list of ingredients", "... as above.", "the dose given
# above" (a section number or a table named in brackets, "(see Table 3)", is a citation, not a pointer).
_POINTER = re.compile(
    r"^see\s+(?:[\"“‘'(]|(?:also|below|above|the (?:end|section|table|figure|list|box|back)|this (?:leaflet|guide|"
    r"medication guide|insert))\b)|^refer to\b|"
    r"^see\s+(?:the\s+)?(?:full\s+)?(?:prescribing information|package insert|medication guide|patient information|"
    r"instructions for use|product information|labeling)\b|"
    r"\brefer to\b[^.]{0,80}\b(?:prescribing information|package insert|labeling|medication guide)\b|"
    r"\b(?:as|see|listed|described|mentioned|noted|stated|shown|given|outlined|discussed) above\b|"
    r"\bthe above(?:-mentioned)?\b|\bas (?:previously|already) (?:described|mentioned|noted|stated)\b",
    re.IGNORECASE)
_BRACKETED_XREF = re.compile(r"\[\s*see [^\[\]]*\]", re.IGNORECASE)  # "[see Dosing ( 2.4 ), Warnings ( 5.2 )]"
_XREF = re.compile(rf"[\[(]\s*see [^\])]*[\])]|{SECTION_REF}", re.IGNORECASE)
# Three numbers in a row with no word between: the cells of a table row ("30-49 10-29 <10").
_DECIMAL_PAIR = re.compile(r"\b\d+\.\d+\s+\d+\.\d+\b")  # "1.40 1.61": two ratios side by side in a table
_NUMBER_RUN = re.compile(r"(?:(?<=\s)|^)(?:[<>≤≥]?\d[\d.,%\-–]*\s+){2}[<>≤≥]?\d[\d.,%\-–]*(?=\s|$)")
_UNIT = re.compile(r"^(mg|mcg|µg|g|kg|ml|mL|L|%|mmol|meq|mEq|units?|iu|IU|hours?|hrs?|h|days?|weeks?|months?|years?|"
                   r"minutes?|min|times|tablets?|capsules?|doses?|mg/\w+|mcg/\w+|mL/\w+|patients|subjects)\b", re.I)
# a number directly after another, not a list ("Option 1 1.5 mg/kg every 8 hours Option 2 2.25 mg/kg"): two cells
_NUMBER_PAIR = re.compile(r"(?<![\d.,(])\b\d+(?:\.\d+)?\s+\d+(?:\.\d+)?\b(?![\d.]*\s*[,)])")
_ARM_SIZE = re.compile(r"\(?\bn\s*=\s*\d", re.IGNORECASE)  # "Placebo (n=355)": a table's column headers
# Table footnote marks and cell separators left in flattened text: "... food * Calculate CrCl ... † [See ...", a
# soft hyphen between cells.
_FOOTNOTE_MARKS = re.compile(r"\s[*†‡§]\s+[A-Z\[]|\s[†‡§]\s*$|\xad")
_TABLE_TITLE = re.compile(r"^(?:Table|Figure)\s+\d+", re.IGNORECASE)
# "1 includes the recommended dosage ...": a pointer to a table whose word "Table" a heading cut took
_TABLE_POINTER = re.compile(r"^\d+\s+(?:includes|shows|lists|summari[sz]es|presents|provides|describes|displays)\b")
_CHEMISTRY = re.compile(r"\b(structural formula|molecular formula|empirical formula|as shown below|"
                        r"all doses are in|doses are expressed in)\b", re.IGNORECASE)
_LEAD_IN_END = re.compile(r"\b(?:the following(?: \w+){0,3}|as follows|include|includes|including|such as)\s*$",
                          re.IGNORECASE)
_ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s+")
_LEADING_UNIT = re.compile(r"^(?:mg|mcg|ml|mL|g|%|units?)\b")
_LEADING_CONNECTOR = re.compile(r"^(?:and|or|but|of|to|which|with|that|than|including|such as|e\.g\.)\b")


# The same cells twice in a row, a number among them: "In-use (opened) ... 28 days 28 days", a flattened table row.
_REPEATED_CELLS = re.compile(r"(?:^|\s)((?:\S+\s+){0,3}?\S*\d\S*(?:\s+\S+){0,2}?)\s+\1(?=\s|$)")
# A sentence's first words right after a lower-case word or a number with no stop between: two statements run together.
# An imperative capitalised after a lower-case word is the cell after a table row's label too: "Known CYP2D6 poor
# metabolizers taking strong/moderate CYP3A4 inhibitors Administer a quarter of the recommended dosage." (REXULTI,
# Table 1 flattened into prose: the row is quoted with its header from the table itself, or not at all).
_RUN_TOGETHER = re.compile(r"(?<=[a-z0-9%])\s+(?:The|This|These|Dose|Dosage|Doses|Take|Avoid|Do not|Monitor|It is|"
                           r"There is|Patients should|Use of|Administer|Reduce|Double|Increase|Decrease|Discontinue|"
                           r"Consider|Initiate|Titrate|Give)\s+(?!(?:and|or|of|in|for|with)\b)[a-z]")
_SENTENCE_OPENERS = frozenset("The A An This These Those In For If When Our Each".split())
# A label's instructions open with a verb before the drug's name ("Store FENTORA at room temperature", "Take
# ZOLOFT ..."): one such word is a sentence, not a heading glued to it ("Hypertension Amlodipine ...").
_IMPERATIVES = frozenset("Store Keep Take Give Use Avoid Tell Stop Inject Apply Swallow Administer Initiate Start "
                         "Discontinue Continue Monitor Dispense Protect Shake Mix Dissolve Place Remove Return Dispose "
                         "Refrigerate Chew Crush Reduce Increase Titrate Call Ask Read Check Wash Prime Hold Insert "
                         "Open Prescribe Consider Instruct Advise Inform Withhold Resume Dilute Reconstitute "
                         "Transfer Discard".split())


def _title_words_at_start(tokens: list[str]) -> int:
    """How many Title Case words (connectors between them allowed) open the statement, up to its first other word;
    0 for a statement that opens as sentences do ("The Centers for Disease Control and Prevention ...")."""
    if not tokens or tokens[0] in _SENTENCE_OPENERS:
        return 0
    n = 0
    for tok in tokens:
        w = tok.strip(",;:()")
        if re.fullmatch(r"[A-Z][\w'/\-]*", w) and not w.isupper():
            n += 1
        elif w.lower() not in _CONNECTORS:
            break
    return n


def without_cross_references(text: str) -> str:
    """`text` with its cross-references ("[see Drug Interactions (7)]", "( 2.2 )") blanked out."""
    return _XREF.sub(" ", text)


_CONNECTORS = frozenset("and or of in for with the to on as at by and/or from after during".split())
_TOKEN = re.compile(r"\S+")


def _title_chain_end(text: str) -> int:
    """Where a heading of Title Case words ends and its sentence begins: 'Increased Mortality in Elderly Patients
    with Dementia-Related Psychosis Elderly patients with ...' -> the offset of the second 'Elderly'. The sentence
    starts at a capitalised word followed by a lower-case word, after at least three heading words; 0 when the
    text does not start so (an ordinary sentence starts with 'The', has punctuation, or a lower-case word early)."""
    tokens = list(_TOKEN.finditer(text[:300]))
    if len(tokens) < 5 or tokens[0].group() in ("The", "A", "An", "This", "These", "In", "For", "If", "When"):
        return 0
    for i, tok in enumerate(tokens[:-1]):
        word = tok.group()
        if re.search(r"[.,;:!?]$", word):
            return 0
        if word.lower() in _CONNECTORS:
            continue
        if not word[0].isupper():
            return 0
        nxt = tokens[i + 1].group()
        if i >= 3 and nxt[0].islower() and nxt.lower() not in _CONNECTORS and word.isalpha() \
                and (not word.isupper() or word == "A") and nxt not in _VERB_AFTER:
            # ("Clostridioides Difficile Associated Diarrhea has been reported ...": the subject and its verb)
            return tok.start()
    return 0


def trimmed(text: str) -> int:
    """How many characters at the start of `text` are a bullet, an 'EXCERPT:' tag or a heading glued to the
    sentence (0 when none). Invisible characters before it (a zero-width space or BOM some SPL text carries:
    "\u200b1.1 Hypertension Amlodipine ...") go with it.

    One loop: each turn cuts the first thing `_cut_at_start` finds at the start of what is left, until nothing more
    is cut or a cut would leave nothing. Cuts come in runs: a bullet hides a heading; a boxed warning's titles follow
    one another ("WARNING: INCREASED MORTALITY ...; and SUICIDAL ... Increased Mortality ... Elderly patients"); a
    table row flattened into text carries a heading per cell ("Thyroid supplement Thyroid Treatment of
    hypothyroidism ...": the class, then the drug, then the effect; issue 12 point 3, heldout_b b066)."""
    cut = len(text) - len(text.lstrip("\u200b\u200c\u200d\u2060\ufeff"))
    for _ in range(_MAX_CUTS):
        more = _cut_at_start(text[cut:])
        if not more or cut + more >= len(text):
            break
        cut += more
    return cut


_MAX_CUTS = 12  # a bound on the loop: a heading, a bullet or a tag is cut per turn, and real runs are a few long
_PREFIXES = (_BULLET, _EXCERPT, _FIGURE_CAPTION, _CAPS_RUN, _LEAD_IN_FIRST_ITEM, _GLUED_HEADING, _PLLR_HEADING)


def _cut_at_start(text: str) -> int:
    """The length of one bullet, tag, caption, lead-in or heading at the start of `text` (0 when none): the marked
    prefixes first (`_PREFIXES`), then a heading closed by a dash, then the headings without punctuation."""
    for rx in _PREFIXES:
        m = rx.match(text)
        if m and 0 < m.end() < len(text):
            return m.end()
    return _dash_heading_end(text) or _title_chain_end(text) or _short_heading_end(text) \
        or _opener_heading_end(text) or _repeated_topic_end(text) or _doubled_name_end(text) \
        or _heading_before_abbreviation_end(text) or _heading_run_end(text) or _repeated_opening_end(text) \
        or _heading_before_brand_end(text) or _how_to_heading_end(text) or _bracketed_title_end(text)


# A title whose last words are examples in brackets, run into its sentence: "Drugs that Interfere with Hemostasis
# (e.g., NSAIDs, Aspirin, and Warfarin) Serotonin release by platelets plays an important role ..." (a label's
# interaction heading; fix15b). The title: two to ten words, Title Case or small words ("that", "with"), no
# punctuation; the bracket holds no sentence end; the sentence opens with a capitalised word and a lower-case one.
_TITLE_THEN_BRACKET = re.compile(
    r"^(?P<title>[A-Z][\w'/\-]*(?:\s+(?:[A-Z][\w'/\-]*|that|which|with|without|of|and|or|the|for|in|to|on|by|from|at|"
    r"as|other|than)){1,9})\s*\((?P<inside>[^()\[\];:]{1,150})\)\s+(?=(?P<first>[A-Z][a-z][\w\-]*)\s+"
    r"(?P<next>[a-z][\w\-]*)\b)")


def _bracketed_title_end(text: str) -> int:
    """Where a Title Case title closed by a bracket (`_TITLE_THEN_BRACKET`) ends and its sentence begins, else 0. Not
    a product named with its ingredient ("Lipitor (atorvastatin calcium) Tablets are ..."): the title has two
    capitalised words, opens as no sentence does, and the word after the bracket is no product word and no subject
    of a verb right after it."""
    m = _TITLE_THEN_BRACKET.match(text)
    if not m:
        return 0
    words = m.group("title").split()
    if sum(w[0].isupper() for w in words) < 2 or words[0] in _SENTENCE_OPENERS or words[0] in _OPENERS \
            or m.group("first") in _PRODUCT_WORDS or m.group("next") in _VERB_AFTER \
            or m.group("next") in _CONNECTORS or re.search(r"[.!?]\s+[A-Z]", m.group("inside")):
        return 0
    return m.end()


def _how_to_heading_end(text: str) -> int:
    """Where a patient leaflet's "How to ..." heading (no question mark) glued before its instruction ends, else 0:
    "How to store your SPIRIVA RESPIMAT inhaler Store SPIRIVA RESPIMAT at room temperature ..." (fix14h); the
    instruction opens with a verb of `_IMPERATIVES`, capitalised, after a word with no punctuation."""
    if not re.match(r"How (?:to|do I|should I|can I)\s", text):
        return 0
    for tok in list(_TOKEN.finditer(text[:160]))[3:]:
        if re.search(r"[.,;:!?]", text[: tok.start()]):
            return 0
        if tok.group() in _IMPERATIVES:
            return tok.start()
    return 0


def _repeated_opening_end(text: str) -> int:
    """Where a title that the sentence after it repeats ends, else 0: the statement's first three words come back,
    the first capitalised, with no punctuation before them and not after a connector ("Premature discontinuation of
    rivaroxaban increases the risk of thrombotic events Premature discontinuation of any oral anticoagulant ...": a
    boxed warning's title run into its text, fix14h). The title holds no sentence end."""
    tokens = list(_TOKEN.finditer(text[:400]))
    if tokens and _LETTERED_ITEM.fullmatch(tokens[0].group()):
        tokens = tokens[1:]  # a boxed warning's lettered item: "(A) Premature discontinuation of ..."
    words = [t.group() for t in tokens]
    k = 3
    if len(words) < 2 * k + 1:
        return 0
    first = [w.lower().strip(",;:()") for w in words[:k]]
    for i in range(k, len(words) - k):
        before = words[i - 1]
        if before.endswith(_SENTENCE_ENDS):
            return 0  # a sentence end before any repeat: the opening is a sentence, not a title
        # (the words are lower-cased only where the first one comes back)
        if words[i][:1].isupper() and words[i].lower().strip(",;:()") == first[0] \
                and [w.lower().strip(",;:()") for w in words[i : i + k]] == first and not before.endswith(",") \
                and before.lower().strip(",;:()") not in _CONNECTORS:
            return tokens[i].start()
    return 0


_LETTERED_ITEM = re.compile(r"\(?[A-Za-z0-9]{1,3}[.)]")
_SENTENCE_ENDS = (".", "!", "?", ":", ";")


# A brand written with its mark ("Lovenox ®", "XARELTO®") as the subject of the sentence a heading was glued to:
# "Prophylaxis of Deep Vein Thrombosis Lovenox ® is indicated ..." (fix14h).
_BRAND_SUBJECT = re.compile(r"[A-Z][\w\-]*\s*[®™]\s*(?:\([^()]{1,40}\)\s*)?(?:[A-Z][\w\-]*\s+){0,3}?"
                            r"(?:is|are|was|were|has|have|can|may|should|must|contains?|reduces?|increases?)\b")


def _heading_before_brand_end(text: str) -> int:
    """Where a Title Case heading (two to eight words, connectors between them, no punctuation) glued before a brand
    written with its ® or ™ mark and its verb ends, else 0."""
    tokens = list(_TOKEN.finditer(text[:200]))
    titled = 0
    for tok in tokens[:10]:
        word = tok.group()
        if titled >= 2 and _BRAND_SUBJECT.match(text, tok.start()):
            return tok.start()
        if word.lower() in _CONNECTORS and titled:
            continue
        if not re.fullmatch(r"[A-Z][\w'/\-]*", word) or (not titled and word in _SENTENCE_OPENERS):
            return 0
        titled += 1
    return 0


def heading_end(text: str) -> int:
    """Where a heading of words glued before the sentence ends (0 when none): `trimmed`'s rules for headings without
    punctuation only. A run-in label closed by a colon ("Severe Hepatic Impairment: Consider reducing the dose ...")
    says whom the sentence is about and is kept: the key facts quote it whole."""
    return _title_chain_end(text) or _short_heading_end(text) or _opener_heading_end(text) \
        or _repeated_topic_end(text) or _doubled_name_end(text) or _heading_before_abbreviation_end(text)


# Words that open a label sentence and are written capitalised inside a heading only as its first word: imperatives
# to the prescriber ("Missed Dose Counsel patients ..."), prepositions and participles that open a clause ("Dosing in
# Low Weight Patients Compared to patients weighing >=60 kg, ...", "Herpes Zoster During the trials, ..."),
# quantifiers and the openers of data statements ("Liver Injury Some patients ...", "Risk Summary Available data
# ..."). After Title Case words and before a lower-case word, such a word starts the sentence the heading was glued
# to (issue 12, the fresh user's trial).
_OPENERS = frozenset(
    "Advise Inform Instruct Counsel Caution Verify Obtain Assess Evaluate Measure Perform Ensure Educate Encourage "
    "Tell Notify Inspect Restrict Weigh Determine Calculate Allow Administer Avoid Monitor Discontinue Initiate "
    "Consider Reduce Do Take Give Store Keep Dispose Check Withhold Stop "
    "Compared Based Following Among During Unlike Since While Across Within Upon Once Until Given Regardless Except "
    "At Of To On With Over Under After Before Prior Because Although If When In For As Clinical Safety "
    "Some All Many Several Most Few No Both Approximately Overall Only Nearly Almost "
    "Available Published Postmarketing Limited Data Studies Results Cases Reports There The This These".split())
# Of those, the nouns: a connector after them ("Drug Interaction Studies and ...") continues a heading.
_NOUN_OPENERS = frozenset("Clinical Safety Available Published Postmarketing Limited Data Studies Results Cases "
                          "Reports".split())


def _opener_heading_end(text: str) -> int:
    """Where a Title Case heading glued before its sentence ends when the sentence opens with one of `_OPENERS`
    followed by a lower-case word or a number ("Specific Populations Based on population ...", "Pregnancy Testing
    Verify that ...", "Cardiac Evaluation Obtain an ECG ..."), else 0. The heading: one to eight Title Case words
    (connectors between them), no punctuation; its first word is no sentence opener."""
    tokens = list(_TOKEN.finditer(text[:200]))
    if len(tokens) < 4 or tokens[0].group() in _OPENERS or not re.fullmatch(r"[A-Z][\w'/\-]*", tokens[0].group()):
        return 0
    content = 0
    for i, tok in enumerate(tokens[:9]):
        word = tok.group()
        if i and word in _OPENERS and content and i + 1 < len(tokens) \
                and re.match(r"[a-z0-9(]", tokens[i + 1].group()) and tokens[i - 1].group().lower() not in _CONNECTORS \
                and not (word in _NOUN_OPENERS and tokens[i + 1].group() in _CONNECTORS):
            return _heading_goes_on(tokens, i) or tok.start()
        if re.fullmatch(r"\(?[A-Z][\w'/\-]*\)?", word) and not word.isupper():
            content += 1
        elif word.lower() not in _CONNECTORS:
            return 0
    return 0


_PREPOSITIONS = frozenset("With Without Of To On At In For From During After Before Under Over Among Within".split())


def _heading_goes_on(tokens: list[re.Match[str]], i: int) -> int:
    """When the opener at tokens[i] is a preposition of the heading itself ("Cheese or Other Foods With a High Tyramine
    Content Hypertensive crises have ...": the heading goes on with an article and Title Case words up to a capitalised
    word followed by a lower-case word), where the sentence starts; else 0."""
    if tokens[i].group() not in _PREPOSITIONS:
        return 0
    titled = 0
    for j in range(i + 1, min(len(tokens) - 1, i + 10)):
        word, nxt = tokens[j].group(), tokens[j + 1].group()
        if word in ("a", "an", "the") or word in _CONNECTORS:
            continue
        if not re.fullmatch(r"[A-Z][a-z][\w'\-]*", word):
            return 0
        if titled and re.fullmatch(r"[a-z][a-z\-]*", nxt) and nxt not in _CONNECTORS:
            return tokens[j].start()
        titled += 1
    return 0


# An abbreviation or a class in capitals that opens a sentence ("NSAIDs cause ...", "ACE inhibitors ...", "MAOIs ...").
_ABBREVIATION = re.compile(r"[A-Z]{2,}[a-z]?s?")


def _heading_before_abbreviation_end(text: str) -> int:
    """Where a Title Case heading glued before a sentence that opens with an abbreviation in capitals ends
    ("Gastrointestinal Bleeding, Ulceration, and Perforation NSAIDs cause an increased risk ..."), else 0: two or more
    Title Case words (commas and connectors between them allowed, with a comma or a connector among them when only
    two), its first word no sentence opener, then the abbreviation (no product word: "USP", "HCl") and a lower-case
    word."""
    tokens = list(_TOKEN.finditer(text[:250]))
    if len(tokens) < 4 or tokens[0].group() in _OPENERS or tokens[0].group() in _SENTENCE_OPENERS:
        return 0
    titled, joined = 0, False
    for j, tok in enumerate(tokens[:-1]):
        word = tok.group()
        if word.lower() in _CONNECTORS:
            joined = True
            continue
        if j and titled >= 2 and (titled >= 3 or joined) and _ABBREVIATION.fullmatch(word) \
                and word not in _PRODUCT_WORDS and re.fullmatch(r"[a-z][a-z\-]*", tokens[j + 1].group()) \
                and tokens[j + 1].group() not in _CONNECTORS and not tokens[j - 1].group().endswith(","):
            return tok.start()
        bare = word.rstrip(",")
        if not re.fullmatch(r"[A-Z][a-z][\w'/\-]*", bare):
            return 0
        joined = joined or word.endswith(",")
        titled += 1
    return 0


def _doubled_name_end(text: str) -> int:
    """Where a heading that ends with a name glued before a sentence that opens with the same name ends ("Dosage for
    VOQUEZNA DUAL PAK VOQUEZNA DUAL PAK is a co-packaged product ...", "Drug Interactions Effect of other drugs on
    clopidogrel Clopidogrel is metabolized ..."), else 0: within the first twelve words, no punctuation before it, one
    to four words written twice in a row (any case), the second time capitalised and followed by a lower-case word."""
    tokens = list(_TOKEN.finditer(text[:200]))[:14]
    words = [t.group() for t in tokens]
    lows = [w.lower() for w in words]
    n = len(words)
    for i in range(1, 12):
        if i - 1 >= n or _PUNCTUATION.search(words[i - 1]):
            return 0
        if i + 2 > n - 1 or not words[i][0].isupper():
            continue  # no k fits, or the second time is not capitalised: no doubled name starts here
        for k in range(1, 5):
            if i + 2 * k > n - 1 or i < k:
                break
            if lows[i - k : i] == lows[i : i + k] and words[i + k][0].islower():
                return tokens[i].start()
    return 0


_PUNCTUATION = re.compile(r"[.,;:!?()\[\]]")


# Words of a product, not of a heading: "Metformin Hydrochloride Tablets are ..." names a product the sentence may name
# again, lower case.
_PRODUCT_WORDS = frozenset("Tablets Tablet Capsules Capsule Injection Solution Suspension Cream Ointment Gel Patch USP "
                           "Hydrochloride HCl Sodium Potassium Extended-Release Delayed-Release Oral Film Spray Powder "
                           "Lotion Drops Syrup Elixir Kit".split())


def _repeated_topic_end(text: str) -> int:
    """Where a heading glued before its sentence ends when the sentence names the heading's topic again in lower case
    ("Hyperkalemia Triamterene can cause hyperkalemia ...", "Serotonin Syndrome Caution patients about the risk of
    serotonin syndrome ..."), else 0: the longest run of one to six Title Case words at the start whose words come
    back, in lower case, later in the text, followed by a capitalised word and a lower-case word."""
    tokens = list(_TOKEN.finditer(text[:300]))
    if len(tokens) < 4 or tokens[0].group() in _OPENERS:
        return 0
    best = 0
    for k in range(1, 7):
        if k + 1 >= len(tokens):
            break
        head = [t.group() for t in tokens[:k]]
        if not all(re.fullmatch(r"[A-Z][a-z][\w'\-]*", w) or w in _CONNECTORS for w in head):
            break
        if head[-1] in _CONNECTORS:
            continue
        nxt, after = tokens[k].group(), tokens[k + 1].group()
        if not re.fullmatch(r"[A-Z][a-z][\w'\-]*", nxt) or nxt in _PRODUCT_WORDS or not re.match(r"[a-z]", after) \
                or after in _CONNECTORS or any(w in _PRODUCT_WORDS for w in head):
            continue
        phrase = r"\s+".join(re.escape(w.lower()) for w in head)
        if re.search(rf"(?<![\w-]){phrase}(?![\w-])", text[tokens[k].start():]):  # lower case: case-sensitive
            best = tokens[k].start()
    return best


# A word that opens a label sentence after a run of headings in sentence case (issue 12, fix12c): the starters, and
# the openers of a caveat ("Due to lack of data ...", "Limited data from ...", "Based on ...").
_RUN_OPENER = re.compile(rf"(?:{_STARTER}|Due|Limited|Based|Data|Following|Studies|Dabigatran|Although)$")
# A verb, a bracket or punctuation in what comes before: a clause of the sentence, not a heading.
_CLAUSE_MARK = re.compile(r"[.,;:()\[\]]|\b(?:is|are|was|were|be|been|has|have|had|may|can|could|should|must|will|"
                          r"would|does|do|did|not|no|occurr\w*|caused?|increase[sd]?|decrease[sd]?|reduce[sd]?|"
                          r"see|take|taking|use|used|using|given)\b", re.IGNORECASE)


def _heading_run_end(text: str) -> int:
    """Where a run of headings in sentence case ends and its sentence begins, else 0: 'Pediatric patients with renal
    impairment Treatment and reduction in risk of recurrence of VTE in pediatric patients Due to lack of data ...'
    -> the offset of 'Due'. The sentence opens at the last capitalised opener word (`_RUN_OPENER`) that follows a
    lower-case word and is followed by one, within the first 25 words, when nothing before it is a clause (no verb,
    no punctuation: `_CLAUSE_MARK`) and the text opens with a capitalised word."""
    tokens = list(_TOKEN.finditer(text[:250]))
    if len(tokens) < 5 or not re.fullmatch(r"[A-Z][a-z][\w\-]*", tokens[0].group()) \
            or tokens[0].group() in _SENTENCE_OPENERS:
        return 0
    clause = _CLAUSE_MARK.search(text, 0, 250)
    limit = clause.start() if clause else 250
    best = 0
    for i in range(2, min(25, len(tokens) - 1)):
        word, before, after = tokens[i].group(), tokens[i - 1].group(), tokens[i + 1].group()
        if tokens[i].start() > limit:
            break
        if _RUN_OPENER.match(word) and re.fullmatch(r"[a-z][\w\-]*", before) and re.fullmatch(r"[a-z][\w\-]*", after):
            best = tokens[i].start()
    return best


def heading_before_name(text: str, names: re.Pattern[str]) -> int:
    """Where the drug's own name starts after a short Title Case heading glued before it ("Hypertension Amlodipine
    besylate tablets are indicated ...", "Heart Failure Spironolactone is indicated ..."), else 0: up to six
    capitalised words (connectors between them) with no punctuation, then the name, capitalised. `names` matches
    the drug's names (Corpus.names_pattern)."""
    caps = _caps_heading_before_name(text, names)
    if caps:
        return caps
    m = names.search(text, 0, 100)
    if not m or m.start() == 0 or not text[m.start()].isupper():
        return 0
    words = text[: m.start()].split()
    if not words or len(words) > 6 or words[0] in _SENTENCE_OPENERS or re.search(r"[.,;:!?()\[\]]", text[: m.start()]):
        return 0
    if len(words) == 1 and words[0] in _IMPERATIVES:
        return 0  # "Store FENTORA at room temperature": the verb of the sentence (was cut to "FENTORA at room ...")
    if all(w[0].isupper() or w.lower() in _CONNECTORS for w in words) and words[-1].lower() not in _CONNECTORS:
        return m.start()
    return 0


def _caps_heading_before_name(text: str, names: re.Pattern[str]) -> int:
    """Where the drug's name starts after a heading in capitals (a boxed warning's title): "IMPAIRED ABILITY TO DRIVE
    OR ENGAGE IN OTHER POTENTIALLY HAZARDOUS ACTIVITIES ZURZUVAE causes driving impairment ...", "INCREASED RISK OF
    DEATH, MYOCARDIAL INFARCTION, STROKE ... JESDUVROQ increases ...": at least three words in capitals (commas and
    small connectors between them), then the name and a lower-case word; else 0 (fix12g). A brand written in capitals
    as the subject ("VOQUEZNA TRIPLE PAK and VOQUEZNA DUAL PAK were shown ...") opens with the name: no heading."""
    m = names.search(text, 0, 240)
    if not m or m.start() == 0 or not re.match(r"[A-Z][A-Z0-9®™-]*\s+[a-z]", text[m.start():]):
        return 0
    head = text[: m.start()]
    words = head.replace(",", " ").split()
    if len(words) < 3 or re.search(r"[.;:!?\[\]]", head) or names.search(head):
        return 0
    if all((w.isupper() and any(c.isalpha() for c in w)) or w.lower() in _CONNECTORS for w in words) \
            and sum(w.isupper() for w in words) >= 3:
        return m.start()
    return 0


def _dash_heading_end(text: str) -> int:
    """After a heading closed by a dash ('Dosing in Special Populations Hepatic Impairment — Avoid use ...'): a
    short prefix without punctuation, mostly capitalised words."""
    m = re.search(r"\s[—–]\s*(?=[A-Z])", text[:120])
    if not m or re.search(r"[.;:]", text[: m.start()]):
        return 0
    words = text[: m.start()].split()
    capitals = sum(1 for w in words if w[0].isupper() or w.lower() in _CONNECTORS)
    if "," in text[: m.start()]:
        # "Pharmacokinetics Oral Administration, Monotherapy — Olanzapine is ...": a comma in a heading of capitalised
        # words only (a clause before a dash has lower-case words)
        return m.end() if words and capitals == len(words) else 0
    return m.end() if words and capitals >= 0.6 * len(words) else 0


# "5th", "(95th": a percentile or an ordinal is a word of prose, not a table's bare cell.
_ORDINAL = re.compile(r"^\(?\d+(?:st|nd|rd|th)\b")


def _range_with_unit(tokens: list[str], i: int) -> bool:
    """tokens[i] opens a range whose end has its unit ("21 to 54 hours", "12 to 47 L/hr"): prose, not two cells."""
    return (i + 3 < len(tokens) and tokens[i + 1].lower() in ("to", "and", "-", "–")
            and bool(re.fullmatch(r"\d[\d.,]*", tokens[i + 2])) and bool(_UNIT.match(tokens[i + 3])))


_DIGIT = re.compile(r"\d")
# A list item cut from its lead-in: an age or dose range closed by a colon, then the item's text in lower case ("1 year
# to 12 years of age: oseltamivir phosphate for prophylaxis in pediatric patients ... is supported by ...", under a
# lead-in the statement lost); the first word of a statement of its own is capitalised (heldout_c c051).
_NUMBER_LABEL_ITEM = re.compile(r"^[(\[]?[<>≤≥]?\d[^.:;!?\[\]]{0,60}?:\s+[a-z]")


@lru_cache(maxsize=65536)  # pure: the same sentence is checked for every facet, label reading and question
def problem(text: str, *, items: bool = False) -> str | None:
    """Why `text` cannot stand alone as a statement, or None when it can. `items`: the text is from a Drug Facts
    label, whose list items start in lower case ("take 1 tablet every 4 hours")."""
    t = text.strip()
    if not t:
        return "empty"
    if t.endswith((":", ",")) or _LEAD_IN_END.search(t) \
            or without_cross_references(t).rstrip(" .").endswith((",", ":")):
        # ("Monoamine Oxidase Inhibitors (MAOIs): (2.9, 2.10, 4.1, 5.2)": a highlights heading and its references)
        return "a list lead-in without its items"  # "Congenital or acquired long QT syndrome, ( 4 )": an item
    if t.endswith("?"):
        return "a question (a patient leaflet's heading)"
    if t.startswith("|") or " | " in t or _TABLE_TITLE.match(t) or re.match(r"examples?\s*:", t, re.I) \
            or _FOOTNOTE_MARKS.search(t):
        return "a table fragment"
    tokens = t.split()
    numeric = [i for i, w in enumerate(tokens) if _DIGIT.search(w)]
    # prose gives a number its unit ("10 mg, 20 mg"); a table row's cells are bare numbers
    bare = [i for i in numeric if (i + 1 >= len(tokens) or not _UNIT.match(tokens[i + 1]))
            and not _ORDINAL.match(tokens[i]) and not _range_with_unit(tokens, i)]
    # (each pattern of a flattened table needs a digit: text without one is spared them; the same cells twice
    # need a token with a digit twice)
    if numeric and ((len(numeric) >= 8 and len(bare) >= 4) or len(_ARM_SIZE.findall(t)) >= 2
                    or _NUMBER_RUN.search(t) or _DECIMAL_PAIR.search(t)):
        return "a table flattened into text"
    if numeric and ((len({tokens[i] for i in numeric}) < len(numeric) and _REPEATED_CELLS.search(t))
                    or len(_NUMBER_PAIR.findall(_XREF.sub(" ", t))) >= 2):
        return "a table flattened into text"
    if not items and not re.search(r"[.!?)\]]$", t) and len(tokens) <= 6:
        return "a heading"
    if not items and not re.search(r"[.!?)\]]$", t) and ":" in t:
        # "contraindicated in the patients with: Hyperkalemia Addison's disease Concomitant use of ...": a lead-in
        # whose items lost their separators, so nothing tells where the list (and the statement) ends
        return "a list flattened into text"
    if not items and not re.search(r"[.!?)\]]$", t) and len(tokens) >= 7:
        # "Reactions that occurred in ≥1% of modafinil-treated patients ... in Narcolepsy, OSA, and SWD": a table's
        # caption or a line cut from its sentence; a statement ends as sentences do
        return "not a whole sentence (no sentence end)"
    if _RUN_TOGETHER.search(_BRACKETED_XREF.sub(" ", t)):  # "[see Dosage and Administration (2.1)]" is a title
        # "... over a period of approximately 3 days Dose should be adjusted in patients with reduced renal function":
        # two highlights bullets whose break openFDA dropped
        return "two statements run together"
    if _title_words_at_start(tokens) >= 6:
        # "Lipid-Lowering Drugs Lomitapide Lovastatin Simvastatin Contraindicated ...", "Effect of Other Drugs on the
        # Metabolism of Donepezil Hydrochloride Tablets Ketoconazole and ...": a heading or table row label glued to
        # a sentence with no telling where it ends (trimmed() cut what it could tell)
        return "a heading glued to the sentence"
    if not re.search(r"[.!?)\]]$", t) and len(tokens) <= 16:
        capitals = sum(1 for w in tokens if w[0].isupper() or w.lower() in _CONNECTORS)
        if capitals == len(tokens):
            return "a heading"
    if _CHEMISTRY.search(t) or _TABLE_POINTER.match(t):
        return "a cross-reference or boilerplate"
    if _may_point(t) and (_BOILERPLATE.search(t) or _POINTER.search(t)):
        return "a cross-reference or boilerplate"
    rest = _XREF.sub(" ", _BRACKETED_XREF.sub(" ", t))
    if len(re.findall(r"[A-Za-z]{3,}", rest)) < 4 or len(rest.strip(" .;,")) < 0.4 * len(t):
        return "a cross-reference or boilerplate"  # cross-references make up most of it
    letters = [c for c in t if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return "a heading in capitals"
    # a Drug Facts "Use(s)" item is an infinitive ("Use to regrow hair on the top of the scalp", "Uses ■ to
    # prevent ..."): whole as an item, a fragment in prose
    if not items and _NUMBER_LABEL_ITEM.match(t):
        return "a list item without its lead-in"
    bare = _ENUMERATOR.sub("", t, count=1)  # "3. jaundice (intrahepatic cholestatic jaundice)": an item of a list
    if (_LEADING_CONNECTOR.match(t) and not (items and re.match(r"to [a-z]", t))) or \
            ((t[0].islower() or bare[:1].islower()) and not items) or _LEADING_UNIT.match(t):
        return "a fragment of a longer sentence"
    if t.count("(") != t.count(")") or t.count("[") != t.count("]"):
        return "a fragment (unbalanced brackets)"
    return None


# Words one of _BOILERPLATE's or _POINTER's patterns holds (lower case): ASCII text with none of them, and not
# opening with "see", "for" or "refer", matches neither, and is spared the two case-blind searches (a fifth of
# `problem`'s time on label text).
_POINTER_WORDS = ("see full", "highlights", "prescribing information", "approval", "revised", "information",
                  "omitted", "elsewhere", "other sections", "refer to", "table", "report suspected", "below",
                  "figure", "above", "as previously", "as already")


def _may_point(t: str) -> bool:
    if not t.isascii():
        return True
    low = t.lower()
    return low.startswith(("see", "for", "refer")) or any(w in low for w in _POINTER_WORDS)


# A statement whose subject is the sentence before it (issue 12, the fresh-user trial): a pronoun or a demonstrative
# with a noun ("It should not be used ...", "Its half-life ranges ...", "These events occurred ...", "This effect
# ...", "Such patients ..."), or a connective that answers the sentence before ("However, ..."). An expletive "it"
# ("It is not known whether ...", "It is recommended that ...") and "This/These" + the product ("This product
# contains ...", "These tablets ...") say whom they are about and stand alone.
_LEANS = re.compile(
    r"^(?:(?:It|They|Its|Their|Them|He|She|Such)\b|"
    r"(?:This|These|Those|That)\s+(?!(?:drug|medicine|medication|product|tablets?|capsules?|label|leaflet)\b)"
    r"[a-z]|(?:Nevertheless|However|Therefore|Thus|Hence|Similarly|Conversely|In contrast|Likewise|Consequently|"
    r"Accordingly|Nonetheless|Also|In addition|Additionally|In such cases|In this case|In these patients|"
    # the second half of a contrast ("Whereas the exposure was higher ...") and a sentence that points to what came
    # before ("As above, ...", "As described above ...", "As with other ...s" stands alone)
    r"Whereas|As (?:(?:described|noted|mentioned|stated|discussed|shown|outlined|listed) )?above|"
    r"(?:Otherwise|Instead|Alternatively|Furthermore|Moreover|Yet)\b,?)\b)"
)
_EXPLETIVE_IT = re.compile(
    r"^It\s+(?:is|was|has been|may be|should be|would be|can be|must be|is not|was not)\s+(?:not\s+)?"
    r"(?:\w+ly\s+)?(?:known|unknown|recommended|advised|advisable|important|essential|necessary|prudent|possible|"
    r"likely|unlikely|unclear|clear|uncertain|not known|expected|suggested|reasonable|critical|desirable|"
    r"appropriate|imperative|difficult)\b(?=[^.]{0,200}\b(?:that|whether|if|to|for)\b)"
)


# The same after a short opening phrase: "In the airways, it exhibits ...", "In these patients, they ...".
_LEANS_AFTER_PHRASE = re.compile(r"^[A-Z][^,.;:]{0,50},\s+(?:it|its|they|their|such|this|these)\s+[a-z]")


def leans_on_previous(text: str) -> bool:
    """Whether `text` (one statement, trimmed) reads only with the sentence before it: it opens with a pronoun, a
    demonstrative and its noun ("These events occurred in ...", "Such patients ...") or a connective ("However,
    ..."), also after a short opening phrase ("In the airways, it exhibits ..."), not with an expletive "It is not
    known whether ..." or "This product ..."."""
    t = text.lstrip()
    if _LEANS_AFTER_PHRASE.match(t) and not re.match(r"^[^,]*,\s+(?:this|these)\s+(?:drug|medicine|medication|"
                                                      r"product|tablets?|capsules?)\b", t):
        return True
    return bool(_LEANS.match(t)) and not _EXPLETIVE_IT.match(t)


# Words after which a capitalised word is the subject of the sentence, not the start of one: "Toxic Epidermal
# Necrolysis has been reported" (no heading), against "Adrenal Insufficiency Cases of ... have been reported".
_VERB_AFTER = frozenset("is are was were has have had may can could should must will would does do did might "
                        "occurs occurred appears appeared".split())
_FUNCTION = frozenset("with of in for to the a an is are was were be been by at on as from than that this or not "
                      "may can should has have will".split())


def _short_heading_end(text: str) -> int:
    """Where a short heading glued before its sentence ends, for the headings `_title_chain_end` leaves (fewer than
    three words, or in sentence case), else 0:

    - the heading's first word comes back, capitalised, to open the sentence ("Thyroiditis Thyroiditis occurred
      in 2.8%", "Hepatic Insufficiency Hepatically impaired patients ...", "Medication Errors Medication errors
      ..."): the same stem (6 letters) within the first five words;
    - two Title Case words before a capitalised word and a lower-case one that is no verb ("Adrenal Insufficiency
      Cases of adrenal insufficiency ...", but not "Toxic Epidermal Necrolysis has been reported");
    - a heading in sentence case, its later words lower case and no function words ("Renal impairment Adjustment of
      the dosing schedule ...", "Labor and delivery Misoprostol can induce ...")."""
    tokens = list(_TOKEN.finditer(text[:200]))
    if len(tokens) < 4 or tokens[0].group() in _SENTENCE_OPENERS or re.match(_STARTER + r"$", tokens[0].group()):
        return 0
    first = tokens[0].group()
    if not re.fullmatch(r"[A-Z][a-z][\w\-]*", first):
        return 0
    for i in range(1, min(5, len(tokens) - 1)):
        word, before = tokens[i].group(), tokens[i - 1].group()
        if not re.fullmatch(r"[A-Za-z][\w\-]*", before):
            return 0  # punctuation ends any heading: a sentence
        if re.fullmatch(r"[A-Z][a-z][\w\-]*", word) and word[:6].lower() == first[:6].lower():
            return tokens[i].start()
    w = [t.group() for t in tokens[:4]]
    title = re.compile(r"[A-Z][a-z][\w\-]*")
    if title.fullmatch(w[0]) and title.fullmatch(w[1]) and title.fullmatch(w[2]) and re.fullmatch(r"[a-z]+", w[3]) \
            and w[3] not in _VERB_AFTER and w[3] not in _FUNCTION and w[3] not in _CONNECTORS \
            and not w[3].endswith(("ed", "s")) and w[1].lower() not in _CONNECTORS:
        return tokens[2].start()
    k = 1
    while k < min(4, len(tokens) - 2) and re.fullmatch(r"[a-z][a-z\-]*", tokens[k].group()) \
            and tokens[k].group() not in _FUNCTION:
        k += 1
    if k >= 2 and re.fullmatch(r"[A-Z][a-z][\w\-]*", tokens[k].group()) \
            and re.fullmatch(r"[a-z(][\w\-]*", tokens[k + 1].group()) and tokens[k].group() not in _SENTENCE_OPENERS:
        return tokens[k].start()
    return 0
