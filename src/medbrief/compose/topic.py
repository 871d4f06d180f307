"""What a research or guideline statement must be about: the question's drug (or drug class) and its condition.

A question such as "Is baclofen safe in kidney failure?" names a drug and a condition; a statement cited for it
must name both, in any of their word forms ("renal" meets "kidney", "psoriatic" meets "psoriasis"). The condition
words are the question's topic words (`Question.topic`) less the words that only say what is asked (dose, side
effects, treatment, safe) and the drug or class names. A drug class ("statins", "ACE inhibitors") is named by the
class words or by a member, found by the members' shared name stem ("-statin", "-pril") from a small table.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from rapidfuzz.distance import DamerauLevenshtein

from ..drugnames import FORM_WORDS
from ..retrieve.english import is_known_word, zipf
from ..retrieve.facets import GENOTYPE
from ..retrieve.question import POPULATION_WORDS, Question
from .lay_terms import LAY_PHRASES, LAY_WORDS

if TYPE_CHECKING:
    from ..retrieve.corpus import Corpus

# Organ and condition words that mean the same thing, as word beginnings: a question word that starts with one of
# a group's stems meets any sentence word that starts with another.
SYNONYM_STEMS: tuple[tuple[str, ...], ...] = (
    ("heartburn", "gerd", "gastroesophageal", "reflux"),  # before the heart group: heartburn is no heart word
    ("renal", "kidney", "nephr", "dialys", "hemodialys", "haemodialys", "creatinine", "egfr", "crcl"),
    ("hepat", "liver", "cirrho"),
    ("failure", "failing", "impair", "insufficien", "dysfunction", "decompensat"),
    ("cardi", "heart"),
    ("pulmon", "lung"),
    ("cerebr", "brain"),
    ("gastr", "stomach"),
    ("derm", "cutaneous", "skin"),
    ("ocular", "ophthalm", "eye"),
    ("stroke", "cerebrovascular", "poststroke"),
    ("pregnan", "gestation", "prenatal", "antenatal"),
    ("breastfe", "breast", "lactat", "nursing", "milk"),
    ("muscle", "muscular", "myalg", "myopath", "myositis", "rhabdomyolys"),
    ("elderly", "older", "geriatric"),
    ("child", "pediatric", "paediatric"),
    ("seizure", "epilep", "convuls", "anticonvuls"),
    ("hypertens", "antihypertens"),
    ("edema", "oedema", "swelling", "swollen"),
    ("anxi",),
    ("psoria",),
    ("diabet",),
    ("asthma",),
    ("dementia", "alzheimer"),
    ("headache", "cephal"),
    ("fractur",),
    ("polycystic", "pcos"),
    ("diabet", "glyc", "glucose", "sugar"),
    ("cholesterol", "lipid", "ldl", "hypercholesterol", "hyperlipid"),
    ("thromb", "embol", "clot", "dvt"),
    ("cancer", "carcinom", "tumor", "tumour", "malignan", "neoplas"),
    ("influenza",),
    ("depress", "antidepress"),
    # a patient's word for a reaction and the label's ("sleepiness" is somnolence, not insomnia: before that group)
    ("sleepi", "sleepy", "somnolen", "drows", "sedat"),
    ("tired", "fatigu", "asthen", "letharg"),
    ("itch", "prurit"),
    ("queas", "nause"),
    ("dizz", "lighthead"),
    ("insomni", "sleep"),
    ("neuropath", "neuralg", "nerve"),
    ("migrain", "headache"),
    ("obes", "weight"),
    ("arthrit",),
    ("bleed", "hemorrh", "haemorrh"),
    ("infect", "bacteri"),
    ("alcohol", "ethanol"),
    ("potassium", "hyperkal", "hypokal"),
    ("sodium", "hyponatr", "hypernatr"),
)
# Conditions by their abbreviations, both ways: an abstract's "PCOS" names the asker's "polycystic ovary syndrome", a
# label's "chronic kidney disease" the asker's "CKD". Each short form -> the beginnings of its long form's words (all
# of them name it; one of them, or a synonym, is met by the short form). Capitalised abbreviations a text spells from
# the asked condition's own words, and those a text defines ("polycystic ovary syndrome (PCOS)"), are found without
# the table (`abbreviates`, `definitions`); it holds the usual ones a label or abstract writes undefined or spelled
# from other words ("CHF" for "heart failure").
CONDITION_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "pcos": ("polycystic", "ovar"),
    "ckd": ("chronic", "kidney"),
    "esrd": ("end", "stage", "renal"),
    "aki": ("acute", "kidney"),
    "af": ("atrial", "fibrillat"),
    "afib": ("atrial", "fibrillat"),
    "hf": ("heart", "failure"),
    "chf": ("heart", "failure"),
    "hfref": ("heart", "failure"),
    "hfpef": ("heart", "failure"),
    "mi": ("myocardial", "infarct"),
    "ami": ("myocardial", "infarct"),
    "stemi": ("myocardial", "infarct"),
    "nstemi": ("myocardial", "infarct"),
    "cad": ("coronary", "arter"),
    "copd": ("chronic", "obstructive", "pulmonary"),
    "gerd": ("gastroesophageal", "reflux"),
    "gord": ("gastroesophageal", "reflux"),
    "uti": ("urinary", "tract", "infect"),
    "utis": ("urinary", "tract", "infect"),
    "dvt": ("deep", "thromb"),
    "pe": ("pulmonary", "embol"),
    "vte": ("venous", "thromboembol"),
    "t2dm": ("type", "diabet"),
    "t2d": ("type", "diabet"),
    "t1dm": ("type", "diabet"),
    "dm": ("diabet", "mellitus"),
    "ra": ("rheumatoid", "arthrit"),
    "oa": ("osteoarthrit",),
    "ms": ("multiple", "sclerosis"),
    "bph": ("prostat", "hyperplas"),
    "ibs": ("irritable", "bowel"),
    "ibd": ("inflammatory", "bowel"),
    "adhd": ("attention", "hyperactiv"),
    "ptsd": ("post", "traumatic", "stress"),
    "ocd": ("obsessive", "compulsive"),
    "mdd": ("major", "depress"),
    "gad": ("generali", "anxiety"),
    "hiv": ("immunodeficiency", "virus"),
    "tia": ("transient", "ischemic"),
    "sle": ("lupus", "erythematosus"),
    "htn": ("hypertens",),
    "osa": ("obstructive", "sleep", "apnea"),
}
# Short forms whose letters are also a common word or unit ("ms" milliseconds, "pe", "dm"): met only as written in
# capitals, where the text's case is known (`Topic.hits`), never in a bag of lower-case words.
_CASE_ONLY = frozenset({"ms", "pe", "dm", "ra", "mi", "af", "hf", "oa", "cad", "gad", "sle", "ami", "ocd", "tia"})


# A broad question word met by narrower sentence words, one way only: a sentence on spasticity is about muscle and
# answers "muscle stiffness", but one on muscle is not about spasticity.
NARROWER_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("muscle", ("spastic", "spasm", "hypertoni", "cramp", "myoton")),
    ("stiff", ("spastic", "hypertoni", "rigid")),
)
# Words that say what is asked or how, never the condition asked about.
_ASKED_WORDS = frozenset(
    """treat treats treated treating treatment treatments therapy therapies therapeutic manage management
    cause causes caused causing effect effects side adverse reaction reactions dose doses dosage dosing
    maximum max daily day per much many often long work works working mechanism action safe safety risk risks
    danger dangerous warning warnings precaution precautions interaction interactions interact combination
    withdrawal withdraw stop stopping discontinue discontinuation taper tapering stopped abruptly abrupt
    overdose toxicity use uses used useful help helps good best first line option options choice drug drugs
    medication medications medicine medicines pill pills tablet tablets after before during following
    people patient patients someone with without can could should would does do did what which how why when
    prevent prevention preventing symptom symptoms type happen happens happened happening occur occurs occurred
    mean means affect affects feel feels get gets go goes make makes need needs start starting started begin miss
    missed missing long time times okay possible really still anything something thing things way ways better
    worse bad normal common commonly usual usually typical stopped abruptly suddenly quickly while stay stays body
    look looks like store storage stored keep kept give giving drink drinking eat eating stage grade mild moderate
    severe end worsen worsens worsening increase increases raise raises lower lowers reduce reduces improve improves
    trigger triggers induce induces lead leads increased decreased lowered raised pass passes enter enters cross
    crosses immediate release extended delayed form forms label say says told tell habit forming
    latest recent recently new newest newer current currently update updates updated evidence research studies
    study trial trials literature data findings emerging published publications papers articles meta analysis
    analyses metaanalysis metaanalyses systematic review reviews randomized randomised controlled cohort
    observational rct rcts weigh weighs weighing weighed kg kgs lb lbs pound pounds kilogram kilograms min ml""".split()
)
# Words of a question that are neither what is asked nor a condition: who brought it up or asks ("my VA doctor",
# "my friend said"), where ("for work", "before my trip"), how the asker says it ("mess up", "how far apart", "get
# hooked", "cold turkey", a "z-pak"); they mangled the condition a note names ("ptsd nightmares? my VA doctor",
# "colestipol in apart"). (A product's form, "capsules", stays: "Capsules should be swallowed whole" answers "can I
# open the capsules".)
_NOT_CONDITION = frozenset(
    """doctor doctors dr physician physicians pharmacist pharmacists nurse nurses provider dermatologist friend friends
    family mom dad wife husband son daughter boss job work workplace school apart mess messing messed brought
    mention mentioned heard read online switched switch wondering wonder worried worry sure trip travel vacation
    hooked turkey pak""".split()
)
# Phrases that name the product asked about, not a condition: "birth control pills" (the note said "in smoke birth"),
# "a controlled substance" (a schedule question), "amphetamine mixed salts".
_PRODUCT_PHRASE = re.compile(r"\bbirth[- ]control\b|\bcontrolled[- ]substances?\b|\bmixed salts\b", re.I)
# (fix12g) the question's own modals and permission words: "reasons i shouldnt take X", "am I allowed to use X"
_ASKED_WORDS |= frozenset("""shouldn shouldnt couldn couldnt wouldn wouldnt mustn mustnt cannot reason reasons allowed
    allow okay ok""".split())
# (fix13m) What the notes echoed as if it were the asked topic ("iloperidone in carry", "exemestane in whats hot
# flashes", "fosfomycin in bladder infection packet mix", "No finerenone label mentions whats"): the asker's words
# around the topic. Who and where and when ("my gi doc", "upcoming", "yesterday", "on the counter"), the FDA or DEA
# asked about, how much or how often ("twice", "weekly", "loading dose", "50,000 unit"), how the fact is framed
# ("considerations", "concerns", "signs", "consequences", "appropriate", "highest", "easier"):
_NOT_CONDITION_MORE = frozenset("""doc docs fda dea otc usp yesterday today tomorrow tonight upcoming travelling
    traveling appointment counter accidentally accidently anyway special different appropriate suitable regular binder
    binders easier harder higher highest lowest longer longest shorter sooner later safer safest stronger strongest
    weaker greater larger smaller bigger fewer least pls plz thx gonna wanna gotta kinda""".split())
_ASKED_MORE = frozenset("""twice thrice weekly monthly nightly hourly interval intervals timing loading maintenance
    induction adjustment adjustments unit units iu score scored terminal systemic systemically initial sign signs level
    levels food foods requirement requirements consideration considerations concern concerns consequence consequences
    issue issues fail fails caught hurt hurts hurting put puts putting""".split())
# Verbs of asking and acting ("does X carry a boxed warning", "do i mix it", "is it removed by dialysis", "can it be
# boosted", "how is it managed"), in every inflection: never the condition asked about.
_ASKING_VERBS = """carry contain include require receive differ determine handle manage avoid adjust remove monitor mix
    skip catch blunt reverse interfere open dispense suppose boost check wait cover try want plan ask think seem matter
    show notice continue change add combine replace restart resume expect consider apply finish reduce""".split()


def _inflections(verb: str) -> set[str]:
    """A verb's forms: 'carry' -> carries, carried, carrying; 'skip' -> skips, skipped, skipping."""
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {verb, verb + "s", verb + "es", stem + "ed", stem + "ing"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgkmnpt]$", verb) and len(verb) <= 4:
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


# Dosage forms and devices ("the capsules", "my pen", "a packet", "nasal spray"): the product asked about, not a
# condition. The drug-name reader's form words, and the devices a patient names.
_FORMS = FORM_WORDS - {"and", "for"} | frozenset("""pen pens vial vials syringe syringes ampule ampules ampoule ampoules
    packet packets sachet sachets inhaler inhalers nebulizer nebulizers autoinjector autoinjectors injector injectors
    shot shots cartridge cartridges bottle bottles caplet caplets softgel softgels gelcap gelcaps tab tabs""".split())
# A contraction written without its apostrophe ("whats", "hows", "dont", "cant", "im", "theyre", "doesnt").
_CONTRACTED = re.compile(
    r"(?:what|how|who|where|when|why|that|there|here|it|he|she|let)s|(?:i|you|we|they|who|what)(?:m|re|ve)|"
    r"(?:do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|wo|ca|ai)nt|cant")
# A doctor by speciality ("my urologist", "my cardiologist has me on it", "my allergist"): who asks, not a condition.
_SPECIALIST = re.compile(r"\w*(?:olog|iatr|allerg|dent|pharmac|therap)ists?")
# A sex a question asks the drug's use in (everyday words, so the Zipf rule below would drop them).
_SEX_WORDS = frozenset("women woman men man female females male males".split())
# Words this common (wordfreq Zipf) are everyday words, not conditions, unless a synonym group or this list
# knows them.
_EVERYDAY = 5.0
_BODY_WORDS = frozenset("pain heart blood eye eyes skin back head sleep weight chest breathing stomach".split())
# Head nouns of a condition that carry little beside its other words: "kidney disease" is about the kidney ("kidney
# failure" is not: failure meets impairment and insufficiency, see SYNONYM_STEMS).
_HEAD_WORDS = frozenset("disease diseases disorder disorders syndrome condition conditions problem problems".split())
# Word beginnings of the kinds of fact a question asks for (the facets), never a condition.
_FACET_STEMS = (
    "dos", "titrat", "regimen", "max", "contraindicat", "boxed", "withdraw", "discontinu", "taper", "abrupt", "quit",
    "cessation", "warning", "precaution", "safe", "risk", "danger", "caution", "side", "adverse", "reaction",
    "tolera", "toxicit", "harm", "complication", "interact", "inhibitor", "inducer", "cyp", "mechanism",
    "pharmacolog", "route", "administ", "oral", "inject", "intrathecal", "infusion", "pump", "overdos", "poison",
    "indicat", "treat", "purpose", "approv", "prescri", "benefit", "effective", "efficacy", "improv", "work",
    # the product and how to take and keep it (label facets): never a condition
    "ingredient", "inactive", "excipient", "strength", "supplied", "imprint", "deboss", "colo", "shape", "stor",
    "refrigerat", "fridge", "temperature", "expir", "half", "excret", "eliminat", "metaboli", "absor", "miss",
    "forg", "crush", "chew", "split", "swallow", "counsel", "schedul", "habit", "addict", "abuse", "depend",
)

# Drug classes: a pattern over the class's name in the question or its canonical name -> a pattern naming the class
# or a member in a sentence.
CLASS_MEMBERS: tuple[tuple[str, str], ...] = (
    (r"statin|hydroxymethylglutaryl|hmg", r"statins?|\w+statin|hmg[\s-]*coa reductase inhibitors?"),
    (r"\bace\b|angiotensin[\s-]converting", r"ace[\s-]inhibitors?|angiotensin[\s-]converting[\s-]enzyme|\w+pril"),
    (r"proton pump|\bppis?\b", r"proton[\s-]pump[\s-]inhibitors?|ppis?|\w+prazole"),
    (r"triptan|tryptamine", r"triptans?|\w+triptan"),
    (r"beta[\s-]?(adrenergic )?block|beta[\s-]antagonist|adrenergic beta", r"beta[\s-]?blockers?|\w+olol"),
    (r"angiotensin (ii )?receptor|\barbs?\b|sartan", r"angiotensin (ii )?receptor (blockers?|antagonists?)|\w+sartan"),
    (r"calcium channel", r"calcium[\s-](channel[\s-]blockers?|antagonists?)|\w+dipine|verapamil|diltiazem"),
    (r"nsaid|non-?steroidal|anti-inflammatory agents",
     r"nsaids?|non-?steroidal anti-?inflammatory|ibuprofen|naproxen|diclofenac|celecoxib|indomethacin|ketorolac|"
     r"meloxicam|aspirin|\w+coxib"),
    (r"\bssris?\b|serotonin uptake|serotonin reuptake",
     r"ssris?|(?:selective[\s-]+)?serotonin[\s-]+re-?uptake[\s-]+inhibitors?|sertraline|fluoxetine|paroxetine|"
     r"citalopram|escitalopram|fluvoxamine"),
    (r"opioid", r"opioids?|opiates?|morphine|oxycodone|hydrocodone|fentanyl|tramadol|codeine|methadone|"
     r"buprenorphine|tapentadol|hydromorphone|oxymorphone"),
    (r"antipsychotic", r"antipsychotics?|neuroleptics?|\w+apine|\w+idone|aripiprazole|haloperidol"),
    (r"benzodiazepine", r"benzodiazepines?|\w+azepam|\w+azolam"),
    # "ibuprofen with Eliquis": the NSAID label names the anticoagulants, not apixaban (fix12c)
    (r"anticoagula|blood thinner|factor xa|thrombin inhibitor",
     r"anticoagula\w*|oral anticoagulants?|\w+xaban|dabigatran|warfarin|heparins?|enoxaparin|"
     r"factor xa inhibitors?|direct thrombin inhibitors?"),
    # lay names of classes (retrieve/lexicon.LAY_CLASS_NAMES): "a water pill", "sleeping pills", "painkillers"
    (r"diuretic|water pill|water tablet|fluid pill|thiazide",
     r"diuretics?|\w+thiazide|chlorthalidone|indapamide|metolazone|furosemide|torsemide|bumetanide|"
     r"spironolactone|eplerenone|triamterene|amiloride"),
    (r"sleep(?:ing)? (?:pill|tablet|aid|medication)|hypnotic|sedative|sleep aids",
     r"hypnotics?|sedative[\s-]hypnotics?|sedatives?|zolpidem|eszopiclone|zaleplon|suvorexant|lemborexant|"
     r"daridorexant|ramelteon|doxepin|temazepam|triazolam|estazolam|flurazepam|quazepam"),
    # a painkiller is any analgesic: an NSAID, an opioid or acetaminophen, as labels name them ("NSAIDs",
    # "indomethacin", "opioids"), never one of them alone (fix14v: "a painkiller with a water pill" read morphine only
    # and missed the furosemide label's NSAID sentences)
    (r"pain ?killer|pain reliever|pain pill|pain med|(?<!opioid )(?<!narcotic )\banalgesics?\b(?!,)",
     r"analgesics?|pain relievers?|acetaminophen|paracetamol|nsaids?|non-?steroidal anti-?inflammatory|"
     r"salicylates?|ibuprofen|naproxen|aspirin|diclofenac|celecoxib|indomethacin|ketorolac|meloxicam|\w+coxib|"
     r"opioids?|opiates?|narcotics?|tramadol|oxycodone|hydrocodone|morphine|codeine|fentanyl|methadone|tapentadol|"
     r"hydromorphone"),
    (r"\bmaois?\b|\bmao[\s-]inhibitor|monoamine oxidase",
     r"maois?|mao[\s-]inhibitors?|monoamine[\s-]oxidase[\s-]inhibitors?|phenelzine|tranylcypromine|isocarboxazid|"
     r"selegiline|rasagiline"),
    (r"\bsnris?\b|serotonin[\s-]+(?:and[\s-]+)?nor(?:epinephrine|adrenaline)|noradrenaline reuptake",
     r"snris?|serotonin[\s-]+(?:and[\s-]+)?nor(?:epinephrine|adrenaline)[\s-]+re-?uptake[\s-]+inhibitors?|"
     r"duloxetine|venlafaxine|desvenlafaxine|levomilnacipran|milnacipran"),
    (r"\bantacid", r"antacids?|aluminum hydroxide|magnesium hydroxide|calcium carbonate"),
    (r"\bsteroids?\b|corticosteroid|glucocorticoid",
     r"corticosteroids?|glucocorticoids?|steroids?|prednisone|prednisolone|methylprednisolone|dexamethasone|"
     r"hydrocortisone|budesonide|betamethasone|triamcinolone"),
    (r"muscle relax",
     r"(?:skeletal[\s-]+)?muscle[\s-]+relax\w*|baclofen|tizanidine|cyclobenzaprine|methocarbamol|carisoprodol|"
     r"metaxalone|chlorzoxazone|orphenadrine|dantrolene"),
    (r"antihypertensive|blood pressure (?:pill|medic|meds|drug|tablet)",
     r"antihypertensives|antihypertensive[\s-]+(?:agents?|drugs?|medications?)|blood[\s-]+pressure[\s-]+"
     r"(?:lowering[\s-]+)?(?:drugs?|medications?|medicines?)"),
)


def _member(rx: str) -> str:
    return next(m for r, m in CLASS_MEMBERS if r == rx)


# A lay class that spans classes ("a painkiller": an NSAID, an opioid or acetaminophen): its drugs are read class by
# class, one of each, never one arbitrary member for all of them (fix14v). (member pattern of the lay class) ->
# (member pattern, the class's name as labels write it) of each class it spans.
_PAIN = next(m for r, m in CLASS_MEMBERS if r.startswith("pain ?killer"))
SPANNED_CLASSES: dict[str, tuple[tuple[str, str], ...]] = {
    _PAIN: ((_member(r"nsaid|non-?steroidal|anti-inflammatory agents"), "NSAIDs"), (_member("opioid"), "opioids")),
}
# How labels name a class a question names by a lay word (a label says "diuretics", never "water pill"): a note on
# what a label does not name says it in these words (fix14v: "No furosemide label sentence ... names painkiller").
# (question pattern) -> the class in label words.
_LABEL_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(a, re.I), b) for a, b in (
    (r"pain ?killer|pain reliever|pain pill|pain med|analgesic", "analgesics (NSAIDs, opioids or acetaminophen)"),
    (r"water (?:pill|tablet)|fluid pill", "diuretics"),
    (r"blood thinner", "anticoagulants"),
    (r"sleep(?:ing)? (?:pill|tablet|aid|medication)", "hypnotics or sedatives"),
    (r"\bsteroid", "corticosteroids"),
    (r"muscle relax", "muscle relaxants"),
    (r"blood pressure (?:pill|medic|meds|drug|tablet)", "antihypertensives"),
    (r"\bbenzos?\b", "benzodiazepines"),
))


def label_words(name: str) -> str:
    """A class as labels name it (`_LABEL_WORDS`): "water pill" -> "diuretics"; any other name as it is."""
    return next((words for rx, words in _LABEL_WORDS if rx.search(name)), name)


# Questions about animal work: only then are animal-model sentences findings.
ANIMAL_QUESTION = re.compile(r"\b(animals?|rats?|mice|mouse|murine|rodents?|dogs?|cats?|veterinary|pets?)\b", re.I)
_WORD = re.compile(r"[a-z][a-z0-9]+")


@dataclass(frozen=True)
class Topic:
    """The condition words of a question and how many of them a statement must name."""

    words: tuple[str, ...]  # lower-case question words, in question order
    need: int
    shown: tuple[str, ...] = ()  # the condition as asked, head nouns included ("kidney failure"), for notes
    # short forms that name the whole condition where a text uses them: those a passage defines ("polycystic ovary
    # syndrome (PCOS)": `defined_in`)
    aliases: frozenset[str] = frozenset()
    # the words that name the product or how it is asked ("capsule", "pen", "removed"): weighed, no condition (fix13m)
    forms: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def phrase(self) -> str:
        return " ".join(self.shown or self.words)

    def hits(self, text: str) -> int:
        """How many of the condition words `text` names, in any word form or synonym; all of them when it names
        the condition by an abbreviation (`CONDITION_ABBREVIATIONS`, one the text spells from the asked words, or
        one of `aliases`) or spells out the abbreviation the question wrote ("CKD": "chronic kidney disease")."""
        sent = sentence_words(text)
        n = sum(1 for w in self.words if mentions(w, sent))
        if n >= len(self.words) or not self.words:
            return n
        if self._abbreviated(text) or self._spelled_out(text):
            return len(self.words)
        return n

    def met_by(self, text: str) -> bool:
        return self.hits(text) >= self.need

    def _abbreviated(self, text: str) -> bool:
        """`text` names the asked condition by a capitalised short form ("PCOS", "AFib", "T2DM")."""
        asked = _WORD_OR_NUMBER.findall(" ".join(self.shown or self.words).lower())
        for m in _CAPS_TOKEN.finditer(text):
            short = m.group().lower()
            if short in self.aliases:
                return True
            long = CONDITION_ABBREVIATIONS.get(short)
            if long is not None and all(any(same_word(w, st) or w.startswith(st) for st in long) for w in self.words):
                return True
            if len(asked) >= 2 and abbreviates(short, asked):
                return True
        return False

    def _spelled_out(self, text: str) -> bool:
        """The question wrote the condition as a short form and `text` spells it out: its long form from the
        table, or words whose letters it abbreviates."""
        if len(self.words) != 1:
            return False
        short = self.words[0]
        if not any(w.lower() == short and sum(c.isupper() for c in w) >= 2
                   for w in re.findall(r"[A-Za-z0-9]+", " ".join(self.shown))):
            return False  # not written as an abbreviation ("pain" is no "p... a... i... n...")
        seq = _WORD_OR_NUMBER.findall(text.lower())
        for k in range(2, len(short) + 1):
            for i in range(len(seq) - k + 1):
                window = seq[i:i + k]
                if window[0][0] != short[0]:
                    continue
                if len(short) == 2 and any(len(w) < 5 for w in window):
                    continue  # "AF" is no "after food"
                if abbreviates(short, window):
                    return True
        return False

    def defined_in(self, text: str) -> Topic:
        """This topic with the short forms `text` defines for the asked condition ("... in women with polycystic
        ovary syndrome (PCOS) ..." makes the same abstract's "metformin ... in women with PCOS" name it)."""
        if not self.words:
            return self
        found = {short for short, long in definitions(text).items() if self.met_by(" ".join(long))}
        if not found - self.aliases:
            return self
        return replace(self, aliases=self.aliases | frozenset(found))


_CAPS_TOKEN = re.compile(r"\b(?=[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z])[A-Za-z][A-Za-z0-9]{1,7}\b")
_WORD_OR_NUMBER = re.compile(r"[a-z0-9]+")
# Words an abbreviation may leave out of its long form ("polycystic ovary syndrome" is PCO or PCOS).
_LINK_WORDS = frozenset("of the and in with to for on or a an".split())


def abbreviates(short: str, words: list[str] | tuple[str, ...]) -> bool:
    """`short` (lower case) abbreviates `words`: each word gives its first letter, in order, and may give more of its
    letters after it, in order ("pcos": polycystic ovary syndrome; "afib": atrial fibrillation; "t2d": type 2
    diabetes); linking words ("of", "and") and head nouns ("disease", "syndrome") may give none. At least two words
    give letters: one word's letters are no abbreviation of it."""
    words = [w for w in words if w]

    def go(i: int, j: int, used: int) -> bool:
        if j == len(words):
            return i == len(short) and used >= 2
        w = words[j]
        if (w in _LINK_WORDS or w in _HEAD_WORDS) and go(i, j + 1, used):
            return True
        if i >= len(short) or short[i] != w[0]:
            return False
        # the first letter, then `extra` more of the short form's letters found in order in the rest of the word
        k, at = i + 1, 1
        while True:
            if go(k, j + 1, used + 1):
                return True
            if k >= len(short):
                return False
            at = w.find(short[k], at)
            if at < 0:
                return False
            k, at = k + 1, at + 1

    return 2 <= len(short) <= 8 and go(0, 0, 0)


_DEFINED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9-]{1,9})\s*[),;]")


def definitions(text: str) -> dict[str, tuple[str, ...]]:
    """The abbreviations `text` defines, "long form (SHORT)": lower-case short form -> the fewest words before it that
    it abbreviates (`abbreviates`)."""
    out: dict[str, tuple[str, ...]] = {}
    for m in _DEFINED.finditer(text):
        raw = m.group(1).replace("-", "")
        if sum(c.isupper() for c in raw) < 2:
            continue  # "(n = 52)", "(mean)": no short form
        short = raw.lower()
        before = _WORD_OR_NUMBER.findall(text[max(0, m.start() - 120):m.start()].lower())
        for k in range(2, min(len(before), len(short) + 4) + 1):
            if abbreviates(short, before[-k:]):
                out.setdefault(short, tuple(before[-k:]))
                break
    return out


def _asked_facet_word(word: str) -> bool:
    """The word only says which kind of fact is asked ('dose', 'withdrawal', 'interactions'); organs and pregnancy
    are conditions. An explicit list, not the facet table's question patterns, which grow with the label tier's
    phrasings ('with alcohol' asks about interactions, but 'alcohol' is what the answer must name)."""
    return word.startswith(_FACET_STEMS)


def condition_topic(q: Question) -> Topic:
    """The condition the question names ('kidney' in 'Is baclofen safe in kidney failure?'), or an empty Topic."""
    class_words = {w for c in q.classes for w in _WORD.findall(c.surface.lower())}
    class_words |= {w for _, span in _classes_in(q.text) for w in _WORD.findall(span.lower())}
    words: list[str] = []
    forms: list[str] = []
    sexes = [t for t in q.terms if t in _SEX_WORDS]  # (population words are not in q.topic)
    product_words = {w for m in _PRODUCT_PHRASE.finditer(q.text) for w in _WORD.findall(m.group().lower())}
    low = q.text.lower()
    # "blood pressure": its lay word ("pressure") stands for it, the rest is no condition of its own
    in_phrase = {w for phrase, word in LAY_PHRASES.items() if re.search(rf"\b{phrase}\b", low)
                 for w in phrase.split() if w != word}
    # the patient's genotype ("CYP2C9*3/*3", "CYP2C19 poor metabolizers", "HLA-B*1502"): what the answer must name,
    # though its words ("cyp", "metabolizer") otherwise only say which kind of fact is asked
    # ("pharmacogenomic report", "genotype" only say that genes are asked about: no word a label sentence must name)
    genes = {w for m in GENOTYPE.finditer(q.text) for w in _WORD.findall(m.group().lower())}
    for t in q.topic:
        if t.startswith(("genotyp", "pharmacogen")):
            continue
        if t in genes and t not in words:
            words.append(t)
            continue
        if t in in_phrase:
            continue
        if t in _SHORT_FORMS and t not in words and any(
                sum(c.isupper() for c in m.group()) >= 2 for m in re.finditer(rf"\b{re.escape(t)}\b", q.text, re.I)):
            words.append(t)  # "AF", "MI", "RA" as the question writes them: the condition, however short or common
            continue
        if t in _ASKED_WORDS or t in _NOT_CONDITION or t in class_words or len(t) < 3 or t in words \
                or ANIMAL_QUESTION.fullmatch(t) or t in product_words:
            continue
        if _asked_facet_word(t) or (zipf(t) >= _EVERYDAY and _group(t) is None and t not in _BODY_WORDS
                                    and t not in LAY_WORDS):
            continue  # "come", "life", "case", "done": everyday words are no condition; "heart", "pain" are
        if _asker_word(t) or t in q.name_words:
            # the product asked about ("gel capsule", "pen") or how it is asked ("removed by hemodialysis", "carry"):
            # weighed in the label's reading as before, never a condition to name or to note (fix13m)
            forms.append(t)
            continue
        words.append(t)
    if not words and sexes:
        # "Can women take tamsulosin?": with no condition named, the population asked about is what the answer must
        # name ("not indicated for use in women"); beside a condition ("pregnant women") the condition is
        words = list(dict.fromkeys(sexes))
    shown = _as_asked(q.text, words, in_phrase)
    # (a head noun alone is no condition: "storage conditions" asks no condition; fix13m)
    words = [w for w in words if w not in _HEAD_WORDS]
    if not words:
        return Topic((), 0, forms=tuple(dict.fromkeys(forms)))
    # all of a one- or two-word condition ("cluster headache" is not any headache, "spasticity after stroke" not
    # any spasticity), two thirds of a longer one ("chronic back pain")
    need = len(words) if len(words) <= 2 else math.ceil(2 * len(words) / 3)
    return Topic(tuple(words), need, shown, forms=tuple(dict.fromkeys(forms)))


# Words that may stand between the words of a condition as the question names it ("spasticity after stroke", "glass
# of wine at dinner", "elderly patients with dementia"); anything else between them ("gout when eGFR", "hiv doc and
# my diabetes") and the note names the condition's words alone.
_JOINERS = frozenset("of with and or in on at after from for to by without during the a an patient patients".split())
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def _as_asked(text: str, words: list[str], lay: Collection[str] = ()) -> tuple[str, ...]:
    """The question's own words from the first condition word to the last ('spasticity after stroke', 'Child-Pugh B
    cirrhosis', 'blood pressure'), or, when other words, brackets or sentence punctuation stand between them
    ('renal failure (CrCl', 'ingrown toenails?? what side efects'), the condition's words as written."""
    # a condition word may be a stem of the question's word ("breastfeed" of "breastfeeding": the note said "in
    # breastfeed"), and a word joined to it by a hyphen belongs to it ("Child-Pugh B", not "Pugh B")
    def names(tok: str) -> bool:
        return any(p in words or any(len(w) >= 5 and p.startswith(w) for w in words)
                   for p in re.split(r"[-']", tok.lower()))

    toks = list(_TOKEN.finditer(text))
    found = [i for i, m in enumerate(toks) if names(m.group())]
    if not found:
        return tuple(words)
    first, last = found[0], found[-1]
    while first > 0 and toks[first - 1].group().lower() in lay:
        first -= 1  # "blood pressure": the lay phrase whole
    span = toks[first:last + 1]
    gaps = [text[a.end():b.start()] for a, b in pairwise(span)]
    if all(re.fullmatch(r"\s*", g) for g in gaps) and len(span) <= len(words) + 3 and all(
            names(m.group()) or m.group().lower() in _JOINERS or m.group().lower() in lay or len(m.group()) == 1
            for m in span):
        return tuple(m.group() for m in span)
    shown: dict[str, str] = {}
    for m in span:
        if names(m.group()):
            shown.setdefault(m.group().lower(), m.group())
    return tuple(shown.values())


def _asker_word(word: str) -> bool:
    """A word of how the question is asked, not of what about (fix13m): a contraction written without its
    apostrophe ("whats"), a verb of asking in any form ("carry", "mixed"), a dosage form or device ("capsules",
    "pen"), a doctor ("urologist"), a possessive without its apostrophe ("babys"), the plural of any of these or of
    the asked and population words ("signs", "olds"), or a misspelling of an asked word ("efects")."""
    if _CONTRACTED.fullmatch(word) or _SPECIALIST.fullmatch(word) or word in _asking_forms():
        return True
    singulars = {word}
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        singulars |= {word[:-1], word[:-2] if word.endswith("es") else word[:-1]}
        if word.endswith("ies"):
            singulars.add(word[:-3] + "y")
    plain = _ASKED_WORDS | _ASKED_MORE | _NOT_CONDITION | _NOT_CONDITION_MORE | POPULATION_WORDS | _FORMS
    if any(w in plain or w in _asking_forms() for w in singulars):
        return True
    if word.endswith("s") and zipf(word) < 3.0 and zipf(word[:-1]) >= _EVERYDAY and _group(word[:-1]) is None \
            and word[:-1] not in _BODY_WORDS:
        return True  # "my 2 month old babys eczema": the baby's
    if len(word) >= 5 and not is_known_word(word):
        return any(DamerauLevenshtein.distance(word, a, score_cutoff=1) <= 1
                   for a in _ASKED_WORDS | _ASKED_MORE if len(a) >= 5 and abs(len(a) - len(word)) <= 1)
    return False


@lru_cache(maxsize=1)
def _asking_forms() -> frozenset[str]:
    """Every form of the verbs of asking, less any that names a condition ("failing" kidneys)."""
    forms = {f for v in _ASKING_VERBS for f in _inflections(v)}
    return frozenset(f for f in forms if _group(f) is None and f not in _BODY_WORDS and f not in LAY_WORDS)


@lru_cache(maxsize=4096)
def _group(word: str) -> tuple[str, ...] | None:
    return next((g for g in SYNONYM_STEMS if any(word.startswith(s) for s in g)), None)


def _stem(word: str) -> str:
    for suffix in ("iatic", "iasis", "ically", "ical", "ities", "ity", "atic", "ation", "ions", "ion", "ive", "ous",
                   "ing", "ful", "ed", "ic", "ia", "es", "s", "y", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_AGENT = re.compile(r"(?<!coagul)ants?$")
_STATE = re.compile(r"(?:ion|ions|ive|ed|ing)$")


def _agent_and_state(agent: str, state: str) -> bool:
    """`agent` names an agent ("depressant", "stimulant"; not an "anti-" agent, which treats the state) and `state`
    the state or act it brings ("depression", "stimulation")."""
    return (_AGENT.search(agent) is not None and not agent.startswith("anti") and _AGENT.search(state) is None
            and _STATE.search(state) is not None)


@lru_cache(maxsize=200_000)
def same_word(q_word: str, s_word: str) -> bool:
    """A question word and a sentence word name the same thing: equal, the same stem ('psoriasis'/'psoriatic',
    'spasticity'/'spastic', 'pain'/'painful'), a long shared beginning, or one synonym group ('renal'/'kidney')."""
    if q_word == s_word:
        return True
    if _agent_and_state(q_word, s_word) or _agent_and_state(s_word, q_word):
        # an agent is not the state it brings: "CNS depressants" do not name "depression", nor a "stimulant"
        # stimulation (the synonym group and a shared beginning below would say they do)
        return False
    lay = LAY_WORDS.get(q_word)
    if lay is not None and s_word.startswith(lay):
        return True  # an everyday word for the label's ("eyesight" / "visual", "mri" / "magnetic")
    g = _group(q_word)
    if g is not None and any(s_word.startswith(s) for s in g):
        return True
    if any(q_word.startswith(b) and s_word.startswith(narrow) for b, narrower in NARROWER_STEMS for narrow in narrower):
        return True
    a, b = _stem(q_word), _stem(s_word)
    if a == b:
        return True
    p = 0
    for x, y in zip(q_word, s_word, strict=False):
        if x != y:
            break
        p += 1
    return p >= 6 and p >= min(len(q_word), len(s_word)) - 3


@lru_cache(maxsize=32768)
def sentence_words(text: str) -> frozenset[str]:
    """The lower-case words of a sentence, for `mentions` (cached: one sentence is scored for every facet asked, and
    the same set, whose hash Python keeps, makes `mentions`' cache cheap to consult)."""
    return frozenset(_WORD.findall(text.lower()))


@lru_cache(maxsize=32768)
def mentions(word: str, words: frozenset[str]) -> bool:
    """A sentence (its `sentence_words`) names the question word `word` in some form (`same_word`). Cached: each
    question word is looked for in the same sentences once per facet read, and a miss scans every word."""
    if word in words:
        return True
    ordered = _ordered(words)
    for head in _heads(word):  # only words with one of these beginnings can be `word`: found by bisection
        i = bisect_left(ordered, head)
        while i < len(ordered) and ordered[i].startswith(head):
            if same_word(word, ordered[i]):
                return True
            i += 1
    return _abbreviation_meets(word, words)


_SHORT_FORMS = frozenset(CONDITION_ABBREVIATIONS)


def _abbreviation_meets(word: str, words: frozenset[str]) -> bool:
    """`word` and the sentence's words name one condition through `CONDITION_ABBREVIATIONS`: the question's short
    form spelled out in the sentence (every word of its long form), or a short form in the sentence whose long form
    has `word` ("ovary" in "... women with PCOS"). Short forms that are also common words count only in capitals
    (`_CASE_ONLY`: `Topic.hits`)."""
    long = CONDITION_ABBREVIATIONS.get(word)
    if long is not None and all(_has_prefix(words, st) for st in long):
        return True
    for short in words & _SHORT_FORMS:
        if short not in _CASE_ONLY and any(word.startswith(st) or same_word(word, st)
                                           for st in CONDITION_ABBREVIATIONS[short]):
            return True
    return False


def _has_prefix(words: frozenset[str], stem: str) -> bool:
    ordered = _ordered(words)
    i = bisect_left(ordered, stem)
    return i < len(ordered) and ordered[i].startswith(stem)


@lru_cache(maxsize=4096)
def _ordered(words: frozenset[str]) -> tuple[str, ...]:
    """A sentence's (or passage's) words sorted, for `mentions`: one passage is searched for every question word."""
    return tuple(sorted(words))


@lru_cache(maxsize=8192)
def _heads(word: str) -> tuple[str, ...]:
    """Beginnings a sentence word must have to possibly be `word` (a cheap filter before `same_word`)."""
    stems = [word, _stem(word), *(_group(word) or ()), *LAY_WORDS.get(word, ())]
    stems += [n for b, narrower in NARROWER_STEMS if word.startswith(b) for n in narrower]
    return tuple({st[:4] for st in stems if st})


def _classes_in(text: str) -> list[tuple[str, str]]:
    """(member pattern, the words naming it) for each class of the table the text names ('beta blockers', 'SSRIs'),
    also when the drug lexicon does not know the phrase."""
    out = []
    for rx, member in CLASS_MEMBERS:
        m = re.search(rf"\b({rx})\w*(?:[\s-]+(?:blockers?|inhibitors?|antagonists?|agents?|drugs?))?", text, re.I)
        if m:
            out.append((member, m.group()))
    return out


def class_names(q: Question) -> list[str]:
    """The drug classes the question names, as written ('statins', 'beta blockers')."""
    names = [c.surface for c in q.classes]
    return names + [span for _, span in _classes_in(q.text) if not any(span.lower() in n.lower() for n in names)]


def class_pattern(q: Question) -> re.Pattern[str] | None:
    """A pattern naming the question's drug classes or their members ('statins', 'atorvastatin'); None when the
    question names no class."""
    alts: list[str] = []
    for c in q.classes:
        name = f"{c.surface} {c.canonical}".lower()
        found = [member for rx, member in CLASS_MEMBERS if re.search(rx, name)]
        surface = re.escape(c.surface.lower().rstrip("s")).replace(r"\ ", r"[\s\-]+")
        alts.extend([*found, rf"{surface}s?"])
    alts.extend(member for member, _ in _classes_in(q.text) if member not in alts)
    if not alts:
        return None
    return re.compile(rf"\b({'|'.join(alts)})\b", re.I)


@dataclass(frozen=True)
class Partners:
    """The drugs of an interaction question ("Can I take X with Y?"), each as a pattern of its names: a statement
    bears on the combination only where it names every one. Empty (false) for any other question."""

    patterns: tuple[re.Pattern[str] | None, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def met_by(self, text: str) -> bool:
        """True when `text` names every partner (always, for a question that is not about a combination)."""
        return all(rx is not None and rx.search(text) for rx in self.patterns)


def interaction_partners(q: Question, corpus: Corpus) -> Partners:
    """The question's drugs when it asks about two or more together, else no partners; a drug class named beside
    one drug, or beside another class, is a partner too ("ibuprofen with a blood thinner": the class or a member;
    "a painkiller with a water pill"). An interaction asked
    beside another facet counts ("Can doravirine be co-administered with rifampin ... treated for TB?" reads as
    indications and interactions): a finding that names only the other drug was cited for it (fix14v)."""
    if "interactions" not in q.facets:
        return Partners()
    drugs = tuple(corpus.names_pattern([d.canonical], min_chars=4) for d in q.drugs)
    # (a class the named drug belongs to is no partner: "is ibuprofen an NSAID")
    classes = [c for c in _partner_classes(q)
               if not any(re.fullmatch(m, d, re.I) for m in c[1] for d in q.drug_names)]
    if len(drugs) + len(classes) < 2:
        return Partners()
    return Partners(drugs + tuple(re.compile(rf"\b(?:{'|'.join(members)})\b", re.I) for _, members in classes))


def _partner_classes(q: Question) -> list[tuple[str, list[str]]]:
    """(class as named, member patterns) for each class of the class table the question names."""
    out: list[tuple[str, list[str]]] = []
    for c in q.classes:
        name = f"{c.surface} {c.canonical}".lower()
        found = [member for rx, member in CLASS_MEMBERS if re.search(rx, name)]
        surface = re.escape(c.surface.lower().rstrip("s")).replace(r"\ ", r"[\s\-]+")
        out.append((c.surface, [*found, rf"{surface}s?"]))
    named = " ".join(c.surface.lower() for c in q.classes)
    out += [(span, [member]) for member, span in _classes_in(q.text) if span.lower() not in named]
    return out
