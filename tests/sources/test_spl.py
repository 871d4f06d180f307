"""DailyMed SPL XML reader: hand-written fixtures and the real shared SPL files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, SkippedRecord
from medbrief.sources import spl


def _doc(path: Path) -> Document:
    items = list(spl.read(path.read_bytes(), str(path)))
    assert len(items) == 1 and isinstance(items[0], Document)
    return items[0]


def test_spl_fixture(fixtures: Path) -> None:
    path = fixtures / "spl" / "tizanidine-spl.xml"
    assert spl.sniff(path.read_bytes()[:65536], path.name)
    doc = _doc(path)
    assert doc.id == "label:5e5e5e5e-6666-7777-8888-999999999999"
    assert doc.tier == "label"
    assert doc.source == "DailyMed"
    assert doc.url == "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=5e5e5e5e-6666-7777-8888-999999999999"
    # highlights boilerplate and "Initial U.S. Approval" removed
    assert doc.title == "ZANAFLEX® (tizanidine hydrochloride) tablets, for oral use"
    assert doc.version == "21"
    assert doc.date == "2024-05-10"
    assert doc.drugs == ("tizanidine",)
    assert doc.meta == {
        "set_id": "5e5e5e5e-6666-7777-8888-999999999999",
        "spl_id": "0f0f0f0f-1111-2222-3333-444444444444",
        "brand_names": ["Zanaflex"],
        "generic_names": ["tizanidine hydrochloride"],
        "substance_names": ["TIZANIDINE HYDROCHLORIDE"],
        "unii": ["B53E3NMY5C"],  # the active ingredient substance's code; the inactive lactose has none
        "manufacturer": "Example Pharmaceuticals LLC",
        "route": ["ORAL"],
        "dosage_form": "TABLET",
        "effective_time": "20240510",
        "document_type": "HUMAN PRESCRIPTION DRUG LABEL",
    }
    # nested sections separate, empty and package-label sections skipped, empty title -> LOINC name
    assert [(s.code, s.name) for s in doc.sections] == [
        ("34066-1", "WARNING: EXAMPLE BOXED WARNING"),
        ("34068-7", "2 DOSAGE AND ADMINISTRATION"),
        ("34068-7", "2.1 Recommended Dosage"),  # an unclassified subsection takes its parent's code
        ("88828-9", "Renal Impairment"),
    ]
    dosage, sub = doc.sections[1], doc.sections[2]
    assert dosage.text == (
        "2 DOSAGE AND ADMINISTRATION\n"
        "- Starting dose: 2 mg every 6 to 8 hours (2.1)\n"
        "- Maximum total daily dosage: 36 mg (2.1)"
    )
    assert "recommended starting dose" not in dosage.text  # subsection text stays in the subsection
    assert sub.text == (
        "2.1 Recommended Dosage\n"
        "The recommended starting dose is 2 mg. Increase by 2 mg to 4 mg steps.\n"
        "Table 1: Dose steps\n| Step | Dose |\n| --- | --- |\n| 1 | 2 mg |\n| 2 | 4 mg |"
    )
    assert doc.sections[3].text == "Use lower individual doses in renal impairment (CLcr < 25 mL/min)."
    assert all("NDC 0000" not in s.text for s in doc.sections)


def test_truncated_spl_raises(fixtures: Path) -> None:
    path = fixtures / "spl" / "truncated-spl.xml"
    assert spl.sniff(path.read_bytes()[:65536], path.name)
    with pytest.raises(ParseError, match=r"truncated-spl\.xml"):
        list(spl.read(path.read_bytes(), str(path)))


def test_wrong_root_and_missing_set_id() -> None:
    with pytest.raises(ParseError, match=r"x\.xml"):
        list(spl.read(b"<foo/>", "x.xml"))
    items = list(spl.read(b'<document xmlns="urn:hl7-org:v3"><title>t</title></document>', "n.xml"))
    assert isinstance(items[0], SkippedRecord) and "setId" in items[0].reason


def test_sniff_rejects_other_formats(fixtures: Path) -> None:
    for rel in ("openfda/api-envelope.json", "tac/ZANAFLEX.xml", "pubmed/articleset.xml"):
        path = fixtures / rel
        if path.exists():
            assert not spl.sniff(path.read_bytes()[:65536], path.name), rel
    assert not spl.sniff(b'SPL is an HL7 <document xmlns="urn:hl7-org:v3"> file', "notes.md")


def test_real_spl_files(data_dir: Path) -> None:
    labels = data_dir / "labels"
    paths = sorted((labels / "mateoportillo_fda_rag").glob("*.xml")) + sorted((labels / "spl_xml").rglob("*.xml"))
    if not paths:
        pytest.skip("no SPL files in shared data")
    blobs = [(str(p), p.read_bytes()) for p in paths]
    for zpath in sorted((labels / "spl_zip").glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            blobs += [(f"{zpath}!{n}", zf.read(n)) for n in zf.namelist() if n.endswith(".xml")]
    assert len(blobs) == 41
    docs: dict[str, Document] = {}
    for origin, data in blobs:
        assert spl.sniff(data[:65536], origin), origin
        items = list(spl.read(data, origin))
        assert len(items) == 1 and isinstance(items[0], Document), origin
        docs[Path(origin.split("!")[-1]).name] = items[0]
    for name, doc in docs.items():
        assert doc.title and doc.sections and doc.drugs and doc.version and doc.date, name
        assert not any(s.code == "51945-4" for s in doc.sections), name
        assert all(s.text.strip() for s in doc.sections), name

    ator = docs["atorvastatin.xml"]
    assert ator.id == "label:1272aada-9a5b-4397-bb65-9398927aa325"
    assert ator.version == "6" and ator.date == "2026-04-22"
    assert ator.drugs == ("atorvastatin",)
    assert "80 mg" in next(s for s in ator.sections if s.code == "34068-7").text

    orig, repack = docs["lipitor-orig.xml"], docs["lipitor-repack.xml"]
    assert orig.drugs == repack.drugs == ("atorvastatin",)
    assert orig.id != repack.id
    assert orig.title == "LIPITOR® (atorvastatin calcium) Tablets for oral administration"

    no_title = docs["no-title.xml"]
    assert no_title.title == "Haloperidol tablet"
    assert no_title.drugs == ("haloperidol",)

    assert docs["lisinopril.xml"].title == "LISINOPRIL tablets, for oral use"
    assert docs["naloxone.xml"].drugs == ("buprenorphine and naloxone",)
    assert docs["humira.xml"].drugs == ("adalimumab",)  # the kit's alcohol pad is not an ingredient
    assert docs["apixaban.xml"].meta["spl_id"] == "35ab1342-e927-4bd0-9020-628b859dfb38"
    assert docs["ab36b844-19de-4340-b32b-5e3abdaa5895.xml"].drugs == ("minoxidil",)
    assert docs["test.xml"].meta["manufacturer"] == "Bausch Health US, LLC"


def test_spl_unii_of_active_ingredient_substances(data_dir: Path) -> None:
    """The UNII codes of the active ingredient substances (code system 2.16.840.1.113883.4.9), as openFDA's
    openfda.unii: the salt or solvate as listed, not the active moiety, and never an inactive ingredient's."""
    labels = data_dir / "labels" / "mateoportillo_fda_rag"
    ator = _doc(labels / "atorvastatin.xml")
    assert ator.meta["substance_names"] == ["ATORVASTATIN CALCIUM PROPYLENE GLYCOL SOLVATE"]
    assert ator.meta["unii"] == ["YRZ789OWMI"]  # not the moiety A0JWA85V8F, nor the ten inactive ingredients'
    combo = _doc(labels / "naloxone.xml")
    assert combo.drugs == ("buprenorphine and naloxone",)
    assert combo.meta["unii"] == ["56W8MW3EN1", "5Q187997EE"]  # one per ingredient, in order


def test_spl_without_unii_codes_records_none(fixtures: Path) -> None:
    text = (fixtures / "spl" / "tizanidine-spl.xml").read_text()
    text = text.replace('<code code="B53E3NMY5C" codeSystem="2.16.840.1.113883.4.9"/>', "")
    items = list(spl.read(text.encode(), "no-unii.xml"))
    assert items[0].meta["unii"] == []
    assert items[0].meta["substance_names"] == ["TIZANIDINE HYDROCHLORIDE"]
