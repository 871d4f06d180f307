"""LOINC section codes of FDA drug labels and the openFDA field names that carry them.

The codes and display names are those the DailyMed SPL documents themselves use (checked against the
`displayName`s in the shared SPL corpus); openFDA names each label section after the same codes, so an
openFDA field and an SPL section of the same kind share one code and one human name.
"""

from __future__ import annotations

# LOINC code -> human section name (Title Case, as shown in briefs).
LABEL_SECTIONS: dict[str, str] = {
    "34066-1": "Boxed Warning",
    "43683-2": "Recent Major Changes",
    "34067-9": "Indications and Usage",
    "34068-7": "Dosage and Administration",
    "43678-2": "Dosage Forms and Strengths",
    "34070-3": "Contraindications",
    "43685-7": "Warnings and Precautions",
    "34071-1": "Warnings",
    "42232-9": "Precautions",
    "34072-9": "General Precautions",
    "34075-2": "Laboratory Tests",
    "34084-4": "Adverse Reactions",
    "90374-0": "Clinical Trials Experience",
    "90375-7": "Postmarketing Experience",
    "34073-7": "Drug Interactions",
    "34074-5": "Drug and/or Laboratory Test Interactions",
    "43684-0": "Use in Specific Populations",
    "42228-7": "Pregnancy",
    "34077-8": "Teratogenic Effects",
    "34078-6": "Nonteratogenic Effects",
    "34079-4": "Labor and Delivery",
    "77290-5": "Lactation",
    "34080-2": "Nursing Mothers",
    "77291-3": "Females and Males of Reproductive Potential",
    "34081-0": "Pediatric Use",
    "34082-8": "Geriatric Use",
    "88828-9": "Renal Impairment",
    "88829-7": "Hepatic Impairment",
    "42227-9": "Drug Abuse and Dependence",
    "34085-1": "Controlled Substance",
    "34086-9": "Abuse",
    "34087-7": "Dependence",
    "34088-5": "Overdosage",
    "34089-3": "Description",
    "34090-1": "Clinical Pharmacology",
    "43679-0": "Mechanism of Action",
    "43681-6": "Pharmacodynamics",
    "43682-4": "Pharmacokinetics",
    "66106-6": "Pharmacogenomics",
    "49489-8": "Microbiology",
    "88830-5": "Immunogenicity",
    "43680-8": "Nonclinical Toxicology",
    "34083-6": "Carcinogenesis, Mutagenesis, Impairment of Fertility",
    "34091-9": "Animal Pharmacology and/or Toxicology",
    "34092-7": "Clinical Studies",
    "34093-5": "References",
    "34069-5": "How Supplied",
    "44425-7": "Storage and Handling",
    "34076-0": "Patient Counseling Information",
    "42231-1": "Medication Guide",
    "42230-3": "Patient Package Insert",
    "68498-5": "Patient Medication Information",
    "59845-8": "Instructions for Use",
    "71744-7": "Health Care Provider Letter",
    "42229-5": "SPL Unclassified Section",
    "51945-4": "Package Label",
    "48780-1": "SPL Product Data Elements",
    # OTC "Drug Facts" sections.
    "55106-9": "Active Ingredient",
    "55105-1": "Purpose",
    "50570-1": "Do Not Use",
    "50569-3": "Ask a Doctor",
    "50568-5": "Ask a Doctor or Pharmacist",
    "50567-7": "When Using",
    "50566-9": "Stop Use",
    "53414-9": "Pregnancy or Breast-Feeding",
    "50565-1": "Keep Out of Reach of Children",
    "60561-8": "Other Safety Information",
    "51727-6": "Inactive Ingredients",
    "53413-1": "Questions",
}

# openFDA drug label field -> LOINC code. Fields not listed keep their own name as code.
# (The openFDA label records in the shared data carry no renal/hepatic impairment fields; those
# subsections appear only inside `use_in_specific_populations` text, or as SPL sections 88828-9/88829-7.)
OPENFDA_FIELD_CODES: dict[str, str] = {
    "boxed_warning": "34066-1",
    "recent_major_changes": "43683-2",
    "indications_and_usage": "34067-9",
    "dosage_and_administration": "34068-7",
    "dosage_forms_and_strengths": "43678-2",
    "contraindications": "34070-3",
    "warnings_and_cautions": "43685-7",
    "warnings": "34071-1",
    "precautions": "42232-9",
    "general_precautions": "34072-9",
    "laboratory_tests": "34075-2",
    "adverse_reactions": "34084-4",
    "drug_interactions": "34073-7",
    "drug_and_or_laboratory_test_interactions": "34074-5",
    "use_in_specific_populations": "43684-0",
    "pregnancy": "42228-7",
    "teratogenic_effects": "34077-8",
    "nonteratogenic_effects": "34078-6",
    "labor_and_delivery": "34079-4",
    "lactation": "77290-5",
    "nursing_mothers": "34080-2",
    "females_and_males_of_reproductive_potential": "77291-3",
    "pediatric_use": "34081-0",
    "geriatric_use": "34082-8",
    "drug_abuse_and_dependence": "42227-9",
    "controlled_substance": "34085-1",
    "abuse": "34086-9",
    "dependence": "34087-7",
    "overdosage": "34088-5",
    "description": "34089-3",
    "clinical_pharmacology": "34090-1",
    "mechanism_of_action": "43679-0",
    "pharmacodynamics": "43681-6",
    "pharmacokinetics": "43682-4",
    "pharmacogenomics": "66106-6",
    "microbiology": "49489-8",
    "nonclinical_toxicology": "43680-8",
    "carcinogenesis_and_mutagenesis_and_impairment_of_fertility": "34083-6",
    "animal_pharmacology_and_or_toxicology": "34091-9",
    "clinical_studies": "34092-7",
    "references": "34093-5",
    "how_supplied": "34069-5",
    "storage_and_handling": "44425-7",
    "information_for_patients": "34076-0",
    "spl_medguide": "42231-1",
    "spl_patient_package_insert": "42230-3",
    "patient_medication_information": "68498-5",
    "instructions_for_use": "59845-8",
    "health_care_provider_letter": "71744-7",
    "spl_unclassified_section": "42229-5",
    "package_label_principal_display_panel": "51945-4",
    "spl_product_data_elements": "48780-1",
    "active_ingredient": "55106-9",
    "purpose": "55105-1",
    "do_not_use": "50570-1",
    "ask_doctor": "50569-3",
    "ask_doctor_or_pharmacist": "50568-5",
    "when_using": "50567-7",
    "stop_use": "50566-9",
    "pregnancy_or_breast_feeding": "53414-9",
    "keep_out_of_reach_of_children": "50565-1",
    "other_safety_information": "60561-8",
    "inactive_ingredient": "51727-6",
    "questions": "53413-1",
}


def field_code(field: str) -> str:
    """LOINC code of an openFDA text field, or the field name itself when no code is known."""
    return OPENFDA_FIELD_CODES.get(field, field)


def section_name(code: str | None, fallback: str = "") -> str:
    """Human name of a LOINC code; `fallback` (or a readable form of the code) when unknown."""
    if code and code in LABEL_SECTIONS:
        return LABEL_SECTIONS[code]
    if fallback:
        return fallback
    return (code or "Section").replace("_", " ").capitalize()
