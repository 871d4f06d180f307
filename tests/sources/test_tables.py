"""Tables read with their header (sources/tables.py): grid layout, header detection, Markdown pipe rendering."""

from __future__ import annotations

from lxml import etree

from medbrief.sources import openfda
from medbrief.sources.markup import render_text
from medbrief.sources.tables import grid_lines, is_delimiter, split_row, table_grid

SPL = 'xmlns="urn:hl7-org:v3"'


def _grid(xml: str):
    el = etree.fromstring(xml)
    return table_grid(el, lambda c: render_text(c, inline=True))


def test_a_bold_first_row_is_the_header_as_spl_writes_it() -> None:
    # the shape of quetiapine's SPL/openFDA dosing table: no <thead>, no <th>, the header row set in bold
    xml = (f'<table {SPL}><tbody><tr><td><content styleCode="bold">Indication</content></td>'
           '<td><content styleCode="bold">Maximum Dose</content></td></tr>'
           "<tr><td>Schizophrenia-Adults ( 2.2)</td><td>750 mg/day</td></tr></tbody></table>")
    grid = _grid(xml)
    assert grid.header == ("Indication", "Maximum Dose")
    assert grid_lines(grid) == ["| Indication | Maximum Dose |", "| --- | --- |",
                                "| Schizophrenia-Adults ( 2.2) | 750 mg/day |"]


def test_row_spans_are_carried_down_and_stacked_headers_joined() -> None:
    xml = ("<table><caption>Table 1. Dosage</caption><thead>"
           '<tr><th rowspan="2">Infection</th><th colspan="2">Recommended Dosage</th></tr>'
           "<tr><th>Weight 40 kg or more</th><th>Weight less than 40 kg</th></tr></thead><tbody>"
           '<tr><td rowspan="2">Ear/Nose/Throat</td><td>500 mg every 12 hours</td><td>25 mg/kg/day</td></tr>'
           "<tr><td>875 mg every 12 hours</td><td>45 mg/kg/day</td></tr>"
           '<tr><td colspan="3">Elderly patients</td></tr>'
           "<tr><td>Gonorrhea</td><td>3 g | once</td><td></td></tr></tbody>"
           '<tfoot><tr><td colspan="3">* Each strength</td></tr></tfoot></table>')
    lines = grid_lines(_grid(xml))
    assert lines == [
        "Table 1. Dosage",
        "| Infection | Recommended Dosage – Weight 40 kg or more | Recommended Dosage – Weight less than 40 kg |",
        "| --- | --- | --- |",
        "| Ear/Nose/Throat | 500 mg every 12 hours | 25 mg/kg/day |",
        "| Ear/Nose/Throat | 875 mg every 12 hours | 45 mg/kg/day |",
        "Elderly patients",
        "| Gonorrhea | 3 g / once |  |",
        "* Each strength",
    ]
    assert split_row(lines[6]) == ["Gonorrhea", "3 g / once", ""]
    assert is_delimiter(split_row(lines[2]) or []) and split_row("Elderly patients") is None


def test_a_table_without_a_header_stays_blocks_of_cells() -> None:
    # Drug Facts "Directions": an age group beside its list; no header, so no pipe table a reader would misread
    html = ("<table><tr><td>adults and children 12 years and over</td><td><ul><li>take 2 caplets every 6 hours</li>"
            "<li>do not take more than 6 caplets in 24 hours</li></ul></td></tr>"
            "<tr><td>children under 12 years</td><td>ask a doctor</td></tr></table>")
    assert _grid(html).header == ()
    assert openfda.html_table_text(html) == (
        "adults and children 12 years and over |\ntake 2 caplets every 6 hours\n"
        "do not take more than 6 caplets in 24 hours\nchildren under 12 years | ask a doctor"
    )


def test_empty_cells_of_a_headerless_table_write_no_separator() -> None:
    # openFDA "Instructions for Use" tables of figures: cells holding only an image were stored as "| |" and "OR |"
    html = ("<table><tr><td><img src='f1.jpg'/></td><td><img src='f2.jpg'/></td></tr></table>"
            "<table><tr><td>OR</td><td><img src='f3.jpg'/></td></tr>"
            "<tr><td>children under 12 years</td><td> </td><td>ask a doctor</td></tr></table>")
    assert openfda.html_table_text(html) == "OR\nchildren under 12 years | ask a doctor"


def test_a_first_row_of_numbers_is_no_header() -> None:
    xml = "<table><tr><td>10 mg</td><td>20 mg</td></tr><tr><td>round</td><td>oval</td></tr></table>"
    assert _grid(xml).header == ()


def test_openfda_tables_are_read_after_their_flattened_text_field(data_dir) -> None:
    """Quetiapine (openFDA): the dosing table's text field runs the cells together; its `_table` field, read as a
    section of the same code right after it, keeps "Maximum Dose" above "750 mg/day"."""
    import zipfile

    from medbrief.records import Document

    with zipfile.ZipFile(data_dir / "labels/openfda_luckygood/openfda-drug-label-cache.zip") as z:
        raw = z.read("6e8e19cef7f16ed76a51e5677c17a01b5966643e.json")
    doc = next(i for i in openfda.read(raw, "quetiapine.json") if isinstance(i, Document))
    dosing = [s for s in doc.sections if s.code == "34068-7"]
    assert len(dosing) == 2 and "| --- |" not in dosing[0].text
    assert dosing[1].text.startswith("| Indication | Initial Dose | Recommended Dose | Maximum Dose |\n| --- |")
    assert "| Schizophrenia-Adults ( 2.2) | 25 mg twice daily | 150-750 mg/day | 750 mg/day |" in dosing[1].text


def test_a_title_row_across_the_table_is_its_caption_and_footnotes_go_under_it() -> None:
    # dalteparin's Table 5 (openFDA): the title in a bold first row across both columns, the header below it
    html = ('<table><tbody><tr><td colspan="2"><content styleCode="bold">Table 5 – Starting Doses</content></td></tr>'
            '<tr><td><content styleCode="bold">Age Group</content></td><td><content styleCode="bold">Starting Dose'
            "</content></td></tr><tr><td>2 Years to less than 8 Years</td><td>125 units/kg twice daily</td></tr>"
            "</tbody></table>")
    assert openfda.html_table_text(html).split("\n") == [
        "Table 5 – Starting Doses", "| Age Group | Starting Dose |", "| --- | --- |",
        "| 2 Years to less than 8 Years | 125 units/kg twice daily |"]
    # SPL <footnote> in a cell (itraconazole's interaction table): a mark's text is not glued to the cell
    spl = ('<table><thead><tr><th>Drug</th><th>Advice</th></tr></thead><tbody><tr><td>Bedaquiline<footnote>Based on '
           "400 mg bedaquiline once daily.</footnote> (oral)</td><td>Not recommended.</td></tr></tbody></table>")
    assert openfda.html_table_text(spl).split("\n")[2:] == [
        "| Bedaquiline (oral) | Not recommended. |", "Based on 400 mg bedaquiline once daily."]


# --- reading the stored tables back: pipe_tables --------------------------------------------------------------

STORED = "\n".join([
    "Dosing is by indication.",
    "Table 1. Recommended Dosing",
    "| Indication | Initial Dose | Maximum Dose |",
    "| --- | --- | --- |",
    "| Schizophrenia-Adults ( 2.2 ) | 25 mg twice daily | 750 mg/day |",
    "Elderly patients",
    "| Bipolar Depression | 50 mg once daily | 300 mg/day |",
    "| Adjunct | | |",
    "| Bipolar Maintenance | 400 mg/day | 800 mg/day |",
    "* Each strength",
    "The text goes on after the table.",
])


def test_a_stored_table_is_read_back_with_caption_header_groups_rows_and_footnotes() -> None:
    from medbrief.sources.tables import pipe_tables

    (t,) = pipe_tables(STORED)
    assert t.header == ("Indication", "Initial Dose", "Maximum Dose")
    assert t.caption is not None and t.caption.text == "Table 1. Recommended Dosing"
    assert t.header_line is not None and STORED[t.header_line.start : t.header_line.end] == t.header_line.text
    assert [r.cells for r in t.rows] == [
        ("Schizophrenia-Adults ( 2.2 )", "25 mg twice daily", "750 mg/day"),
        ("Bipolar Depression", "50 mg once daily", "300 mg/day"),
        ("Bipolar Maintenance", "400 mg/day", "800 mg/day"),
    ]
    # every row's span is its line in the text
    assert all(STORED[r.line.start : r.line.end] == r.line.text for r in t.rows)
    # the group a row stands under: none, a line of text across the table, a row of one filled cell
    assert [r.group.text if r.group else None for r in t.rows] == [None, "Elderly patients", "| Adjunct | | |"]
    assert t.rows[2].group is not None and t.rows[2].group.cells == ("Adjunct", "", "")
    assert [f.text for f in t.footnotes] == ["* Each strength"] and not t.open


def test_prose_ends_a_table_and_a_sentence_above_a_header_is_no_caption() -> None:
    from medbrief.sources.tables import pipe_tables

    text = "\n".join(["This is a sentence above the table.", "| Dose | Amount |", "| --- | --- |", "| A | 1 mg |",
                      "A long line of prose after the table that ends like a sentence.", "| B | 2 mg |"])
    (t,) = pipe_tables(text)
    assert t.caption is None and [r.cells for r in t.rows] == [("A", "1 mg")] and not t.open
    # a headerless table's row ("40.1 kg or more | 75 mg") right above a header is no caption either
    (t2,) = pipe_tables("40.1 kg or more | 75 mg\n| Dose | Amount |\n| --- | --- |\n| A | 1 mg |")
    assert t2.caption is None and t2.open


def test_rows_without_a_header_of_another_width_or_repeating_the_header_are_no_rows() -> None:
    from medbrief.sources.tables import pipe_tables

    assert pipe_tables("| Adults | 2 mg |\n| Children | 1 mg |") == []
    (t,) = pipe_tables("| Dose | Amount |\n| --- | --- |\n| A | 1 mg | x |\n| Dose | Amount |\n| B | 2 mg |")
    assert [r.cells for r in t.rows] == [("B", "2 mg")]


def test_a_table_cut_between_passages_goes_on_with_the_carried_header() -> None:
    from medbrief.sources.tables import pipe_tables

    (first,) = pipe_tables("| Dose | Amount |\n| --- | --- |\n| A | 1 mg |")
    assert first.open
    cont = pipe_tables("| B | 2 mg |\nText after.", carried=first.header)
    assert len(cont) == 1 and cont[0].header_line is None and cont[0].header == ("Dose", "Amount")
    assert [r.cells for r in cont[0].rows] == [("B", "2 mg")] and not cont[0].open
    # a passage that does not open with a row does not go on the table
    assert pipe_tables("Text first.\n| B | 2 mg |", carried=first.header) == []


def test_openfda_bold_header_cells_are_read_though_html_lowercases_stylecode() -> None:
    # tizanidine's openFDA adverse-reactions table (real markup, cut to two rows): the header row is set in bold
    # with SPL's styleCode, which lxml's HTML parser reads as "stylecode"; its cells hold numbers ("N = 261"), so
    # only the bold tells it is the header
    html = ('<table width="343.7385" cellspacing="0" cellpadding="0"><tbody><tr styleCode="Botrule First">'
            '<td styleCode="Lrule Rrule" align="center" valign="top">  <content styleCode="bold">Adverse Reaction'
            '</content></td><td styleCode="Rrule" align="center" valign="middle"><content styleCode="bold">P'
            '</content><content styleCode="bold">lacebo</content> <content styleCode="bold">N = 261</content>'
            '<content styleCode="bold">%</content></td><td styleCode="Rrule" align="center" valign="middle">'
            '<content styleCode="bold">Tizanidine </content><content styleCode="bold">Tablet </content> '
            '<content styleCode="bold">N = 264 %</content></td></tr><tr styleCode="Botrule">'
            '<td styleCode="Lrule Rrule" valign="top">Dry mouth</td><td styleCode="Rrule" align="center" '
            'valign="top">10</td><td styleCode="Rrule" align="center" valign="top">49</td></tr>'
            '<tr styleCode="Botrule"><td styleCode="Lrule Rrule" valign="top">Somnolence</td>'
            '<td styleCode="Rrule" align="center" valign="top">10</td><td styleCode="Rrule" align="center" '
            'valign="top">48</td></tr></tbody></table>')
    assert openfda.html_table_text(html).split("\n") == [
        "| Adverse Reaction | Placebo N = 261% | Tizanidine Tablet N = 264 % |", "| --- | --- | --- |",
        "| Dry mouth | 10 | 49 |", "| Somnolence | 10 | 48 |"]


def test_a_first_row_naming_columns_of_numbers_is_the_header() -> None:
    # no bold, no <th>: the first row's cells name the arms ("N = 48 %") and the columns below hold rates
    xml = ("<table><tr><td>Adverse Reaction</td><td>Placebo N = 48 %</td><td>Tizanidine 8 mg N = 45 %</td></tr>"
           "<tr><td>Somnolence</td><td>31</td><td>78</td></tr><tr><td>Dry mouth</td><td>35</td><td>76</td></tr>"
           "</table>")
    assert _grid(xml).header == ("Adverse Reaction", "Placebo N = 48 %", "Tizanidine 8 mg N = 45 %")


def test_a_key_value_tables_first_row_is_data() -> None:
    # PREVYMIS' pharmacokinetics table: two columns, the first row a property and its value (its cell holds a
    # number, so the no-number rule does not take it), the column below numbers: still no header
    xml = ("<table><tr><td>Route of elimination</td><td>Hepatic uptake (OATP1B1/3)</td></tr>"
           "<tr><td>Mean terminal t1/2 (hr)</td><td>12 hrs after dosing</td></tr>"
           "<tr><td>Fraction excreted in feces</td><td>93%</td></tr></table>")
    assert _grid(xml).header == ()


def test_a_bold_row_of_one_cell_under_the_header_is_a_group() -> None:
    xml = ('<table><tr><td><b>Adverse Reaction</b></td><td><b>Occurrence</b></td><td><b>Dose</b></td></tr>'
           '<tr><td colspan="3"><b>Hematologic Adverse Reactions</b></td></tr>'
           "<tr><td>Neutropenia</td><td>First</td><td>Hold</td></tr></table>")
    grid = _grid(xml)
    assert grid.header == ("Adverse Reaction", "Occurrence", "Dose")
    assert grid.groups == {0: "Hematologic Adverse Reactions"}


def test_openfda_bold_header_of_doses_is_the_header() -> None:
    # only the bold (styleCode, lowercased by the HTML parser) tells this header: its cells open with numbers
    html = ('<table><tbody><tr><td><content styleCode="bold">Reaction</content></td><td><content styleCode="bold">'
            '8 mg</content></td><td><content styleCode="bold">16 mg</content></td></tr>'
            "<tr><td>Somnolence</td><td>78</td><td>92</td></tr></tbody></table>")
    assert openfda.html_table_text(html).split("\n")[:2] == ["| Reaction | 8 mg | 16 mg |", "| --- | --- | --- |"]
