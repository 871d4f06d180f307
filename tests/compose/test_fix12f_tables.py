"""Issue 12 (fix12f kind 5): a field-and-value table as label sources store it (escitalopram's Table 6, the rows of
a DailyMed SPL read into a Markdown pipe table: a title row repeated across spanned cells, then "Clinical Impact:" /
"Intervention:" rows with the other cells empty) is read as fields under their group, never as columns."""

from __future__ import annotations

from medbrief.compose.table_reading import table_rows
from medbrief.records import Passage

TABLE_6 = """TABLE 6 Clinically Important Drug Interactions with Escitalopram Oxalate
| Monoamine Oxidase Inhibitors (MAOIs) | Monoamine Oxidase Inhibitors (MAOIs) | Monoamine Oxidase Inhibitors (MAOIs) | |
| --- | --- | --- | --- |
| Clinical Impact: | Concomitant use of SSRIs, including escitalopram oxalate, and MAOIs increases the risk of serotonin syndrome. | | |
| Intervention: | Escitalopram oxalate is contraindicated in patients taking MAOIs, including MAOIs such as linezolid or intravenous methylene blue [see Dosage and Administration (2.7), Contraindications (4), and Warnings and Precautions (5.2)]. | | |
| Pimozide | | | |
| Intervention: | Escitalopram oxalate is contraindicated in patients taking pimozide [see Contraindications (4)]. | | |
| Other Serotonergic Drugs | | | |
| Examples: | other SSRIs, SNRIs, triptans, opioids, lithium | | |"""  # noqa: E501


def _rows(text: str) -> list[str]:
    p = Passage("label:x#1", "label:x", "Drug Interactions", "34073-7", text, 1)
    return [r.text for r in table_rows((p,)).get(p.id, [])]


def test_a_field_row_that_is_a_sentence_stands_alone_and_a_list_goes_with_its_group() -> None:
    rows = _rows(TABLE_6)
    assert "Concomitant use of SSRIs, including escitalopram oxalate, and MAOIs increases the risk of serotonin " \
           "syndrome." in rows
    assert "Other Serotonergic Drugs – Examples: other SSRIs, SNRIs, triptans, opioids, lithium." in rows
    # the title row is no header: no "Monoamine Oxidase Inhibitors (MAOIs): Clinical Impact" pairing
    assert not any("(MAOIs): Clinical Impact" in r or "Clinical Impact;" in r for r in rows)


def test_a_list_whose_group_is_not_known_is_left_out() -> None:
    text = "| Clinical Impact: | The concomitant use of X and MAOIs increases the risk. |\n| --- | --- |\n" \
           "| Examples: | selegiline, linezolid |"
    rows = _rows(text)
    assert rows == ["The concomitant use of X and MAOIs increases the risk."]


def test_an_ordinary_table_is_still_read_with_its_header() -> None:
    text = "| Adverse Reaction | Drug (n=100) | Placebo (n=100) |\n| --- | --- | --- |\n| Nausea | 12% | 4% |"
    assert _rows(text) == ["Adverse Reaction: Nausea; Drug (n=100): 12%; Placebo (n=100): 4%."]


def test_a_header_over_rows_of_indications_is_no_field_table() -> None:
    """Diazepam's dosage table: "| ADULTS: | USUAL DAILY DOSE: |" names columns; its rows are no fields."""
    text = ("| ADULTS: | USUAL DAILY DOSE: |\n| --- | --- |\n"
            "| Adjunctively in Convulsive Disorders. | 2 mg to 10 mg, 2 to 4 times daily |\n"
            "| Adjunctively for Relief of Skeletal Muscle Spasm. | 2 mg to 10 mg, 3 or 4 times daily |")
    rows = _rows(text)
    assert len(rows) == 2 and all("USUAL DAILY DOSE" in r and "2 mg to 10 mg" in r for r in rows)  # with its header
