"""Facets: what a question asks about, and where each facet lives in labels and in abstracts.

One table drives recognition in questions, label section choice and sentence classification, so the
three cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Facet:
    """A kind of clinical fact a question can ask about."""

    key: str
    heading: str  # heading in the research tier and the Markdown brief
    question: re.Pattern[str]  # matches questions that ask for it
    cue: re.Pattern[str]  # matches sentences that state it
    label_codes: tuple[str, ...]  # LOINC codes (and openFDA field names) of label sections to read, best first
    query_terms: str  # words added to the retrieval query


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Units a dose is stated in: prescribing labels use mass and volume; OTC Drug Facts count what is taken
# ("take 2 caplets", "10 mL", "2 teaspoonfuls", "do not exceed 8 softgels", "not more than 4 doses").
DOSE_UNIT = (
    r"(?:mg|mcg|µg|g|ml|mL|units?|tablets?|caplets?|capsules?|softgels?|gelcaps?|geltabs?|liquid ?gels?|"
    r"lozenges?|chewables?|gummies|pellets?|drops?|sprays?|pieces?|packets?|patch(?:es)?|doses?|"
    r"teaspoon(?:s|ful|fuls|sful)?|tsp|tablespoon(?:s|ful|fuls|sful)?|tbsp|capfuls?|dropperfuls?|applications?)"
)
# A number of them: "6", "2.5", "½", "1 to 2", "2-4", "one".
DOSE_NUMBER = (
    r"(?:\d+(?:\.\d+)?|½|¼|half an?|one|two|three|four|five|six|seven|eight|ten|twelve)"
    r"(?:\s*(?:to|-|–|or)\s*(?:\d+(?:\.\d+)?|one|two|three|four|six|eight))?"
)
DOSE_AMOUNT = rf"\b{DOSE_NUMBER}\s*{DOSE_UNIT}(?!\w)"
# The OTC way to state a daily limit: "do not exceed 6 tablets in 24 hours", "not more than 4 doses in 24 hrs".
DAILY_LIMIT = (
    rf"(?:not (?:to )?exceed|(?:not|no) (?:take |use |give )?more than|up to|maximum of)[^.;]{{0,30}}?"
    rf"\b{DOSE_NUMBER}\s*(?:{DOSE_UNIT}|times)(?!\w)[^.;]{{0,30}}?(?:\b(?:in|per|a|each|every)(?: a| any| one)? "
    r"(?:24[- ]?(?:hours?|hrs?|h)\b(?:[- ]period)?|day\b)|\bdaily\b)"
)


# A harm asked as what the drug does to you: "can aimovig raise your blood pressure", "will it give me a rash" (not "can
# I raise my dose", "can you give me a shot"): side effects and warnings, with what it does as the condition.
HARM_Q = (r"\b(?:can|could|does|do|will|would|might|may)\b.{0,30}\b(?:raise|raises|increase|increases|lower|lowers|"
          r"drop|drops|worsen|worsens) (?:your|my|his|her|their|the|a) (?!dose|dosage|amount|number)|"
          r"\b(?:can|could|does|do|will|would|might|may)\b.{0,30}\b(?:give|gives) (?:you|me|him|her|them|people|"
          r"patients) (?!a (?:dose|shot|injection))")
# A question about how often something happens on a drug (an adverse reaction's incidence).
INCIDENCE_Q = (r"how (common|frequent|frequently|likely|rare|often do(es)? (people|patients)|many (people|patients))|"
               r"how often (does|do|can|will) .{0,40}\bcause|"
               r"what (percent(age)?|proportion|fraction)|percent(age)? of (people|patients|users)|incidence|"
               r"(chance|risk|rate|frequency|odds|likelihood) of (getting|having|developing)")
# Sections of the label a pharmacist reads for a population (subsections of Use in Specific Populations, 8.x).
_SEXES = r"(women|woman|men|females?|males?)"
_SEX_USE = (rf"{_SEXES} (take|use|have|be given|be prescribed)|(used?|safe|approved|indicated|given|prescribed) "
            rf"(in|for|by) {_SEXES}")
_POPULATIONS = ("43684-0", "use_in_specific_populations")
# Patient-facing sections: what to tell patients, the Medication Guide, Patient Information, Instructions for Use.
_PATIENT = ("34076-0", "information_for_patients", "42231-1", "spl_medguide", "42230-3", "spl_patient_package_insert",
            "59845-8", "instructions_for_use", "68498-5")

FACETS: tuple[Facet, ...] = (
    Facet(
        "max_dose", "Maximum Dose",
        _rx(r"\b(max(imum|imal)?|highest|upper limit|ceiling|most)\b.{0,40}\b(dos(e|es|age|ing)|mg|amount)\b|"
            r"\bhow (much|many)(?! times\b) .{0,40}\b(per|a|each|in (a|one)) (day|24 hours)\b|\bnot (to )?exceed\b|"
            r"\b(max(imum)?|most|how many) .{0,30}\b(tablets|caplets|capsules|pills|softgels|doses)\b|"
            r"\b(max|maximum)\b\s*\??\s*$"),
        _rx(r"\b(maximum|max\.?|not (to )?exceed|should not exceed|up to|(no|not) (take |use |give )?more than|"
            r"highest|total daily dose|daily dose|in 24 (hours|hrs))\b"),
        ("34068-7", "dosage_and_administration", "43678-2"),
        "maximum dose mg per day daily",
    ),
    Facet(
        "pediatric", "Use in Children",
        _rx(r"\b(child(ren)?(?!-pugh)|kids?|pediatric|paediatric|infants?|toddlers?|bab(y|ies)|newborns?|neonat\w*|"
            r"adolescents?|teens?|teenagers?|(\d+|two|three|four|five|six|seven|eight|nine|ten)[- ]years?[- ]old|"
            # an age in months or weeks is a baby's or toddler's: "my 18 month old", "a 6-week-old"
            r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)[- ]?(months?|mos?|weeks?|"
            r"wks?)[- ]old|"
            r"son|daughter|teenagers?)\b"),
        _rx(r"\b(pediatric|paediatric|child(ren)?|infants?|neonat\w*|adolescents?|years of age|years and (older|over)|"
            r"under \d+ years)\b"),
        ("34081-0", "pediatric_use", "34066-1", "boxed_warning", "34068-7", "dosage_and_administration", *_POPULATIONS,
         "34070-3", "contraindications", "43685-7", "34071-1"),
        "pediatric children",
    ),
    Facet(
        "geriatric", "Use in Older Adults",
        _rx(r"\b(elderly|older (adults?|patients?|people|persons?)|geriatric|seniors?|aged? (65|70|75|80)|"
            r"(65|70|75|80|85|90)[- ]years?[- ]old|over (65|70|75|80)|(65|70|75|80) (and|or) (older|over|above))\b"),
        _rx(r"\b(geriatric|elderly|older (adults?|patients?|subjects?)|(65|75) years( of age)? (and|or) (older|over)|"
            r"age[- ]related)\b|"
            # an older age as a dosing criterion: "age greater than or equal to 80 years", "age ≥ 75 years",
            # "patients 80 years or older"
            r"\bage(?:d)?\s*(?:greater than(?: or equal to)?|over|above|at least|of|>=?|≥)?\s*(?:6[5-9]|[7-9]\d)\s*"
            r"(?:years|yrs)\b|\b(?:6[5-9]|[7-9]\d) years(?: of age)? (?:and|or) (?:older|over|above)\b"),
        ("34082-8", "geriatric_use", "34066-1", "boxed_warning", "34068-7", "dosage_and_administration", *_POPULATIONS,
         "43685-7", "34071-1", "43682-4", "pharmacokinetics"),
        "geriatric elderly older",
    ),
    Facet(
        "renal", "Renal Impairment",
        _rx(r"\b(renal|kidneys?|nephro\w*|dialysis|creatinine|ckd|egfr|crcl|esrd|hemodialysis|haemodialysis)\b"),
        _rx(r"\b(renal|kidneys?|creatinine clearance|serum creatinine|crcl|dialysis|hemodialysis|nephro\w*|egfr)\b"),
        ("34070-3", "contraindications", "88828-9", *_POPULATIONS, "34068-7", "dosage_and_administration",
         "43685-7", "warnings_and_cautions", "34071-1", "warnings", "42232-9", "precautions", "43682-4",
         "pharmacokinetics"),
        "renal impairment kidney creatinine clearance",
    ),
    Facet(
        "hepatic", "Hepatic Impairment",
        _rx(r"\b(hepatic|liver|cirrhosis|hepat\w*|child[- ]pugh)\b"),
        _rx(r"\b(hepatic|liver|hepat\w*|aminotransferase|transaminase|alt|ast|jaundice|cirrhosis|child-pugh)\b"),
        ("34070-3", "contraindications", "88829-7", *_POPULATIONS, "34068-7", "dosage_and_administration",
         "43685-7", "warnings_and_cautions", "34071-1", "warnings", "42232-9", "precautions", "43682-4",
         "pharmacokinetics"),
        "hepatic impairment liver",
    ),
    Facet(
        "contraindications", "Contraindications",
        _rx(r"\b(contra-?indicat\w*|should not (be )?(use|take|given|prescrib)\w*|must not|who (should|can)(not|n't) "
            r"(take|use)|when (not|shouldn't|should not) (to )?(use|take)|avoid(ed)? in|not be used|"
            r"(can|should|may|could|is it (ok|okay|safe) for) (someone|somebody|a patient|patients|people|a person|"
            r"anyone|i|me) (with|who (has|have|had)|having)|"
            r"(if|when) (i|you|they|she|he) (have|has|had)|with (a )?history of|"
            # "can premarin be prescribed to a woman with a past DVT": may it be given to someone with a condition
            r"(prescribed|given|used) (to|in|for) (a |an )?(wom[ae]n|m[ae]n|patients?|someone|people|persons?) with|"
            # "potassium came back 5.6 - can the patient stay on triamterene/hctz?": may the drug go on, given that
            r"(can|should|may|could) (the patient|patients?|he|she|i|they|we|my \w+) (still )?(stay|remain|continue|"
            r"keep (taking|using)|be kept) on)\b"),
        _rx(r"\b(contraindicat\w*|hypersensitivity|must not|should not be used|do not use)\b"),
        ("34070-3", "contraindications", "50570-1", "do_not_use"),
        "contraindicated contraindications hypersensitivity",
    ),
    Facet(
        "boxed_warning", "Boxed Warning",
        _rx(r"\b(boxed|black[- ]?box(ed)?)\b"),
        _rx(r"\b(warning|risk|death|fatal|serious|life[- ]threatening)\b"),
        ("34066-1", "boxed_warning"),
        "boxed warning",
    ),
    Facet(
        "interactions", "Interactions",
        _rx(r"\b(interact\w*|together|combin\w* (it |them )?with|co-?(administ|prescrib|medicat)\w*|"
            r"with (other|any) (drugs?|medic\w*|meds|pills)|"
            r"concomitant\w*|cyp\w*|inhibitors?|inducers?|alcohol\w*|beers?|wines?|liquors?|drinks?|drinking|"
            r"grapefruit|maois?|mao inhibitors?|nitrates?|blood thinners?|antacids?|nsaids?|ssris?|opioids?|"
            r"benzodiazepines?|(before|after) (starting|stopping|switching)|tyramine|aged cheese|"
            r"(with|and|on) (oral |hormonal )?(contraceptives?|birth control)|(effectiveness|efficacy) of (the )?"
            r"(oral |hormonal )?(contraceptives?|birth control))\b"),
        _rx(r"\b(interact\w*|concomitant\w*|coadminist\w*|co-administ\w*|cyp\s?\w+|inhibitors?|inducers?|"
            r"increase\w* (the )?(plasma|serum|exposure)|alcohol\w*|ethanol|cns depressants?)\b"),
        ("34073-7", "drug_interactions", "34070-3", "contraindications", "42232-9", "precautions", "43685-7",
         "warnings_and_cautions", "34071-1", "warnings", "34066-1", "boxed_warning", "50567-7", "50568-5",
         "34076-0", "information_for_patients", "43682-4", "pharmacokinetics", "34090-1"),
        "drug interactions concomitant",
    ),
    Facet(
        "withdrawal", "Withdrawal and Discontinuation",
        _rx(r"\b(withdraw\w*|discontinu\w*|stop(ping|ped)?|taper\w*|abrupt\w*|quit\w*|cessation|come off|"
            r"get off|wean\w*)\b"),
        _rx(r"\b(withdraw\w*|discontinu\w*|abrupt\w*|taper\w*|rebound|cessation)\b"),
        # (old-format labels state withdrawal symptoms under Precautions: "Withdrawal Symptoms – A variety of ...")
        ("34066-1", "boxed_warning", "43685-7", "warnings_and_cautions", "34071-1", "warnings", "42232-9",
         "precautions", "34068-7", "dosage_and_administration", "42227-9", "drug_abuse_and_dependence", "34087-7",
         "dependence"),
        "withdrawal abrupt discontinuation taper",
    ),
    Facet(
        "abuse_dependence", "Abuse and Dependence",
        _rx(r"\b(abuse\w*|addict\w*|dependen\w*|habit[- ]forming|controlled (substance|drug|medication)s?|"
            r"schedule (i|ii|iii|iv|v|[1-5])|dea|(what|which) (dea |drug |controlled[- ]substance )?schedule|"
            r"scheduled (drug|substance|medication)|is [a-z][\w-]* scheduled(?! (for|at|on|to|in|every)\b)|"
            r"misuse|get (you )?high|recreational\w*)\b"),
        _rx(r"\b(abuse|addiction|dependence|misuse|controlled substance|schedule (i|ii|iii|iv|v)|habit[- ]forming|"
            r"tolerance)\b"),
        ("42227-9", "drug_abuse_and_dependence", "34085-1", "controlled_substance", "34086-9", "abuse", "34087-7",
         "dependence", "34066-1", "boxed_warning", "34071-1", "warnings", "43685-7", "warnings_and_cautions"),
        "abuse dependence addiction controlled substance",
    ),
    Facet(
        "overdose", "Overdose",
        _rx(r"\b(overdos\w*|too (much|many)|poison\w*|toxicity|took (\w+ )?(extra|double)|"
            r"accidental\w* (ingest|took|swallow)\w*)\b"),
        _rx(r"\b(overdos\w*|toxicity|poisoning|coma|respiratory depression|antidote|hemodialysis|gastric lavage|"
            r"activated charcoal|supportive)\b"),
        ("34088-5", "overdosage"),
        "overdosage overdose",
    ),
    Facet(
        "lactation", "Lactation",
        _rx(r"\b(breast\s?-?feed\w*|lactat\w*|nursing|breast ?milk|breastmilk|pumping)\b"),
        _rx(r"\b(lactation|breast\s?-?fe(e)?d\w*|breast milk|human milk|milk|nursing|infant)\b"),
        ("77290-5", "lactation", "34080-2", "nursing_mothers", "53414-9", "pregnancy_or_breast_feeding",
         *_POPULATIONS),
        "lactation breastfeeding milk",
    ),
    Facet(
        "pregnancy", "Pregnancy",
        _rx(r"\b(pregnan\w*|fetal|fetus|conceiv\w*|teratogen\w*|birth defects?|trying for a baby|expecting)\b"),
        _rx(r"\b(pregnan\w*|fetal|fetus|teratogen\w*|embryo\w*|birth defects?)\b"),
        ("34066-1", "boxed_warning", "42228-7", "pregnancy", "34077-8", "53414-9", "pregnancy_or_breast_feeding",
         *_POPULATIONS,
         "77291-3", "34070-3", "contraindications", "43685-7", "34071-1"),
        "pregnancy fetal",
    ),
    Facet(
        "pharmacokinetics", "Pharmacokinetics",
        _rx(r"\b(half[- ]?life|pharmacokinetic\w*|excret\w*|eliminat\w*|metaboli[sz]\w*|absor\w*|"
            # "creatinine clearance 20 mL/min" gives the patient's renal function, not a pharmacokinetic question
            r"(?<!creatinine )clearance|bioavailab\w*|peak (level|concentration|effect)|"
            r"how long (does|do|will|is) .{0,40}"
            r"(stay|last|remain|in (your|my|the) (system|body|blood)|take to work|to work|wear off)|onset|"
            r"how (fast|quickly|soon)|kick in|out of (your|my|the|his|her) (system|body|blood)|"
            r"protein[- ]?binding|protein[- ]bound|"
            r"bound to (plasma )?proteins?|volume of distribution|tmax|time to peak)\b"),
        _rx(r"\b(half-life|half life|t1/2|elimination|excret\w*|eliminated|metabolized|metabolism|absorption|"
            r"bioavailability|peak (plasma )?concentrations?|tmax|clearance|urine|feces|onset)\b"),
        ("43682-4", "pharmacokinetics", "34090-1", "clinical_pharmacology", "43681-6", "pharmacodynamics"),
        "pharmacokinetics half-life elimination excretion",
    ),
    Facet(
        "storage", "Storage and Handling",
        _rx(r"\b(stor(e|ed|ing|age)|refrigerat\w*|fridge|room temperature|freez\w*|expir\w*|shelf[- ]life|"
            # handling the product: "what handling precautions should caregivers follow", "how should I handle the
            # capsules", "safe handling" (How Supplied / Storage and Handling)
            # (not "how should dosing be handled": handling the product itself)
            r"handling (precautions?|instructions|and (storage|disposal))|safe(ly)? handl\w*|(how|should) .{0,20}"
            r"\bhandle\b(?! (a |an |the |my |your )?(dos\w*|missed|side|stress))|handle .{0,40}\bsafely|"
            r"caregivers? .{0,30}\bhandl\w*|"
            r"handl(e|es|ed|ing) (the |these |this |my |your |a |an |open |opened |broken |crushed )?(capsules?|"
            r"tablets?|pills?|bottles?|vials?|pens?|powder|medicine|medication|drug|product|cream|gel|patch(es)?|"
            r"spills?)|"
            r"keep (it|them|the)\b.{0,20}(cold|cool|dry|warm)|disposal|dispose|throw away|after opening|once opened|"
            r"(good|last|use \w+) (for )?(after|once) (opening|opened|first use)|"
            # "how long is an opened lyumjev vial good for", "my vial good for once i open it": a shelf life in use
            r"opened (\w+ ){0,3}(vials?|pens?|bottles?|cartridges?|tubes?)|"
            r"(vials?|pens?|bottles?|cartridges?|tubes?) (is |are )?(good|last\w*) (for )?(once|after) (i|you|it is|"
            r"it's)? ?open\w*|"
            # "how long is my inhaler good for once i open the foil tray", "does it last after i open the pouch":
            # a shelf life in use, whatever the package is
            r"(good|last\w*|usable) (for )?(once|after) (i|you|we) (first )?open\w*)\b"),
        _rx(r"\b(store|storage|refrigerat\w*|°[cf]|room temperature|freez\w*|protect from (light|moisture)|"
            r"discard|dispos\w*)\b"),
        ("44425-7", "storage_and_handling", "34069-5", "how_supplied", "60561-8", "other_information", *_PATIENT),
        "storage store temperature",
    ),
    Facet(
        "dosage_forms", "Dosage Forms, Strengths and Appearance",
        _rx(r"\b(strengths?|dosage forms?|forms? (does|do|is|of)|comes? in|available (in|as)|how (is|are) .{0,30}"
            r"supplied|supplied|look(s)? like|colou?r|shape|imprint|debossed|engraved|markings?|what does .{0,40} look|"
            r"pill (identif|look)\w*|generic (version|form)|liquid|chewable|extended[- ]release version)\b"),
        _rx(r"\b(tablets?|capsules?|mg|mcg|strengths?|debossed|imprinted|engraved|scored|round|oval|white|yellow|"
            r"blue|pink|supplied|bottles? of|film-coated|injection|solution|suspension)\b"),
        ("43678-2", "dosage_forms_and_strengths", "34069-5", "how_supplied", "34089-3", "description",
         "spl_product_data_elements"),
        "dosage forms strengths supplied tablets",
    ),
    Facet(
        # physical and chemical properties of the substance: the label's Description section (issue 12: "What is the
        # solubility of X?" was read as an indications question)
        "description", "Description (Physical and Chemical Properties)",
        _rx(r"\b(solub\w*|insoluble|dissolv\w*|pka|molecular (weight|mass|formula)|chemical (name|structure|formula)|"
            r"empirical formula|structural formula|physical (properties|form|description)|chemical properties|"
            r"partition coefficient|log ?p|melting point|hygroscopic|crystalline|(appearance|colou?r) of the "
            r"(substance|powder|drug substance|active ingredient)|what (kind of|is the) (substance|powder|compound)|"
            r"what is it made of chemically)\b"),
        _rx(r"\b(solub\w*|insoluble|miscible|pka|molecular (weight|mass)|crystalline|powder|odorless|hygroscopic|"
            r"partition coefficient|melting point|chemically|designated)\b"),
        ("34089-3", "description"),
        "description soluble molecular weight",
    ),
    Facet(
        "ingredients", "Ingredients",
        _rx(r"\b(ingredients?|contains?|made (of|from)|gluten|lactose|dyes?|excipients?|gelatin|sugar[- ]free|"
            r"alcohol[- ]free|latex|peanut|soy|sulfites?|what(?:\s+is|'s|’s|s)\s+in)\b"),
        _rx(r"\b(inactive ingredients?|active ingredients?|contains?|each (tablet|capsule|ml|film-coated)|lactose|"
            r"gelatin|starch|stearate|dioxide|cellulose|povidone)\b"),
        ("34089-3", "description", "51727-6", "inactive_ingredient", "55106-9", "active_ingredient", "43678-2",
         "dosage_forms_and_strengths", "34069-5", "how_supplied"),
        "inactive ingredients contains",
    ),
    Facet(
        "counseling", "Patient Counseling",
        _rx(r"\b(miss(ed|es)? (a |my |the |one )?(dose|pill|tablet)|forg[eo]t\w*|skip\w* (a )?dose|"
            r"how (should|do|can|to) (i|you|we|patients?)? ?(take|use|give|apply|inject)|(empty|full) stomach|"
            r"with (or without )?(food|meals?|milk|water)|before (bed|meals?|breakfast)|at (night|bedtime)|crush\w*|"
            r"chew\w*|split\w*|cut (it|the|in half)|open the capsules?|counsel\w*|tell (my |the |their )?patients?|"
            r"advi[sc]e (patients?|to)|what should i (know|tell|avoid)|drive|driving|sun ?(light|exposure)|"
            r"double (up|the dose)|be told|need to know|should (i|patients|they) know|"
            r"supposed to (take|use)|(right|best) (way|time) to (take|use)|when (should|do|to) "
            r"(i |you )?(take|use)|what time)\b"),
        _rx(r"\b(advise|instruct|inform|tell|patients? should|missed|miss|skip|next dose|with food|without food|"
            r"empty stomach|meals?|swallow\w*|crush\w*|chew\w*|do not (double|take two)|driv\w*|operat\w* "
            r"machinery)\b"),
        ("34068-7", "dosage_and_administration", "34076-0", "information_for_patients", *_PATIENT[2:], "43685-7",
         "34071-1", "34073-7", "43682-4"),
        "patient counseling missed dose food",
    ),
    Facet(
        "warnings", "Warnings and Precautions",
        _rx(r"\b(warning\w*|precaution\w*|safe(ty|ly)?|risk\w*|danger\w*|caution\w*|worry|concerns?|monitor\w*|"
            r"(does|do|can|could|will|may) .{0,40}\bcause|"
            rf"{HARM_Q})\b"),
        _rx(r"\b(risk|caution|monitor\w*|may cause|can cause|warn\w*|serious|fatal|death)\b"),
        ("34066-1", "boxed_warning", "43685-7", "warnings_and_cautions", "34071-1", "warnings", "42232-9",
         "precautions", "50567-7", "50566-9", "50569-3"),
        "warnings precautions risk",
    ),
    Facet(
        "side_effects", "Side Effects",
        _rx(r"\b(side[- ]?effects?|adverse|reactions?|tolera\w*|harms?|complications?|make (you|me) (feel|sleepy|"
            r"tired|dizzy|gain|lose)|weight gain|hair loss|does .{0,30} cause|can .{0,30} cause|"
            # everyday words for a harm: "make your hair fall out", "mess up your eyesight" (fix12e)
            r"hair (fall|falling|fell|come|coming) out|(lose|losing) (my|your|their) hair|"
            r"(mess|messes|messing|screw|screws) (up|with) (my|your|the|their)|"
            rf"{HARM_Q}|"
            # how often a reaction occurs: "How common is nausea with X?", "What percentage of patients get headache"
            rf"{INCIDENCE_Q})\b"),
        _rx(r"\b(adverse|side[- ]effects?|most common\w*|incidence of|somnolence|drowsiness|dizziness|sedation|"
            r"nausea|fatigue|weakness|hypotonia|hypotension|dry mouth|toxicity|tolerab\w*|well tolerated|"
            r"reported|occurred|%)\b"),
        ("34084-4", "adverse_reactions", "34066-1", "boxed_warning", "43685-7", "34071-1"),
        "adverse reactions side effects most common",
    ),
    Facet(
        "mechanism", "Mechanism of Action",
        _rx(r"\b(mechanism|how does .{0,30}work|how (does|do) .{0,30}\b(lower|reduce|raise|block|act|kill)|"
            r"mode of action|pharmacolog\w*|how (it|they|this|\w+) works?|what (kind|class|type) of "
            r"(drug|medic\w*)|drug class)\b"),
        _rx(r"\b(mechanism|receptors?|agonist\w*|antagonist\w*|inhibit\w*|gaba\w*|alpha.?2|α.?2|binds?|"
            r"acts?|action|blocks?|class)\b"),
        ("43679-0", "mechanism_of_action", "34090-1", "clinical_pharmacology", "43681-6", "pharmacodynamics",
         "34089-3", "description"),
        "mechanism of action receptor agonist",
    ),
    Facet(
        "administration", "Administration",
        _rx(r"\b(route|administ\w*|how (is|are) .{0,20}(taken|given|used|administered)|oral(ly)?|inject\w*|"
            r"intrathecal\w*|infusion|pump|intraven\w*|iv)\b"),
        _rx(r"\b(oral(ly)?|intrathecal\w*|intraven\w*|injection|infusion|pump|administ\w*|route|with food|"
            r"tablets?|capsules?)\b"),
        ("34068-7", "dosage_and_administration", "43678-2", "dosage_forms_and_strengths"),
        "administration route intrathecal oral",
    ),
    Facet(
        "specific_populations", "Use in Specific Populations",
        _rx(r"\b((specific|special) populations?|reproductive (age|potential)|contracepti\w*|birth control|"
            r"poor metabolizers?|(asian|african|black|japanese|chinese|hispanic) (patients|people|descent|ancestry)|"
            r"body weight|low weight|obes\w*|race|ethnic\w*|"
            # "Can women take tamsulosin?", "is X used in men": a sex the drug may be used in
            rf"{_SEX_USE})\b"),
        _rx(r"\b(pregnan\w*|lactation|pediatric|geriatric|renal|hepatic|females?|males?|women|woman|men|"
            r"reproductive)\b"),
        (*_POPULATIONS, "42228-7", "77290-5", "34080-2", "34081-0", "34082-8", "88828-9", "88829-7", "77291-3"),
        "specific populations",
    ),
    Facet(
        "dosing", "Dosing",
        _rx(r"\b(dos(e|es|age|ing)|how (much|often|many)|titrat\w*|starting|initial dose|regimen|mg|schedule|"
            r"how many times|how long (do|should|must|can|will) (i|you|we|he|she|they) (have to |need to )?(keep )?"
            r"(tak|us|apply|put|giv)\w*|how long (is|should be) (the )?(treatment|course|therapy))\b"),
        _rx(rf"{DOSE_AMOUNT}|\b(start(ing|ed)?|initial|titrat\w*|increase\w*|"
            r"once (daily|a day)|twice (daily|a day)|three times|(\d+|two|three|four) times (a|per|each) day|"
            r"every \d+|per day|/day)\b"),
        ("34068-7", "dosage_and_administration", "43678-2"),
        "dose dosage mg daily starting titration",
    ),
    Facet(
        "indications", "Indications",
        _rx(r"\b(used? (for|to)|indicat\w*|treat\w*|what is .{0,30} for|purpose|approved|helps?|good for|"
            r"prescribed|what does .{0,30} do|take .{0,30} for|(does|do|will|can) .{0,30}\bwork (for|on|in))\b"),
        _rx(r"\b(indicated|indication|treat(s|ed|ing|ment)? (of|for)|used (to|for|in)|to treat|management of|"
            r"alleviat\w*|effective (treatment|therapy|in|for)|therapy for|relief of|control of)\b"),
        ("34067-9", "indications_and_usage", "42229-5", "55105-1", "purpose"),
        "indicated treatment of used for",
    ),
)
# Old-format labels state Use in Pregnancy, Nursing Mothers, Pediatric Use and Geriatric Use as subsections of
# Precautions ("3. Use in Pregnancy: In early pregnancy ..." under 42232-9, General Precautions 34072-9): those facets
# read them there too, last, and (CUE_REQUIRED) only sentences that name the population (fix12g: a false "nothing on
# pregnancy" note for methenamine).
_IN_PRECAUTIONS = ("42232-9", "precautions", "34072-9")
FACETS = tuple(replace(f, label_codes=(*f.label_codes, *(c for c in _IN_PRECAUTIONS if c not in f.label_codes)))
               if f.key in ("pregnancy", "lactation", "pediatric", "geriatric") else f for f in FACETS)
BY_KEY = {f.key: f for f in FACETS}

# The research tier's headings for an overview, as in the example brief.
OVERVIEW = ("indications", "dosing", "max_dose", "renal", "hepatic", "withdrawal", "warnings", "side_effects",
            "mechanism", "administration")
RESEARCH_OVERVIEW = ("indications", "mechanism", "benefits", "side_effects", "administration", "withdrawal", "renal")

BENEFITS = Facet(
    "benefits", "Benefits",
    _rx(r"\b(benefit\w*|effective\w*|efficacy|work(s)? well|improve\w*)\b"),
    _rx(r"\b(improv\w*|reduc\w*|benefit\w*|effective\w*|efficacy|significant\w*|decreas\w*|relie\w*|better)\b"),
    (),
    "improved reduced effective",
)
# For questions that name no drug and no facet: any sentence on the question's topic, under one heading.
FINDINGS = Facet("findings", "Related Research", _rx(r"^"), _rx(r"\b\w+\b"), (), "")
ALL_FACETS: dict[str, Facet] = {**BY_KEY, "benefits": BENEFITS, "findings": FINDINGS}

_OVERVIEW_Q = re.compile(
    r"^\s*(what|tell me|info\w*|overview|about)\b.{0,40}\b(used for|use of|uses|is it|for)\??\s*$|"
    r"\bwhat is [\w\- ]{1,40}( used)? for\b|\bwhat (is|are) [\w\- ]{1,40}\??\s*$|\buses? of\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FacetQuery:
    """The facets a question asks for; `overview` when it asks what a drug is (for)."""

    facets: tuple[str, ...]
    overview: bool


# "Can I take X with Y", "X while on Y": with two drugs named, the question asks how they interact.
_TWO_DRUGS_TOGETHER = re.compile(
    r"\b(taken|take|taking|use|used|using|mix\w*|given|give|combin\w*|start\w*|add\w*|on|and|plus|with|while|"
    r"alongside|after|before|between)\b", re.IGNORECASE
)
# A question's words that make it a sentence (a question word, a verb) or a comparison, not a bare list of keywords.
_SENTENCE_WORDS = re.compile(
    r"\b(what|how|which|who|whom|whose|when|why|where|is|are|was|were|am|be|can|could|does|do|did|should|would|will|"
    r"may|might|must|has|have|had|tell|explain|list|vs\.?|versus|or|compared?|comparison|difference|better|best|"
    r"instead|switch\w*|than)\b|\?", re.IGNORECASE)


_HARMS = frozenset({"side_effects", "warnings", "contraindications", "boxed_warning"})


def _keywords_only(question: str) -> bool:
    """A bare keyword query ("warfarin aspirin bleeding"): no question word, verb or comparison, a few words."""
    return not _SENTENCE_WORDS.search(question) and len(re.findall(r"\w+", question)) <= 8


# Facets that say who or what the question is about: "is X safe in kidney failure" asks about renal use, not the
# warnings at large; "safe while breastfeeding" asks about lactation.
_SPECIFIC_SAFETY = ("renal", "hepatic", "pregnancy", "lactation", "pediatric", "geriatric", "overdose", "interactions",
                    "contraindications", "boxed_warning", "abuse_dependence", "withdrawal")
# Facets a question asks in its own words that a second drug named without an interaction word does not displace.
_ASKED_OVER_PAIR = ("pregnancy", "lactation", "indications", "overdose")
# Facets about the product itself or how to take it: a "dose" or "mg" in the question is part of the description
# ("what does a 10 mg tablet look like", "what if I miss a dose"), not a dosing question.
# handling and its safety words: "handling precautions", "safe handling", "handle the capsules safely"
_HANDLING = re.compile(r"\b(?:safe(?:ly)? )?handl(?:e|es|ed|ing)\b(?:[\w ]{0,40}?\bsafely\b)?"
                       r"(?: (?:precautions?|safety|instructions))?", re.I)
_NOT_DOSING = ("counseling", "dosage_forms", "ingredients", "storage", "overdose", "pharmacokinetics", "description")


# An overdose or poisoning the drug is given for: "for a suspected opioid overdose", "to reverse an overdose",
# "in acetaminophen poisoning" (the drug is its antidote).
OVERDOSE_TREATED = re.compile(
    r"\b(?:for|in|treat\w*|revers\w*|manag\w*|after)\s+(?:an?\s+|the\s+)?(?:suspected\s+|known\s+|possible\s+|"
    r"acute\s+)?(?:[\w-]+\s+)?(?:overdos\w*|poisoning|intoxication)\b", re.IGNORECASE)
_ASKS_USE = re.compile(r"\b(used? (for|to)|indicat\w*|treat\w*|purpose|approved|prescribed)\b", re.IGNORECASE)
# Conditions that are a side effect of one drug and the use of another ("hair loss", "weight gain"): read as side
# effects only when nothing in the question makes them the condition treated.
_SYMPTOM = r"(weight (gain|loss)|hair (loss|growth|regrowth)|make (you|me) (feel|sleepy|tired|dizzy|gain|lose))"
# The side-effect words proper: with one of these the question asks about side effects whatever else it names.
_SIDE_EFFECT_WORDS = re.compile(
    r"\b(side[- ]?effects?|adverse|reactions?|tolera\w*|harms?|complications?|cause[sd]?)\b", re.IGNORECASE
)
# The symptom as the object of a use: "used for hair loss", "treat weight gain", "help with hair loss",
# "minoxidil for hair loss", "good for weight loss".
_SYMPTOM_TREATED = re.compile(
    rf"\b(used? (for|to (treat|prevent|stop|reduce|help( with)?))|treat\w*( of)?|for( the)?|help\w*( with)?|"
    rf"prescribed for|approved for|good for|prevent\w*|reduc\w*|stop\w*|against|regrow\w*)\s+{_SYMPTOM}\b",
    re.IGNORECASE,
)


# A patient's CYP genotype ("a CYP2D6 poor metabolizer") is a population the dose is given for, not a question about
# metabolism or interactions.
_METABOLIZER = re.compile(r"\b(poor|intermediate|ultra-?rapid|extensive|normal) metaboli[sz]ers?\b", re.IGNORECASE)
# A patient's genes: "CYP2C9*3/*3", "a CYP2C19 poor metabolizer", "HLA-B*1502 positive", "TPMT deficiency". Who the
# drug is given to (a population its label may contraindicate, warn about or dose for), never a drug taken with it:
# the "CYP" of a genotype is no interaction, the "metabolizer" no pharmacokinetics question of its own.
GENOTYPE = re.compile(
    r"\b(?:cyp\s?\d\w*|hla-?[a-z]{0,4}|ugt1a1|tpmt|nudt15|dpyd|g6pd|apoe)\s*\*\s*\d+\w*(?:\s*/\s*\*?\s*\d+\w*)?|"
    r"\b(?:cyp\s?\d\w*\s+)?(?:poor|intermediate|ultra-?rapid|extensive|normal) metaboli[sz]ers?\b|"
    r"\b(?:tpmt|nudt15|dpyd|g6pd|ugt1a1)(?:\s+(?:deficien\w*|activity|status|variants?))?\b|"
    r"\b(?:genotyp\w*|pharmacogenomic\w*|pharmacogenetic\w*|(?:homo|hetero)zygo\w*|alleles?|gene variants?)\b",
    re.IGNORECASE)
# The question asks whether the drug may be given at all ("OK to dispense?", "can I still use the ring?", "can it be
# used in a patient with heart failure?"): what the label says against its use answers it first, whatever the
# patient's condition, habit or genes the question names (the condition then chooses the sentence).
_MAY_IT_BE_GIVEN = re.compile(
    r"\b(?:ok|okay|alright|safe|fine|appropriate)\s+to\s+(?:dispense|fill|give|start|prescribe|use|take|continue|"
    r"keep)\b|"
    r"\b(?:can|could|may|should)\b[^.?!]{0,40}?\bbe (?:started|dispensed|continued)\b|"
    r"\b(?:can|could|may|should) (?:we|i|you) (?:start|dispense|continue)\b|"
    r"\b(?:can|could|may|should|ok|okay|allowed)\b[^.?!]{0,30}?\bstill\s+(?:take|use|have|get|start|continue|keep|"
    r"go on|be (?:on|given|prescribed|used|taken))\b|"
    r"\b(?:can|could|may|should|is it (?:ok|okay|safe|alright|appropriate))\b[^.?!]{0,60}?\b(?:used|given|"
    r"taken|prescribed|started|use|give|take|start)\b[^.?!]{0,50}?\b(?:in|for|to|by) (?:a |an |the |my |this |our )?"
    r"(?:patients?|someone|somebody|people|persons?|adults?|wom[ae]n|m[ae]n)\s+(?:with|who (?:has|have|had|is|are)|"
    r"having)\b", re.IGNORECASE)
# Facets a may-it-be-given question asks beside the contraindications without displacing them.
_BESIDE_MAY_GIVE = frozenset({"specific_populations", "warnings", "indications", "side_effects", "administration"})
# A patient's age in years ("an 84 year old", "aged 5"): a child under 18, an older adult from 65.
_AGE = re.compile(r"\b(\d{1,3})[- ]?(?:years?|yrs?|yo)\b(?:[- ]old)?|\baged (\d{1,3})\b", re.IGNORECASE)
# Words that name a child outright; "baby" alone in a pregnancy or breastfeeding question is the fetus or the
# nursed infant, whom those sections cover.
_CHILD_WORDS = re.compile(r"\b(child(ren)?(?!-pugh)|kids?|pediatric|paediatric|toddlers?|adolescents?|teens?|"
                          r"teenagers?|son|daughter)\b", re.IGNORECASE)

# fix12g (fifth held-out set, half l): phrasings of a facet its table pattern misses, as extra patterns per facet.
_MORE_ASKED = {
    # "whats the most ubrelvy i can take in one day", "the most pills a day": the most one may take (not "the most
    # common side effects")
    "max_dose": _rx(
        r"\b(most|max(imum)?|highest)\b(?!\s+(common|frequent|frequently|likely|serious|important|effective|often))"
        r"[^.?!]{0,50}?\b((can|could|may|should|am|are|is) (i|you|he|she|we|they|my \w+|a person|someone|one) "
        r"((be )?allowed to |safely )?(take|have|use|give|swallow)|(i|you|he|she|we|they|one|someone|a person) "
        r"(can|could|may|should|am allowed to|are allowed to|is allowed to) (safely )?(take|have|use|give|swallow)|"
        r"(in|per|a|each|within) (one |a |1 |any |single )?"
        r"(day|24[- ]?(hours?|hrs?|h)\b))"),
    # "are there any reasons i shouldnt take X", "I have a milk allergy, am I allowed to use X", "allergic to sulfa":
    # who must not take it (a patient's allergy to something, not "for my allergies", which is a use)
    "contraindications": _rx(
        r"\b(shouldn'?t|should ?not|must ?n'?t|must not) (i |you |he |she |they |we |people |anyone |someone )?"
        r"(ever )?(be )?(tak|us|giv|prescrib|have)\w*|\breasons? (why )?(i|you|he|she|they|someone|somebody|anyone|"
        r"people|not to)\b|\b(allergic|allerg(y|ies)) to\b|\b(milk|dairy|egg|peanut|nut|soy|sulfa|sulfur|"
        r"penicillin|latex|shellfish|wheat|gluten|lactose|aspirin|nsaid|codeine|iodine|gelatin|corn|fish|food|"
        r"drug|medication) allerg(y|ies)\b"),
}
# A kidney condition that is not kidney function: "for kidney stones" names what is treated, not renal impairment.
_KIDNEY_CONDITION = re.compile(r"\b(kidney|renal) (stones?|calculi|colic|infections?|cancer|cell carcinoma|cysts?)\b|"
                               r"\b(nephro|uro)lith\w*", re.IGNORECASE)
# Dialysis asked as the way to clear an overdose ("Is hemodialysis useful for X overdose"), not renal dosing.
_DIALYSIS = re.compile(r"\b((hemo|haemo|peritoneal )?dialy\w*|dialyzable|dialysable)\b", re.IGNORECASE)
# An age stated as a bare number of a person: "my dad is 82", "she's 70", "the patient is 78".
_STATED_AGE = re.compile(
    r"\b(?:my (?:dad|father|mom|mum|mother|grand\w+|husband|wife|partner|uncle|aunt|patient|parent|son|daughter|"
    r"child|kid|neighbou?r|friend)|he|she|i|the patient|patient)(?:\s+is|'s|’s|\s+was|\s+am|'m|’m|"
    r"\s+just turned|\s+turned|\s+is turning)\s+(?:now\s+)?(\d{1,3})\b(?![.,/:]\d|\s*(?:%|mg|mcg|kg|lbs?|pounds|"
    r"kilos?|mmol|ml|units?|months?|weeks?|days?|hours?|minutes?|percent|cm|inches|mm|feet|foot|ft|st|stone|"
    r"times?|tablets?|pills?|doses?))", re.IGNORECASE)


# A use question that names the condition treated: "is topiramate used for alcohol use disorder", "does gabapentin
# help with alcohol withdrawal", "can clonidine treat opioid withdrawal". The condition's words ("alcohol", "opioid",
# "withdrawal", "kidney") name what is treated, not an interaction, a discontinuation or the patient's organ; the
# condition runs from the use words to a population or the question's end ("... for pain in children").
_USE_OF = re.compile(
    r"\b(?:used? (?:for|to (?:treat|prevent|help(?: with)?|reduce|stop|manage|control|relieve))|"
    r"(?:treats?|treating|treatment of|therapy for|indicated (?:for|in)|approved (?:for|to treat)|prescribed for|"
    r"good for|helps?(?: with| for)?|work for|effective (?:for|against|in treating))|"
    r"(?:does|do|can|will|could) [\w\- ]{1,40}? (?:treat|help(?: with)?|prevent))\s+"
    r"(?!(?:once|after|before|when|how|long|me|you|it|them|this|that)\b)(?P<cond>[^?,;.]+?)"
    r"(?=\s+(?:in|with|while|during|when|if|at|on)\b|\s*[?,;.]|\s*$)", re.IGNORECASE)
# A substance-use condition, named with any wording ("what dose of naltrexone for alcohol dependence"): a condition,
# not a substance taken with the drug.
_SUBSTANCE_CONDITION = re.compile(
    r"\b(?:alcohol|opioids?|opiates?|heroin|nicotine|tobacco|cocaine|benzodiazepines?|methamphetamines?|stimulants?|"
    r"cannabis|drug|substance)[- ](?:use[- ]disorders?|dependen\w*|addict\w*|withdrawal|abuse|misuse|cravings?|"
    r"cessation|detox\w*)|\balcoholism\b|\b(?:quit(?:ting)?|stop(?:ping)?) (?:smoking|drinking)\b|"
    r"\bsmoking cessation\b|\bdrinking problem\b", re.IGNORECASE)
# Facets that stay when their words fall in the condition: the patient the use is for ("used for pain in children").
_PATIENT_FACETS = ("pediatric", "geriatric", "pregnancy", "lactation")
# A sign on the body turning a colour ("what color should my urine be", "does rifampin turn urine orange", "black
# stools on iron"): an adverse reaction or what to tell the patient, not what the product looks like.
_BODY_PART = (r"(?:urine|pee|stools?|poop|feces|faeces|bowel movements?|skin|eyes?|whites of (?:my|the|your) eyes|"
              r"tongue|teeth|gums|sweat|tears|nails|lips|saliva|sputum|semen|vomit|breast milk)")
_COLOUR = (r"(?:colou?r\w*|discolou?r\w*|turn\w*|dark(?:en\w*)?|black|red(?:dish)?|orange|blue|green|yellow\w*|pink|"
           r"brown|purple|gr[ae]y|white|stain\w*|tint\w*)")
BODY_SIGN = re.compile(rf"\b{_COLOUR}\b[^.?!]{{0,40}}\b{_BODY_PART}\b|\b{_BODY_PART}\b[^.?!]{{0,40}}\b{_COLOUR}\b",
                       re.IGNORECASE)


def _condition_spans(question: str) -> list[tuple[int, int]]:
    # (an overdose or poisoning treated is its own question: OVERDOSE_TREATED and the overdose facet read it)
    spans = [(m.start("cond"), m.end("cond")) for m in _USE_OF.finditer(question)
             if not re.search(r"overdos|poison|toxic|intoxica", m.group("cond"), re.I)]
    return spans + [m.span() for m in _SUBSTANCE_CONDITION.finditer(question)]


def recognise_facets(question: str, *, names_drug: bool, n_drugs: int = 1) -> FacetQuery:
    """Facets asked, most specific first; an overview for 'What is X used for?' or a bare drug name.

    `n_drugs`: how many drugs the question names; with two or more joined by "with", "and", "while" ... the question
    asks about their interaction."""
    def asked(text: str) -> list[str]:
        return [f.key for f in FACETS if f.question.search(text)
                or (f.key in _MORE_ASKED and _MORE_ASKED[f.key].search(text))]

    found = asked(question)
    spans = _condition_spans(question)
    if spans:
        # the condition's own words do not make a facet: read the question without them
        outside = list(question)
        for a, b in spans:
            outside[a:b] = " " * (b - a)
        rest = "".join(outside)
        kept = set(asked(rest))
        found = [k for k in found if k in kept or k in _PATIENT_FACETS or k == "indications"]
        if _USE_OF.search(question) and not (set(found) - {"indications"}):
            # "is X used for CONDITION" asks a use: the indications lead ("what dose of X is used to treat Y" a dose)
            found = ["indications", *(k for k in found if k != "indications")]
    if "renal" in found and not BY_KEY["renal"].question.search(_KIDNEY_CONDITION.sub(" ", question)):
        found.remove("renal")  # "my doctor gave it to me for kidney stones": a condition treated, not kidney function
    if "renal" in found and "overdose" in found \
            and not BY_KEY["renal"].question.search(_DIALYSIS.sub(" ", question)):
        found.remove("renal")  # "Is hemodialysis useful for nisoldipine overdose": the overdose's management
    if BODY_SIGN.search(question):
        # "what color should my urine be on methotrexate": a body sign, not the tablet's colour
        found = ["side_effects", "counseling",
                 *(k for k in found if k not in ("side_effects", "counseling", "dosage_forms", "description"))]
    ages = [int(a or b) for a, b in _AGE.findall(question)]
    stated = [int(a) for a in _STATED_AGE.findall(question)]
    if stated and max(stated) >= 65 and "geriatric" not in found and not _CHILD_WORDS.search(question):
        found.insert(0, "geriatric")  # "my dad is 82, what dose of ambien": an older adult's dose
    if stated and min(stated) < 18 and "pediatric" not in found and not {"pregnancy", "lactation"} & set(found):
        found.insert(0, "pediatric")  # "she is 8, how much tylenol": a child's dose
    ages += stated
    if "pediatric" in found and ages and not _CHILD_WORDS.search(question) and min(ages) >= 18:
        # "risperidone starting dose for an 84 year old": an adult's age, an older adult's from 65
        found.remove("pediatric")
        if max(ages) >= 65 and "geriatric" not in found:
            found.insert(0, "geriatric")
    if "pediatric" in found and ({"pregnancy", "lactation"} & set(found)) and not _CHILD_WORDS.search(question) \
            and not ages:
        found.remove("pediatric")  # "just found out I'm pregnant, is that bad for the baby"
    genes = [m.span() for m in GENOTYPE.finditer(question)]
    if genes:
        # the patient's genotype names no drug taken with this one, nor asks its metabolism: read without it
        blank = list(question)
        for a, b in genes:
            blank[a:b] = " " * (b - a)
        rest = set(asked("".join(blank)))
        found = [k for k in found if k in rest or k not in ("interactions", "pharmacokinetics")
                 or (k == "interactions" and n_drugs >= 2) or (k == "pharmacokinetics" and not _MAY_IT_BE_GIVEN.search(
                     question))]
    if _MAY_IT_BE_GIVEN.search(question) and "contraindications" not in found and not set(found) - _BESIDE_MAY_GIVE:
        # "pharmacogenomic report shows CYP2C9*3/*3. OK to dispense?", "im 37 and i smoke, can i still use the
        # ring?": whether it may be given; the genotype or habit is what the contraindication must name. Asked
        # beside a use ("can X be used for hallucinations in a patient with dementia"), the safety text at large
        # answers (the label tier reads the contraindications first, then the boxed warning and warnings, the
        # sentence naming the condition leading wherever it is), and the use follows.
        found.insert(0, "warnings" if "indications" in found else "contraindications")
        found = list(dict.fromkeys(found))
    if _METABOLIZER.search(question) and "dosing" in found:
        # "rexulti dosing in a CYP2D6 poor metabolizer": the dose for that population ("desloratadine in poor
        # metabolizers", with no dose asked, stays a pharmacokinetics question)
        found = [k for k in found if k != "pharmacokinetics" and (k != "interactions" or n_drugs >= 2)]
        found.remove("dosing")
        found.insert(0, "dosing")
    if "abuse_dependence" in found and "dosing" in found \
            and not BY_KEY["dosing"].question.search(re.sub(r"\bschedul\w*", " ", question, flags=re.I)):
        found.remove("dosing")  # "What DEA schedule is Azstarys?": a controlled-substance schedule, not a dosing one
    if "pharmacokinetics" in found and "withdrawal" in found and re.search(r"\bhow long\b", question, re.I):
        found.remove("withdrawal")  # "I stopped my coumadin, how long until warfarin is out of my body?"
    if "side_effects" in found and _SYMPTOM_TREATED.search(question) and not _SIDE_EFFECT_WORDS.search(question):
        # "What is minoxidil used for for hair loss?", "minoxidil for hair loss": the symptom is what is treated
        found = [k for k in found if k != "side_effects"]
        if "indications" not in found:
            found.insert(0, "indications")
    # A second name the question gives as background ("my doctor switched me from omeprazole", "when should flumazenil
    # be avoided" in an overdose question) with no interaction word: the facet the question asks in its own words
    # leads, the interaction follows.
    asked_first = [k for k in found if k in _ASKED_OVER_PAIR] if "interactions" not in found else []
    if n_drugs >= 2 and (_TWO_DRUGS_TOGETHER.search(question) or (
            # the bare keyword form "warfarin aspirin bleeding": two drugs side by side and at most a harm ("dose"
            # beside two names asks their doses)
            _keywords_only(question) and not set(found) - _HARMS)) and "interactions" not in found:
        found.insert(0, "interactions")
    if "interactions" in found and n_drugs >= 2:
        found.remove("interactions")
        found.insert(1 if asked_first else 0, "interactions")
        if asked_first:
            found.remove(asked_first[0])
            found.insert(0, asked_first[0])
    if "storage" in found and "indications" in found \
            and not BY_KEY["indications"].question.search(re.sub(r"\bgood for\b", "", question, flags=re.I)):
        found.remove("indications")  # "how long is an opened vial good for": a shelf life, not a use
    if "contraindications" in found and "indications" in found \
            and not BY_KEY["indications"].question.search(re.sub(r"\bprescribed\b", "", question, flags=re.I)):
        found.remove("indications")  # "can X be prescribed to a woman with a past DVT": not what X treats
    if "storage" in found and "warnings" in found \
            and not BY_KEY["warnings"].question.search(_HANDLING.sub(" ", question)):
        found.remove("warnings")  # "what handling precautions should caregivers follow": how to handle it
    if "boxed_warning" in found and found[0] != "boxed_warning":
        # "does dantrolene have a black box warning? my dr said something about my liver": the boxed warning asked
        # for leads; the organ it is about follows
        found.remove("boxed_warning")
        found.insert(0, "boxed_warning")
    if "side_effects" in found and re.search(INCIDENCE_Q, question, re.I):
        # "how often do people get diarrhea on X" asks how common a reaction is, not how often to take X (nor the
        # warnings a "cause" names: "how often does augmentin cause diarrhea")
        found = ["side_effects", *(k for k in found if k not in ("dosing", "max_dose", "warnings", "side_effects"))]
    if "description" in found:
        # "Is X soluble in water?": a property of the substance, not what it treats or what is in the tablet
        found = ["description", *(k for k in found if k not in ("description", "indications", "ingredients",
                                                                  "dosage_forms"))]
    treated = OVERDOSE_TREATED.search(question)
    if treated and ("dosing" in found or "max_dose" in found or "administration" in found):
        # "How much naloxone do I give for a suspected opioid overdose?": the overdose is what the drug treats, so
        # the question asks its dose (not its own overdosage), and "opioid" there names the poison, no interaction
        rest = question[:treated.start()] + question[treated.end():]
        found = [k for k in found if k != "overdose"
                 and (k != "interactions" or BY_KEY["interactions"].question.search(rest) or n_drugs >= 2)]
    if any(k in found for k in _NOT_DOSING):
        found = [k for k in found if k not in ("dosing", "max_dose", "administration")] or found
    if "max_dose" in found and "dosing" in found:
        found.remove("dosing")
        found.insert(found.index("max_dose") + 1, "dosing")
    if "interactions" in found:
        # "taken with oral contraceptives": the route word and the contraception are the interaction's
        found = [k for k in found if k not in ("administration", "specific_populations")]
    if "overdose" in found and "indications" in found:
        found.remove("indications")  # "how is a digoxin overdose treated" asks for the overdose treatment
    if "indications" in found and len(found) > 1 and not _ASKS_USE.search(question):
        found.remove("indications")  # "what is the dose of X for children" asks for the dose, not the uses
    if "specific_populations" in found and {"pregnancy", "lactation", "pediatric", "geriatric"} & set(found) and \
            not BY_KEY["specific_populations"].question.search(re.sub(_SEX_USE, " ", question, flags=re.I)):
        # "Can pregnant women take ibuprofen?": the women are the pregnancy section's, no further population
        found.remove("specific_populations")
    if any(k in found for k in _SPECIFIC_SAFETY) and "warnings" in found:
        found.remove("warnings")
    for population in ("pregnancy", "lactation"):
        if population in found and "withdrawal" in found:  # "should I stop X if I get pregnant"
            found.remove("withdrawal")
            found.insert(found.index(population) + 1, "withdrawal")
    overview = bool(_OVERVIEW_Q.search(question)) and not (set(found) - {"indications"})
    words = re.findall(r"\w+", question)
    # a bare name ("baclofen", "tizanidine tablets") asks what the drug is; a longer question that names no facet
    # is read against the label by its own words (question-focused reading), never answered with an overview
    if names_drug and not found and len(words) <= 3:
        overview = True
    if overview:
        return FacetQuery(("indications",), True)
    return FacetQuery(tuple(found), False)
