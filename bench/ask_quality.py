"""Answer quality on the dev question set (issue 12): per intent and overall, from warm `ask` briefs.

    python bench/ask_quality.py [--heldout] [--json] [--show-failures] [--db PATH] [--files GLOB] [--csv PATH]

Reads bench/questions/dev_*.jsonl (heldout_*.jsonl with --heldout; any files with --files; format in
bench/questions/README.md), opens the store once (MEDBRIEF_DB or --db; hybrid retrieval when the store holds
vectors of the installed model), asks every question once after one warm-up ask, and reports:

1. gold section first: (gold.in_corpus) the label tier's answer has a statement whose support passage's
   section_code is in gold.section_codes; the answer is the FIRST block, or, when that is the "Key facts" lead
   (issue 15.4), the lead's first statement plus the block after it ("section_first_block" in --json keeps the
   plain first-block rate).
2. gold sentence present: (gold.in_corpus) some label-tier statement is a gold sentence: same passage id with an
   overlapping span, or the same text up to white space, case and punctuation (one contains the other, or token
   overlap >= 0.8 of the shorter): other labels of the drug carry the same sentence under other passage ids.
3. false "nothing on": (gold.in_corpus) briefs with a note saying the label lacks what the intent asks
   (`lacks_note`); and for questions whose answer is not in the corpus, the share that say so honestly (a
   covering note) without filling the label tier with statements.
4. broken statements: an independent detector (`broken_rules`, tests in tests/bench/) over every statement of
   every tier: list lead-ins, table fragments, cross-reference boilerplate, headings glued to a sentence,
   lowercase / dangling starts, unbalanced brackets, truncated text; items run together (a section reference, a
   "[see ...]" or a " - " between them), a list item without its lead-in (no verb), a demonstrative whose referent
   is not in the statement. `bench/standalone_agreement.py` scores it against a pharmacist's verdicts.
5. research on-topic: (questions naming a drug) research statements that mention the drug (canonical name,
   the corpus's names for it, a class word) and, when the question has must_match terms, one of those too
   (word forms compared by their first 6 letters: "psoriatic" meets "psoriasis").
6. warm ask latency p50 / p95 in ms (time.perf_counter around `ask_store`).

The table is Markdown; --json prints the summary and every question's record instead (--csv also writes one
row per question); --show-failures lists each miss, false note, broken and off-topic statement.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import glob
import json
import math
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from environment import commit, machine, percentile  # bench/environment.py

from medbrief import pipeline
from medbrief.errors import MedbriefError
from medbrief.retrieve.corpus import Corpus
from medbrief.settings import Settings

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions"

# ---------------------------------------------------------------------------------------------------------------
# 4. Broken statements: an independent detector (it shares no code with medbrief's own sentence filters).

_LIST_LEAD_IN = re.compile(r":\s*$")
_TABLE_PIPE = re.compile(r"^\s*\||\s\|\s|\|\s*$")
# two bare numbers in a row, outside a section reference: "30 to 50 250 to 500 mg", "days 1 Inhalational ... 2 15"
_BARE_NUMBERS = re.compile(r"(?<![\d.,(])\b\d+(?:\.\d+)?\s+\d+(?:\.\d+)?\b(?![\d.]*\s*[,)])")
_BOILERPLATE = re.compile(
    r"see full prescribing information|these highlights do not include all|^\s*revised\s*:|"
    r"see \d+(\.\d+)? for (patient counseling|fda-approved)|^\s*initial u\.?s\.? approval\b|"
    r"^\s*(full prescribing information|highlights of prescribing information)\s*:?\s*$",
    re.I,
)
_XREF_BRACKET = re.compile(r"\[\s*see [^\]]*\]|\(\s*see [^)]*\)", re.I)
_SECTION_REF = re.compile(r"\(\s*\d+(\.\d+)*(\s*[,;]\s*\d+(\.\d+)*)*\s*\)")
_SEE_SENTENCE = re.compile(r"^\s*[\[(]?\s*(see|refer to)\b[^.]{0,160}\(\s*\d+(\.\d+)*[^)]*\)\s*[\])]?\s*\.?\s*$", re.I)
# "2.1 Recommended Dosage The ...", "5 WARNINGS AND PRECAUTIONS ..."
_NUMBERED_HEADING = re.compile(r"^\s*\d+(\.\d+)+\s+[A-Z]|^\s*\d+\s+[A-Z]{3,}\b")
# "Renal Impairment : Prior to ..." (a heading flattened with a spaced colon)
_SPACED_COLON_HEADING = re.compile(r"^\s*[A-Z][\w'/-]*(\s+(?:[A-Z(][\w'/)-]*|of|and|in|with|for|or|the|to)){0,6}\s+:\s")
# "WARNING: SUICIDAL THOUGHTS ...", "BACKGROUND: ...", "INDICATIONS AND USAGE Tizanidine is ..."
_CAPS_LABEL = re.compile(r"^\s*[A-Z]{4,}(\s+[A-Z]{2,})*\s*:\s")
_CAPS_RUN = re.compile(r"\b[A-Z]{2,}[A-Z,:&/'-]*(\s+(AND|OR|OF|IN|TO|WITH|FOR|THE|[A-Z]{3,}[A-Z,:&/'-]*)){3,}")
# a sentence-starting word written mid-sentence right after a short heading with no punctuation between:
# "Mycophenolate mofetil Oral The recommended dose", "Pediatric Use Safety and effectiveness"
_GLUED_START = re.compile(
    r"^\s*[A-Za-z][\w'/-]*(\s+[\w'/()-]+){0,5}?\s+(The|This|These|Those|Each|If|When|Do|Take|Tell|Patients|Safety|"
    r"There|It|Before|Avoid|Treatment|Administer|Because|In patients|Use of|Inform|Advise)\s+[a-z]"
)
_TITLE_WORD = re.compile(r"^[A-Z][\w'/-]*$")
_CONNECTORS = frozenset("of and in with for or the to a an on by and/or".split())
# "Trials for all Approved Indications — The most commonly observed ..."
_DASH_HEADING = re.compile(r"^[^.;:]{3,80}?\s[—–]\s+(The|This|These|In|For|If|When|Patients|Use|Avoid|Do|Take)\b")
# a highlights item quoted whole: its title, section number and text ("Systemic Lupus Erythematosus in Adults ( 2.4 ):
# 200 mg once daily or 400 mg once daily (or in two divided doses)"): highlights write no full stops
_HIGHLIGHT_ITEM = re.compile(r"^[A-Z][^:.]{2,120}\(\s*\d+(\.\d+)*\s*\)\s*:\s+\S")
_TERMINAL = re.compile(r"[.!?](['\"”’)\]]*)\s*$")
_HIGHLIGHT_END = re.compile(r"\(\s*\d+(\.\d+)*(\s*[,;]\s*\d+(\.\d+)*)*\s*\)\s*$|\[\s*see [^\]]*\]\s*$", re.I)
_LOWER_OK = re.compile(r"^(e[A-Z]|i[A-Z]|mg\b|mcg\b|pH\b|p-|m-|o-|d-|l-|n-|α|β|γ)")
# a dose line that opens with its amount ("1 tablet (1 g) twice daily (morning and night) for adults and pediatric
# patients over 12 years of age.", "10 mEq (1080 mg) are pale yellow ... tablets"): its first letter is the unit's, so
# it is no lowercase start when it says whom it is for or is a full sentence; a bare item ("1 tablet twice daily")
# without either is (fix12g)
_DOSE_START = re.compile(r"^\s*(\d+(\.\d+)?|\d+/\d+)(\s*(to|-|–)\s*(\d+(\.\d+)?|\d+/\d+))?\s+(tablets?|capsules?|"
                         r"caplets?|g|ml|mL|units?|packets?|drops?|puffs?|sprays?|teaspoons?|tablespoons?|mEq|mmol)\b")
_WHOM_OR_VERB = re.compile(r"\b(adults?|patients?|children|pediatric|years of age|elderly|infants?|women|men|is|are|"
                           r"was|were|should|may|must|can|contains?|provides?)\b", re.I)
# a product name with its strength opens the sentence ("Prednisolone Sodium Phosphate Oral Solution (10 mg Prednisolone
# per 5 mL) ... contains the following inactive ingredients: ..."): its capitalised words are the subject, no heading
_PRODUCT_NAME = re.compile(r"^\s*(?:[A-Z][\w'/-]*\s+){2,8}\(\s*\d[\d.,]*\s*(?:mg|mcg|g|mL|%|units?|mEq)\b")
# ... or a product name that ends with its dosage form (", USP" after it) and is the subject of the sentence's verb
# ("Rizatriptan Benzoate Orally Disintegrating Tablets, USP are available in strengths of 5 mg and 10 mg ...")
_PRODUCT_SUBJECT = re.compile(
    r"^\s*(?:(?!(?:How|Supplied|Storage|Handling|Dosage|Forms|Strengths|Description|Packaging)\b)[A-Z][\w'/-]*\s+){1,8}"
    r"(?:Tablets?|Capsules?|Injection|Solution|Suspension|Cream|Ointment|Gel|Patch|"
    r"Lotion|Syrup|Elixir|Spray|Powder|Film|Granules|Suppositor(?:y|ies)|Inhaler)(?:,?\s+(?:USP|NF))?,?\s+"
    r"(?:is|are|was|were|contains?|should|must|may|can|will|has|have|consists?)\b")
_DANGLING = re.compile(
    r"^\s*([,;:.)\]]|(and|or|but|nor|than|which|whereas|followed by|such as|including|except|respectively)\b)", re.I
)
_ENUMERATOR = re.compile(r"(^|\s)(\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)")
# a lead-in with its items ("contraindicated in patients with:\n- ...\n- ..."), or a category line listing at least
# three items ("Gastrointestinal: abdominal distention, hiccups, nausea, pancreatitis")
_COMPLETE_LIST = re.compile(r":\s*\n\s*[-•*o]\s.*\n\s*[-•*o]\s|^[A-Z][\w /-]{2,40}:\s*[^,:]+(,[^,:]+){3,}$", re.S)
# A list's lead-in (a clause: "X is indicated for:", "contraindicated in patients with:", "available as follows:")
# with one complete item after it, which ends as the item does, often with no full stop (both pharmacists' gold
# rule: "a lead-in with a colon followed by just its first item, where that item is complete, is true")
_LEAD_IN_WITH_ITEM = re.compile(
    r"^[A-Z][^:]{5,200}?\b(?:indicated|contraindicated|available|supplied|include[sd]?|following|recommended|"
    r"patients(?: with)?|as follows)\b[^:]{0,60}:\s+[^:]*?[A-Za-z]\w*(?:\s+\S+){2,}\s*(?:\([^()]*\)|\[[^\]]*\])?\s*$")
_BULLET = re.compile(r"^\s*([•·▪◦‣∙*–-]|o(?=\s+[A-Z]))\s+")


def without_quoted_heading(text: str, quotes: list[str]) -> str:
    """The statement without the heading quoted after it in brackets ("... 25 mg to 100 mg daily (Hypertension)."):
    a dose stated with the heading it stands under, whose own verbatim spans are the statement's support after the
    first (`quotes`, in order). That heading is a second quoted span, as a list item's lead-in is, not a heading run
    into the sentence; any other bracketed Title Case text is still read as one."""
    if len(quotes) < 2:
        return text
    tail = " (" + ", ".join(q.strip() for q in quotes[1:]) + ")"
    body = text.rstrip()
    stop = "." if body.endswith(".") else ""
    body = body[: len(body) - len(stop)]
    return body[: -len(tail)] + stop if body.endswith(tail) else text


def broken_rules(text: str, *, list_item_ok: bool = False) -> list[str]:
    """The reasons a statement does not stand alone (empty when it is fine). `list_item_ok`: a Drug Facts list
    item (OTC labels write "take 2 tablets every 4 hours" lowercase, without a full stop)."""
    t = _BULLET.sub("", text.strip())
    out: list[str] = []
    if not t:
        return ["empty"]
    if _LIST_LEAD_IN.search(t):
        out.append("list_lead_in")
    if _TABLE_PIPE.search(t) or len(_BARE_NUMBERS.findall(_SECTION_REF.sub(" ", t))) >= 2:
        out.append("table_fragment")
    if _BOILERPLATE.search(t) or _SEE_SENTENCE.match(t):
        out.append("boilerplate")
    else:
        rest = _SECTION_REF.sub(" ", _XREF_BRACKET.sub(" ", t))
        if len(re.findall(r"[A-Za-z]{3,}", rest)) < 3 or len(rest.strip(" .;,")) < 0.4 * len(t):
            out.append("boilerplate")  # cross-references make up most of it
    words = t.split()
    if _table_row_with_header(t):
        # "Indication: Schizophrenia-Adults ( 2.2 ); Maximum Dose: 750 mg/day.": a table row quoted with its header
        # (issue 12 point 3); its column names are not a heading glued to a sentence
        return out + (["unbalanced_brackets"] if not _balanced(t) else [])
    # a cross-reference names sections in capitals ("[see USE IN SPECIFIC POPULATIONS ( 8.6 )]"): no heading
    if (_NUMBERED_HEADING.match(t) or _SPACED_COLON_HEADING.match(t) or _CAPS_LABEL.match(t)
            or _caps_heading(_XREF_BRACKET.sub(" ", t))
            or _GLUED_START.match(t) or _DASH_HEADING.match(t) or _repeated_lead(words)
            or (_title_run(words) >= 5 and not _PRODUCT_NAME.match(t) and not _PRODUCT_SUBJECT.match(t))):
        out.append("heading_glued")
    first = re.search(r"[A-Za-z]", t)
    if _DANGLING.match(t):
        out.append("dangling_start")
    elif first and first.group().islower() and not _LOWER_OK.match(t[first.start():]) and not list_item_ok \
            and not (_DOSE_START.match(t) and _WHOM_OR_VERB.search(t)):
        out.append("lowercase_start")
    out += [r for r in _stand_alone_faults(t, words) if r not in out]
    if not _balanced(t) and not _balanced(_ENUMERATOR.sub(" ", t)):  # "1) take ... 2) stop ..." is a list
        out.append("unbalanced_brackets")
    if (not _TERMINAL.search(t) and not _HIGHLIGHT_END.search(t) and not list_item_ok and "list_lead_in" not in out
            and not _COMPLETE_LIST.search(t) and not _HIGHLIGHT_ITEM.match(t) and not _LEAD_IN_WITH_ITEM.match(t)):
        out.append("truncated")
    return out


# -- statements that read as part of something else (issue 12 point 3, det13: rules written against a pharmacist's
# per-statement verdicts, bench/gold/standalone_dev_gold.jsonl) ------------------------------------------------------

# (read on the statement with each "[see ...]" cross-reference masked as "[see]": the section numbers inside one are no
# item boundary)
_REF_OR_SEE = r"(?:\(\s*\d+(?:\.\d+)*(?:\s*[,;]\s*\d+(?:\.\d+)*)*\s*\)|\[see\])"
# a section reference or "[see ...]" in the MIDDLE followed by the next item: a capitalised word ("... adults. ( 1.1 )
# Increasing myocardial contractility ..."), or a flattened bullet ("(2.1) - In patients ...")
_MID_REF_NEW_ITEM = re.compile(_REF_OR_SEE + r"\s*\.?\s+(?:[-•▪◦]\s+)?(?=[A-Z][a-z]|[A-Z]{2,}\b)")
_MID_REF_ANY = re.compile(_REF_OR_SEE + r"\s*\.?\s+(?=[A-Za-z])")
# Highlights lines joined by their bullets: "...fibrillation: - The recommended dose ..." (a newline list is fine)
# (not the first item right after its lead-in, "indicated for: • Hypertension ...", nor a name: "Stevens - Johnson")
_INLINE_BULLET = re.compile(r"(?<![:\s])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})(?<!\b[A-Z][a-z]{4})"
                            r"(?<!\b[A-Z][a-z]{5})(?<!\b[A-Z][a-z]{6})(?<!\b[A-Z][a-z]{7})[ \t]+[-•▪◦][ \t]+[A-Z][a-z]")
# a lead-in that announces items: "indicated for:", "patients with:", "the following:", "include:"
_LEAD_IN_COLON = re.compile(r"\b(for|with|following(?:\s+[a-z]+){0,2}|include|includes|including|as follows|are|is|"
                            r"in)\s*:\s*", re.I)
# a sentence start after a lowercase word with no punctuation between: "... in adults The recommended dose ..."
_MID_SENTENCE_START = re.compile(r"(?<=[a-z0-9%)])\s+(The|This|These|Those|It|If|When|Patients|Do not|Take|Avoid|"
                                 r"Use|Treatment|Caution|In patients)\s+[a-z]")
# a title that names no sentence: "Management of postherpetic neuralgia in adults Adjunctive therapy ...": an item
# boundary is a lowercase word followed by a capitalised common word that opens the next item
# (not a species or an eponym: "susceptible Streptococcus pneumoniae", "idiopathic Parkinson disease")
_ITEM_BOUNDARY = re.compile(r"\b[a-z]{3,}\s+([A-Z][a-z]{3,})\s+(?!(?:disease|syndrome|disorder|species|spp|sp|score|"
                            r"scale|criteria|type|class|test)\b)(?:(?![a-z]+(?:ae|i|us|is|um)\b)[a-z]{2,}|of|in|for)\b")
# a full stop inside the statement (not after an abbreviation such as "e.g." or "spp."): what follows is a sentence
# of its own, or a fragment spliced on ("... isolates of Streptococcus species. (α- and β-hemolytic isolates only),
# Streptococcus pneumoniae, Staphylococcus spp., or Haemophilus influenzae.": no verb of its own)
_SENTENCE_BREAK = re.compile(r"(?:(?<=[a-z]{3})|(?<=[0-9)\]]))\.\s+(?=[A-Z(\[])")
# a footnote of a table: "†Results could be representative of ...", "* Dose adjusted ..."
_FOOTNOTE = re.compile(r"^\s*[†‡§¶]|^\s*\*\s*[A-Z]")
# a demonstrative whose noun is not in the statement: "in these patients", "To reduce this risk", "at both doses"
_DEMONSTRATIVE = re.compile(r"\b(these|those|both|this|the above)\s+(patients?|risks?|doses?|"
                            r"dosages?|populations?|cases?|reactions?|effects?|situations?|conditions?|circumstances|"
                            r"settings?|events?|groups?|"
                            r"regimens?|symptoms?|individuals|subjects|infections?)\b"
                            r"(?!\s+(with|who|whose|that|receiving|taking|treated|on|in whom|for whom|of)\b)", re.I)
_POPULATION_NOUN = re.compile(r"patient|population|group|subject|individual", re.I)
_POPULATION_WORD = re.compile(r"\b(patients?|elderly|adults?|children|pediatric|geriatric|women|men|subjects|infants|"
                              r"neonates|adolescents|individuals)\b", re.I)
_OPTION_START = re.compile(r"^\s*(One|Another|An alternative|A second)\s+(approach|option|alternative|way|strategy|"
                           r"method|possibility)\b")
# the content left to a cross-reference: "Reduce the dosage or discontinue ... as appropriate [see W&P (5.8)]."
_DEFERRED = re.compile(r"\bas (appropriate|described|directed|outlined|needed|recommended|indicated|necessary)\s*"
                       r"[\[(]\s*see\b", re.I)
# the product's name cut from the start: "Capsules is indicated to reduce ...", "Tablets are contraindicated ..."
_FORM_START = re.compile(r"^\s*(Capsules?|Tablets?|Injection|Solution|Suspension|Cream|Ointment|Gel|Patch|Syrup|"
                         r"Powder|Film|Granules|Extended-Release|Delayed-Release|Oral|Hydrochloride|Sodium|Potassium)"
                         r"\s+(is|are|was|were|should|must|may|can|contains?)\b")
# a finite verb: auxiliaries and modals, a common verb of label and abstract prose, or a past form that is no
# adjective ("in divided doses", "an increased risk" are no verbs)
_VERBS = frozenset("""is are was were be been being am has have had do does did may might can could should must will
    would shall occur occurs include includes contain contains cause causes increase increases decrease decreases reduce
    reduces require requires result results appear appears remain remains provide provides produce produces exhibit
    exhibits improve improves lower lowers raise raises affect affects bind binds cross crosses undergo undergoes show
    shows suggest suggests indicate indicates demonstrate demonstrates prolong prolongs enhance enhances inhibit
    inhibits induce induces need needs seem seems exist exists become becomes make makes take takes give gives get gets
    lead leads help helps work works act acts know known given taken seen shown found made consist consists depend
    depends differ differs vary varies apply applies allow allows involve involves represent represents compare
    compares range ranges exceed exceeds achieve achieves maintain maintains prevent prevents treat treats relieve
    relieves block blocks relax relaxes decline declines rise rises fall falls withdrew took gave rose fell became began
    led found showed saw grew went came kept left lost met said sent told thought knew underwent held brought chose
    felt confirm confirms justify justifies support supports offer offers highlight highlights review reviews describe
    describes report reports examine examines assess assesses investigate investigates propose proposes discuss
    discusses summarize summarizes present presents emphasize emphasizes recommend recommends reflect reflects explain
    explains predict predicts reveal reveals warrant warrants determine determines influence influences mediate
    mediates persist persists resolve resolves develop develops respond responds receive receives attenuate attenuates
    potentiate potentiates stimulate stimulates activate activates eliminate eliminates accumulate accumulates interact
    interacts exacerbate exacerbates impair impairs alter alters elevate elevates suppress suppresses promote promotes
    contribute contributes correlate correlates slow slows last lasts begin begins start starts""".split())
_ED_ADJECTIVES = frozenset("""divided extended delayed modified coated controlled limited selected related associated
    combined established approved repeated based unrelated unexplained uncontrolled untreated unlabeled
    labeled detailed""".split())
_ED_AFTER = frozenset("a an the in of with for by and or to on at from than as very more most less".split())


def _has_verb(t: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", t)
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in _VERBS:
            return True
        # a present tense after a name or pronoun: "Tizanidine slows the heart rate" (not "... reactions to ...")
        if (i and w.islower() and re.fullmatch(r"[a-z]{3,}s", w) and not re.search(r"(ss|us|is|ics)$", w)
                and (words[i - 1][:1].isupper() or words[i - 1].lower() in ("it", "which", "that", "who"))
                and (i + 1 == len(words) or words[i + 1].lower() not in ("of", "to", "and", "or"))):
            return True
        if (len(lw) > 4 and lw.endswith("ed") and lw not in _ED_ADJECTIVES
                and not (i and words[i - 1].lower() in _ED_AFTER)):
            return True
    return False


# an instruction: "Store at 20°C ...", "Take with food", "Monitor ALTs ..."
_IMPERATIVE = re.compile(
    r"(?:^\s*|,\s+)(?i:[a-z]+ly\s+)?(?i:Warn|Expect|Manage|Weigh|Employ|Verify|Rotate|Preserve|Dispose|Wear|Notify|"
    r"Report|Watch|Educate|Document|Review|Identify|Determine|Calculate|Refrigerate|Prepare|Repeat|Wait|Store|Take|Do|Avoid|Monitor|Use|Administer|Discontinue|Reduce|Adjust|Consider|Give|Keep|"
    r"Dispense|Protect|Tell|Inform|Advise|Instruct|Assess|Evaluate|Initiate|Start|Begin|Titrate|Increase|Decrease|"
    r"Obtain|Check|Swallow|Shake|Dilute|Apply|Inject|Stop|Continue|Withhold|Limit|Prescribe|Perform|Follow|Counsel|"
    r"Encourage|Seek|Call|Contact|Ask|Read|Talk|Observe|Correct|Ensure|Re-evaluate|Reassess|Interrupt|Resume|"
    r"Switch|Replace|Measure|Maintain|Restrict|Separate|Mix|Place|Remove|Discard|Wash|Open|Close|Chew|Crush|"
    r"Dissolve|Allow|Inspect|Reconstitute|Infuse|Flush|Exclude|Screen|Test|Confirm|Recommend|Prefer)\b")
_LABELLED = re.compile(r"^[^:]{2,160}:\s*\S")  # "Recommended starting dose: 2 mg ...", "Gastrointestinal: ..."


# (fix15b, kinds a verifier saw that the rules above miss) HTML markup some openFDA text carries literally
_MARKUP = re.compile(r"</?(?:br|p|li|ul|ol|div|span|b|i|u|em|strong|sup|sub|td|th|tr|table|h[1-6])\b[^<>]{0,80}>", re.I)
# a Title Case title closed by bracketed examples, run into its sentence (capitalised word, then a lower-case one)
_BRACKET_TITLE = re.compile(r"^[A-Z][\w'/-]*(?:\s+(?:[A-Z][\w'/-]*|that|with|of|and|or|the|for|in|to|on|by|from)){1,9}"
                            r"\s*\((?:e\.g\.|i\.e\.|such as|including)[^()]{1,150}\)\s+[A-Z][a-z]+\s+"
                            r"(?!(?:is|are|was|were|has|have|may|can|should|must|will)\b)[a-z]")


# a Pregnancy/Lactation subsection heading of the PLLR format in sentence case before its sentence ("Fetal/neonatal
# adverse reactions Oligohydramnios in pregnant women ...")
_PLLR_HEADING = re.compile(r"^(?i:clinical considerations|disease[- ]associated maternal and/or (?:embryo[/-])?fetal "
                           r"risks?|maternal adverse reactions|fetal/neonatal adverse reactions|labou?r (?:or|and) "
                           r"delivery|(?:human|animal) data)\s*:?\s+[A-Z][a-z]")


def _stand_alone_faults(t: str, words: list[str]) -> list[str]:
    """Faults a reader sees only by reading the statement as a whole: items run together, a list item without its
    lead-in, a referent outside the statement, content left to a cross-reference, a name cut from the start."""
    out: list[str] = []
    listed = bool(_COMPLETE_LIST.search(t))
    masked = _XREF_BRACKET.sub("[see]", t)
    mlead = _LEAD_IN_COLON.search(masked)
    after = masked[mlead.end():] if mlead else ""
    # a section reference has a subsection or several numbers ("( 1.1 )", "( 4 , 5.1 )"); "(1) ..." enumerates
    # ... and what follows it is an item: of the lead-in before it, without a verb, or a "Label: ..." line (a new
    # sentence after a reference is no run-on: "... prolonged [see (8.6)]. Dosage adjustments may be required.")
    refs = [m for m in _MID_REF_NEW_ITEM.finditer(masked)
            if m.end() < len(masked) and re.search(r"[.,;]|see", m.group())
            and ((mlead and mlead.start() < m.start()) or re.match(r"[-•▪◦]", masked[m.end():])
                 or re.match(r"[^:.]{1,40}:\s", masked[m.end():]) or not _has_verb(_segment(masked[m.end():])))]
    after_lead = [m for m in _MID_REF_ANY.finditer(masked)
                  if mlead and m.start() > mlead.start() and re.search(r"\d[.,;]|see", m.group())]
    if not listed and (
        refs or after_lead
        or _INLINE_BULLET.search(t)
        or _MID_SENTENCE_START.search(masked)
        or (mlead and _ITEM_BOUNDARY.search(after))
        or any(len(p.split()) >= 3 and not _has_verb(p) and not _IMPERATIVE.match(p)
               for p in _SENTENCE_BREAK.split(masked)[1:])
    ):
        out.append("run_on")
    if _repeated_opening(masked.split()):
        out.append("heading_glued")
    if mlead and re.match(r"following", mlead.group(1), re.I) and re.match(r"[A-Z0-9]{2,}\s+[A-Z][a-z]", after):
        out.append("list_lead_in")  # "using the following formula: FMF Caution should be taken ...": items missing
    if _FOOTNOTE.match(t):
        out.append("table_fragment")
    if _dangling_demonstrative(t) or _OPTION_START.match(t):
        out.append("dangling")
    if _DEFERRED.search(t):
        out.append("boilerplate")
    if _FORM_START.match(t):
        out.append("truncated")  # the product's name was cut off
    if _MARKUP.search(t):
        out.append("markup")  # "... 1-800-FDA-1088. <br/> How do I store ...": a document's HTML quoted as text
    if (_BRACKET_TITLE.match(t) or _PLLR_HEADING.match(t)) and "heading_glued" not in out:
        out.append("heading_glued")  # "Drugs that Interfere with Hemostasis (e.g., ...) Serotonin release by ..."
    if (not _has_verb(_XREF_BRACKET.sub(" ", t)) and not _IMPERATIVE.search(t) and not _LABELLED.match(t)
            and not listed and not (_DOSE_START.match(t) and _WHOM_OR_VERB.search(t))):
        out.append("list_item_no_lead_in")  # no verb: an item of a list or table whose lead-in is elsewhere
    return out


def _segment(t: str) -> str:
    """The text up to the next section reference, cross-reference or full stop."""
    return re.split(_REF_OR_SEE + r"|\.\s", t, maxsplit=1)[0]


def _dangling_demonstrative(t: str) -> bool:
    """'these patients', 'this risk', 'both doses' whose referent is not in the statement: not the noun said before
    it, an earlier sentence or clause, or an amount ('2.5 mg ... this dose')."""
    m = _DEMONSTRATIVE.search(t)
    if not m:
        return False
    before = t[: m.start()]
    if _POPULATION_NOUN.match(m.group(2)) and _POPULATION_WORD.search(before):
        return False  # "... for an elderly patient ... in this population"
    return not (re.search(r"\b" + re.escape(m.group(2).rstrip("s")[:5]), before, re.I)
                or re.search(r"[.;]\s", before) or re.search(r"\d\s*(mg|mcg|g|mL|units?)\b", before))


def _repeated_opening(words: list[str]) -> bool:
    """The statement's first words open it again later without a full stop between: a title run into the sentence it
    heads ("Premature discontinuation of rivaroxaban increases the risk of thrombotic events Premature discontinuation
    of any oral anticoagulant ..."), or a Highlights line repeating the lead-in ("Gabapentin Capsules are indicated
    for: ... epilepsy Gabapentin capsules are indicated for: ...")."""
    low = [w.lower().strip(",;:()") for w in words]
    k = 3
    if len(low) < 2 * k:
        return False
    for i in range(k, len(low) - k + 1):
        if (low[i : i + k] == low[:k] and words[i][:1].isupper() and not re.search(r"[.!?:;,]$", words[i - 1])
                and low[i - 1] not in _CONNECTORS):  # "X Oral Solution (10 mg ...) and X Oral Solution ...": a list
            return True
    return False


def _table_row_with_header(t: str) -> bool:
    """'Column: cell; Column: cell.' (at least two cells named by their column), optionally after a group label
    ('Elderly – ...'), ending with a full stop."""
    if not t.endswith("."):
        return False
    pairs = t[:-1].split("; ")
    return len(pairs) >= 2 and sum(bool(re.match(r"^[^:]{1,120}: \S", p)) for p in pairs) >= 2


def _balanced(t: str) -> bool:
    return t.count("(") == t.count(")") and t.count("[") == t.count("]")


def _caps_heading(t: str) -> bool:
    """A run of words in capitals that is a heading; a list of names in capitals inside a sentence is not ("... based
    on 5 placebo controlled studies, ATHENA, EURIDIS, ADONIS, ERATO and DAFNE.": trial names, commas between them)."""
    for m in _CAPS_RUN.finditer(t):
        words = m.group().split()
        if m.start() and all(w.endswith(",") for w in words[:-1]):
            continue
        return True
    return False


def _repeated_lead(words: list[str]) -> bool:
    """A heading followed by a sentence that starts with the same words: "Risk Factors for Myopathy Risk factors
    for myopathy include ..."."""
    low = [w.lower().strip(",;:") for w in words]
    return any(len(low) >= 2 * k and low[:k] == low[k : 2 * k] for k in range(2, 7))


def _title_run(words: list[str]) -> int:
    """Title-case words (connectors allowed between them) at the start, up to the first lowercase content word:
    "Steps to Prevent or Reduce the Risk of Myopathy and Rhabdomyolysis Atorvastatin calcium ..." -> 7."""
    n = 0
    if words and words[0] in ("The", "A", "An", "This", "These", "Our", "In"):
        return 0  # a sentence that opens with a proper name: "The Centers for Disease Control and Prevention ..."
    for w in words:
        w = w.strip(",;:()")
        if _TITLE_WORD.match(w) and not w.isupper():
            n += 1
        elif w.lower() in _CONNECTORS:
            continue
        else:
            break
    return n


# ---------------------------------------------------------------------------------------------------------------
# 2. Sentence matching and 5. topic matching: normalised words.

def norm_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def same_sentence(a: str, b: str, min_tokens: int = 4) -> bool:
    """The same sentence up to white space, case and punctuation: one contains the other, or the token overlap
    is at least 0.8 of the shorter's tokens."""
    wa, wb = norm_words(a), norm_words(b)
    if min(len(wa), len(wb)) < min_tokens:
        return wa == wb and bool(wa)
    ja, jb = " ".join(wa), " ".join(wb)
    if ja in jb or jb in ja:
        return True
    sa, sb = set(wa), set(wb)
    return len(sa & sb) >= 0.8 * min(len(sa), len(sb))


_STOP = frozenset("""the a an of and or in on with for to at by from is are be was were it its this that as not no
    use used using patients patient disease disorder stage type""".split())


def stem(word: str) -> str:
    word = word.lower()
    return word[:6] if len(word) >= 6 else word.rstrip("s") if len(word) > 3 else word


def term_matches(term: str, words: Iterable[str]) -> bool:
    """A must_match term is mentioned: enough of its content words occur in some word form (first 6 letters);
    all of one or two words, 60% of longer terms ("stage 4 chronic kidney disease")."""
    content = [w for w in norm_words(term) if w not in _STOP and not w.isdigit()] or norm_words(term)
    if not content:
        return False
    have = list(words)
    hits = sum(1 for c in content if any(w.startswith(stem(c)) for w in have))
    return hits >= math.ceil(0.6 * len(content)) if len(content) > 2 else hits == len(content)


# Class words for drugs of the shared corpus (the store holds no pharmacologic class); a question line may also
# carry its own "classes": [...].
_CLASS_BY_SUFFIX = (
    ("statin", ("statin", "hmg-coa reductase inhibitor")),
    ("pril", ("ace inhibitor", "angiotensin-converting enzyme inhibitor", "angiotensin converting enzyme inhibitor")),
    ("sartan", ("angiotensin receptor blocker", "angiotensin ii receptor", "arb")),
    ("olol", ("beta-blocker", "beta blocker", "beta-adrenergic", "β-blocker")),
    ("dipine", ("calcium channel blocker", "calcium antagonist")),
    ("prazole", ("proton pump inhibitor", "ppi")),
    ("floxacin", ("fluoroquinolone", "quinolone")),
    ("cycline", ("tetracycline",)),
    ("azepam", ("benzodiazepine",)), ("azolam", ("benzodiazepine",)),
    ("gliptin", ("dpp-4 inhibitor", "dipeptidyl peptidase")),
    ("gliflozin", ("sglt2 inhibitor", "sglt-2 inhibitor")),
    ("triptan", ("triptan", "5-ht1")),
)
_CLASS_BY_DRUG = {
    **dict.fromkeys(("sertraline", "fluoxetine", "paroxetine", "citalopram", "escitalopram", "fluvoxamine"),
                    ("ssri", "selective serotonin reuptake inhibitor", "antidepressant")),
    **dict.fromkeys(("morphine", "oxycodone", "hydrocodone", "fentanyl", "tramadol", "codeine", "hydromorphone",
                     "methadone", "buprenorphine", "tapentadol", "oxymorphone"), ("opioid",)),
    **dict.fromkeys(("ibuprofen", "naproxen", "diclofenac", "meloxicam", "celecoxib", "aspirin", "indomethacin",
                     "ketorolac"), ("nsaid", "non-steroidal anti-inflammatory", "nonsteroidal anti-inflammatory")),
    **dict.fromkeys(("baclofen", "tizanidine", "cyclobenzaprine", "dantrolene", "methocarbamol", "carisoprodol"),
                    ("muscle relaxant", "antispastic", "antispasticity")),
    **dict.fromkeys(("warfarin", "apixaban", "rivaroxaban", "dabigatran", "heparin", "enoxaparin", "edoxaban"),
                    ("anticoagulant", "vitamin k antagonist")),
    "metformin": ("biguanide",),
    **dict.fromkeys(("gabapentin", "pregabalin"), ("gabapentinoid", "anticonvulsant", "antiepileptic")),
}


def class_words(drug: str) -> tuple[str, ...]:
    out = list(_CLASS_BY_DRUG.get(drug, ()))
    for suffix, words in _CLASS_BY_SUFFIX:
        if drug.endswith(suffix):
            out.extend(words)
    return tuple(out)


def mention_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word, any case, hyphen or space between the words of a name, optional plural."""
    alts = sorted({n.lower().strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True)
    if not alts:
        return None
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s\-]+").replace(r"\-", r"[\s\-]?") for a in alts)
    return re.compile(rf"(?<!\w)({body})(e?s)?(?![\w])", re.I)


# ---------------------------------------------------------------------------------------------------------------
# 3. Notes that say the label lacks something, and whether they cover the asked intent.

INTENT_WORDS: dict[str, str] = {
    "boxed_warning": r"boxed|black[- ]box",
    "indications": r"indication|\buses?\b|used for",
    "dosing": r"\bdos(e|es|ing|age)\b",
    "max_dose": r"maximum|\bdos(e|es|ing|age)\b",
    "renal": r"renal|kidney",
    "hepatic": r"hepatic|liver",
    "pediatric": r"pediatric|paediatric|child",
    "geriatric": r"geriatric|elderly|older",
    "dosage_forms": r"dosage forms?|strength|how supplied|appearance|look|description",
    "contraindications": r"contraindicat",
    "warnings": r"warning|precaution",
    "adverse_reactions": r"side effect|adverse",
    "interactions": r"interaction",
    "specific_populations": r"specific population|pregnan|lactat|pediatric|geriatric|renal|hepatic",
    "pregnancy": r"pregnan",
    "lactation": r"lactat|breast|nursing",
    "overdosage": r"overdos",
    "pharmacokinetics": r"pharmacokinetic|excretion|elimination|half-life|absorption|metabolism",
    "mechanism": r"mechanism",
    "storage": r"storage|\bstor(e|ed|ing)\b|handling",
    "counseling": r"counsel|patient information|missed dose|how to take|administration",
    "abuse_dependence": r"abuse|dependence",
    "withdrawal": r"withdrawal|discontinu",
}
_NOTHING_ON = re.compile(
    r"\blabel\b.{0,300}?\b(has nothing on|says nothing (on|about)|does not (say|state|mention|cover|address)|"
    r"no (statement|section|text|sentence)s? (on|about|that))\b:?(?P<what>.*)$",
    re.I | re.S,
)
_NO_LABEL_SECTION = re.compile(r"\bno label (section|text)\b.{0,60}\b(answers|addresses|covers)\b", re.I)
_NO_LABEL_FOR = re.compile(r"\bno (fda )?label (for|of) (?P<drug>[\w ,'-]+?) in the corpus\b", re.I)


def lacks_note(note: str, intent: str, drug_names: list[str]) -> str | None:
    """The kind of "the label lacks it" a note states about the asked intent and drug, or None."""
    def about_drug(text: str) -> bool:
        return not drug_names or any(re.search(rf"\b{re.escape(d)}\b", text, re.I) for d in drug_names)

    if _NO_LABEL_SECTION.search(note):
        return "no_label_section"
    m = _NO_LABEL_FOR.search(note)
    if m:
        return "no_label_for_drug" if about_drug(m.group("drug")) else None
    m = _NOTHING_ON.search(note)
    if m:
        words = INTENT_WORDS.get(intent, re.escape(intent.replace("_", " ")))
        if about_drug(note[: m.start("what")]) and re.search(words, m.group("what"), re.I):
            return "nothing_on"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Scoring one brief.

def load_questions(paths: list[Path]) -> list[dict[str, Any]]:
    out = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        q = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise SystemExit(f"{path}:{n}: not JSON: {e}") from e
                    q["_file"] = path.name
                    out.append(q)
    return out


# Sections only Drug Facts labels have (active ingredient, purpose, keep out of reach, stop use, ask a doctor, ...)
_DRUG_FACTS_CODES = frozenset({"55106-9", "55105-1", "50565-1", "50566-9", "50569-3", "50570-1", "purpose",
                               "keep_out_of_reach_of_children", "stop_use", "ask_doctor", "do_not_use"})


class Scorer:
    """Scores briefs against gold; holds the store lookups (passages, label kinds, drug names) it caches."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.corpus = Corpus(store)
        self._otc: dict[str, bool] = {}
        self._names: dict[str, list[str]] = {}

    def passages(self, ids: Iterable[str]) -> dict[str, Any]:
        return self.store.db.passages_by_id(list(dict.fromkeys(ids)))

    def is_otc(self, doc_id: str) -> bool:
        """A Drug Facts (OTC) label: says so in its metadata, or has the sections only Drug Facts have."""
        if doc_id not in self._otc:
            doc = self.store.db.document(doc_id)
            kind = str((doc.meta or {}).get("document_type") or "") if doc else ""
            codes = {p.section_code for p in self.store.db.passages_of(doc_id)} if doc else set()
            self._otc[doc_id] = "OTC" in kind.upper() or bool(codes & _DRUG_FACTS_CODES)
        return self._otc[doc_id]

    def has_label_for(self, note: str) -> bool:
        """Whether the drug a "No FDA label for X in the corpus" note names has a label in the store (its name as
        the corpus knows it, or any name the corpus maps to one)."""
        m = _NO_LABEL_FOR.search(note)
        if not m:
            return False
        name = m.group("drug").strip().lower()
        canon = {c for c, _, _ in self.corpus.drugs.by_key.get(name, ())} | {name}
        return any(self.store.db.docs_for_drug(c, tier="label") for c in canon)

    def names(self, drug: str) -> list[str]:
        if drug not in self._names:
            self._names[drug] = [drug, *self.corpus.names_of(drug)]
        return self._names[drug]

    def score(self, q: dict[str, Any], brief: dict[str, Any] | None) -> dict[str, Any]:
        gold = q.get("gold") or {}
        in_corpus = bool(gold.get("in_corpus"))
        drugs = [d.lower() for d in q.get("drugs") or []]
        rec: dict[str, Any] = {
            "id": q.get("id"), "intent": q.get("intent"), "question": q.get("question"), "drugs": drugs,
            "in_corpus": in_corpus, "file": q.get("_file"),
        }
        if brief is None:
            return rec
        tiers = {s["tier"]: s for s in brief["sections"]}
        label_blocks = tiers.get("label", {}).get("blocks", [])
        label_stmts = [s for b in label_blocks for s in b["statements"]]
        all_ids = [sp["passage_id"] for sec in brief["sections"] for b in sec["blocks"] for s in b["statements"]
                   for sp in s["support"]]
        passages = self.passages(all_ids)
        rec["label_statements"] = len(label_stmts)
        rec["notes"] = brief["notes"]

        # 1. gold section first
        first = label_blocks[0] if label_blocks else None

        def codes(stmts: list[dict[str, Any]]) -> list[str]:
            return sorted({getattr(passages.get(sp["passage_id"]), "section_code", None) or "-"
                           for s in stmts for sp in s["support"]})

        first_codes = codes(first["statements"] if first else [])
        answer_codes = first_codes
        if first and (first.get("heading") or "").endswith("Key facts"):
            # the Key facts lead (issue 15.4) is in every drug brief: the answer is its first statement (a dosing or
            # safety question's fact leads it) or the first block after it
            after = label_blocks[1]["statements"] if len(label_blocks) > 1 else []
            answer_codes = sorted(set(codes(first["statements"][:1])) | set(codes(after)))
        rec["first_block"] = {"heading": first["heading"], "section_codes": first_codes} if first else None
        if in_corpus:
            rec["section_first"] = bool(set(answer_codes) & set(gold.get("section_codes") or []))
            rec["section_first_block"] = bool(set(first_codes) & set(gold.get("section_codes") or []))

            # 2. gold sentence present
            how = None
            for g in gold.get("sentences") or []:
                for s in label_stmts:
                    for sp in s["support"]:
                        if sp["passage_id"] == g.get("passage_id") and sp["start"] < g.get("end", -1) \
                                and g.get("start", 10**9) < sp["end"]:
                            how = "span"
                        elif how is None and (same_sentence(s["text"], g.get("quote", ""))
                                              or same_sentence(sp["quote"], g.get("quote", ""))):
                            how = "text"
                    if how == "span":
                        break
                if how == "span":
                    break
            rec["sentence_present"] = how is not None
            rec["sentence_match"] = how

        # 3. notes saying the label lacks what was asked
        # a note names the drug as the brief recognised it ("saline" in the gold is "sodium chloride" in the corpus)
        named = drugs + [d.lower() for d in brief.get("drugs") or [] if d.lower() not in drugs]
        lacks = [(n, k) for n in brief["notes"] if (k := lacks_note(n, q.get("intent", ""), named))]
        if in_corpus:
            # "No FDA label for ketoconazole in the corpus" beside alprazolam's answer is false only if the store
            # holds a label of that drug: checked, not assumed (such true notes were counted false before)
            rec["false_nothing_notes"] = [n for n, k in lacks if k != "no_label_for_drug" or self.has_label_for(n)]
        else:
            rec["says_absent"] = bool(lacks)
            # the Key facts lead (issue 15.4) is no answer to the question: only statements beside it fill the tier
            answer_stmts = [s for b in label_blocks if not (b.get("heading") or "").endswith("Key facts")
                            for s in b["statements"]]
            rec["honest_absent"] = bool(lacks) and not answer_stmts

        # 4. broken statements, every tier
        broken = []
        counts = {}
        for sec in brief["sections"]:
            n = 0
            for b in sec["blocks"]:
                for s in b["statements"]:
                    n += 1
                    p = passages.get(s["support"][0]["passage_id"]) if s["support"] else None
                    item_ok = sec["tier"] == "label" and p is not None and self.is_otc(p.doc_id)
                    said = without_quoted_heading(s["text"], [e.get("quote", "") for e in s["support"]])
                    rules = broken_rules(said, list_item_ok=item_ok)
                    if rules:
                        broken.append({"tier": sec["tier"], "rules": rules, "text": s["text"],
                                       "passage_id": s["support"][0]["passage_id"] if s["support"] else None})
            counts[sec["tier"]] = n
        rec["statements"] = counts
        rec["broken"] = broken

        # 5. research on topic
        research = [s["text"] for b in tiers.get("research", {}).get("blocks", []) for s in b["statements"]]
        if drugs and research:
            names = [n for d in drugs for n in (*self.names(d), *class_words(d))] + list(q.get("classes") or [])
            rx = mention_pattern(names)
            terms = list(q.get("must_match") or [])
            term_names = [[t, *self.corpus.names_of(t.lower())] for t in terms]
            on, on_terms, off = 0, 0, []
            for text in research:
                ok = bool(rx and rx.search(text))
                words = norm_words(text)
                ok_terms = ok and any(any(term_matches(n, words) for n in tn) for tn in term_names)
                on += ok
                on_terms += ok_terms
                if not ok or (terms and not ok_terms):
                    off.append({"text": text, "drug": ok, "terms": ok_terms if terms else None})
            rec["research"] = {"n": len(research), "on_topic": on, "on_topic_terms": on_terms if terms else None,
                               "off_topic": off}
        return rec


# ---------------------------------------------------------------------------------------------------------------
# Aggregation and output.

def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def summarise(recs: list[dict[str, Any]]) -> dict[str, Any]:
    ic = [r for r in recs if r["in_corpus"] and "error" not in r]
    oc = [r for r in recs if not r["in_corpus"] and "error" not in r]
    answered = [r for r in recs if "error" not in r]
    stmts = {t: sum(r.get("statements", {}).get(t, 0) for r in answered) for t in ("guideline", "label", "research")}
    broken = {t: sum(1 for r in answered for b in r.get("broken", []) if b["tier"] == t) for t in stmts}
    with_label = [r for r in answered if r.get("label_statements")]
    res = [r["research"] for r in answered if r.get("research")]
    res_terms = [x for x in res if x["on_topic_terms"] is not None]
    ms = [r["ms"] for r in answered if "ms" in r]
    return {
        "questions": len(recs), "errors": len(recs) - len(answered), "in_corpus": len(ic), "not_in_corpus": len(oc),
        "section_first": _rate(sum(r["section_first"] for r in ic), len(ic)),
        "section_first_block": _rate(sum(r["section_first_block"] for r in ic), len(ic)),
        "sentence_present": _rate(sum(r["sentence_present"] for r in ic), len(ic)),
        "false_nothing_on": sum(1 for r in ic if r.get("false_nothing_notes")),
        "honest_absent": _rate(sum(r["honest_absent"] for r in oc), len(oc)),
        "says_absent": _rate(sum(r["says_absent"] for r in oc), len(oc)),
        "statements": stmts, "broken": broken,
        "briefs_with_broken_label": _rate(sum(1 for r in with_label if any(b["tier"] == "label" for b in r["broken"])),
                                          len(with_label)),
        "research_statements": sum(x["n"] for x in res),
        "research_on_topic": _rate(sum(x["on_topic"] for x in res), sum(x["n"] for x in res)),
        "research_on_topic_terms": _rate(sum(x["on_topic_terms"] for x in res_terms),
                                         sum(x["n"] for x in res_terms)),
        "ask_ms_p50": percentile(ms, 50) if ms else None, "ask_ms_p95": percentile(ms, 95) if ms else None,
    }


def _fmt(v: Any, pct: bool = True) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.2f}" if pct else f"{v:.0f}"
    return str(v)


def table(per_intent: dict[str, dict[str, Any]], overall: dict[str, Any]) -> list[str]:
    lines = [
        "| intent | n | in corpus | gold section first | gold sentence present | false \"nothing on\" | "
        "honest absent | broken label / guideline / research | research on topic (drug / +terms) | "
        "ask p50 / p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in [*per_intent.items(), ("**all**", overall)]:
        b, st = s["broken"], s["statements"]
        err = f" ({s['errors']} err)" if s["errors"] else ""
        lines.append(
            f"| {name} | {s['questions']}{err} | {s['in_corpus']} | "
            f"{_fmt(s['section_first'])} | {_fmt(s['sentence_present'])} | {s['false_nothing_on']} | "
            f"{_fmt(s['honest_absent'])} ({s['not_in_corpus']}) | "
            f"{b['label']}/{st['label']} · {b['guideline']}/{st['guideline']} · {b['research']}/{st['research']} | "
            f"{_fmt(s['research_on_topic'])} / {_fmt(s['research_on_topic_terms'])} | "
            f"{_fmt(s['ask_ms_p50'], False)} / {_fmt(s['ask_ms_p95'], False)} |"
        )
    return lines


def failures(recs: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in recs:
        head = f"[{r['id']} {r['intent']}] {r['question']}"
        if "error" in r:
            out.append(f"{head}\n    ERROR {r['error']}")
            continue
        lines = []
        if r["in_corpus"] and not r.get("section_first"):
            lines.append(f"    section not first: first block {r.get('first_block')}")
        if r["in_corpus"] and not r.get("sentence_present"):
            lines.append(f"    gold sentence absent ({r.get('label_statements', 0)} label statements)")
        for n in r.get("false_nothing_notes") or []:
            lines.append(f"    FALSE NOTE: {n}")
        if not r["in_corpus"] and not r.get("honest_absent"):
            lines.append(f"    not honest about absence (notes {r['notes']}; {r.get('label_statements')} label stmts)")
        for b in r.get("broken", []):
            lines.append(f"    BROKEN {b['tier']} {','.join(b['rules'])}: {b['text'][:300]!r}")
        for o in (r.get("research") or {}).get("off_topic", []):
            why = "no drug" if not o["drug"] else "no must_match term"
            lines.append(f"    OFF-TOPIC research ({why}): {o['text'][:200]!r}")
        if lines:
            out.append("\n".join([head, *lines]))
    return out


def question_files(args: argparse.Namespace) -> list[Path]:
    if args.files:
        return sorted(Path(p) for p in glob.glob(args.files))
    return sorted(QUESTIONS.glob("heldout_*.jsonl" if args.heldout else "dev_*.jsonl"))


def run(args: argparse.Namespace) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    files = question_files(args)
    if not files:
        raise SystemExit("no question files found (bench/questions/dev_*.jsonl, or --files GLOB)")
    questions = load_questions(files)
    settings = Settings.load(db=args.db)
    recs = []
    with pipeline.open_store(settings) as store:
        embedder = pipeline.embedder_for(store)
        scorer = Scorer(store)
        mode = Corpus(store, embedder).mode
        if questions:  # warm-up: the first question once, untimed
            with contextlib.suppress(MedbriefError):
                pipeline.ask_store(store, questions[0]["question"], embedder=embedder)
        for q in questions:
            t = time.perf_counter()
            try:
                brief = pipeline.ask_store(store, q["question"], embedder=embedder).to_json_dict()
            except MedbriefError as e:
                ms = (time.perf_counter() - t) * 1000
                rec = scorer.score(q, None)
                rec["error"] = f"{type(e).__name__}: {e}"
                rec["ms"] = ms
                recs.append(rec)
                continue
            ms = (time.perf_counter() - t) * 1000
            rec = scorer.score(q, brief)
            rec["ms"] = round(ms, 1)
            recs.append(rec)
    meta = {
        "command": "python " + " ".join(sys.argv), "machine": machine(), "commit": commit(),
        "date": time.strftime("%Y-%m-%d"), "store": str(settings.db_path), "retrieval": mode,
        "files": [str(f) for f in files],
    }
    return recs, meta


def write_csv(path: Path, recs: list[dict[str, Any]]) -> None:
    cols = ["id", "intent", "in_corpus", "section_first", "sentence_present", "sentence_match",
            "false_nothing_notes", "honest_absent", "broken_label", "broken_all", "research_n", "research_on_topic",
            "research_on_topic_terms", "ms", "error", "question"]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        for r in recs:
            res = r.get("research") or {}
            w.writerow({
                **{c: r.get(c) for c in cols},
                "false_nothing_notes": len(r.get("false_nothing_notes") or []),
                "broken_label": sum(1 for b in r.get("broken", []) if b["tier"] == "label"),
                "broken_all": len(r.get("broken", [])), "research_n": res.get("n"),
                "research_on_topic": res.get("on_topic"), "research_on_topic_terms": res.get("on_topic_terms"),
            })


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", action="store_true", help="run heldout_*.jsonl (only at the end)")
    ap.add_argument("--json", action="store_true", help="print the summary and every question's record as JSON")
    ap.add_argument("--show-failures", action="store_true", help="list every miss, false note, broken statement")
    ap.add_argument("--db", type=Path, default=None, help="the store (default: MEDBRIEF_DB or the default store)")
    ap.add_argument("--files", default=None, help="question files (a glob) instead of the dev/held-out set")
    ap.add_argument("--csv", type=Path, default=None, help="also write one row per question here")
    args = ap.parse_args()
    recs, meta = run(args)
    intents = sorted({r["intent"] for r in recs})
    per_intent = {i: summarise([r for r in recs if r["intent"] == i]) for i in intents}
    overall = summarise(recs)
    if args.csv:
        write_csv(args.csv, recs)
    if args.json:
        json.dump({**meta, "overall": overall, "per_intent": per_intent, "questions": recs}, sys.stdout, indent=1,
                  ensure_ascii=False)
        print()
        return
    print("## Answer quality on the question set (`bench/ask_quality.py`)\n")
    print(f"Command: `{meta['command']}` · machine: {meta['machine']} · commit {meta['commit']} · "
          f"date: {meta['date']} · store: `{meta['store']}` ({meta['retrieval']} retrieval) · "
          f"questions: {', '.join(Path(f).name for f in meta['files'])}\n")
    print("\n".join(table(per_intent, overall)))
    print("\nbroken = statements the detector flags / statements, per tier; honest absent: share of the not-in-"
          "corpus questions (count in brackets) whose brief says the label lacks it and cites no label statement; "
          f"briefs with a broken label statement: {_fmt(overall['briefs_with_broken_label'])}.")
    if args.show_failures:
        print("\n### Failures\n")
        print("\n\n".join(failures(recs)))


if __name__ == "__main__":
    main()
