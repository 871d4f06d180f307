"""The one markup renderer (sources/markup.py): each element kind, and each XML reader that uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from medbrief.records import Document
from medbrief.sources import freetext, openfda, pubmed, spl, tac
from medbrief.sources.markup import mathml_text, render_text, repair_flattened_powers

MML = 'xmlns:mml="http://www.w3.org/1998/Math/MathML"'


def _render(xml: str, **kw) -> str:
    return render_text(etree.fromstring(xml), **kw)


@pytest.mark.parametrize(("xml", "text"), [
    ("<p>1.5 × 10<sup>9</sup>/L</p>", "1.5 × 10^9/L"),  # never 109/L
    ("<p>2 × 10<sup>-10</sup> M</p>", "2 × 10^-10 M"),  # never the range 10-10
    ("<p>10<sup>−3</sup></p>", "10^−3"),
    ("<p>vitamin D<sub>3</sub></p>", "vitamin D3"),
    ("<p>CO<sub>2</sub> and mg/m<sup>2</sup></p>", "CO2 and mg/m2"),
    ("<p>the 25<sup>th</sup> percentile</p>", "the 25th percentile"),
    ("<p>LIPITOR<sup>®</sup> tablets</p>", "LIPITOR® tablets"),
    ("<p>Ca<sup>2+</sup></p>", "Ca2+"),
    ("<p>HUMIRA<sup>a</sup>/MTX and C<sub>max</sub></p>", "HUMIRA^a/MTX and Cmax"),
    ("<p>x2<sub>3</sub></p>", "x2_3"),
    ("<p>12<sup>a</sup> patients</p>", "12^a patients"),  # a footnote mark after a number, never "12a"
    ("<p>the 2<sup>nd</sup> dose</p>", "the 2nd dose"),
    ("<p>10<sup><i>9</i></sup>/L</p>", "10^9/L"),
    ("<p>a <i>p</i>\u2009=\u20090.03 and\n      more</p>", "a p = 0.03 and more"),  # pretty-printing is not text
])
def test_inline_markup(xml: str, text: str) -> None:
    assert _render(xml) == text


def test_tables_rows_and_cells() -> None:
    xml = "<div><table><tr><th>Reaction</th><th>Drug</th></tr><tr><td>Headache</td><td>8%</td></tr></table></div>"
    # a Markdown pipe table: the header, a delimiter row (there is a header), one line per row (tables.py)
    assert _render(xml) == "| Reaction | Drug |\n| --- | --- |\n| Headache | 8% |"


def test_list_items_each_on_their_own_line() -> None:
    assert _render("<div><ul><li>First item</li><li>Second <b>item</b></li></ul>After.</div>") == (
        "First item\nSecond item\nAfter."
    )
    assert _render("<p>one<br/>two</p>") == "one\ntwo"


def test_mathml_is_linear_text_without_pretty_printing() -> None:
    v = f"""<mml:math {MML}>
        <mml:msub>
          <mml:mrow><mml:mover><mml:mrow><mml:mi>V</mml:mi></mml:mrow><mml:mo>˙</mml:mo></mml:mover><mml:mi>O</mml:mi></mml:mrow>
          <mml:mrow><mml:mn>2</mml:mn><mml:mi>peak</mml:mi></mml:mrow>
        </mml:msub></mml:math>"""
    assert mathml_text(etree.fromstring(v)) == "V˙O2peak"
    eta = (f"<mml:math {MML}><mml:msubsup><mml:mi>η</mml:mi><mml:mi>p</mml:mi><mml:mn>2</mml:mn></mml:msubsup>"
           "</mml:math>")
    assert mathml_text(etree.fromstring(eta)) == "ηp2"
    power = "<math><msup><mn>10</mn><mn>9</mn></msup><mo>/</mo><mi>L</mi></math>"
    assert mathml_text(etree.fromstring(power)) == "10^9/L"
    frac = ("<math><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac><mo>≤</mo>"
            "<msqrt><mi>x</mi></msqrt></math>")
    assert mathml_text(etree.fromstring(frac)) == "(a+b)/2 ≤ √x"
    roots = "<math><mroot><mi>x</mi><mn>3</mn></mroot><mo>+</mo><mroot><mi>y</mi><mi>n</mi></mroot></math>"
    assert mathml_text(etree.fromstring(roots)) == "∛x+n√y"  # the index is part of the formula
    sem = ("<math><semantics><mrow><mi>n</mi><mo>=</mo><mn>4</mn></mrow>"
           "<annotation encoding='application/x-tex'>n=4</annotation></semantics></math>")
    assert mathml_text(etree.fromstring(sem)) == "n = 4"
    assert _render(f"<p>large (<mml:math {MML}>\n  <mml:mi>η</mml:mi>\n</mml:math> = 0.21)</p>") == "large (η = 0.21)"


def test_pubmed_abstract_table_keeps_its_rows() -> None:
    xml = b"""<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">90000777</PMID><Article>
      <ArticleTitle>Ondansetron and nausea.</ArticleTitle><Abstract>
      <AbstractText Label="RESULTS">Nausea by arm:<table><tr><th>Arm</th><th>Nausea</th></tr>
        <tr><td>A</td><td>12%</td></tr><tr><td>B</td><td>30%</td></tr></table>
        Nausea was less frequent with ondansetron.</AbstractText>
      <AbstractText Label="CONCLUSIONS">Ondansetron <i>reduced</i> nausea.</AbstractText>
    </Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""
    doc = next(i for i in pubmed.read(xml, "t.xml") if isinstance(i, Document))
    assert doc.sections[0].text == (
        "Nausea by arm:\n| Arm | Nausea |\n| --- | --- |\n| A | 12% |\n| B | 30% |\n"
        "Nausea was less frequent with ondansetron."
    )
    assert doc.sections[1].text == "Ondansetron reduced nausea."


def test_pubmed_reader(fixtures: Path) -> None:
    path = fixtures / "pubmed" / "markup.xml"
    doc = next(i for i in pubmed.read(path.read_bytes(), str(path)) if isinstance(i, Document))
    assert doc.title == "Neutrophil counts below 1.5 × 10^9/L on clozapine."
    assert doc.sections[0].text == (
        "Counts fell to 1.2 × 10^9/L in 4 of 200 patients; peak oxygen uptake (V˙O2max) did not change, "
        "and the effect size was small (ηp2 = 0.02)."
    )


def test_spl_reader(fixtures: Path) -> None:
    path = fixtures / "spl" / "markup-spl.xml"
    doc = next(i for i in spl.read(path.read_bytes(), str(path)) if isinstance(i, Document))
    assert doc.title == "EXAMPLEMAB® (examplemab) injection"
    assert doc.sections[0].text == "\n".join([
        "5 WARNINGS AND PRECAUTIONS",
        # one paragraph, one line: its pretty-printed line break is not a paragraph break
        "Do not start treatment when the neutrophil count is below 1.5 × 10^9/L or the platelet count is below "
        "100 × 10^9/L; the IC50 is 2 × 10^-10 M.",
        "Exposure at 24 mg/m2 was the 25th percentile of vitamin D3 users.",
        "- Check blood counts before each dose.",
        "- Stop treatment for severe infection.",
        "| Reaction | EXAMPLEMAB (n = 120) | Placebo (n = 118) |",
        "| --- | --- | --- |",
        "| Neutropenia^a | 12% | 2% |",  # a footnote mark stays apart from the word
        "| Headache | 8% | 7% |",
    ])


def test_openfda_table_html() -> None:
    html = "<table><tr><td>Neutrophils<sup>a</sup></td><td>&lt; 1.5 × 10<sup>9</sup>/L</td></tr></table>"
    assert openfda.html_table_text(html) == "Neutrophils^a | < 1.5 × 10^9/L"  # one row: no header told, no pipes around


def test_tac_reader_keeps_its_plain_text_lines() -> None:
    xml = (b'<?xml version="1.0"?><Label drug="EXAMPLEMAB"><Text><Section name="adverse reactions" id="S1">'
           b"6 ADVERSE REACTIONS\n  The most common reactions were:\n *  headache\n *  nausea\n"
           b"</Section></Text></Label>")
    doc = next(i for i in tac.read(xml, "EXAMPLEMAB.xml") if isinstance(i, Document))
    assert doc.sections[0].text == "6 ADVERSE REACTIONS\nThe most common reactions were:\n- headache\n- nausea"


def test_html_free_text_uses_the_same_script_rule() -> None:
    assert freetext.html_to_text("<p>Below 1.5 × 10<sup>9</sup>/L, in vitamin D<sub>3</sub> users.</p>") == (
        "Below 1.5 × 10^9/L, in vitamin D3 users."
    )


def test_mathml_prescripts_and_deliberate_spaces() -> None:
    # from a real efetch record (pubmed7.xml): isotopes as mmultiscripts with mprescripts, an <mtext> space
    xml = (f"<mml:math {MML}><mml:mrow><mml:mmultiscripts><mml:mrow><mml:mi>He</mml:mi></mml:mrow><mml:mprescripts/>"
           "<mml:none/><mml:mrow><mml:mn>3</mml:mn></mml:mrow></mml:mmultiscripts><mml:mo>/</mml:mo>"
           "<mml:mmultiscripts><mml:mi>Xe</mml:mi><mml:mprescripts/><mml:none/><mml:mn>129</mml:mn>"
           "</mml:mmultiscripts><mml:mtext> </mml:mtext><mml:mi>MRI</mml:mi></mml:mrow></mml:math>")
    assert mathml_text(etree.fromstring(xml)) == "3He/129Xe MRI"
    post = "<math><mmultiscripts><mi>x</mi><mi>i</mi><mn>2</mn></mmultiscripts></math>"
    assert mathml_text(etree.fromstring(post)) == "xi2"


@pytest.mark.parametrize(("flat", "text"), [
    ("Absolute Neutrophil Count ≥1.0 × 10 9 /L", "Absolute Neutrophil Count ≥1.0 × 10^9/L"),  # openFDA, spaced
    ("Platelet counts less than 50 x 109/L [see Warnings]", "Platelet counts less than 50 x 10^9/L [see Warnings]"),
    ("ANC ≤ 0.5 x109/L", "ANC ≤ 0.5 x10^9/L"),
    ("WBC <2.0 × 10 3 /µL", "WBC <2.0 × 10^3/µL"),
    ("0.03 x 106/mm3", "0.03 x 10^6/mm3"),
    ("1 x 10 -3 /mL", "1 x 10^-3/mL"),
    ("100 x 100/L", "100 x 100/L"),  # not a power of ten
    ("109/L", "109/L"),  # no multiplication sign: nothing is certain
    ("Max 10 9 / L", "Max 10 9 / L"),
    ("ANC 1 * 10 9 /L", "ANC 1 * 10^9/L"),  # TAC writes '*' for the multiplication sign
    ("ANC <0.8*10 9 /L", "ANC <0.8*10^9/L"),
    ("platelet count (10 9 /L)", "platelet count (10^9/L)"),  # a bracketed unit, exponent spaced apart
    ("in 10 9 patients", "in 10 9 patients"),
])
def test_flattened_powers_of_ten_are_repaired_where_certain(flat: str, text: str) -> None:
    assert repair_flattened_powers(flat) == text


def test_openfda_and_tac_text_get_the_same_form() -> None:
    rec = {"set_id": "s1", "id": "i1", "version": "2", "effective_time": "20250101",
           "warnings_and_cautions": ["Do not start when platelet counts are less than 50 x 109/L."]}
    doc = openfda.record_to_document(rec, "x.json")
    assert doc.sections[0].text == "Do not start when platelet counts are less than 50 x 10^9/L."
    xml = (b'<?xml version="1.0"?><Label drug="EXAMPLEMAB"><Text><Section name="warnings and precautions" id="S2">'
           b"Mean RBC count fell by 0.03 x 106/mm3.</Section></Text></Label>")
    tac_doc = next(i for i in tac.read(xml, "EXAMPLEMAB.xml") if isinstance(i, Document))
    assert tac_doc.sections[0].text == "Mean RBC count fell by 0.03 x 10^6/mm3."
