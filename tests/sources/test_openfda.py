"""openFDA drug label reader: envelope, JSON Lines and broken fixtures, and the real cache zip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, SkippedRecord
from medbrief.sources import openfda
from medbrief.sources.loinc import LABEL_SECTIONS, OPENFDA_FIELD_CODES


def _items(path: Path) -> list:
    return list(openfda.read(path.read_bytes(), str(path)))


def test_loinc_maps_cover_the_core_sections() -> None:
    for code in ("34067-9", "34068-7", "34066-1", "34070-3", "43685-7", "34071-1", "42232-9", "34084-4",
                 "34073-7", "34090-1", "43679-0", "43682-4", "43681-6", "43684-0", "42228-7", "77290-5",
                 "34080-2", "34081-0", "34082-8", "34088-5", "43678-2", "34069-5", "34089-3", "34092-7",
                 "42227-9", "34076-0", "42229-5", "51945-4", "43683-2", "34091-9", "88828-9", "88829-7"):
        assert code in LABEL_SECTIONS
    assert OPENFDA_FIELD_CODES["indications_and_usage"] == "34067-9"
    assert OPENFDA_FIELD_CODES["warnings_and_cautions"] == "43685-7"
    assert set(OPENFDA_FIELD_CODES.values()) <= set(LABEL_SECTIONS)


def test_envelope_records(fixtures: Path) -> None:
    path = fixtures / "openfda" / "api-envelope.json"
    assert openfda.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    assert all(isinstance(i, Document) for i in items)
    first, second = items
    assert first.id == "label:11111111-2222-3333-4444-555555555555"
    assert first.tier == "label"
    assert first.source == "openFDA"
    assert first.title == "Zanaflex (tizanidine hydrochloride) capsule"
    assert first.url == "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=11111111-2222-3333-4444-555555555555"
    assert first.date == "2025-01-31"
    assert first.version == "12"
    assert first.drugs == ("tizanidine",)
    assert first.meta["spl_id"] == "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    assert first.meta["brand_names"] == ["Zanaflex"]
    assert first.meta["generic_names"] == ["TIZANIDINE HYDROCHLORIDE"]
    assert first.meta["substance_names"] == ["TIZANIDINE HYDROCHLORIDE"]
    assert first.meta["manufacturer"] == "Example Pharma Inc."
    assert first.meta["route"] == ["ORAL"]
    assert first.meta["product_type"] == "HUMAN PRESCRIPTION DRUG"
    assert first.meta["effective_time"] == "20250131"
    assert first.meta["rxcui"] == ["197625", "1243"]
    # record order kept; a table after its text field, table-only field converted; unknown field keeps its name
    assert [(s.code, s.name) for s in first.sections] == [
        ("34066-1", "Boxed Warning"),
        ("34067-9", "Indications and Usage"),
        ("34068-7", "Dosage and Administration"),
        ("34068-7", "Dosage and Administration (tables)"),  # its tables, read from the HTML after the flattened text
        ("34070-3", "Contraindications"),
        ("34084-4", "Adverse Reactions"),
        ("34084-4", "Adverse Reactions (tables)"),
        ("34092-7", "Clinical Studies"),
        ("43679-0", "Mechanism of Action"),
        ("some_new_field", "Some new field"),
    ]
    dosage = first.sections[2].text
    assert dosage == (
        "2 DOSAGE AND ADMINISTRATION Recommended starting dose: 2 mg every 6 to 8 hours. "
        "Maximum total daily dosage is 36 mg.\n2.3 Renal Impairment Use lower individual doses."
    )
    assert first.sections[3].text == "Dose | 2 mg"  # one row: no header told, so no pipe table
    assert first.sections[7].text == "| Study | Patients |\n| --- | --- |\n| Study 1 | 264 |"
    assert "<table>" not in " ".join(s.text for s in first.sections)

    # no openfda block: names from spl_product_data_elements, form from the package label
    assert second.id == "label:99999999-8888-7777-6666-555555555555"
    assert second.title == "Lioresal (baclofen) injection"
    assert second.drugs == ("baclofen",)
    assert second.meta["openfda_missing"] is True
    assert second.meta["route"] == []
    assert second.meta["manufacturer"] is None


def test_json_lines_with_bad_records(fixtures: Path) -> None:
    path = fixtures / "openfda" / "labels.jsonl"
    assert openfda.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, SkippedRecord)]
    assert [d.id for d in docs] == [
        "label:aaaa0000-0000-0000-0000-000000000001",
        "label:dddd0000-0000-0000-0000-000000000004",
    ]
    assert docs[0].drugs == ("metformin",)
    assert docs[1].date == "2024-01"
    assert [s.position for s in skipped] == ["line 2", "line 3"]
    assert "no set_id" in skipped[0].reason and str(path) in skipped[0].reason
    assert "bad JSON" in skipped[1].reason


def test_single_record_and_bare_list() -> None:
    rec = {"set_id": "s-1", "id": "i-1", "effective_time": "20200101", "version": "1",
           "indications_and_usage": ["Indicated for pain."], "openfda": {"generic_name": ["IBUPROFEN"]}}
    one = list(openfda.read(json.dumps(rec).encode(), "one.json"))
    assert [d.id for d in one] == ["label:s-1"]
    assert one[0].title == "IBUPROFEN"
    listed = list(openfda.read(json.dumps([rec, {"id": "x"}]).encode(), "list.json"))
    assert isinstance(listed[0], Document)
    assert isinstance(listed[1], SkippedRecord) and listed[1].position == "[1]"


def test_truncated_json_raises(fixtures: Path) -> None:
    path = fixtures / "openfda" / "truncated.json"
    with pytest.raises(ParseError, match=r"truncated\.json"):
        _items(path)


def test_not_utf8_raises() -> None:
    with pytest.raises(ParseError, match=r"bad\.json"):
        list(openfda.read(b'{"set_id": "\xff"}', "bad.json"))


def test_sniff_rejects_other_formats(fixtures: Path) -> None:
    for rel in ("spl/tizanidine-spl.xml", "tac/ZANAFLEX.xml", "pubmed/articleset.xml"):
        path = fixtures / rel
        if path.exists():
            assert not openfda.sniff(path.read_bytes()[:65536], path.name), rel
    assert not openfda.sniff(b'{"id": "guideline-1", "title": "x", "clean_text": "y"}', "g.jsonl")


def test_real_openfda_cache_zip(data_dir: Path) -> None:
    zpath = data_dir / "labels" / "openfda_luckygood" / "openfda-drug-label-cache.zip"
    if not zpath.exists():
        pytest.skip(f"{zpath} not found")
    with zipfile.ZipFile(zpath) as zf:
        names = zf.namelist()
        assert len(names) == 1258
        chosen = [
            *names[:50],
            "cecf8f5fb8d54e460f633341fb95593d2644f58c.json",  # tizanidine hydrochloride capsules
            "86a63a188088b0f74b93c248040c3dac30017abd.json",  # atorvastatin calcium
        ]
        docs: list[Document] = []
        for name in chosen:
            data = zf.read(name)
            assert openfda.sniff(data[:65536], name), name
            items = list(openfda.read(data, f"{zpath.name}!{name}"))
            assert len(items) == 1 and isinstance(items[0], Document), name
            docs.extend(items)
    for doc in docs:
        assert doc.id.startswith("label:") and doc.tier == "label" and doc.source == "openFDA"
        assert doc.date and len(doc.date) == 10 and doc.version
        assert doc.drugs, doc.id
        assert not any("<table" in s.text for s in doc.sections)
    with_core = [d for d in docs if {"34067-9", "34068-7"} <= {s.code for s in d.sections}]
    assert len(with_core) >= 45
    tiz = next(d for d in docs if d.drugs == ("tizanidine",))
    assert tiz.id == "label:22ea819a-2aaa-44e0-a350-258541b11220"
    assert tiz.meta["route"] == ["ORAL"]
    dosage = next(s for s in tiz.sections if s.code == "34068-7")
    assert "36 mg" in dosage.text
    codes = [s.code for s in tiz.sections]
    assert codes.index("34067-9") < codes.index("34068-7") < codes.index("34084-4")
    ator = next(d for d in docs if d.drugs == ("atorvastatin",))
    assert ator.id == "label:56a9e58f-567e-30cc-e063-6294a90a290f"
    assert ator.date == "2026-07-15"
    assert ator.title == "Atorvastatin Calcium tablet"
    assert "34067-9" in {s.code for s in ator.sections}


def test_openfda_unii_recorded() -> None:
    rec = {"set_id": "11111111-0000-0000-0000-000000000001", "effective_time": "20250131",
           "dosage_and_administration": ["The maximum total daily dosage is 36 mg."],
           "openfda": {"generic_name": ["TIZANIDINE HYDROCHLORIDE"], "substance_name": ["TIZANIDINE HYDROCHLORIDE"],
                       "unii": ["B53E3NMY5C"], "rxcui": ["197625"]}}
    assert openfda.record_to_document(rec).meta["unii"] == ["B53E3NMY5C"]
    rec["openfda"] = {"generic_name": ["TIZANIDINE HYDROCHLORIDE"]}  # a record without the field: nothing guessed
    assert openfda.record_to_document(rec).meta["unii"] == []


def test_openfda_unii_of_a_real_record(data_dir: Path) -> None:
    zpath = data_dir / "labels" / "openfda_luckygood" / "openfda-drug-label-cache.zip"
    with zipfile.ZipFile(zpath) as z:
        data = z.read("000694b096f33126696af906c8a59c463706f7dc.json")
    [doc] = [i for i in openfda.read(data, "pralidoxime.json") if isinstance(i, Document)]
    assert doc.meta["substance_names"] == ["PRALIDOXIME CHLORIDE"]
    assert doc.meta["unii"] == ["38X7XS076H"]
