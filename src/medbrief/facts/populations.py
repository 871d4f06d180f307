"""Statements for patients in a special state: renal and hepatic impairment, pregnancy, lactation.

A renal or hepatic fact is a statement about patients who HAVE the impairment and what to do for them: a dose for
them or a dose adjustment (kind "adjust"), "avoid"/"not recommended" ("avoid"), "contraindicated"
("contraindicated"), monitoring or caution ("monitor"), or that no adjustment is needed ("no_adjustment").
Pharmacokinetics alone ("AUC was 2-fold higher in subjects with renal impairment") states none of these and is no
fact; nor is drug-induced injury ("hepatic failure has been reported") or the geriatric boilerplate ("elderly
patients are more likely to have decreased renal function").
"""

from __future__ import annotations

import re

from .quantity import population, quantities
from .records import Found

_RENAL = re.compile(
    r"\brenal,?\s+(?:(?:and/or|or|and)\s+(?:[\w-]+\s+)?(?:hepatic|liver)\s+)?(?:impairment|insufficiency|failure|disease|"
    r"dysfunction)|"
    # "impaired hepatic or renal function", "In the renally impaired", "advanced hepatorenal disease"
    r"\bimpaired\s+(?:hepatic|liver)\s+(?:or|and|and/or)\s+renal\s+function|\brenally[\s-]+impaired\b|\bhepatorenal\b|"
    # "those with impaired function of respiratory, circulatory, renal, hepatic, or endocrine systems"; "When renal
    # function is impaired"
    r"\bimpaired\s+function\s+of\s+(?:[\w-]+,?\s+){0,5}?(?:(?:or|and)\s+)?renal\b|"
    r"\b(?:renal|kidney)\s+function\s+is\s+(?:impaired|reduced|decreased|diminished)\b|"
    r"\banuri[ac]\b|"
    # "Preterm infants with significant impairment of renal function"
    r"\bimpairment\s+of\s+(?:renal|kidney)\s+function|\b(?:renal|kidney)\s+function\s+impairment|"
    # the gadolinium agents' class warning: NSF "among patients with impaired elimination of the drugs", "For
    # patients at highest risk for NSF" (the risk is that of patients with kidney disease)
    r"\bimpaired\s+elimination\s+of\s+the\s+drugs?\b|\brisk\s+for\s+NSF\b|"
    # "Dosing of HORIZANT is adjusted in accordance with renal function", "must be individualized according to the
    # patient's renal function status", "Adjust FETROJA dosing based on creatinine clearance", "should be reduced in
    # proportion to the reduction in the patient's creatinine clearance rate": the dose follows the kidney function
    r"\b(?:in\s+accordance\s+with|according\s+to|based\s+on|individuali[sz]ed\s+(?:for|to)|in\s+proportion\s+to|"
    r"depends?\s+on)\s+(?:the\s+)?(?:reduction\s+in\s+(?:the\s+)?)?(?:patients?['’]?s?\s+)?(?:(?:\w+,\s+)*)?"
    r"(?:residual\s+)?(?:renal\s+function|creatinine\s+clearance|CLcr|CrCl|serum\s+creatinine)|"
    # "For patients with fluctuating renal function, monitor CLcr and adjust dosage accordingly"
    r"\bfluctuating\s+renal\s+function|"
    r"\bimpaired\s+renal\s+function|\bimpaired\s+creatinine\s+clearance|"
    r"\b(?:reduced|decreased|diminished|poor)\s+renal\s+function|\bkidney\s+(?:disease|impairment|failure|problems?)|"
    # ("an estimated glomerular filtration rate (eGFR) less than 45 mL/min/1.73 m 2": a lower threshold only; "with
    # glomerular filtration rate (GFR) >30 mL/min/1.73 m 2 : Initiate with 0.2 mg/kg" is the usual dose)
    r"\bglomerular\s+filtration\s+rate\s*(?:\(\w+\)\s*)?(?:of\s+|is\s+)?(?:<|≤|less\s+than|below|under)|"
    r"\b(?:creatinine\s+clearance|CrCl|CLcr|eGFR|GFR)\b\s*(?:\(\w+\)\s*)?(?:of\s+|is\s+|was\s+)?"
    r"(?:<|>|≤|≥|less\s+than|greater\s+than|below|above|between|under|\d)|"
    r"\b(?:hemo)?dialysis\b|\bESRD\b|\bend[-\s]stage\s+renal|"
    # "For patients undergoing intermittent HD, start the dosing ... after the completion of HD"
    r"\b(?:undergoing|requiring|on|receiving)\s+(?:intermittent\s+)?HD\b|"
    r"\bchanges\s+in\s+renal\s+(?:or\s+hepatic\s+)?function|\bchanges\s+in\s+hepatic\s+or\s+renal\s+function",
    re.I,
)
_HEPATIC = re.compile(
    r"\bhepatic,?\s+(?:(?:and/or|or|and)\s+(?:[\w-]+\s+)?renal\s+)?(?:impairment|insufficiency|disease|dysfunction|cirrhosis|"
    r"conditions)|\bimpaired\s+hepatic\s+(?:(?:or|and|and/or)\s+renal\s+)?function|\bhepatorenal\b|"
    r"\babnormal\s+liver\s+(?:function\s+)?tests\b|"
    r"\bliver\s+(?:(?:or|and|and/or)\s+(?:renal|kidney)\s+)?(?:disease|impairment|problems?|cirrhosis|dysfunction|"
    r"insufficiency)|\bimpairment\s+of\s+(?:hepatic|liver)\s+function|\b(?:hepatic|liver)\s+function\s+impairment|"
    # "cirrhotic patients", "patients with pre-existing hepatic function abnormalities"
    r"\bcirrhotic\b|\b(?:hepatic|liver)\s+function\s+abnormalit|"
    r"\bchanges\s+in\s+hepatic\s+(?:or\s+renal\s+)?function|\bchanges\s+in\s+renal\s+or\s+hepatic\s+function|\bChild[-\s]Pugh\b|\bcirrhosis\b|\bhepatically[\s-]+impaired|"
    r"\bimpaired\s+function\s+of\s+(?:[\w-]+,?\s+){0,5}?(?:(?:or|and)\s+)?hepatic\b|"
    r"\b(?:hepatic|liver)\s+function\s+is\s+(?:impaired|reduced|decreased|diminished)\b",
    re.I,
)
# Who has it: the statement is about patients with the impairment (or a CrCl/eGFR/Child-Pugh threshold).
_HAS_IT = re.compile(
    r"\b(?:patients?|subjects?|individuals?|those|adults|children|persons?|people|you|anyone|females|women|"
    r"males|men)\s+"
    r"(?:\w+\s+){0,3}?"
    r"(?:with|who\s+have|having|has|on|undergoing|receiving)\b|\bif\s+you\s+have\b|\bin\s+(?:mild|moderate|severe)\b|"
    r"\b(?:CrCl|CLcr|eGFR|GFR|creatinine\s+clearance|Child[-\s]Pugh)\b|"
    r"\b(?:renal|hepatic)\s+(?:impairment|insufficiency|disease)\b\s*[:(]|"
    # a line title the statement opens with ("Renal and/or Hepatic Impairment or Hypoalbuminemia: Monitor ...")
    r"^[^:.;]{0,80}\b(?:impairment|insufficiency|disease)\b[^:.;]{0,40}:|"
    r"\b(?:based\s+on|in\s+accordance\s+with|according\s+to|individuali[sz]ed\s+(?:for|to)|in\s+proportion\s+to|"
    r"depends?\s+on)\s+(?:[\w'’]+,?\s+){0,4}?(?:(?:renal|hepatic)\s+(?:impairment|function)|creatinine\s+clearance|"
    r"CLcr|CrCl|serum\s+creatinine)|\bfluctuating\s+renal\s+function|"
    # "In the presence of impaired renal function, reduce the infusion rate", "When actual renal impairment is
    # present", "Severe kidney disease may make it necessary to reduce ... doses", "in cases of severe renal impairment"
    r"\bin\s+the\s+presence\s+of\b|"
    # "it should be used with caution when the possibility of impaired renal function exists"
    r"\b(?:when|if|where)\s+(?:the\s+)?possibility\s+of\b|"
    # "Do not administer if anuria or marked oliguria ... is evident", "The dosage should be modified for hepatic
    # impairment"
    r"\bif\s+(?:[\w-]+\s+){0,2}?(?:anuria|oliguria|(?:renal|hepatic)\s+(?:impairment|insufficiency))\b|"
    r"\b(?:for|in)\s+(?:(?:mild|moderate|severe)\s+)?(?:renal|hepatic)\s+(?:impairment|insufficiency)\b|"
    r"\brisk\s+for\s+NSF\b|\b(?:impairment|insufficiency|disease)\s+(?:is|are)\s+present\b|"
    r"\b(?:mild|moderate|severe)\s+(?:renal|kidney|hepatic|liver)\s+(?:impairment|disease|insufficiency)\b|"
    r"\bin\s+cases\s+of\b|\bin\s+conditions\s+of\b|\b(?:renally|hepatically)[\s-]+impaired\b|"
    # "When renal function is impaired and it is desirable to ..., dosage must be reduced"
    r"\b(?:when|if)\s+(?:the\s+patient'?s\s+)?(?:renal|hepatic|kidney|liver)\s+function\s+is\b|"
    # "In any age group with decreased renal function"
    r"\bwith\s+(?:decreased|impaired|reduced|diminished)\s+(?:renal|hepatic|kidney|liver)\s+function\b|"
    # a list of conditions the drug is used with caution in ("Steroids should be used with caution in nonspecific
    # ulcerative colitis, ...; renal insufficiency; hypertension; osteoporosis; and myasthenia gravis"), the patients
    # at risk named by example ("Patients at risk of tumor lysis syndrome (e.g., with renal impairment, ...)")
    r"\b(?:used|given|administered)\s+with\s+(?:great\s+|extreme\s+)?caution\s+in\b|"
    r"\b(?:patients|those)\s+at\s+(?:high\s+|increased\s+)?risk\b[^.;]{0,60}?\(\s*e\.g\.,?\s+(?:with\b|those\s+with\b)|"
    # "Dosage adjustments may be needed with changes in ... renal or hepatic function" (insulins)
    r"\bchanges\s+in\s+(?:renal|hepatic)\s+(?:or\s+(?:renal|hepatic)\s+)?function",
    re.I,
)
# ("Dosage adjustment for elderly patients should be based on renal function [see ...]", "No dosage adjustment is
# required in elderly patients based on age; the dose should be selected based on renal function": the geriatric
# subsection's pointer, which the golds do not count)
_GERIATRIC_BOILERPLATE = re.compile(r"(?:more\s+likely\s+to\s+have|predisposed\s+to)\s+"
                                    r"(?:decreased|reduced|diminished)\s+(?:renal|hepatic)|"
                                    r"\b(?:elderly|geriatric|older)\s+patients\b[^.;]{0,60}?\bbased\s+on\s+"
                                    r"(?:age\b[^.]{0,60}?\bbased\s+on\s+)?renal\s+function\b", re.I)
# No recommendation: "No dose adjustment can be recommended for patients with severe renal impairment ... due to
# limited data", "insufficient data ... to provide a dosage recommendation".
_NO_RECOMMENDATION = re.compile(r"\bcan\s+be\s+recommended\b|\bnot\s+known\s+whether\b|"
                                r"\bno\s+(?:dosing\s+|dosage\s+|dose\s+)?recommendations?\b|"
                                # "The recommended dosage ... has not been established for patients with severe renal
                                # impairment", "There is insufficient evidence to recommend a starting dose"
                                r"\b(?:has|have)\s+not\s+been\s+(?:established|determined)\b|"
                                # "An appropriate dosage adjustment ... could not be determined", "Dosage
                                # recommendations for pediatric patients with renal impairment are not available"
                                r"\bcould\s+not\s+be\s+(?:established|determined)\b|"
                                r"\brecommendations?\b[^.;]{0,80}?\b(?:is|are)\s+not\s+available\b|"
                                r"\binsufficient\s+evidence\b|\binsufficient\s+information\s+to\s+recommend\b|"
                                # "Dosage adjustment in pediatric patients with CLcr less than 30 mL/min has not been
                                # studied"
                                r"\b(?:dose|dosage|dosing)\s+(?:adjustments?|modifications?)\b[^.;]{0,80}?\b(?:has|have)"
                                r"\s+not\s+been\s+studied\b|"
                                # "Information about how to adjust the dose in infants with renal impairment is
                                # unavailable"
                                r"\binformation\b[^.;]{0,80}?\b(?:is|are)\s+(?:unavailable|not\s+available)\b|"
                                r"\b(?:limited|insufficient|no)\s+(?:clinical\s+)?data\b[^.]{0,40}\bto\s+"
                                r"(?:provide|make|recommend)|\bdue\s+to\s+(?:limited|a\s+lack\s+of|lack\s+of|"
                                r"insufficient)\s+(?:clinical\s+)?data", re.I)
# Drug-induced toxicity and its rates are no statement for patients who have the impairment: "Withhold ALECENSA for
# Grade 3 renal toxicity", "the rate of TLS was 5.6% and included deaths and renal failure", "Dosage modifications for
# renal impairment were required in 2.4% of patients".
# ("Confirmed serum creatinine increase (Grade ≥ 2) ... Withhold PLUVICTO until improvement": a grade bound too)
_TOXICITY = re.compile(r"\bGrade\s*(?:≥|>=|>)?\s*[1-4]\b|\b(?:rate|incidence)\s+(?:of|was|is)\b[^;]{0,80}?\d\s*%|"
                       r"\bwithhold\b[^.]{0,80}\bresume\b|"
                       r"\b(?:were|was)\s+required\s+in\s+\d", re.I)
# ... and the organ's toxicity, unless the statement is for patients who have the impairment ("monitor for liver
# toxicity when erythromycin is administered to patients with impaired hepatic function")
# A check of every patient's values before and during treatment ("Assess renal function prior to initiation ... and
# periodically thereafter", "Monitor serum total bilirubin and AST levels before and during treatment") is for all
# patients, not those who have the impairment.
_EVERY_PATIENT_CHECK = re.compile(r"\b(?:prior\s+to|before)\s+(?:and\s+during\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                                  r"(?:initiation|initiating|"
                                  r"starting|treatment|therapy)\b|\b(?:in\s+|monitor\s+)all\s+patients\b", re.I)
_CHECK_FUNCTION = re.compile(r"\b(?:monitor|assess|evaluate|check)\w*\s+(?:\w+\s+){0,2}?"
                             r"(?:renal|kidney|hepatic|liver)\s+function\b", re.I)
_TREATED_PATIENTS = re.compile(r"\bpatients\s+(?:(?:being|who\s+are)\s+)?(?:treated\s+with|taking|receiving|reporting|"
                               r"who\s+(?:take|receive|report|develop))\b|\bduring\s+(?:treatment|therapy)\b", re.I)
_HARM_ONSET = re.compile(r"\b(?:new[-\s]onset|worsening)\s+(?:or\s+worsening\s+)?(?:of\s+)?"
                         r"(?:renal|kidney|hepatic|liver)\s+(?:impairment|failure|injury|dysfunction|function)\b", re.I)
_ALL_PATIENTS = re.compile(r"\ball\s+patients\b(?!\s+with\b)", re.I)
_ORGAN_TOXICITY = re.compile(r"\b(?:renal|kidney|hepatic|liver)\s+toxicit|\bnephrotoxicit|\bhepatotoxicit", re.I)
# A pointer to where the statement is ("... are described in Table 4", "See the full prescribing information for
# dosage modifications") states nothing itself.
_POINTER = re.compile(r"\b(?:are|is)\s+(?:described|provided|listed|shown|presented|given)\s+in\s+Table\b|"
                      # a flattened table or its caption ("Table 1 shows the recommended dosage ..."), a pointer to
                      # recommendations elsewhere ("For dosage recommendations for patients with renal impairment ...,
                      # [see ...]", "... Table 2 for recommended dosage of EKTERLY in patients with hepatic impairment")
                      r"^\W*Table\s+\d|\bTable\s+\d+\s+(?:shows|lists|presents|provides|summarizes|displays)\b|"
                      # the caption cut after "Table" by the sentence splitter ("1 displays the recommended dosage ...")
                      r"^\W*\d+\s+(?:shows|lists|presents|provides|summarizes|displays)\b|"
                      r"\bfor\s+(?:\w+\s+)?(?:dosage|dose|dosing)\s+recommendations?\b|"
                      r"^\W*\d+\s+for\s+(?:the\s+)?recommended\s+(?:dosage|dose|dosing)\b|"
                      r"\breview\s+the\s+full\s+prescribing\s+information\b|"
                      # "Refer to the full prescribing information for recommended dosage", "refer to monotherapy dose
                      # modification instructions"
                      r"\brefer\s+to\b", re.I)
# What happened, not what to do: "Most cases occurred in patients with renal impairment who did not receive
# appropriate dosage adjustment", "Dose of cisplatin was reduced by 50% at subsequent cycle", trial patients who
# "were not required to discontinue therapy".
_DESCRIPTION = re.compile(r"\b(?:cases|events|reactions)\b[^.;]{0,40}?\b(?:(?:have\s+)?occurred|"
                          r"(?:were|was|have\s+been|has\s+been)\s+reported)\b|"
                          r"\bwho\s+did\s+not\s+receive\b|"
                          r"\b(?:was|were)\s+(?:not\s+)?(?:reduced|required|adjusted)\b|"
                          # "Dose reductions ... were observed in up to 22% ESRD/HD subjects"
                          # (a count, not "observed in these patients")
                          r"\b(?:was|were)\s+observed\s+in\s+(?:up\s+to\s+)?\d|"
                          # a decline on treatment: "If eGFR <60 mL/min/1.73 m 2 and reduced from baseline by >20%"
                          r"\b(?:reduced|decreased|declined?|decrease|reduction)\s+from\s+baseline\b", re.I)
# The fetus's or newborn's kidneys ("use of NSAIDs at about 30 weeks gestation ... neonatal renal impairment") are no
# statement for patients who have the impairment.
_FETAL = re.compile(r"\b(?:gestation|fetal|fetus|neonatal|oligohydramnios|in\s+utero)\b", re.I)
# A (sub)section title naming the drug's own harm ("5.1 Acute Kidney Injury, Including Acute Renal Failure ...",
# "WARNING: RENAL FAILURE, HEPATIC FAILURE, AND ...", "Hepatotoxicity") titles statements about that harm, not about
# patients who have the impairment.
_HARM_TITLE = re.compile(r"\b(?:injury|toxicity|failure|hepatotoxicity|nephrotoxicity|WARNING)\b", re.I)
# The dose's timing around dialysis names the patients by itself (only they are dialysed): "should be administered
# after hemodialysis on hemodialysis days".
# ("administer VABOMERE after a hemodialysis session", "Supplementary dosing should not be required following
# hemodialysis", "A supplementary dose of 150 mg is recommended if ertapenem is administered within 6 hours prior to
# hemodialysis", "may be administered without regard to the timing of hemodialysis", "start the dosing of FETROJA
# immediately after the completion of HD")
_DIALYSIS_TIMING = re.compile(r"\b(?:administer|take|give|given|receive|dos(?:e|ing|ed)|start)\w*\b[^.;]{0,50}?"
                              r"\b(?:after|following|prior\s+to|before)\s+"
                              r"(?:(?:the|a|an)\s+)?(?:completion\s+of\s+)?(?:(?:the|a)\s+)?(?:intermittent\s+)?"
                              r"(?:(?:hemo)?dialysis\b|HD\b)|"
                              r"\bon\s+(?:hemo)?dialysis\s+days\b|\bwithout\s+regard\s+to\s+(?:the\s+)?timing\s+of\s+"
                              r"(?:hemo)?dialysis\b|\bsupplement(?:ary|al)\s+(?:dose|dosing)\b[^.;]{0,30}?\b(?:is|are|should|"
                              r"will|may)\b[^.;]{0,80}?\b(?:hemo)?dialysis\b", re.I)
# A pharmacokinetic study's dosing around dialysis is no instruction: "a single 1,000 mg dose ... was given ... 1 hour
# after dialysis", "Following a single 1 mg dose ... administered 2 hours before the hemodialysis session, hemodialysis
# removed approximately 13%", "exposure was higher when VABOMERE was administered after hemodialysis".
_PK_DIALYSIS = re.compile(r"\b(?:was|were)\s+(?:\w+\s+)?(?:given|administered|observed|collected)\b|\bremoved\b|"
                          r"\bexposure\b|\bAUC\b|\bpharmacokinetic", re.I)
# Who may get the impairment is not who has it: "patients with an increased risk of renal impairment".
_RISK_OF = re.compile(r"\brisk\s+(?:of|for)\s+(?:\w+\s+)?(?:renal|kidney|hepatic|liver)\s+(?:impairment|injury|failure|"
                      r"insufficiency|dysfunction)", re.I)
# A flattened dose table by kidney function ("Creatinine Clearance (mL/min) Target Dose Regimen ≥60 600 mg per day 30 –
# 59 Start at 300 mg ... 15 – 29 300 mg per day <15 ..."): three or more bands in one "statement"; its rows are no
# statements (the 8.6 text says the same).
_BAND = re.compile(r"(?:[<>≤≥]\s*=?\s*\d+|\b\d+\s*(?:–|-|to)\s*(?:<\s*)?\d+)(?!\s*(?:mg|mcg|g|mL|%|hours?|days?|"
                   r"weeks?|times)\b)(?=\s|$|\))")
# Only normal kidney function named ("patients with eGFR greater than 60 mL/min/1.73 m2"): no impairment.
_NORMAL_RENAL = re.compile(r"\b(?:eGFR|GFR|CrCl|CLcr|creatinine\s+clearance)\b[^.;]{0,40}?(?:greater\s+than\s+"
                           r"(?:or\s+equal\s+to\s+)?|above\s+|≥\s*|>\s*=?\s*)(?:[6-9]\d|1[0-4]\d)\b"
                           # a lower bound and up ("in adult patients with CLcr 30 mL/min and above is 1,500 mg", "with
                           # creatinine clearance of 45 mL/minute or greater is 500 mg/m 2", "CLcr greater than 50
                           # mL/min"): the usual dose for those above the band where it changes, not a statement for
                           # patients who have the impairment
                           r"|\b(?:eGFR|GFR|CrCl|CLcr|creatinine\s+clearance)\b(?:\s*\(\w+\))?\s+(?:of\s+)?"
                           r"(?:[3-9]\d|1[0-4]\d)\s*mL\s*/\s*min(?:ute)?(?:\s*/\s*1\.73\s*m\s*2)?\s+(?:and\s+above|"
                           r"or\s+(?:greater|higher|more|above))\b"
                           r"|\b(?:eGFR|GFR|CrCl|CLcr|creatinine\s+clearance)\b(?:\s*\(\w+\))?\s+(?:of\s+|is\s+)?"
                           r"(?:greater\s+than|above|>)\s*(?:[3-5]\d)\s*mL\b", re.I)
_TITLE_SMALL_WORDS = frozenset("a an and or of in on for with to the by at".split())
_SEE_FULL = re.compile(r"\bsee\s+(?:also\s+)?(?:the\s+)?full\s+prescribing\s+information\b", re.I)
_INDICATION_TITLE = re.compile(r"chronic\s+kidney\s+disease|\bCKD\b", re.I)
_ANIMAL = re.compile(r"\b(?:rats?|rabbits?|mice|dogs?|monkeys?|animals?)\b|\bhuman\s+dose\b|\bMRHD\b", re.I)
# Drug-induced injury: what to do if it occurs ("If serious hepatic injury ... occurs, promptly discontinue") is not
# a statement for patients who have the impairment.
_IF_IT_OCCURS = re.compile(r"\bif\b[^.;]{0,120}?\b(?:occurs?|develops?|increases|rises|worsens|"
                           r"is\s+(?:suspected|detected|confirmed)|"
                           r"are\s+observed)\b|"
                           # "in patients who develop a clinically significant decrease in renal function"
                           r"\bwho\s+develop\b", re.I)
_NO_ADJUSTMENT = re.compile(
    r"\bno\s+(?:\w+\s+)?(?:dose|dosage|dosing)\s+(?:adjustment|modification|change|reduction)s?\b|"
    r"\b(?:dose|dosage|dosing)\s+adjustments?\s+(?:[^.;]{0,80}?\s)?(?:is|are)\s+not\s+(?:necessary|required|needed|recommended)|"
    r"\bnot\s+(?:necessary|required|needed)\s+to\s+(?:adjust|modify)|"
    r"\badjustments?\s+(?:is|are)\s+not\s+(?:considered\s+)?(?:necessary|required|needed)|\bwithout\s+(?:dose|dosage)\s+adjustment|"
    r"\b(?:can|may)\s+be\s+(?:safely\s+)?(?:administered|used|given)\s+(?:to|in)\s+(?:\w+\s+){0,3}?patients\b|"
    # "Patients with renal impairment do not require an adjustment in ... dosing", "The recommended dosage in
    # patients with mild or moderate hepatic impairment ... is the same as those with normal hepatic function"
    r"\b(?:do|does)\s+not\s+require\s+(?:an?\s+|any\s+)?(?:dose\s+|dosage\s+)?(?:adjustment|reduction)s?\b|"
    r"\bis\s+the\s+same\s+as\s+(?:that\s+|those\s+)?(?:in\s+|for\s+)?(?:patients\s+)?with\s+normal\b|"
    # around dialysis: "no supplementary dose is needed", "Supplementary dosing should not be required following
    # hemodialysis", "may be administered without regard to the timing of hemodialysis"
    # "The loading and the maintenance doses of sirolimus need not be adjusted in patients with renal impairment",
    # "The dosing requirements for SYMLIN are not altered in patients with mild ... or severe renal impairment"
    r"\bneed\s+not\s+be\s+(?:adjusted|reduced|modified)\b|"
    # "OLINVYK doses do not need to be adjusted in patients with renal impairment"
    r"\b(?:do|does)\s+not\s+need\s+to\s+be\s+(?:adjusted|reduced|modified)\b|"
    r"\b(?:dose|dosing|dosage)\s+requirements?\b[^.;]{0,40}?\b(?:are|is)\s+not\s+(?:altered|changed)\b|"
    r"\bno\s+supplement(?:ary|al)\s+(?:dose|dosing)\b|\bsupplement(?:ary|al)\s+(?:dose|dosing)\s+(?:is|are|should|"
    r"will)\s+not\s+(?:be\s+)?(?:required|needed|necessary)\b|\bwithout\s+regard\s+to\s+(?:the\s+)?timing\s+of\s+"
    r"(?:hemo)?dialysis\b", re.I)
# What the label says to do, strongest first (the first kind that matches is the statement's kind).
_ACTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contraindicated", re.compile(r"\bcontraindicated\b", re.I)),
    ("no_adjustment", _NO_ADJUSTMENT),
    ("avoid", re.compile(
        r"\bavoid(?:ed)?\b|\bnot\s+recommend(?:ed)?\b|"
        r"\bshould\s+not\s+(?:be\s+)?(?:used|use|given|administered|take|receive|started|initiated|prescribed)|\bdiscouraged\b|"
        r"\bdo\s+not\s+(?:use|take|administer|give|start|initiate)\b|\bnot\s+(?:be\s+)?(?:used|given|administered)\b|"
        r"\bdiscontinue\b|"
        # "Withhold Pemetrexed Injection in patients with a creatinine clearance of less than 45 mL/minute"
        r"\bwithhold\b|"
        # "Stop JANUMET at the time of, or prior to, an iodinated contrast imaging procedure in patients with an eGFR
        # between 30 and 60"; "Sensipar is not indicated for patients with CKD not on dialysis"
        r"\bstop\b|\bnot\s+indicated\s+(?:for|in)\b", re.I)),
    # a change of the dose itself: "reduce the dose", "dosage reduction", "use lower individual doses", a dose or
    # ceiling for them ("clearance was reduced" is pharmacokinetics, not an adjustment)
    ("adjust", re.compile(
        r"\b(?:reduc\w*|decreas\w*|lower\w*|adjust\w*|modif\w*|titrat\w*|increas\w*|extend\w*|use|omit)\s+"
        r"(?:\w+\s+){0,3}?(?:dose|doses|dosage|dosages|dosing|interval|infusion\s+rate)\b|"
        r"\b(?:dose|doses|dosage|dosing)\s+(?:\w+\s+){0,5}?(?:reduc\w*|decreas\w*|adjust\w*|modif\w*|lower\w*|"
        r"escalat\w*|individuali[sz]\w*|tailor\w*)|"
        # "Dosage of vancomycin hydrochloride for injection must be adjusted for patients with renal dysfunction":
        # the drug named between the dose and its change
        r"\b(?:dose|doses|dosage|dosing)\s+of\s+(?:[\w-]+\s+){1,6}?(?:must|should|may\s+need\s+to)\s+be\s+"
        r"(?:adjusted|reduced|decreased|lowered|modified)\b|"
        # "ALL DOSES MUST BE INDIVIDUALIZED FOR PATIENTS' RENAL FUNCTION"
        r"\b(?:must|should|may\s+need\s+to)\s+be\s+(?:individuali[sz]ed|tailored)\b|"
        # "The recommended ZURZUVAE dosage in patients with moderate and severe renal impairment is lower than ..."
        r"\b(?:dose|dosage)\s+(?:[\w()-]+\s+){0,10}?(?:is|are)\s+lower\b|"
        # "one-half of the usual adult dose ... is recommended", "the low end of the recommended dosing range"
        r"\bone[-\s]half\s+(?:of\s+)?(?:the\s+)?(?:usual\s+)?(?:\w+\s+)?(?:dose|dosage)\b|"
        r"\blow\s+end\s+of\s+the\s+(?:\w+\s+)?(?:dose|dosage|dosing)\s+range\b|"
        # "should be started on a lower dose", "Starting doses ... should be even lower", "administer ... after
        # hemodialysis"
        r"\b(?:lower|reduced|smaller)\s+(?:starting\s+|initial\s+)?(?:dose|doses|dosage)\b|"
        # "patients with impaired renal function require smaller than usual maintenance doses of digoxin"
        r"\b(?:smaller|lower)\s+than\s+(?:the\s+)?usual\s+(?:\w+\s+)?(?:doses?|dosages?)\b|"
        r"\b(?:starting|initial)\s+doses\b[^.]{0,80}\blower\b|\badminister\w*\s+(?:\w+\s+){0,2}?after\s+(?:hemo)?dialysis|"
        # the dose's timing around dialysis: "administer the dose after the dialysis session", "should receive
        # RECARBRIO after hemodialysis session", "after the completion of hemodialysis", "only on non-dialysis days"
        r"\b(?:administer|take|give|receive)\w*\b[^.;]{0,50}?\b(?:after|following)\s+(?:the\s+)?(?:completion\s+of\s+)?"
        r"(?:the\s+)?(?:intermittent\s+)?(?:hemo)?dialysis\b|\bnon-?dialysis\s+days\b|\bon\s+(?:hemo)?dialysis\s+days\b|"
        r"\b(?:should|must|do|does)\s+not\s+exceed\b|\bnot\s+to\s+exceed\b|\bmaximum\b|"
        r"\b(?:starting|initial|recommended)\s+(?:oral\s+|daily\s+)?(?:dose|dosage)\b|"
        # "Physicians should consider a dose of 100 mg ... every other day", "give 25 mcg/kg within 5 minutes"
        r"\bconsider\s+(?:\w+\s+){0,4}?(?:dose|dosage|dosing|administration)\b|\b(?:give|administer)\s+\d|"
        r"\bevery\s+other\s+day\b|\blowest\s+(?:\w+\s+)?dose\b|"
        # "Renal Impairment: Initiate with 5 mg once daily in patients with GFR <30 mL/min/1.73 m 2"
        r"\binitiat\w*\s+(?:\w+\s+){0,3}?(?:at|with)\s+(?:a\s+)?(?:\d|one[-\s]half|lower|reduced)|"
        # "initiate miglustat treatment at a dose of 100 mg twice per day", "administration should commence at a
        # dose of 100 mg once a day"
        r"\b(?:initiat|commenc)\w*\s+(?:\w+\s+){0,3}?at\s+a\s+dose\s+of\s+(?:one\s+)?\d|"
        # "... may be started at the dose of 0.3 mg/day", "should receive 500 mg daily" (a dose for them)
        r"\bstart(?:ed)?\s+(?:at|with)\s+(?:(?:the|a)\s+)?(?:dose\s+of\s+)?\d|"
        # a line title naming them, then their dose: "Patients ≥65 years of age, renally impaired and/or less than 50
        # kg (110 lbs) of body weight: One dose of 30 mg"
        r":\s*(?:one|a\s+single)\s+dose\s+of\s+\d|"
        r"\b(?:should|must)\s+(?:receive|be\s+given)\s+(?:(?:a|the)\s+)?(?:(?:dose|dosage)\s+of\s+)?\d|"
        # "In patients with moderate hepatic impairment ..., consider alternatives to pazopanib tablets"
        r"\bconsider\s+(?:an?\s+)?alternatives?\b|"
        # a longer interval: "administer SUSTOL not more frequently than once every 14 days"
        r"\b(?:no|not)\s+more\s+(?:frequently|often)\s+than\b", re.I)),
    ("monitor", re.compile(
        r"\bmonitor\w*|\bcaution\w*|\bcautious\w*|\bcareful\w*|\bclosely\b|\bassess(?:ment)?\b|(?<!\bto\s)\bevaluate\b|\bshould\s+be\s+(?:\w+\s+)?evaluated\b|\bchecked\b|\bobserve\b|"
        r"\bask\s+a\s+doctor\b|\bconsider\s+the\s+risks?\s+and\s+(?:potential\s+)?benefits?|"
        r"\bconsider\s+the\s+(?:potential\s+)?benefits?\s+and\s+risks?|"
        # "Instruct patients with severe renal impairment, including those receiving dialysis, about the symptoms of
        # hypocalcemia" (what the patients are told)
        r"\binstruct\s+(?:all\s+)?patients\s+with\b|\brisk[-\s]benefit\b|\bbenefits?\s+outweighs?|"
        # "should be considered only when the anticipated benefit to the patient outweighs the potential risk",
        # "Perform more frequent assessments of renal function in patients with ..."
        r"\bbenefits?\b[^.;]{0,40}?\boutweighs?\b|\bassessments\b|"
        r"\bclinical\s+judge?ment\b|"
        # "the benefit-risk ... should be individually assessed", "should be weighed against", "require special
        # attention", "used with great care", "should be taken into account"
        r"\bbenefit[-\s]risk\b|\bweigh\w*\s+against\b|\bspecial\s+(?:attention|care)\b|"
        r"\bwith\s+(?:great|extreme|special)\s+care\b|\btaken\s+into\s+(?:account|consideration)\b|"
        # "physicians may consider the prompt initiation of hemodialysis", "Consider follow-up renal function
        # assessments for patients with a history of renal dysfunction" (not "Consider initiating <drug>": its use)
        r"\bconsider\s+(?:the\s+)?(?:prompt\s+)?(?:[\w-]+\s+){0,2}?(?:monitoring|follow-up|assessments?|evaluation|testing|"
        r"initiation\s+of\s+(?:hemo)?dialysis)\b", re.I)),
)


# In Clinical Pharmacology only a plain instruction is a statement for patients (the section is pharmacokinetics
# otherwise): "the daily recommended dose ... should be reduced by approximately 50% in patients with moderate
# (Child-Pugh Class B) hepatic impairment", "No dosage adjustment is necessary for patients with creatinine clearance 35
# to 60 mL/min"; not "AUC after the recommended dose was ...", "were evaluated in subjects with ...".
_PHARMACOLOGY_ACTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contraindicated", re.compile(r"\bcontraindicated\b", re.I)),
    ("no_adjustment", _NO_ADJUSTMENT),
    ("avoid", re.compile(r"\bavoid\b|\bnot\s+recommended\b|\bshould\s+not\s+be\s+(?:used|given|administered)\b", re.I)),
    ("adjust", re.compile(
        r"\b(?:should|must|may\s+need\s+to)\s+be\s+(?:\w+\s+)?(?:reduced|decreased|lowered|adjusted|started\s+at\s+a\s+lower)|"
        r"\b(?:dose|dosage|dosing)\s+(?:adjustment|reduction|modification)s?\s+(?:[^.;]{0,60}?\s)?(?:is|are|may\s+be|"
        r"should\s+be)\s+(?:\w+\s+)?(?:recommended|necessary|required|needed|considered)|"
        r"\b(?:reduce|decrease|lower|adjust)\s+(?:the\s+)?(?:\w+\s+)?(?:dose|dosage)\b|"
        # "Based on these observations, it is necessary to modify the dosage of foscarnet in patients with renal
        # impairment", "Starting doses for patients with severe renal impairment should be even lower"
        r"\bnecessary\s+to\s+(?:modify|adjust|reduce|decrease|lower)\s+(?:the\s+)?(?:dose|dosage|dosing)\b|"
        # "it may be advisable to consider reduction in the dosing of trimethobenzamide in patients with renal
        # impairment"
        r"\bconsider\s+(?:a\s+)?(?:reduction|decrease|lowering)\s+(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?"
        r"(?:dose|dosage|dosing)\b|"
        r"\b(?:doses?|dosages?)\b[^.;]{0,80}?\bshould\s+be\s+(?:even\s+)?lower\b|"
        # "Dosage adjustment of entecavir should be based on the renal function of the patient"
        r"\b(?:dose|dosage|dosing)\s+(?:adjustments?\s+)?(?:[^.;]{0,40}?\s)?(?:should|must)\s+be\s+(?:based\s+on|"
        r"individuali[sz]ed)\b|"
        # "therefore lower doses are necessary in conditions of renal impairment"
        r"\blower\s+(?:doses?|dosages?)\s+(?:are|is|may\s+be)\s+(?:necessary|required|needed|recommended)\b|"
        # "A reduced dose of 135 mcg once weekly PEGASYS is recommended in patients with severe renal impairment"
        r"\b(?:reduced|lower)\s+(?:starting\s+)?dose\b[^.;]{0,60}?\bis\s+recommended\b", re.I)),
    # ("use of linezolid in patients with renal impairment should be weighed against the potential risks of
    # accumulation of these metabolites")
    ("monitor", re.compile(r"\b(?:should|must)\s+be\s+(?:\w+\s+)?monitored\b|\bmonitor\s+(?:\w+\s+){0,3}?for\b|"
                           r"\bwith\s+(?:caution|care)\b|\bcautiously\b|\bshould\s+be\s+weighed\s+against\b", re.I)),
)


def _impairment(text: str, term: re.Pattern[str], fact: str, heading: str,
                contraindications: bool = False, pharmacology: bool = False) -> list[Found]:
    # under a "Renal Impairment" heading a statement need not name the impairment again ("Initiate therapy with a
    # lower than usual dosage"); elsewhere it must name it and say the patients have it
    # a title naming the drug's indication ("Hyperphosphatemia in Chronic Kidney Disease on Dialysis", "2.1 Chronic
    # Kidney Disease Stages 3 and 4") is not an impairment title: its statements are the drug's usual dosing
    titled = not pharmacology and bool(heading) and bool(term.search(heading)) and not (
        (_INDICATION_TITLE.search(heading) or _HARM_TITLE.search(heading))
        and not re.search(r"impair|insufficien", heading, re.I))
    if _ANIMAL.search(text):
        return []  # animal studies ("... times the maximum recommended human dose") tell no patient what to do
    see_full = _SEE_FULL.search(text)
    if see_full:
        # a highlights title with its pointer ("Dosage Modifications in Patients with Renal or Hepatic Impairment
        # See the full prescribing information ...") states nothing; a statement before the pointer ("Patients with
        # Severe Renal Impairment : Initiate at 5 mg once daily; do not exceed 10 mg once daily. ( 2.5 ) see full
        # prescribing information ...") is read without it
        text = text[: see_full.start()]
        if not re.search(r"[:;]", text):
            return []
    words = text.split()
    if (len(words) <= 12 and not text.rstrip().endswith((".", ":")) and ":" not in text
            and sum(w[:1].isupper() for w in words if w[:1].isalpha()) >= 0.7 * max(1, sum(
                w[:1].isalpha() for w in words if w.lower() not in _TITLE_SMALL_WORDS))):
        return []  # a heading alone ("Dosage Adjustment in Patients with Hepatic Impairment") says nothing
    if (_GERIATRIC_BOILERPLATE.search(text) or _POINTER.search(text) or _NO_RECOMMENDATION.search(text)
            or _DESCRIPTION.search(text) or _FETAL.search(text)
            or (len(_BAND.findall(text)) >= 3 and len(quantities(text)) >= 2)):
        return []
    if _TOXICITY.search(text) and not re.search(r"Child[-\s]Pugh", text, re.I):
        return []
    if _ORGAN_TOXICITY.search(text) and not (term.search(text) and _HAS_IT.search(text)):
        return []
    if _EVERY_PATIENT_CHECK.search(text) and not _HAS_IT.search(text):
        return []
    if (_CHECK_FUNCTION.search(text) and _TREATED_PATIENTS.search(text)
            and not term.search(_CHECK_FUNCTION.sub(" ", text))):
        # "Monitor renal function periodically in patients treated with benazepril", "Monitor renal function in
        # patients reporting adverse reactions to ZEPBOUND": a check for the drug's own harm in those it treats
        return []
    onset = _HARM_ONSET.sub(" ", text)
    if _ALL_PATIENTS.search(text) and not (term.search(onset) and _HAS_IT.search(onset)):
        # "assess serum creatinine ... in all patients", "Renal function should be evaluated in all patients prior to
        # initiation", "All patients should be monitored": a check of everyone (for the drug's own harm), not a
        # statement for patients who have the impairment, whatever title it stands under (but "Monitor renal
        # function in all patients, especially patients with underlying renal impairment" names them too; "New onset
        # or worsening renal impairment:" names the drug's harm, not them)
        return []
    if _IF_IT_OCCURS.search(text) and not (term.search(text) and _HAS_IT.search(text)):
        return []  # "if ... injury occurs, discontinue" (but "if ... occur in patients with baseline moderate hepatic
        # impairment, discontinue" is for them)
    if contraindications and term.search(text):
        # an item of Contraindications naming the impairment ("Hepatic insufficiency: dichlorphenamide may aggravate
        # hepatic encephalopathy", "Acute liver failure or decompensated cirrhosis") is a contraindication for them
        return [Found(fact, "contraindicated", population=population(text, organ=fact))]
    if not titled and (not term.search(text) or not (_HAS_IT.search(text) or _DIALYSIS_TIMING.search(text))):
        return []
    if _RISK_OF.search(text) and not term.search(_RISK_OF.sub(" ", text)):
        return []  # "modify the dose for patients with an increased risk of renal impairment": not (yet) impaired
    if (term is _RENAL and _NORMAL_RENAL.search(text) and not _RENAL.search(_NORMAL_RENAL.sub(" ", text))
            and not _NO_ADJUSTMENT.search(text)):
        # "The recommended initial dose ... for patients with eGFR greater than 60 mL/min/1.73 m2 is 14 mg per kg":
        # the dose for normal kidney function (but "No dosage adjustment is needed for patients with eGFR >= 60" is
        # said for them)
        return []
    other = _HEPATIC if term is _RENAL else _RENAL
    if titled and not term.search(text) and other.search(text):
        return []  # "... in patients with hepatic impairment" under a renal title is the other organ's statement
    for kind, pattern in _PHARMACOLOGY_ACTIONS if pharmacology else _ACTIONS:
        if pattern.search(text):
            value = unit = per = None
            if kind == "adjust":
                # the dose, not the clearance threshold ("creatinine clearance < 25 mL/min")
                q = next((q for q in quantities(text) if q.per != "minute" and "/1.73" not in text[q.end : q.end + 6]
                          and q.unit != "mL"), None)
                if q is not None and not q.is_range:
                    value, unit, per = q.value, q.unit, q.per
            return [Found(fact, kind, value=value, unit=unit, per=per,  # type: ignore[arg-type]
                          population=population(text, organ=fact))]
    if term is _RENAL and _DIALYSIS_TIMING.search(text) and not _PK_DIALYSIS.search(text):
        # the dose's timing around dialysis is an instruction for dialysed patients in any section ("linezolid should
        # be given after hemodialysis" in Clinical Pharmacology, "complete HD ... before the start of dosing")
        return [Found(fact, "adjust", population=population(text, organ=fact))]
    return []  # pharmacokinetics or a description only: no statement for patients


# Patients at a greater risk of a harm, said in one sentence, the instruction in the next: "Patients with decreased
# renal function ... are at increased risk. Monitor serum potassium levels and adjust dose as needed."
AT_RISK = re.compile(r"\b(?:are|is)\s+at\s+(?:an\s+)?(?:increased|greater|higher|high)\s+risk\b|"
                     r"\brisk\s+(?:of\s+[\w-]+\s+)?is\s+(?:higher|greater|increased)\s+in\b", re.I)
# A sentence that is an instruction by itself (imperative): "Monitor ...", "Minimize the risk ... with monitoring".
INSTRUCTION = re.compile(r"\s*(?:Monitor|Minimize|Consider|Reduce|Avoid|Use|Adjust|Assess|Check|Evaluate|Measure|"
                         r"Correct|Discontinue|Titrate)\b")


_FOR_PATIENTS_WITH = re.compile(r"\b(?:in|to|for)\s+patients\s+with\s+(?P<who>[^.;]{0,60})", re.I)


def avoid_for_patients(text: str, fact: str) -> bool:
    """Whether `text` says to avoid something "in patients with" the impairment itself ("Avoid use of aliskiren with
    valsartan in patients with renal impairment (GFR < 60 mL/min)", "... is not recommended to be coadministered
    with colchicine to patients with renal or hepatic impairment"): in Drug Interactions, an instruction for the
    patients who have it, not the interacting drug's own renal or hepatic words."""
    term = _RENAL if fact == "renal" else _HEPATIC
    return any(term.search(m.group("who")) for m in _FOR_PATIENTS_WITH.finditer(text))


def names_impairment(text: str, fact: str) -> bool:
    """Whether `text` names the `fact` ("renal" or "hepatic") impairment itself ("patients with severe renal
    impairment", "Child-Pugh"), not only through a title it stands under."""
    return bool((_RENAL if fact == "renal" else _HEPATIC).search(text))


def names_patients(text: str, fact: str) -> bool:
    """Whether `text` names the `fact` impairment as patients who have it ("In patients with chronic renal
    impairment, ...", "reduced in patients with renal failure"), not only the organ ("Renal clearance was 50%")."""
    return names_impairment(text, fact) and bool(_HAS_IT.search(text))


def renal(text: str, heading: str = "", contraindications: bool = False, pharmacology: bool = False) -> list[Found]:
    """The renal-impairment fact of a statement (at most one), or none. `heading`: the (sub)section title the
    statement stands under ("8.6 Renal Impairment"), which names the patients when the statement does not.
    `contraindications`: the statement is an item of a Contraindications section, where naming the impairment is
    enough to make it a contraindication for the patients who have it.

    >>> [f.kind for f in renal("Metformin is contraindicated in patients with an eGFR below 30 mL/min/1.73 m2.")]
    ['contraindicated']
    >>> renal("In subjects with severe renal impairment, AUC was increased 2-fold.")
    []
    """
    return _impairment(text, _RENAL, "renal", heading, contraindications, pharmacology)


def hepatic(text: str, heading: str = "", contraindications: bool = False, pharmacology: bool = False) -> list[Found]:
    """The hepatic-impairment fact of a statement (at most one), or none (see `renal`)."""
    return _impairment(text, _HEPATIC, "hepatic", heading, contraindications, pharmacology)


_PREGNANT = re.compile(r"\bpregnan\w*|\bfetus\b|\bfetal\b|\bembryo[-\s]?fetal\b", re.I)
_PREGNANCY_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("category", re.compile(r"\bpregnancy\s+category\s+(?P<cat>[ABCDX])\b", re.I)),
    ("contraindicated", re.compile(r"\bcontraindicated\b[^.]{0,80}\bpregnan|\bpregnan\w*[^.]{0,80}\bcontraindicated\b",
                                   re.I)),
    ("discontinue", re.compile(r"\b(?:discontinue|stop)\w*\b[^.]{0,80}\bpregnan\w*[^.]{0,30}\b(?:detected|"
                               r"recognized|confirmed|occurs|becomes?)|\bwhen\s+pregnancy\s+is\s+detected", re.I)),
    # what the drug can do to a fetus, said of patients ("can cause fetal harm when administered to a pregnant
    # woman"); an animal finding ("embryo-fetal toxicity included increased resorption") is not it
    ("fetal_harm", re.compile(r"\b(?:can|may|could)\s+cause\s+(?:fetal|embryo[-\s]?fetal)\s+(?:harm|toxicity|death)|"
                              r"\binjury\s+and\s+(?:even\s+)?death\s+to\s+the\s+developing\s+fetus", re.I)),
    ("avoid", re.compile(r"\b(?:avoid|not\s+recommended|should\s+not\s+be\s+used|do\s+not\s+use)\b[^.]{0,80}"
                         r"\bpregnan|\bpregnan\w*[^.]{0,80}\b(?:avoid|not\s+recommended|should\s+not\s+be\s+used)",
                         re.I)),
    ("ask_doctor", re.compile(r"\bif\s+pregnant\b[^.]{0,60}\bask\b", re.I)),
)
_MILK = re.compile(r"\bmilk\b|\bbreast[-\s]?fe\w*|\bnursing\b|\blactat\w*", re.I)
_LACTATION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contraindicated", re.compile(r"\bcontraindicated\b", re.I)),
    ("avoid", re.compile(r"\b(?:advise|instruct)\s+(?:\w+\s+){0,3}(?:women|patients|mothers)\s+(?:\w+\s+){0,3}not\s+to"
                         r"\s+breast|\bbreast[-\s]?feeding\s+is\s+not\s+recommended|\bnot\s+recommended\b[^.]{0,60}"
                         r"\b(?:breast|nursing)|\b(?:avoid|do\s+not)\s+breast[-\s]?feed|\bdiscontinue\s+"
                         r"(?:nursing|breast[-\s]?feeding)|\bdecision\s+should\s+be\s+made\s+whether\s+to\s+discontinue"
                         r"\s+nursing", re.I)),
    ("unknown", re.compile(r"\b(?:not\s+known|unknown)\s+(?:whether|if)\b|"
                           r"\bno\s+(?:available\s+)?(?:data|information)\s+(?:(?:is|are)\s+available\s+)?"
                           r"(?:on|regarding|about)\s+the\s+presence", re.I)),
    # (not "Because many drugs are excreted in human milk, caution should be exercised": said of drugs in general)
    ("present_in_milk", re.compile(r"(?<!many\sdrugs\s)\b(?:is|are|was|were)\s+(?:\w+\s+){0,2}"
                                   r"(?:excreted|present|detected|found|"
                                   r"secreted)\s+in\s+(?:human\s+|breast\s+)?milk|\bpresence\s+of\s+\w+\s+in\s+human\s+"
                                   r"milk", re.I)),
    ("ask_doctor", re.compile(r"\bbreast[-\s]?feeding\b[^.]{0,40}\bask\b", re.I)),
)


def _classified(text: str, topic: re.Pattern[str], kinds: tuple[tuple[str, re.Pattern[str]], ...],
                fact: str) -> list[Found]:
    if not topic.search(text):
        return []
    for kind, pattern in kinds:
        m = pattern.search(text)
        if m:
            value = m.group("cat").upper() if "cat" in pattern.groupindex else None
            return [Found(fact, kind, value=value)]  # type: ignore[arg-type]
    return []


def pregnancy(text: str) -> list[Found]:
    """The pregnancy statement of a sentence: category, contraindicated, discontinue when detected, fetal harm,
    avoid, or (OTC) ask a health professional; none for other sentences (animal data, registries)."""
    if re.search(r"\b(?:rats?|rabbits?|mice|monkeys?)\b", text, re.I):
        return []  # animal reproduction studies state no instruction for patients
    if re.search(r"\b(?:not\s+known|unknown)\s+whether\b[^.]{0,60}\bcause\s+fetal", text, re.I):
        return []  # "It is also not known whether this solution can cause fetal harm": no harm is stated
    return _classified(text, _PREGNANT, _PREGNANCY_KINDS, "pregnancy")


def lactation(text: str) -> list[Found]:
    """The lactation statement of a sentence: contraindicated, avoid breastfeeding, not known whether in milk,
    present in human milk, or (OTC) ask; none for other sentences."""
    if re.search(r"\b(?:rats?|rabbits?|mice|animals?)\b", text, re.I):
        return []
    return _classified(text, _MILK, _LACTATION_KINDS, "lactation")
