"""The label tier: the recognised drug's labels, grouped by shared text, read facet by facet."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..drugnames import MODIFIER_WORDS, SALT_WORDS, is_combination, normalize
from ..retrieve.corpus import Corpus, LabelDoc
from ..retrieve.drugs import DrugMatch, name_key
from ..retrieve.facets import ALL_FACETS, HARM_Q, OVERDOSE_TREATED, OVERVIEW, Facet
from ..retrieve.question import Question, asked_first
from .drafts import Draft, DraftBlock, TierDraft
from .drug_facts import is_drug_facts
from .key_facts import HEADING as KEY_HEADING
from .key_facts import add_disagreements, asked_slots, drop_repeats, key_facts
from .label_reading import BY_WEIGHT, DEDICATED, Focus, code_rank, in_band, measures, read_label, select_sentences
from .sentences import similarity
from .topic import (
    ANIMAL_QUESTION,
    CLASS_MEMBERS,
    SPANNED_CLASSES,
    _classes_in,
    class_names,
    condition_topic,
    label_words,
    mentions,
    sentence_words,
)

_GROUP_CODES = ("34067-9", "indications_and_usage", "34068-7", "dosage_and_administration")
# How many sentences a facet gets: more when the question asks for it than in an overview.
# (the indications: every use the label states, up to `_USES_MOST`, see `_uses`)
_USES_MOST = 8
_OVERVIEW_LIMIT = {"indications": _USES_MOST, "warnings": 3, "side_effects": 2, "dosing": 2, "renal": 1, "hepatic": 1,
                   "withdrawal": 2}
_ASKED_LIMIT = 3


@dataclass(frozen=True)
class LabelGroup:
    """Labels sharing one text; `rep` is cited, `members` agree with it."""

    rep: LabelDoc
    members: tuple[LabelDoc, ...]

    def covers(self, facet: Facet) -> bool:
        drug_facts = is_drug_facts(self.rep.passages)
        return any(code_rank(p, facet, drug_facts) is not None for p in self.rep.passages)


def _fingerprint(label: LabelDoc) -> str:
    parts = [p.text for p in label.passages if p.section_code in _GROUP_CODES] or [p.text for p in label.passages]
    return hashlib.sha1(normalize(" ".join(parts)).encode()).hexdigest()


def _recency(label: LabelDoc) -> tuple[int, str, str]:
    d = label.doc
    # dated labels (openFDA, DailyMed) before undated extracts (TAC 2017); then newest; then id for determinism
    return (0 if d.date else 1, "".join(chr(255 - ord(c)) for c in (d.date or "")), d.id)


def group_labels(labels: list[LabelDoc]) -> list[LabelGroup]:
    """Group labels whose indications and dosing text is the same; largest, most complete groups first."""
    buckets: dict[str, list[LabelDoc]] = {}
    for label in labels:
        if label.passages:
            buckets.setdefault(_fingerprint(label), []).append(label)
    groups = []
    for members in buckets.values():
        members.sort(key=_recency)
        groups.append(LabelGroup(members[0], tuple(members)))
    # Prescribing information before Drug Facts: "maximum dose of ibuprofen" is the 3200 mg of the prescription
    # label; an OTC label leads only for its brand (`_brand_first`) or when the drug has no prescription label.
    groups.sort(key=lambda g: (not _is_full(g.rep), is_drug_facts(g.rep.passages), -len(g.members),
                               _recency(g.rep)))
    return groups


def _is_full(label: LabelDoc) -> bool:
    """A full prescribing label (indications and dosing), not an extract such as a TAC 2017 file."""
    codes = {p.section_code for p in label.passages}
    return bool(codes & {"34067-9", "indications_and_usage"}) and bool(codes & {"34068-7", "dosage_and_administration"})


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _salt_form(label: LabelDoc) -> tuple[str, frozenset[str], str] | None:
    """(ingredient words, salt words, route) of a label that names one ingredient: ('sevelamer', {'carbonate'},
    'oral'); None when the label does not say (TAC extracts)."""
    meta = label.doc.meta
    names = {normalize(n) for n in meta.get("generic_names") or [] if isinstance(n, str)}
    if len(names) != 1:
        return None
    words = next(iter(names)).split()
    base = " ".join(w for w in words if w not in SALT_WORDS)
    routes = " ".join(sorted(normalize(r) for r in meta.get("route") or [] if isinstance(r, str)))
    # hydrate and qualifier words name the same salt ('atorvastatin calcium trihydrate' is atorvastatin calcium)
    return base, frozenset(w for w in words if w in SALT_WORDS and w not in MODIFIER_WORDS), routes


def _other_forms(groups: list[LabelGroup], chosen: LabelGroup, facet: Facet, q: Question,
                 drafts: list[Draft], focus: Focus, most: int = 2) -> list[tuple[LabelGroup, Draft | None]]:
    """Labels for other salt forms of the drug (Renagel, sevelamer hydrochloride, beside Renvela, sevelamer
    carbonate; lithium citrate beside lithium carbonate): the products differ in strength and dosing, so one label
    does not speak for the other. Each form's best statement is returned as a statement of its own or, when it
    says what a chosen statement says with the same numbers, added to that statement as a further citation (then
    the returned draft is None)."""
    first = _salt_form(chosen.rep)
    if first is None:
        return []
    forms = {first}
    drug_facts = is_drug_facts(chosen.rep.passages)
    out: list[tuple[LabelGroup, Draft | None]] = []
    for g in groups:
        form = _salt_form(g.rep)
        if len(out) >= most or form is None or form in forms or not g.covers(facet):
            continue
        if (form[0], form[2]) != (first[0], first[2]) or is_drug_facts(g.rep.passages) != drug_facts:
            continue  # another product (extended-release), route (ibuprofen lysine injection) or OTC beside Rx
        for d in select_sentences(facet, g.rep, q, 1, focus):
            same = next((s for s in drafts if similarity(d.words, s.words) >= 0.8), None)
            if same is not None and _NUMBER.findall(same.text) == _NUMBER.findall(d.text):
                same.evidence.extend(d.evidence)
                out.append((g, None))
            else:  # another population, strength or dose: the form's own statement
                out.append((g, d))
            forms.add(form)
    return out


@dataclass(frozen=True)
class AskedProduct:
    """The product a question names beyond its ingredient: a salt ("metoprolol tartrate") or a release form
    ("extended-release", "Toprol XL")."""

    phrase: str
    salts: frozenset[str] = frozenset()
    release: str | None = None  # "extended" or "immediate"


_EXTENDED = re.compile(r"\b(extended|sustained|controlled|modified)[- ]release\b|\b(er|xl|xr|sr|cr|la|cd)\b", re.I)
_IMMEDIATE = re.compile(r"\bimmediate[- ]release\b|\bir\b", re.I)


def _asked_product(q: Question, match: DrugMatch) -> AskedProduct | None:
    """The product the question names for `match`, or None when it names the ingredient only."""
    surface = normalize(match.surface)
    salts = frozenset(w for w in surface.split() if w in SALT_WORDS and w not in MODIFIER_WORDS)
    # the release form next to the drug's name ("metoprolol ER", "Toprol XL", "extended-release metoprolol")
    at = q.text.lower().find(match.surface.lower())
    near = q.text[max(0, at - 25): at + len(match.surface) + 25] if at >= 0 else ""
    release = "extended" if _EXTENDED.search(near) else "immediate" if _IMMEDIATE.search(near) else None
    # (a prescription brand alone picks no label: it shares its text with the generic labels, which are often the
    # newer; OTC brands have `_brand_first`; a brand's release form ("Toprol XL") does count)
    if not salts and release is None:
        return None
    phrase = match.surface if salts else f"{release}-release {match.surface}"
    if release and salts and not _EXTENDED.search(match.surface) and not _IMMEDIATE.search(match.surface):
        phrase = f"{phrase} {release}-release"
    return AskedProduct(phrase, salts, release)


def _is_product(g: LabelGroup, asked: AskedProduct) -> bool:
    """Whether the group's labels are of the product asked (its salt and release form)."""
    def fits(label: LabelDoc) -> bool:
        meta = label.doc.meta
        names = " ".join(n for n in [*(meta.get("generic_names") or []), *(meta.get("brand_names") or []),
                                     label.doc.title] if isinstance(n, str))
        words = set(normalize(names).split())
        if asked.salts and not asked.salts <= words:
            return False
        extended = bool(_EXTENDED.search(names))
        if asked.release == "extended" and not extended:
            return False
        return not (asked.release == "immediate" and extended)

    return any(fits(m) for m in g.members)


def _brand_first(groups: list[LabelGroup], brand: str) -> list[LabelGroup]:
    """Drug Facts groups of the brand the question names first: "how much Advil a day" is answered by the Advil
    (OTC) label, not by a prescription ibuprofen label that states a 3200 mg limit. Only OTC labels move: a
    prescription brand (Lipitor) shares its text with the generic labels, while OTC doses differ in kind."""
    key = name_key(brand)

    def carries(g: LabelGroup) -> bool:
        return is_drug_facts(g.rep.passages) and any(
            name_key(b) == key for m in g.members for b in m.doc.meta.get("brand_names") or [] if isinstance(b, str)
        )

    return sorted(groups, key=lambda g: not carries(g))  # stable: the usual order within each part


def _short_list(names: list[str], most: int = 160) -> str:
    """Names joined with commas, cut after a whole name (never mid-word) when longer than `most` characters."""
    out = ""
    for i, name in enumerate(names):
        joined = f"{out}, {name}" if out else name
        if len(joined) > most:
            return f"{out}, and {len(names) - i} more"
        out = joined
    return out


_NON_ORAL = re.compile(r"\b(inject\w*|intraven\w*|iv|im|intramuscular\w*|subcutaneous\w*|infusion|intrathecal\w*|"
                       r"topical\w*|cream|ointment|gel|patch\w*|inhal\w*|nasal|eye|ophthalmic|ear|otic|rectal\w*|"
                       r"vaginal\w*|transdermal|neonat\w*|premature|preterm|infants?)\b", re.I)


_ROUTE_IN_TITLE = re.compile(r"\b(oral|tablets?|capsules?|inject\w*|intrathecal|intraven\w*|topical|cream|ointment|"
                             r"gel|patch|inhal\w*|nasal|ophthalmic|otic|rectal|vaginal|transdermal|solution|"
                             r"suspension)\b", re.I)


def _is_oral(label: LabelDoc) -> bool:
    meta = label.doc.meta
    routes = " ".join(str(r) for r in meta.get("route") or [])
    return bool(re.search(r"\boral|tablet|capsule", f"{routes} {label.doc.title}", re.I))


def _route_note(drug: str, labels: list[LabelDoc]) -> str | None:
    """Say so when no label of the drug is for oral use (e.g. only an intrathecal label)."""
    if not any(lb.doc.meta.get("route") or lb.doc.meta.get("dosage_form") or _ROUTE_IN_TITLE.search(lb.doc.title)
               for lb in labels):
        return None  # extracts without route or form (TAC 2017 "SINGULAIR"): the label does not say, so neither do we
    routes = " ".join(
        f"{' '.join(map(str, lb.doc.meta.get('route') or []))} {lb.doc.title} {lb.doc.meta.get('dosage_form')}"
        for lb in labels
    ).lower()
    if re.search(r"\boral|tablet|capsule|solution, oral|suspension", routes):
        return None
    titles = "; ".join(sorted({lb.doc.title for lb in labels}))[:200]
    return f"The corpus has no oral {drug} label: the only {drug} label(s) here: {titles}."


# Facets whose subsections labels sometimes file under another code (lactation under Labor and Delivery, renal
# dosing under Clinical Pharmacology). Never doses or indications: a dose in a trial report is no labelled dose.
# ("contraindications": an extract without that section states "Do not use ZONTIVITY in patients with a history of
# stroke ..." in its boxed warning)
_ANYWHERE = {"contraindications", "lactation", "pregnancy", "pediatric", "geriatric", "renal", "hepatic", "storage",
             "overdose", "mechanism", "pharmacokinetics", "interactions", "abuse_dependence", "ingredients"}


# What else a question may ask a drug to be taken with, and how labels name it.
_INTERACTANTS = tuple((re.compile(a, re.I), b) for a, b in (
    # (not alcohol as a solvent, excipient or antiseptic: "slightly soluble in alcohol", "benzyl alcohol",
    # "alcohol-based gel", "clean the injection site with an alcohol wipe")
    # (a drink that is not alcohol is not asked about as alcohol: "can i drink coffee with X"; nor is "drinking
    # water" or "drinking plenty of fluids" in a label about alcohol)
    (r"\b(alcohol\w*|wines?|beers?|liquors?|(?:drinks?|drinking)(?! (?:a |some |any )?(?:coffee|tea|water|juice|milk|"
     r"soda|pop|caffeine|grapefruit|fluids?|liquids?))|booze)\b",
     r"(?<!soluble in )(?<!miscible with )(?<!benzyl )(?<!cetyl )(?<!stearyl )(?<!cetostearyl )(?<!polyvinyl )"
     r"(?<!dehydrated )(?<!isopropyl )(?<!rubbing )\b(alcohol(?![- ]based| USP| \d|[- ](?:wipes?|swabs?|pads?|preps?|"
     r"soaked|free)\b)\w*|ethanol|drinking(?! (?:water|fluids?|liquids?|plenty|enough|adequate|of fluids)))\b"),
    (r"\bgrapefruit", r"\bgrapefruit"),
    (r"\b(cheese|tyramine|wine)\b", r"\btyramine"),
    (r"\bmao(is?)?\b|mao inhibitor|monoamine", r"\bmaois?\b|\bmao inhibitor|monoamine oxidase"),
    (r"\bnitrates?\b|nitroglycerin", r"\bnitrates?\b|nitroglycerin|nitric oxide donor"),
    (r"\bantacids?\b", r"\bantacids?\b|aluminum|magnesium hydroxide"),
    (r"\bnsaids?\b|anti-?inflammator", r"\bnsaids?\b|nonsteroidal anti-inflammatory"),
    (r"blood thinners?|anticoagula", r"anticoagula\w*|warfarin"),
    (r"\bopioids?\b", r"\bopioids?\b"),
    (r"benzodiazepines?", r"benzodiazepines?"),
    (r"\bssris?\b|antidepressants?", r"\bssris?\b|serotonergic|antidepressants?"),
    (r"birth control|contracepti", r"contracepti\w*"),
    (r"\bcaffeine|coffee", r"\bcaffeine|coffee"),
    (r"\bdairy|milk|yogurt|calcium", r"\bdairy|milk|yogurt|calcium"),
))


def _focus(q: Question, corpus: Corpus, drug: str, added: frozenset[str] = frozenset()) -> Focus:
    """The other drugs the question names (an interaction question must be answered about them) and its condition;
    the drug's own names and the dictionary, to tell a sentence about another product (subject check).

    `added`: drugs read as members of a class the question names ("NSAIDs with lisinopril": ibuprofen, naproxen),
    which are not each other's partners."""
    others = [d for d in q.drug_names if d != drug and not (set(d.split(" and ")) & set(drug.split(" and ")))
              and d not in added]
    # a combination's label names it by its ingredients in its own order ("Triamterene and hydrochlorothiazide")
    own = corpus.names_pattern([drug, *(drug.split(" and ") if is_combination(drug) else ())])
    names = corpus.names_pattern(others) if others and "interactions" in q.facets else None
    own_others = names
    broad: list[str] = []
    if names is not None:
        # a label names the other drug's class ("Concomitant use of benzodiazepines and opioids ..."): the classes
        # openFDA gives the other drug's labels (pharm_class_epc/moa), the class its own label says it is ("a
        # selective serotonin reuptake inhibitor (SSRI)") and the class table's, a hyphen or a line break between
        # their words ("angiotensin- converting enzyme inhibitors"), and the broader class it belongs to, which
        # labels name in warnings ("serotonergic agents" for an SSRI)
        # (its own class, not a lay class spanning several: ibuprofen is named by "NSAIDs", not by "opioids" as a
        # painkiller would be)
        own_classes = [(rx, member) for rx, member in CLASS_MEMBERS if member not in SPANNED_CLASSES]
        classes = [_spaced(member) for _, member in own_classes for o in others if re.fullmatch(member, o, re.I)]
        said: list[str] = []
        for o in others:
            other_labels = corpus.labels_for(o)
            said += pharm_classes(other_labels) + [c for c in described_classes(other_labels, corpus, o)
                                                   if c not in said]
        classes += [_class_pattern(c) for c in said]
        kinds = " ".join([*others, *said, *(rx for rx, member in own_classes for o in others
                                            if re.fullmatch(member, o, re.I))])
        broad = [broader for what, broader in _BROADER if what.search(kinds)]
        classes += broad
        # the other drug as the question names it: "valproate" for divalproex, which the cannabidiol label names
        asked = [rf"\b{re.escape(m.surface)}s?\b" for m in q.drugs if m.canonical in others and len(m.surface) >= 4]
        if classes or asked:
            names = re.compile("|".join([names.pattern, *(rf"\b(?:{c})\b" for c in classes), *asked]), re.I)
        if asked:
            own_others = re.compile("|".join([own_others.pattern, *asked]), re.I)
    if "interactions" in q.facets:
        # a class the question names beside the drug ("a water pill with lisinopril", "NSAIDs"): the label sentences
        # naming the class or a member answer it (not the drug's own class: "is lisinopril an ACE inhibitor")
        asked_classes = question_classes(q, drug)
        if asked_classes:
            alts = [*([names.pattern] if names is not None else []), *(rf"\b(?:{c})\b" for c in asked_classes)]
            names = re.compile("|".join(alts), re.I)
    # (not the poison of an overdose the drug treats: "naloxone for a suspected opioid overdose" asks no interaction)
    text = q.text if "interactions" in q.facets else OVERDOSE_TREATED.sub(" ", q.text)
    things = [label_words for asked, label_words in _INTERACTANTS if (m := asked.search(text))
              and not _own_class(m.group(0), drug)]
    topic = condition_topic(q)
    if things:
        alts = "|".join(things + ([names.pattern] if names else []))
        names = re.compile(alts, re.I)
    return Focus(
        others=names,
        others_own=own_others,
        others_broad=re.compile("|".join(rf"\b(?:{b})\b" for b in broad), re.I) if broad else None,
        condition=topic.words,
        product=topic.forms,
        own_names=own,
        drugs_named=lambda phrase: {m.canonical for m in corpus.drugs.recognise(phrase)},
        drug=drug,
        amounts=tuple((n, u.lower()) for n, u in _STRENGTH.findall(q.text)),
        similarity=(lambda pids: corpus.question_similarity(q.text, pids)) if corpus.modes.get("label") == "hybrid"
        else None,
        measures=measures(q.text),
    )


_STRENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|mcg|g|ml|%)(?!\w)", re.I)


def _own_class(words: str, drug: str) -> bool:
    """`words` name a class of the class table that `drug` belongs to ("NSAIDs" for ibuprofen): for that drug's
    label, no other thing taken with it."""
    return any(re.search(rx, words, re.I) and re.fullmatch(_spaced(member), drug, re.I)
               for rx, member in CLASS_MEMBERS)


def _spaced(pattern: str) -> str:
    """A class pattern with any run of spaces and hyphens between its words (labels break "angiotensin-converting"
    as "angiotensin- converting")."""
    return re.sub(r"\\ |\[\\s-\]\+?(?![*?])", r"[\\s-]+", pattern)


def _class_pattern(name: str) -> str:
    """A pattern for an openFDA class name as labels write it: any spaces or hyphens between its words, a plural,
    and its number in either form or left out ("Angiotensin 2 Receptor Blocker": "angiotensin II receptor
    blockers", "angiotensin receptor blocker")."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", name) if w]
    parts = [r"(?:(?:2|ii)[\s-]+)?" if w in ("2", "ii") else w + r"[\s-]+" for w in words]
    body = "".join(parts)
    body = body[: -len(r"[\s-]+")] if body.endswith(r"[\s-]+") else body
    return rf"\b{body}s?\b"


# openFDA's pharmacologic class of a label ("Angiotensin Converting Enzyme Inhibitor [EPC]"): its name without the
# kind in brackets; only classes a label would name a drug by (established class and mechanism)
_CLASS_KINDS = ("pharm_class_epc", "pharm_class_moa")


def pharm_classes(labels: list[LabelDoc]) -> list[str]:
    """The pharmacologic classes openFDA gives the labels (`openfda.pharm_class_epc` / `pharm_class_moa`, kept in
    the document's metadata at ingest), lower-case, without the "[EPC]" kind; [] when the labels have none."""
    out: list[str] = []
    for lb in labels:
        meta = lb.doc.meta or {}
        for kind in _CLASS_KINDS:
            value = meta.get(kind)
            if isinstance(value, str):  # (stored as a JSON list; one class as a bare string)
                value = [value]
            for c in value or ():
                name = re.sub(r"\s*\[[A-Za-z]+\]\s*$", "", str(c)).strip().lower()
                if len(name) >= 5 and name not in out:
                    out.append(name)
    return out


def question_classes(q: Question, drug: str = "") -> list[str]:
    """Patterns for the drug classes the question names, each naming the class or a member ("water pill":
    "diuretics?|\\w+thiazide|furosemide|..."), without a class `drug` itself belongs to."""
    def own(member: str) -> bool:
        return bool(drug) and re.fullmatch(_spaced(member), drug, re.I) is not None

    out: list[str] = []
    for c in q.classes:
        name = f"{c.surface} {c.canonical}".lower()
        found = [member for rx, member in CLASS_MEMBERS if re.search(rx, name)]
        if any(own(m) for m in found):
            continue  # the drug's own class, by its members or as the question names it ("NSAIDs" for ibuprofen)
        surface = re.escape(c.surface.lower().rstrip("s")).replace(r"\ ", r"[\s\-]+")
        out += [*found, rf"{surface}s?"]
    out += [member for member, _ in _classes_in(q.text) if not own(member)]
    return [_spaced(m) for m in dict.fromkeys(out)]


# Broader classes labels name a drug by, in warnings and interaction text: (what the other drug is, by its name and
# classes) -> how labels name the broader class. "Monitor patients taking linezolid concomitantly with serotonergic
# agents" is about sertraline (an SSRI); "Use with other CNS depressants" about a benzodiazepine.
_SEP = r"[\s-]+"
_BROADER = tuple((re.compile(a, re.I), b.replace(" ", _SEP)) for a, b in (
    (r"serotonin|\bssris?\b|\bsnris?\b|triptan|tricyclic|\w+oxetine|trazodone|vilazodone|vortioxetine|mirtazapine|"
     r"tramadol|meperidine|fentanyl|methadone|buspirone|lithium|\w+pramine|amitriptyline|nortriptyline|st\.? john",
     r"serotonergic (?:drugs?|agents?|medications?|medicines?|antidepressants?|products?)|"
     r"drugs? that (?:affect|increase|raise) (?:the )?serotonin\w*"),
    (r"benzodiazepine|\w+azepam|\w+azolam|opioid|hypnotic|sedative|sleep aid|barbiturate|zolpidem|eszopiclone|"
     r"gabapentin|pregabalin|baclofen|tizanidine|cyclobenzaprine|carisoprodol|muscle relax|antipsychotic",
     r"(?:cns|central nervous system) depressants?"),
    (r"nsaid|non-?steroidal|anti-?inflammatory|aspirin|platelet|clopidogrel|prasugrel|ticagrelor|cilostazol|"
     r"dipyridamole",
     r"antiplatelet (?:agents?|drugs?|therapy|medications?)|platelet (?:aggregation )?inhibitors?"),
    (r"nsaid|non-?steroidal|anti-?inflammatory|aspirin|platelet|clopidogrel|prasugrel|ticagrelor|anticoagula|"
     r"\w+xaban|warfarin|heparin|dabigatran|\bssris?\b|serotonin re",
     r"(?:drugs?|agents?|medications?) (?:that|which) (?:increase|affect|interfere with) (?:the )?(?:risk of )?"
     r"(?:bleeding|hemostasis|haemostasis|platelet function|coagulation)"),
    (r"\w+pril\b|\w+sartan|\w+olol\b|\w+dipine|diuretic|thiazide|angiotensin|beta.?block|calcium.?channel|clonidine|"
     r"hydralazine|antihypertensive",
     r"antihypertensives|antihypertensive (?:agents?|drugs?|medications?|therapy)|"
     r"(?:drugs?|agents?|medications?) that lower blood pressure"),
    (r"insulin|sulfonylurea|glipizide|glyburide|glimepiride|metformin|\w+gliptin|\w+gliflozin|\w+glutide|"
     r"pioglitazone|hypoglycemic|antidiabetic",
     r"(?:oral )?(?:hypoglycemic|antidiabetic|anti-diabetic|blood glucose lowering) (?:agents?|drugs?|medications?|"
     r"therapy)"),
))

# The class a label says its drug is: "Sertraline hydrochloride is a selective serotonin reuptake inhibitor (SSRI)",
# "Furosemide is a potent diuretic"; in the sections that describe the drug.
_DESCRIBING = frozenset({"34089-3", "description", "34067-9", "indications_and_usage", "43679-0",
                         "mechanism_of_action", "34090-1", "clinical_pharmacology"})
_CLASS_HEAD = (r"inhibitors?|blockers?|antagonists?|agonists?|antidepressants?|antipsychotics?|benzodiazepines?|"
               r"diuretics?|anticoagulants?|antibiotics?|antibacterials?|antifungals?|antivirals?|analgesics?|opioids?|"
               r"corticosteroids?|glucocorticoids?|statins?|anticonvulsants?|antiepileptics?|antihistamines?|hypnotics?|"
               r"sedatives?|stimulants?|relaxants?|agents?|drugs?")
# Words before a class that only qualify it ("a selective serotonin reuptake inhibitor"; labels that name the class
# leave them out: "serotonin reuptake inhibitors")
_QUALIFIERS = frozenset("""selective nonselective non-selective highly potent reversible irreversible orally oral active
    long-acting short-acting synthetic novel competitive specific second-generation first-generation atypical new
    centrally peripherally acting relatively""".split())
# One-word classes specific enough alone ("a benzodiazepine"); an "inhibitor" or "agent" needs what it is of
_ONE_WORD_CLASS = re.compile(r"(?:antidepressant|antipsychotic|benzodiazepine|diuretic|anticoagulant|opioid|"
                             r"corticosteroid|glucocorticoid|statin|anticonvulsant|antiepileptic|antihistamine|"
                             r"hypnotic|sedative)s?", re.I)


def described_classes(labels: list[LabelDoc], corpus: Corpus, drug: str) -> list[str]:
    """The classes the drug's own labels say it is ("sertraline hydrochloride is a selective serotonin reuptake
    inhibitor (SSRI)" -> "serotonin reuptake inhibitor"), lower-case, without qualifying words; [] when no label
    says. For drugs whose labels carry no openFDA class (older or repackaged records)."""
    own = corpus.names_pattern([drug], min_chars=4)
    if own is None:
        return []
    said = re.compile(rf"(?:{own.pattern})(?:[\s,]+[\w()-]+){{0,4}}?\s+is\s+an?\s+"
                      rf"(?P<cls>(?:(?!(?:and|or|of|the|with|for|in)\s)[\w-]+\s+){{0,5}}?(?:{_CLASS_HEAD}))\b", re.I)
    out: list[str] = []
    for lb in labels:
        for p in lb.passages:
            if (p.section_code or "") not in _DESCRIBING:
                continue
            for m in said.finditer(p.text):
                words = m.group("cls").lower().split()
                while words and words[0] in _QUALIFIERS:
                    words = words[1:]
                if not words or (words[-1].rstrip("s") in ("agent", "drug") and len(words) < 2):
                    continue
                if len(words) < 2 and not _ONE_WORD_CLASS.fullmatch(words[0]):
                    continue
                name = " ".join(words)
                name = name[:-1] if name.endswith("s") and not name.endswith("ss") else name
                if name not in out:
                    out.append(name)
    return out


# An abbreviation a label defines right after a phrase: "angiotensin- converting enzyme inhibitors (ACEIs)".
_ABBREVIATION = r"\s*\((?P<abbr>[A-Z][A-Z]{1,6})(?:s)?\)"


def with_defined_abbreviations(names: re.Pattern[str], labels: list[LabelDoc]) -> re.Pattern[str]:
    """`names` also matching the abbreviations the labels themselves define for what it matches ("Do not use
    Tekturna with ARBs or ACEIs" after "... angiotensin- converting enzyme inhibitors (ACEIs)"): never a
    hand-written abbreviation, only one a label states."""
    # (the class's head may follow what `names` matched: "angiotensin converting enzyme" + " inhibitors (ACEIs)")
    definition = re.compile(rf"(?i:(?:{names.pattern}))\w*(?:[\s-]+[A-Za-z]+){{0,2}}?{_ABBREVIATION}")
    found: list[str] = []
    for lb in labels:
        for p in lb.passages:
            for m in definition.finditer(p.text):
                if m.group("abbr") not in found:
                    found.append(m.group("abbr"))
    if not found:
        return names
    return re.compile("|".join([names.pattern, *(rf"\b{re.escape(a)}s?\b" for a in found)]), names.flags)


# The question-focused reading: when a question names a drug but no facet, its own words choose the sentences,
# from any section of the label.
_QUESTION = Facet("question", "From the Label", re.compile("^"), re.compile(r"(?!x)x"), (), "")


# Animal and laboratory sections (animal pharmacology and toxicology, nonclinical toxicology, carcinogenesis and
# fertility studies): what rats and dogs showed answers no patient's question about what the drug does to them
# ("does fingolimod make you gain weight" met "increase in lung weight" in dogs), unless the question asks about
# animals.
NONCLINICAL = frozenset({"34091-9", "animal_pharmacology_and_or_toxicology", "43680-8", "nonclinical_toxicology",
                         "34083-6", "carcinogenesis_and_mutagenesis_and_impairment_of_fertility"})


def _is_nonclinical(code: str | None, q: Question) -> bool:
    return (code or "") in NONCLINICAL and not ANIMAL_QUESTION.search(q.text)


def _question_reading(q: Question, group: LabelGroup, focus: Focus, need_condition: bool = False,
                      whole: bool = False) -> list[Draft]:
    """The label's sentences, from any section, that share the most (and rarest) of the question's words."""
    sections = tuple(dict.fromkeys(p.section_code or "" for p in group.rep.passages
                                   if not _is_nonclinical(p.section_code, q)))
    facet = Facet(_QUESTION.key, _QUESTION.heading, _QUESTION.question, _QUESTION.cue, sections, "")
    drafts = read_label(facet, group.rep, q, _ASKED_LIMIT, focus).drafts
    # only sentences that share the question's words: a sentence without them does not answer it
    drafts = [d for d in drafts if d.score >= 1.0]
    if need_condition:
        # a use or a side effect asked must be named in full ("gout" alone is no "gout flares", a "body weight" in
        # a pharmacokinetic analysis no "gain weight": `_said_anywhere` counts so); otherwise any of the
        # condition's words ("ANC" of "minimum ANC"): a sentence on it is no reason to deny the label has it
        words = focus.condition
        need = 1 if not whole else len(words) if len(words) <= 2 else math.ceil(2 * len(words) / 3)
        drafts = [d for d in drafts if sum(1 for t in words if mentions(t, sentence_words(d.text))) >= need]
    return drafts


# Facets whose condition is what the answer must name in full (`_question_reading`'s `whole`).
_WHOLE_CONDITION = frozenset({"indications", "side_effects"})


def _section_heading(name: str) -> str:
    """A passage's section name as a block heading: '5.3 WARNINGS AND PRECAUTIONS' -> 'Warnings and Precautions'."""
    name = re.sub(r"^[\d.]+\s*", "", name).strip() or "From the Label"
    if name.isupper():
        name = " ".join(w if w in ("and", "of", "in", "with") else w.capitalize() for w in name.lower().split())
    return name


def _add_question_block(tier: TierDraft, q: Question, group: LabelGroup, focus: Focus, drug: str, many: bool,
                        at: int, need_condition: bool = False, whole: bool = False) -> bool:
    """Put the question-focused block at position `at`; False when no sentence shares the question's words."""
    seen = [s for b in tier.blocks for s in b.statements]
    drafts = [d for d in _question_reading(q, group, focus, need_condition, whole)
              if all(similarity(d.words, s.words) < 0.8 for s in seen)]
    if not drafts:
        return False
    passage = drafts[0].evidence[0].passage_id
    section = next((p.section for p in group.rep.passages if p.id == passage), "From the Label")
    heading = _section_heading(section)
    tier.blocks.insert(at, DraftBlock(f"{drug}: {heading}" if many else heading, drafts))
    tier.ref_extra[group.rep.doc.id] = {"labels_agreeing": len(group.members)}
    return True


# A dose said per day: the most a day the label allows when it states no separate maximum.
_DAILY_DOSE = re.compile(r"\b(?:once|twice|\d+ times|one time|two times) (?:daily|a day|per day)\b|\bin 24 hours\b|"
                         r"\b(?:per|a|each) day\b", re.I)


# A dose range: "10 mg to 80 mg", "10 to 80 mg", "25-100 mg".
_DOSE_RANGE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|g)?\s*(?:to|-|–)\s*\d+(?:\.\d+)?\s*(?:mg|mcg|g)\b", re.I)


# A sentence (or list item with its lead-in) that states a use: "indicated for ...", "used to treat ..."; in a Drug
# Facts label's Uses also "temporarily relieves ...", "treats frequent heartburn", "helps prevent ..." (in a
# prescription label "Lowering blood pressure reduces the risk ..." is no use).
_STATES_A_USE = re.compile(r"\bindicated\b|\bused (?:to|for|in) (?:the )?(?:treat|manag|prevent|reliev|reduc|control)",
                           re.I)
# ... but not what it is not for ("Levothyroxine sodium tablets are not indicated for suppression of benign thyroid
# nodules", "Limitations of Use: ...").
_NOT_A_USE = re.compile(r"\bnot (?:been )?(?:indicated|recommended|established|(?:be )?used)\b|\blimitations? of use\b",
                        re.I)
_OTC_USE = re.compile(r"\b(?:treats|relieves|prevents|reduces|helps (?:prevent|relieve|reduce))\b|"
                      r"\btemporar(?:il)?y reli", re.I)


def _states_use(d: Draft, otc: bool) -> bool:
    """A statement of a use, not background ("Lowering blood pressure reduces ...") or what it is not for. (An older
    label's conditions listed under headings below a lead-in the reader cannot attach them to, "Acute exacerbations
    of multiple sclerosis.", are items without their lead-in: not quoted alone.)"""
    return not d.table_row and not _NOT_A_USE.search(d.text) and bool(
        _STATES_A_USE.search(d.text) or (otc and _OTC_USE.search(d.text)))


def _uses(drafts: list[Draft], label: LabelDoc) -> list[Draft]:
    """An overview's indications: every use the label states (issue 15 point 4: "what is metoprolol used for" is
    hypertension, angina and heart failure, not the first of them), in the label's order. The first statement read
    stays whatever it says; the others only when they state a use (not "Lowering blood pressure reduces the risk
    of ..." from the same section). Near-duplicates (the Highlights' list and the full text's sentences) were
    dropped by the reading."""
    if len(drafts) <= 1:
        return drafts
    order = {p.id: i for i, p in enumerate(label.passages)}
    otc = is_drug_facts(label.passages)
    kept = [drafts[0], *(d for d in drafts[1:] if _states_use(d, otc))]
    return sorted(kept, key=lambda d: (order.get(d.evidence[-1].passage_id, 0), d.evidence[-1].start))


_EXCERPT_SECTIONS = 4


def _excerpts_only(groups: list[LabelGroup]) -> bool:
    """Every label text of the drug is an excerpt: a few sections, without the indications and dosing every full
    prescribing label has (the TAC 2017 files: adverse reactions, warnings and precautions, a boxed warning). That it
    has no section on a topic says what the corpus holds, not what the drug's label says."""
    return bool(groups) and all(
        not _is_full(g.rep) and not is_drug_facts(g.rep.passages)
        and len({p.section_code or p.section for p in g.rep.passages}) <= _EXCERPT_SECTIONS for g in groups)


def _nothing_on_note(drug: str, labels: list[LabelDoc], groups: list[LabelGroup], facet: Facet,
                     rejected: Counter[str], candidates: int) -> str:
    """Why the label tier has no statement for a facet: no section that answers it, no sentence on it in those
    sections, or only sentences that cannot be quoted alone (table rows, lead-ins, cross-references)."""
    read = sorted({p.section for g in groups for p in g.rep.passages if code_rank(p, facet) is not None})
    n = f"{len(labels)} label(s)"
    topic = facet.heading.lower()
    if not read:
        have = sorted({p.section for g in groups for p in g.rep.passages})
        if _excerpts_only(groups):
            return (f"The corpus holds only an excerpt of the {drug} label ({n}; sections: {_short_list(have)}), "
                    f"which has no section on {topic}: the full label may state it, but the label tier has nothing "
                    f"on it.")
        return (f"The {drug} label text in the corpus ({n}; sections: {_short_list(have)}) has no section on "
                f"{topic}, so the label tier has nothing on it.")
    if candidates and rejected:
        why = ", ".join(f"{k} ({v})" for k, v in rejected.most_common())
        return (f"The {drug} label's sentences on {topic} cannot be quoted on their own ({why}); see the label's "
                f"{_short_list(read)} section(s).")
    return f"The {drug} label text in the corpus ({n}) has nothing on {topic} in its {_short_list(read)} section(s)."


def compose_label_tier(q: Question, corpus: Corpus) -> TierDraft:
    """Label statements for the question's drugs, by facet, citing one representative label per group."""
    tier = TierDraft("label")
    asked = q  # the question as asked: notes name what it names, not the class members read for it
    q, added = _with_class_members(q, corpus, tier)
    if not q.drugs:
        if q.classes:
            named = ", ".join(f"{c.surface} ({c.canonical})" for c in q.classes)
            tier.notes.append(f"The question names a drug class, {named}, not one drug, so no FDA label is cited.")
        elif q.unknown_drug:
            tier.notes.append(
                f"The question names a drug the corpus does not know ({q.unknown_drug}), so no FDA label is cited."
            )
        else:
            tier.notes.append("The question names no drug, so no FDA label is cited.")
        return tier
    facet_keys: tuple[str, ...] = OVERVIEW if q.overview else q.facets
    most = 4
    reading = q.drugs
    if len(q.drugs) > most:
        # the drugs of the question's asking clause first: the one asked about is never the one left out (fix14v)
        reading = asked_first(q)
        left = ", ".join(d.canonical for d in reading[most:])
        tier.notes.append(f"The question names {len(q.drugs)} drugs; this brief reads the labels of {most} of them, "
                          f"those it asks about first, and leaves out: {left}.")
    poisons = _poisons(q)
    aside: list[tuple[str, str, str, list[LabelGroup]]] = []  # notes `_others_answer` may take back
    for match in reading[:most]:
        drug = match.canonical
        if drug in poisons:
            # "How much naloxone for a fentanyl overdose?": fentanyl is what naloxone is given for, not asked about
            tier.notes.append(f"The question names {match.surface} as the overdose treated, so its own label is not "
                              f"read for this question.")
            continue
        labels = corpus.labels_for(drug)
        component = not labels and not is_combination(drug) and not _salts_of_one_moiety(drug, corpus)
        if not labels:
            # no label of the drug alone (or of this combination alone): the labels of products that contain it
            labels = corpus.combination_labels_for(drug)
            if labels:
                titles = "; ".join(sorted({lb.doc.title for lb in labels}))[:200]
                alone = f"label of {drug} alone" if is_combination(drug) else f"single-ingredient {drug} label"
                tier.notes.append(
                    f"The corpus has no {alone}; the {drug} statements come from "
                    f"combination product label(s) that contain it: {titles}."
                )
        groups = group_labels(labels)
        if not _NON_ORAL.search(q.text):  # a question that names no route is about the tablets people take
            groups = sorted(groups, key=lambda g: not _is_oral(g.rep))
        else:  # "lidocaine patch": the labels of that form first
            forms = {w.lower() for w in _NON_ORAL.findall(q.text)}
            groups = sorted(groups, key=lambda g: not any(f in g.rep.doc.title.lower() for f in forms))
        if match.kind.startswith("brand"):  # "brand_word": a brand that is also an everyday word
            groups = _brand_first(groups, match.surface)
        asked_product = _asked_product(q, match)
        if asked_product and groups:
            # "metoprolol tartrate 50 mg": the tartrate labels answer, not a succinate extended-release label
            ours = [g for g in groups if _is_product(g, asked_product)]
            if ours:
                groups = ours + [g for g in groups if g not in ours]
            elif asked_product.salts or asked_product.release:
                titles = _short_list(sorted({g.rep.doc.title for g in groups}))
                tier.notes.append(f"The corpus has no label of {asked_product.phrase}; the {drug} statements come "
                                  f"from the label(s) it has: {titles}.")
        if not groups:
            tier.notes.append(f"No FDA label for {drug} in the corpus.")
            continue
        focus = _focus(q, corpus, drug, added)
        if focus.others is not None:
            focus = replace(focus, others=with_defined_abbreviations(focus.others, labels))
        many = len(q.drug_names) > 1
        first_block = len(tier.blocks)
        if not facet_keys:
            if not _add_question_block(tier, q, groups[0], focus, drug, many, first_block):
                words = ", ".join(q.terms) or "none"
                tier.notes.append(
                    f"The question was not recognised as asking about a part of the {drug} label (indications, "
                    f"dosing, warnings, interactions ...), and no {drug} label sentence shares its words ({words})."
                )
            if not _check_asked_facts(tier, drug, labels, q, first_block, ()):
                _lead_with_key_facts(tier, q, corpus, groups, focus, drug, many, first_block)
            if component:
                _keep_component_statements(tier, first_block, drug, focus, labels)
            continue
        stated: set[str] = set()
        missing: list[str] = []
        no_maximum: str | None = None
        asks_dose = bool({"dosing", "max_dose"} & set(facet_keys))
        for key in facet_keys:
            facet = ALL_FACETS[key]
            if not facet.label_codes:
                continue
            if key == "warnings" and focus.condition and _CAN_USE.search(q.text) and not HARM.search(q.text):
                # "is carvedilol safe in asthma": the contraindications answer it first (not "can X raise your blood
                # pressure": a harm the drug does, which its warnings state)
                facet = replace(facet, label_codes=("34070-3", "contraindications", *facet.label_codes))
            if key == "pediatric" and not asks_dose and _CAN_USE.search(q.text):
                # "can i give my 18 month old carbinoxamine": "contraindicated in children younger than 2 years"
                # answers it first (a contraindication needs the facet's cue, a child, to be read here)
                facet = replace(facet, label_codes=("34070-3", "contraindications", *facet.label_codes))
            if asks_dose and key in _POPULATION_FACETS:
                # "temazepam starting dose for elderly": the dose for the population is in Dosage and Administration
                facet = replace(facet, label_codes=("34068-7", "dosage_and_administration", *facet.label_codes))
            limit = _OVERVIEW_LIMIT.get(key, 1) if q.overview else _ASKED_LIMIT
            drafts: list[Draft] = []
            group = None
            rejected: Counter[str] = Counter()
            candidates = 0
            for g in groups:
                if g.covers(facet):
                    reading = read_label(facet, g.rep, q, limit, focus)
                    rejected += reading.rejected
                    candidates += reading.candidates
                    if reading.drafts and group is None:
                        drafts, group = reading.drafts, g
                    if reading.drafts and (key not in _CONDITION_FACETS or not focus.condition or q.overview
                                           or _names_condition(reading.drafts, focus)):
                        # with a condition asked, the first label whose statements name it ("Xarelto ... atrial
                        # fibrillation" over a generic label carved down to other uses), else the first with any
                        drafts, group = reading.drafts, g
                        break
            if q.overview and any(not d.table_row for d in drafts):
                # an overview's block says what the label says in prose; one row of an incidence table ("Asthenia:
                # 16; 41") beside "the most common adverse reactions were ..." adds a number without the question
                drafts = [d for d in drafts if not d.table_row]
            if q.overview and key == "indications" and group is not None:
                drafts = _uses(drafts, group.rep)
            names_other = focus.others is not None and key == "interactions"
            if not q.overview and key in _ANYWHERE and (
                not drafts or (names_other and not any(focus.others.search(d.text) for d in drafts))
            ):
                # labels that file the section under another code (lactation under Labor and Delivery), or that
                # name the other drug or alcohol only outside Drug Interactions (Medication Guide, Warnings)
                for g in groups:
                    reading = read_label(facet, g.rep, q, limit, focus, anywhere=True)
                    if reading.drafts and (not names_other or any(focus.others.search(d.text)
                                                                 for d in reading.drafts)):
                        drafts, group = reading.drafts, g
                        break
            if not drafts or group is None:
                if q.overview and not rejected:
                    # an overview picks what it shows: a section it quoted nothing from is no section the label lacks
                    # ("has nothing on: warnings and precautions" of an amlodipine label with a 5.1 Hypotension)
                    if not any(g.covers(facet) for g in groups):
                        missing.append(facet.heading.lower())
                else:
                    note = _nothing_on_note(drug, labels, groups, facet, rejected, candidates)
                    if key == "max_dose":
                        no_maximum = note  # told once the dosing statements are known (below)
                    tier.notes.append(note)
                    if drug in added or _excerpts_only(groups):
                        aside.append((drug, key, note, groups))
                continue
            others = _other_forms(groups, group, facet, q, drafts, focus)
            drafts += [d for _, d in others if d is not None]
            seen = [(b.heading, s) for b in tier.blocks for s in b.statements]
            repeats = [h for d in drafts for h, s in seen if similarity(d.words, s.words) >= 0.8]
            drafts = [d for d in drafts if all(similarity(d.words, s.words) < 0.8 for _, s in seen)]
            if not drafts:
                other = repeats[0].split(":")[0] if repeats and many and ":" in repeats[0] else ""
                if other and other != drug:
                    # the drug's label states what another drug's label quoted above states (labels of one class
                    # share their class text): said, so the drug is not silently left out
                    tier.notes.append(f"The {drug} label's text on {facet.heading.lower()} is the same as the {other} "
                                      f"label's quoted above.")
                continue
            heading = f"{drug}: {facet.heading}" if many else facet.heading
            tier.blocks.append(DraftBlock(heading, drafts))
            stated.add(key)
            for g in [group, *(g for g, _ in others)]:
                tier.ref_extra[g.rep.doc.id] = {"labels_agreeing": len(g.members)}
            if not focus.condition:
                _note_missing_focus(tier, drug, facet, drafts, focus, asked, group.rep)
        _harm_where_named(tier, first_block, focus)
        facet_drafts = [d for b in tier.blocks[first_block:] for d in b.statements]
        if asks_dose and facet_drafts and BY_WEIGHT.search(facet_drafts[0].text) \
                and not any(kind == "weight" for _, kind in focus.measures):
            # "What dose of dabigatran for an 8 year old?": no one weight band is this patient's (fix12c)
            tier.notes.append(f"The {drug} dose the label gives here depends on body weight, which the question "
                              f"does not give: the dose for each weight band is in the label's dosing table.")
        ranged = next((d for d in facet_drafts if d.facet in ("dosing", "max_dose") and _DOSE_RANGE.search(d.text)),
                      None)
        daily = next((d for d in facet_drafts if d.facet == "dosing" and _DAILY_DOSE.search(d.text)), None)
        if no_maximum and ranged is not None and no_maximum in tier.notes:
            # "10 to 80 mg" is quoted: the note says the label gives a range and no maximum beyond it (fix12b)
            tier.notes[tier.notes.index(no_maximum)] = (
                f"The {drug} label gives a usual dose range, quoted under Dosing, but states no separate maximum "
                f"dose beyond it.")
        elif no_maximum and daily is not None and no_maximum in tier.notes:
            # "how many meclizine can I take in a day": a Drug Facts label that states "chew 1 to 2 tablets once
            # daily" and no separate maximum answers with its daily dose; "nothing on maximum dose" would deny it
            tier.notes[tier.notes.index(no_maximum)] = (
                f"The {drug} label states no maximum dose apart from its daily dose, quoted under Dosing.")
        # only beside facet statements: when the label lacks the asked facet, sentences that merely share the
        # condition's words ("rebound spasticity" for a maximum-dose question) would fill the gap
        if facet_drafts and focus.condition and not q.overview and not _condition_is_use(q, focus, facet_keys,
                                                                                         groups[0].rep) and not any(
            mentions(t, sentence_words(d.text)) for d in facet_drafts for t in focus.condition
        ) and not _add_question_block(tier, q, groups[0], focus, drug, many,
                                      # (a use is stated in the indications or not at all: "is gabapentin used
                                      # for anxiety" must not lead with anxiety as an adverse reaction)
                                      first_block if facet_keys[0] in _GENERIC_FACETS - {"indications"}
                                      else len(tier.blocks),
                                      need_condition=True, whole=facet_keys[0] in _WHOLE_CONDITION):
            # neither the facet statements nor any other label sentence mention the asked condition
            if facet_keys[0] in _MUST_NAME and not _said_anywhere(labels, focus, facet_keys[0], q) \
                    and not (facet_keys[0] == "interactions" and _other_drugs(q, drug)):
                # no label of the drug mentions it at all: the facet's general text is no answer (issue 12.4)
                del tier.blocks[first_block:]
                where = ALL_FACETS[facet_keys[0]].heading.lower()
                if facet_keys[0] == "interactions" and any(asked.search(q.text) for asked, _ in _INTERACTANTS):
                    # a food or drink: labels say it in Drug Interactions or in what patients are told
                    where += " or patient counseling"
                tier.notes.append(_absent_note(drug, labels, f"mentions {_asked_thing(q, focus, drug)}",
                                               f"{where} text"))
            else:
                for key in facet_keys[:1]:
                    _note_missing_focus(tier, drug, ALL_FACETS[key], facet_drafts, focus, asked, groups[0].rep)
        elif focus.condition and not q.overview and facet_keys[0] == "indications" and "indications" in stated:
            # "Is rivaroxaban used for atrial fibrillation?": a use is stated in the indications or not at all; the
            # condition's mention in a warning ("stroke ... in atrial fibrillation patients") is no indication
            uses = [d for b in tier.blocks[first_block:] for d in b.statements if d.facet == "indications"]
            _note_missing_focus(tier, drug, ALL_FACETS["indications"], uses, focus, asked, groups[0].rep)
        if missing:
            sections = sorted({p.section for g in groups for p in g.rep.passages})
            if _excerpts_only(groups):
                tier.notes.append(
                    f"The corpus holds only an excerpt of the {drug} label ({len(labels)} label(s); sections: "
                    f"{_short_list(sections)}), which has nothing on: {', '.join(missing)}; the full label may "
                    f"state them.")
            else:
                tier.notes.append(
                    f"The {drug} label text in the corpus ({len(labels)} label(s); sections: {_short_list(sections)}) "
                    f"has nothing on: {', '.join(missing)}."
                )
        absent = _check_asked_facts(tier, drug, labels, q, first_block, facet_keys)
        if not absent and not q.overview and set(facet_keys) & _DOSE_FACETS:
            _note_unlabelled_use(tier, drug, labels, q)
        note = _route_note(drug, labels)
        asked_use = {"dosing", "max_dose", "indications", "administration"} & set(facet_keys)
        # only when the brief states neither: an injection-only drug whose label gave its indication is answered
        if note and (q.overview or asked_use) and not stated & {"indications", "dosing"}:
            tier.notes.append(note + " So this brief has no labelled indication or oral dosing for it.")
        if not absent:
            _lead_with_key_facts(tier, q, corpus, groups, focus, drug, many, first_block)
        if component:
            _keep_component_statements(tier, first_block, drug, focus, labels)
    _others_answer(tier, aside, added)
    if not tier.blocks and not tier.notes:
        tier.notes.append("No label section in the corpus answers this question.")
    return tier


def _harm_where_named(tier: TierDraft, first: int, focus: Focus) -> None:
    """"Can lisinopril cause that dry cough?", "does amlodipine cause ankle swelling?": a harm asked of the drug is
    answered where the label names it — its Warnings for a serious one (pancreatitis, low sodium), its Adverse
    Reactions for a common one (cough, edema, acne). When the warnings block leads without naming the asked harm and
    the side-effects block names it, the side effects lead."""
    blocks = tier.blocks[first:]
    if len(blocks) < 2 or not focus.condition:
        return

    def facet(b: DraftBlock) -> str | None:
        return b.statements[0].facet if b.statements else None

    def named(b: DraftBlock) -> int:
        return max((sum(1 for t in focus.condition if mentions(t, sentence_words(d.text))) for d in b.statements),
                   default=0)

    if facet(blocks[0]) != "warnings":
        return
    side = next((b for b in blocks[1:] if facet(b) == "side_effects"), None)
    if side is not None and named(side) > named(blocks[0]):
        tier.blocks.remove(side)
        tier.blocks.insert(first, side)


# The Key facts that state a facet's fact, for `_others_answer`.
_KEY_SLOTS = {"dosing": ("key:start", "key:range", "key:maximum"), "max_dose": ("key:maximum", "key:range"),
              "boxed_warning": ("key:boxed",), "renal": ("key:renal",), "hepatic": ("key:hepatic",),
              "contraindications": ("key:contraindication",), "indications": ("key:indication",)}


def _others_answer(tier: TierDraft, aside: list[tuple[str, str, str, list[LabelGroup]]],
                   added: frozenset[str]) -> None:
    """Take back "the X label has nothing on <facet>" notes that mislead beside another drug's answer (issue 12
    point 4). For a drug the question does not name (a class member read for it) the note goes, as does its Key facts
    note on facts its label does not state. For a drug whose labels in the corpus are excerpts only (TAC 2017: adverse
    reactions, warnings), the note says what the corpus holds and whose label the statements come from, not that the
    label lacks the facet ("Starting Symlin in a type 1 diabetic on mealtime insulin: how much should the insulin be
    cut": pramlintide's label says so; insulin's excerpt has no dosing section, which is no fact about its label)."""
    for drug in added:
        kf = tier.key_facts.get(drug)
        if kf is not None and kf.note in tier.notes:
            tier.notes.remove(kf.note)  # what a class member's label does not state was not asked
    for drug, key, note, groups in aside:
        if note not in tier.notes:
            continue
        facets = (key, *_KEY_SLOTS.get(key, ()))
        others = sorted({b.heading.split(": ", 1)[0] for b in tier.blocks for d in b.statements
                         if d.facet in facets and b.heading and ": " in b.heading} - {drug})
        if not others and not any(d.facet in facets for b in tier.blocks for d in b.statements
                                  if not (b.heading or "").startswith(f"{drug}: ")):
            continue  # nothing else answers it: the note stands
        i = tier.notes.index(note)
        if drug in added:
            del tier.notes[i]
            continue
        have = _short_list(sorted({p.section for g in groups for p in g.rep.passages}))
        whose = f"the {_short_list(others)} label(s)" if others else "the other drugs' labels"
        topic = ALL_FACETS[key].heading.lower()
        tier.notes[i] = (f"Only an excerpt of the {drug} label is in the corpus ({have}); the statements on {topic} "
                         f"above are from {whose}.")


# How many drugs of a class the question names are read: with no drug named ("Are statins safe in pregnancy?"), and
# beside a named drug ("Can I take NSAIDs with lisinopril?": the NSAIDs' labels state the pair too).
_CLASS_READ = 3
_CLASS_READ_BESIDE = 2


def class_drugs(q: Question, corpus: Corpus) -> list[tuple[str, list[str]]]:
    """(class as the question names it, its drugs with a single-ingredient label in the corpus, most labels first) for
    each class of the class table the question names; drugs the question names itself are left out."""
    named = set(q.drug_names)
    partners = corpus.names_pattern(q.drug_names, min_chars=4) if q.drug_names else None
    out: list[tuple[str, list[str]]] = []
    spans = {member: span for member, span in _classes_in(q.text)}
    for c in q.classes:
        name = f"{c.surface} {c.canonical}".lower()
        for rx, member in CLASS_MEMBERS:
            if re.search(rx, name):
                spans.setdefault(member, c.surface)
    # a lay class spanning classes ("a painkiller"): each class it spans, read one drug of each (SPANNED_CLASSES)
    spans = {m: s for member, span in spans.items()
             for m, s in (((sub, f"{span} ({name})") for sub, name in SPANNED_CLASSES[member])
                          if member in SPANNED_CLASSES else ((member, span),))}
    counts = corpus.label_counts
    for member, span in spans.items():
        if any(re.fullmatch(_spaced(member), d, re.I) for d in named):
            continue  # "simvastatin with ritonavir, or can I just lower the statin dose": the statin is the one named
        rx = next(r for r, m in CLASS_MEMBERS if m == member)
        candidates = sorted((d for d in counts if not is_combination(d) and d not in named
                             and re.fullmatch(member, d, re.I)), key=lambda d: (-counts[d], d))[:_CLASS_CANDIDATES]
        if partners is not None:
            # beside a named drug: the members whose labels name it first ("a painkiller with warfarin": the NSAID
            # labels that state the bleeding risk with warfarin, before opioid labels that never name it)
            candidates.sort(key=lambda d: not any(partners.search(p.text) for lb in corpus.labels_for(d)
                                                  for p in lb.passages))
        # a name with the class's ending is not always of the class ("nystatin" is no statin): its own labels must
        # name the class in words ("HMG-CoA reductase inhibitor", "a thiazide diuretic")
        drugs = [d for d in candidates if _label_names_class(corpus, d, rx)]
        if drugs and not any(span == s for s, _ in out):
            out.append((span, drugs))
    return out


_CLASS_CANDIDATES = 12


def _label_names_class(corpus: Corpus, drug: str, rx: str) -> bool:
    """Some label of `drug` names the class (`rx`, as a question would name it) as a word of its own, besides the
    drug's own name."""
    pattern = re.compile(rf"\b(?:{rx})\w*", re.I)
    own = corpus.names_pattern([drug])
    for lb in corpus.labels_for(drug):
        for p in lb.passages:
            text = own.sub(" ", p.text) if own is not None else p.text
            if pattern.search(text):
                return True
    return False


def _with_class_members(q: Question, corpus: Corpus, tier: TierDraft) -> tuple[Question, frozenset[str]]:
    """The question with the labelled drugs of the class it names added to its drugs, a note saying which were read
    (issue 12: a class answered per drug, never by nothing). With no drug named, up to `_CLASS_READ` of the class's
    drugs are read; beside a named drug in an interaction question, up to `_CLASS_READ_BESIDE`. Returns the
    question and the drugs added."""
    if q.drugs and "interactions" not in q.facets[:1]:
        return q, frozenset()
    room = 4 - len(q.drugs)
    if room <= 0:
        return q, frozenset()
    found = class_drugs(q, corpus)
    if not found:
        return q, frozenset()
    most = min(room, _CLASS_READ if not q.drugs else _CLASS_READ_BESIDE)
    chosen: list[str] = []
    for span, drugs in found:
        take = [d for d in drugs if d not in chosen][: max(1, most // len(found))]
        chosen += take
        rest = [d for d in drugs if d not in take]
        beside = f"beside the {', '.join(q.drug_names)} label(s), " if q.drugs else ""
        also = f" (also in the corpus: {_short_list(rest, 100)})" if rest else ""
        tier.notes.append(
            f"The question names a drug class, {span}, not one drug: {beside}the label tier reads the labels of "
            f"{len(take)} of its {len(drugs)} drug(s) with labels in the corpus, {', '.join(take)}{also}; each "
            f"label speaks for its own drug only.")
    matches = tuple(DrugMatch(d, d, "generic", True) for d in chosen[:room])
    return replace(q, drugs=q.drugs + matches), frozenset(chosen[:room])


_PRODUCT_USE = ("indications", "key:indication")
_CATIONS = frozenset("sodium potassium calcium magnesium lithium zinc aluminum ammonium".split())


def _salts_of_one_moiety(drug: str, corpus: Corpus) -> bool:
    """`drug` is a moiety or its salt ("oxybates", "sodium oxybate") whose combination products are salts of the same
    active moiety only ("calcium, magnesium, potassium, and sodium oxybates"): what their label says of the product is
    said of the drug, so the component filter does not apply."""
    words = drug.lower().split()
    if not (len(words) == 1 or (len(words) == 2 and words[0] in _CATIONS)):
        return False
    moiety = words[-1].rstrip("s")
    combos = list(corpus.drugs.combinations_with(drug))
    return bool(combos) and all(
        {w.rstrip("s") for w in re.findall(r"[a-z]+", c.lower())} - _CATIONS - {"and"} == {moiety} for c in combos)


def _keep_component_statements(tier: TierDraft, at: int, drug: str, focus: Focus, labels: list[LabelDoc]) -> None:
    """The drug's blocks (from `at`) quote a prescription combination product's label, the corpus having no label of
    the drug alone: keep only the statements that name the drug (issue 12 point 3, fix13p). The rest are about the
    product ("Use is not recommended in severe renal impairment", "Concomitant use of VOQUEZNA TRIPLE PAK with
    lovastatin or simvastatin is contraindicated" under "clarithromycin"): what the pack's label says of the pack
    misstates the component, which its own label may dose or restrict otherwise. An OTC Drug Facts label's
    directions and uses are the product's as people use it (a capsaicin and menthol patch) and stay; so does what
    the product is indicated for, which the note before the blocks says is the product's."""
    if focus.own_names is None:
        return
    names = focus.own_names
    otc = {lb.doc.id for lb in labels if is_drug_facts(lb.passages)}
    kept: list[DraftBlock] = []
    dropped = 0
    for block in tier.blocks[at:]:
        ours = [d for d in block.statements if d.evidence[0].doc_id in otc or d.facet in _PRODUCT_USE
                or any(names.search(e.quote) for e in d.evidence)]
        dropped += len(block.statements) - len(ours)
        if ours:
            kept.append(DraftBlock(block.heading, ours))
    tier.blocks[at:] = kept
    if dropped:
        tier.notes.append(f"{dropped} statement(s) of the combination product label(s) that do not name {drug} are "
                          f"left out: they state what the product's label says of the product, not of {drug}.")
    kf = tier.key_facts.pop(drug, None)  # the pack's facts, not the drug's: no cross-tier check against them
    if kf is not None and kf.note in tier.notes and not any(
            kf.block is not None and b.heading == kf.block.heading for b in kept):
        tier.notes.remove(kf.note)  # "No starting dose ... in the clarithromycin label cited in the key facts": none


def _poisons(q: Question) -> set[str]:
    """The drugs a dose question names only as the overdose another named drug treats ("naloxone for a fentanyl
    overdose"); empty unless some other drug is named outside that phrase."""
    if "overdose" in q.facets:
        return set()
    treated = OVERDOSE_TREATED.search(q.text)
    if treated is None:
        return set()
    inside = {m.canonical for m in q.drugs if m.surface.lower() in treated.group(0).lower()}
    return inside if inside and len(inside) < len({m.canonical for m in q.drugs}) else set()


def leads_with_key_facts(q: Question, lead: DraftBlock, focus: Focus | None = None) -> bool:
    """The Key facts open the drug's label tier for an overview ("what is X used for", a bare name) when they say
    what the drug treats, and for a question they answer: its most specific facet asks for a dose, the maximum,
    renal or hepatic use, the boxed warning, contraindications or the indication, and the lead's first statement
    is that fact. For any other question the block that answers it comes first."""
    if q.overview or not q.facets:
        # "what is X used for": the lead answers only with what the drug treats in it
        return any(d.facet == "key:indication" for d in lead.statements)
    asked = {f"key:{slot}" for slot in asked_slots(q.facets[:1])}
    if not lead.statements or lead.statements[0].facet not in asked:
        return False
    if lead.statements[0].points_elsewhere or re.search(r"\[\s*see\b", lead.statements[0].text, re.I):
        return False  # "Dosage adjustment ... is necessary [see Dosage and Administration (2.3)]" points elsewhere
    if focus is not None and focus.measures and not in_band(lead.statements[0].text, focus.measures):
        return False  # "pregabalin dose for CrCl 45": the row for that clearance answers, not renal dosing at large
    # "the dose of adalimumab for psoriasis": the lead's dose must be the one for the condition asked about
    condition = focus.condition if focus is not None else ()
    return not condition or any(mentions(t, sentence_words(lead.statements[0].text)) for t in condition)


def _lead_with_key_facts(tier: TierDraft, q: Question, corpus: Corpus, groups: list[LabelGroup], focus: Focus,
                         drug: str, many: bool, at: int) -> None:
    """Open the drug's part of the tier (blocks from `at`) with its Key facts (issue 15 point 4), drawn from the
    label the first block cites (the lead group's label when the drug has no block), and drop from the blocks
    below the statements the Key facts already show. The note on facts the label does not state goes with it."""
    cited = {e.doc_id for b in tier.blocks[at:at + 1] for d in b.statements for e in d.evidence}
    group = next((g for g in groups if g.rep.doc.id in cited), groups[0])
    kf = key_facts(group.rep, drug, q, corpus.label_facts, focus,
                   heading=f"{drug}: {KEY_HEADING}" if many else KEY_HEADING)
    tier.key_facts[drug] = kf
    if kf.block is not None and not tier.blocks[at:] and not q.overview and not leads_with_key_facts(q, kf.block,
                                                                                                   focus):
        # nothing in the label answers what was asked: the notes say so, and facts about something else would
        # fill the gap ("how many times a day can I use this saline spray" answered with its uses)
        return
    if kf.block is not None:
        add_disagreements(kf, [g.rep for g in groups if g is not group], corpus.label_facts,
                          f"{drug}: Labels that disagree" if many else "Labels that disagree")
        extra = [kf.others] if kf.others is not None else []
        rest = tier.blocks[at:]
        # "What is the boxed warning for lenalidomide?": the section asked, quoted from its start, answers first;
        # the Key facts (one boxed sentence beside the indication and the starting dose) follow it (fix12b)
        whole_section = bool(rest) and not q.overview and q.facets[:1] in (("boxed_warning",),
                                                                            ("contraindications",)) \
            and bool(rest[0].statements) and all(d.facet == q.facets[0] for d in rest[0].statements)
        if not rest or (leads_with_key_facts(q, kf.block, focus) and not whole_section):
            rest = drop_repeats(rest, kf.block)
            uses = rest[:1] if q.overview and rest and all(d.facet == "indications" for d in rest[0].statements) \
                else []
            # an overview's other uses follow the lead's first one at once, before the labels that disagree on a dose
            tier.blocks[at:] = [kf.block, *uses, *extra, *rest[len(uses):]]
        else:
            # a question the lead does not answer (interactions, storage, appearance ...): its answer stays first,
            # the Key facts follow it without what the answer already shows
            lead = drop_repeats([kf.block], rest[0])
            tier.blocks[at:] = [rest[0], *lead, *extra, *drop_repeats(rest[1:], kf.block)]
        tier.ref_extra.setdefault(group.rep.doc.id, {"labels_agreeing": len(group.members)})
        for g in groups:
            if kf.others is not None and any(e.doc_id == g.rep.doc.id for d in kf.others.statements
                                             for e in d.evidence):
                tier.ref_extra.setdefault(g.rep.doc.id, {"labels_agreeing": len(g.members)})
    # the note on facts not found speaks of "the label cited in the key facts": only when the block is shown
    if kf.note and kf.block is not None and any(b.heading == kf.block.heading for b in tier.blocks[at:]):
        tier.notes.append(kf.note)


# Facts a question asks that a label states in so many words or not at all: (the question asks it, a sentence
# states it, what no label does, the label text a reader would look in). "What if I miss a dose of levothyroxine": its
# label has no missed-dose text, and general counseling sentences must not pass for an answer; "will gabapentin show
# up on a urine drug test": a sentence on a urine protein dipstick is no answer either.
_STATED_OR_NOT = (
    (re.compile(r"\b(miss\w*|forg[eo]t\w*( to take)?|skip\w*) (a |my |the |one |an? \w+ )?(doses?|pills?|tablets?|"
                r"capsules?|injections?|patch|patches)\b|\bmissed\b", re.I),
     re.compile(r"\bmiss(ed|es|ing)?\b|\bforg[eo]t\w*|not taken at the scheduled time|\bskip\w*", re.I),
     "says what to do about a missed dose", "patient counseling text"),
    (re.compile(r"\b(drug|urine|tox\w*|employment|work) (tests?|screens?|screening)\b|\bdrug[- ]test\w*|"
                r"\bshow (up )?(on|in) (a |my |the )?(\w+ ){0,2}(tests?|screens?)", re.I),
     re.compile(r"\b(drug|toxicology|tox|urine drug) (tests?|screens?|screening)|\bimmunoassay|"
                r"screening tests? for\b", re.I),
     "mentions drug tests (urine drug screens)", "drug abuse and dependence or laboratory test text"),
    # "how long after stopping X must I wait before getting pregnant": a waiting time the label states or not
    (re.compile(r"\bhow (long|many (days|weeks|months))\b[^?]{0,60}\b(after|since) (stopping|quitting|my last|"
                r"the last|finishing|discontinu\w*)|\bwait\w*\b[^?]{0,40}\b(before|until) (trying|getting|becoming)",
                re.I),
     re.compile(r"\b(\d+|one|two|three|four|six|several) (days?|weeks?|months?|menstrual cycles?)\b[^.]{0,80}"
                r"\b(after|following) (stopping|discontinu\w*|the (last|final) dose|treatment)|"
                r"\b(after|following) (stopping|discontinu\w*|the (last|final) dose)[^.]{0,80}"
                r"\b(\d+|one|two|three|four|six|several) (days?|weeks?|months?|menstrual cycles?)\b", re.I),
     "states how long to wait after stopping it", "pregnancy text"),
    # "Is opicapone removed by hemodialysis?": a label states that dialysis removes it (or not), or says nothing
    (re.compile(r"\b(remov\w*|clear\w*|eliminat\w*|filter\w*|taken out|get\w* rid)\b[^?]{0,40}\b(hemo|haemo)?dialy\w*|"
                r"\b(hemo|haemo)?dialy[zs]\w*\b[^?]{0,40}\b(remov\w*|clear\w*|eliminat\w*|filter\w*|get\w* rid|help)|"
                r"\bdialy[zs]able\b", re.I),
     re.compile(r"(dialy\w*|hemoperfusion)[^.]{0,80}\b(remov\w*|clear\w*|eliminat\w*|extract\w*)|"
                r"\b(remov\w*|clear\w*|eliminat\w*|extract\w*)\b[^.]{0,80}(dialy\w*|hemoperfusion)|"
                r"\bdialy[zs]able\b", re.I),
     "states whether dialysis removes it", "pharmacokinetics, renal impairment or overdosage text"),
    # "How much does a month of Eliquis cost?": a price is no part of a prescribing label; the dosing text ("how
    # much") or an overview is no answer to it
    (re.compile(r"\b(cost|costs|costing|price[ds]?|pricing|expensive|cheap\w*|afford\w*|co-?pays?|coupons?|"
                r"insurance|covered by (my )?(insurance|medicare|medicaid))\b", re.I),
     re.compile(r"[$€£]\s?\d|\b(price[ds]?|pricing|costs?|wholesale|copay\w*|reimburse\w*)\b", re.I),
     "states its price or cost", "dosing or how supplied text"),
)


# Facets whose answer is a dose: asked "for" a use, the dose is the one the label gives for that use.
_DOSE_FACETS = frozenset({"dosing", "max_dose"})
# "dose of X for a gout flare", "to treat", "treating": the condition as the use the dose is for
_FOR_A_USE = re.compile(r"\b(?:for|to treat|treating|treated for|against)\s+(?:(?:my|his|her|their|your|a|an|the|"
                        r"this|that|acute|an acute)\s+)?$", re.I)
# Condition words that name a population or an organ's state, not a use ("dose for kidney failure", "for children")
_POPULATION_WORD = re.compile(r"^(renal|kidney|nephr|dialys|hemodialys|hepat|liver|cirrho|pregnan|child|pediatric|"
                              r"paediatric|elderly|older|geriatric|infant|neonat|newborn|baby|adult|women|woman|men|"
                              r"man|breast|lactat|nursing|impair|failure|insufficien|weight|obes)")


def _note_unlabelled_use(tier: TierDraft, drug: str, labels: list[LabelDoc], q: Question) -> None:
    """A dose asked for a use ("colchicine dose for a gout flare in a patient on dialysis") that no label of the drug
    is indicated for: the doses quoted are for the label's own uses (the dialysis dose of an FMF-only label), and
    a note says plainly that no label gives one for the use asked, in that population or any other."""
    topic = condition_topic(q)
    if not topic or any(_POPULATION_WORD.match(w) for w in topic.words):
        return
    low = q.text.lower()
    first = re.search(rf"\b{re.escape(topic.words[0])}", low)
    if first is None or not _FOR_A_USE.search(low[:first.start()]):
        return  # the condition is no use the dose is asked for ("dose in pregnancy", "with heart failure")
    # (the indications, and the dosing text, which names a use its dose is for: "Gout Flares: ...")
    codes = frozenset(_USE_CODES) | {"34068-7", "dosage_and_administration", "55106-9"}
    uses = [p.text for lb in labels for p in lb.passages if (p.section_code or "") in codes]
    # (none of its words at all: "strep throat" is the indications' "infections of the ... throat" due to
    # Streptococcus, in words the question does not use)
    if not uses or any(topic.hits(t) for t in uses):
        return
    tier.notes.append(f"No {drug} label in the corpus ({len(labels)} label(s)) is indicated for {topic.phrase}, so "
                      f"none gives a dose for it, in this population or any other: the doses quoted are for the "
                      f"label's own uses.")


# What each fact of `_STATED_OR_NOT` is about, as the research tier's note names it.
_FACT_TOPIC = {"says what to do about a missed dose": "a missed dose",
               "mentions drug tests (urine drug screens)": "drug tests (urine drug screens)",
               "states how long to wait after stopping it": "how long to wait after stopping it",
               "states whether dialysis removes it": "its removal by dialysis",
               "states its price or cost": "its price or cost"}


def asked_fact(q: Question) -> tuple[re.Pattern[str], str] | None:
    """The fact of `_STATED_OR_NOT` the question asks, as (a pattern of the sentences that state it, what it is
    about: "its price or cost"); None for any other question. The research tier holds its statements to it."""
    for asks, states, what, _ in _STATED_OR_NOT:
        if asks.search(q.text):
            return states, _FACT_TOPIC.get(what, "what the question asks")
    return None


def _check_asked_facts(tier: TierDraft, drug: str, labels: list[LabelDoc], q: Question, at: int,
                       facet_keys: tuple[str, ...]) -> bool:
    """When the question asks a fact of `_STATED_OR_NOT` that no statement of the drug's blocks (from `at`) states:
    with no passage of any of the drug's labels stating it, the blocks are dropped (general text that does not
    answer) and a note says plainly that no label states it; when some passage does, the statements stand."""
    for asks, states, what, where in _STATED_OR_NOT:
        if not asks.search(q.text) or any(states.search(d.text) for b in tier.blocks[at:] for d in b.statements):
            continue
        if any(states.search(p.text) for lb in labels for p in lb.passages):
            continue
        del tier.blocks[at:]
        tier.notes.append(_absent_note(drug, labels, what, where))
        return True  # the Key facts (an overview of the label) are no answer either
    return False


def _absent_note(drug: str, labels: list[LabelDoc], says: str, where: str) -> str:
    """The note for an asked fact no label of the drug states (issue 12 point 4: said plainly, with what was read):
    `says` is what no label does ("mentions grapefruit juice", "says what to do about a missed dose")."""
    return (f"No {drug} label in the corpus ({len(labels)} label(s)) {says}: the label says nothing about it in its "
            f"{where} or anywhere else.")


# Facets whose question is answered only by a sentence naming what it asks about: a use ("does prazosin work for PTSD
# nightmares"), an adverse effect ("make your hair fall out"), a food or drink taken with it ("grapefruit juice").
# Elsewhere the condition words may be the asker's idiom ("cold turkey", "get hooked", "before my trip") and the
# facet's text still answers. (A second drug named is not checked so: the other drug's own label may state the pair,
# "azithromycin ... may potentiate the effects of oral anticoagulants such as warfarin", when no warfarin label
# names azithromycin; the brief reads both.)
_MUST_NAME = frozenset({"indications", "side_effects", "interactions"})


def _said_anywhere(labels: list[LabelDoc], focus: Focus, key: str, q: Question) -> bool:
    """Whether some passage of some label of the drug names what the question asks about: for interactions the
    other drug, food or drink (`focus.others`; without one, the condition), else the condition (enough of its words,
    in any form: `Topic.need`)."""
    if key == "interactions" and focus.others is None and not focus.condition:
        return True
    words = () if key == "interactions" and focus.others is not None else focus.condition
    need = len(words) if len(words) <= 2 else math.ceil(2 * len(words) / 3)
    for lb in labels:
        for p in lb.passages:
            if _is_nonclinical(p.section_code, q):
                continue
            if focus.others is not None and focus.others.search(p.text):
                return True
            if words:
                said = sentence_words(p.text)
                if sum(1 for t in words if mentions(t, said)) >= need:
                    return True
    return False


def _other_drugs(q: Question, drug: str) -> list[str]:
    return [d for d in q.drug_names if d != drug and not (set(d.split(" and ")) & set(drug.split(" and ")))]


def _asked_thing(q: Question, focus: Focus, drug: str) -> str:
    """What the question asks about, in its own words: the condition as asked ("PTSD nightmares", "grapefruit
    juice"), else the other drugs or the food or drink named."""
    phrase = condition_topic(q).phrase
    if phrase:
        return phrase
    others = [d for d in q.drug_names if d != drug]
    if others:
        return ", ".join(others)
    named = [m.group(0) for asked, _ in _INTERACTANTS if (m := asked.search(q.text))]
    return ", ".join(named) or "what the question asks"


# "adverse reactions with zuranolone for postpartum depression", "reasons i shouldnt take X for my recurring UTIs",
# "side effects in postpartum depression": the condition introduced as what the drug is taken for
_FOR_USE = re.compile(r"\b(?:for|in|with|to treat|treating|treated for|taking it for|against)\s+"
                      r"(?:(?:my|his|her|their|your|our|the|a|an|this|that)\s+)?$", re.I)
_USE_CODES = DEDICATED["indications"]


def _condition_is_use(q: Question, focus: Focus, facet_keys: tuple[str, ...], label: LabelDoc) -> bool:
    """The question's condition is the use the drug is taken for, not what the asked facet's answer must name: the
    question says "for CONDITION" and the label's Indications name it (fix12g). A side-effect, warning or
    contraindication question about a drug taken for its labelled use is answered by that facet's statements; the
    indication sentence naming the condition must not lead it ("is carvedilol safe for asthma" keeps its condition:
    asthma is no use of carvedilol)."""
    if not focus.condition or not facet_keys or facet_keys[0] not in _GENERIC_FACETS - {"indications"}:
        return False
    low = q.text.lower()
    introduced = False
    for t in focus.condition:
        m = re.search(rf"\b{re.escape(t.lower())}", low)
        if m and _FOR_USE.search(low[:m.start()]):
            introduced = True
            break
    if not introduced:
        return False
    uses = [sentence_words(p.text) for p in label.passages if (p.section_code or "") in _USE_CODES]
    return any(mentions(t, words) for words in uses for t in focus.condition)


def _names_condition(drafts: list[Draft], focus: Focus) -> bool:
    return any(mentions(t, sentence_words(d.text)) for d in drafts for t in focus.condition)


def _note_missing_focus(tier: TierDraft, drug: str, facet: Facet, drafts: list[Draft], focus: Focus,
                        q: Question, label: LabelDoc) -> None:
    """Say so when the statements of an asked facet do not mention the other drug or the condition asked about."""
    if q.overview:
        return
    if focus.others is not None and facet.key == "interactions" and not any(focus.others.search(d.text)
                                                                             for d in drafts):
        # (a class in the words labels use: a label names "diuretics", never "water pill")
        other = ", ".join([*(d for d in q.drug_names if d != drug),
                           *dict.fromkeys(label_words(c) for c in class_names(q)
                                         if not _own_class(c, drug) and not _own_class(label_words(c), drug))]) or "it"
        where = [p.section for p in label.passages if focus.others.search(p.text)]
        if where:
            # (where the label names it, said as that: no claim about why its sentences there were not quoted)
            tier.notes.append(f"The {drug} label names {other} (or its class) only in text not quoted here "
                              f"({_short_list(list(dict.fromkeys(where)), 100)}); the statements above are the "
                              f"label's general {facet.heading.lower()} text.")
        else:
            tier.notes.append(f"No {drug} label sentence on {facet.heading.lower()} names {other}; the statements "
                              f"above are the label's general {facet.heading.lower()} text.")
    elif focus.condition and facet.key in _CONDITION_FACETS and not any(
        mentions(t, sentence_words(d.text)) for d in drafts for t in focus.condition
    ):
        tier.notes.append(f"No {drug} label sentence on {facet.heading.lower()} mentions "
                          f"{' '.join(focus.condition)}; the statements above are the label's general "
                          f"{facet.heading.lower()} text.")


# "Is X safe in asthma?", "can I take X with heart failure": whether the drug may be used at all.
HARM = re.compile(HARM_Q, re.I)
_CAN_USE = re.compile(r"\b(safe|ok|okay|can|could|should|may|allowed|use|used|take|taking|give)\b", re.I)
# Populations whose dose a question may ask ("dose for a 10 year old", "dose in ESRD").
_POPULATION_FACETS = {"pediatric", "geriatric", "renal", "hepatic"}
# Broad facets whose statements a condition narrows ("does X cause eye problems" -> the sentences on the eye lead);
# after a specific facet (boxed warning, lactation, withdrawal ...) the condition's sentences follow it.
_GENERIC_FACETS = {"warnings", "side_effects", "indications", "contraindications"}
# Facets where the question's condition chooses the answer ("dose for psoriasis", "safe with heart failure").
_CONDITION_FACETS = {"indications", "dosing", "max_dose", "warnings", "contraindications", "side_effects",
                     "specific_populations"}
