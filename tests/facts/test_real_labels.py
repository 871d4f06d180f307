"""Label facts on real label text from the shared data (MEDBRIEF_DATA): a small store of a few real records, read
through `medbrief facts` and its service the way users and other tools do."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief import facts_service, pipeline
from medbrief.cli import app
from medbrief.errors import UnknownDrug
from medbrief.facts import LabelFact
from medbrief.settings import Settings
from medbrief.store import Store
from tests.conftest import settings_of_shared_labels

pytestmark = pytest.mark.data

# openFDA records in the zip (member -> what it is)
MEMBERS = {
    "cecf8f5fb8d54e460f633341fb95593d2644f58c.json": "tizanidine hydrochloride capsules",
    "15d0ef9c6f36b16582e318c9ea7d9f280d8cd3f7.json": "metformin hydrochloride tablets",
    "7dc53bfc75e5aed7c429c1784f06325c5bf90b3c.json": "oxycodone hydrochloride tablets",
    "eaff19995cd39cf039d198cd8e9de14303c62bdc.json": "Advil (OTC Drug Facts)",
    "14e5876223381e0925a429c4724b681f76bb3661.json": "piperacillin/tazobactam (bulk-package notice as boxed warning)",
    "c16e09c6931adbee62ff76197f8df0c21fbc8a66.json": "budesonide inhalation (route notice as boxed warning)",
}
FILES = (
    "labels/mateoportillo_fda_rag/atorvastatin.xml",
    "labels/spl_xml/hafsaahmed614_xml_information/otc_2f8bbda5-0100-4d14-84b7-e5712f6dad6f.xml",  # OTC acetaminophen
)


@pytest.fixture(scope="module")
def real_labels(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Store]]:
    settings = settings_of_shared_labels(tmp_path_factory, MEMBERS, FILES)
    store = pipeline.open_store(settings)
    yield settings, store
    store.close()


def facts_for(store: Store, drug: str) -> list[LabelFact]:
    found = list(facts_service.facts_store(store, drug))
    texts = store.db.passages_by_id(sorted({f.passage_id for f in found}))
    for f in found:
        assert texts[f.passage_id].text[f.start : f.end] == f.quote, f
    return found


def of(found: list[LabelFact], fact: str, kind: str | None = None) -> list[LabelFact]:
    return [f for f in found if f.fact == fact and (kind is None or f.kind == kind)]


def test_tizanidine_max_36_mg_a_day_start_2_mg(real_labels: tuple[Settings, Store]) -> None:
    found = facts_for(real_labels[1], "tizanidine")
    maxima = {(f.value, f.unit, f.per) for f in of(found, "max_dose", "maximum")}
    assert (36, "mg", "day") in maxima
    assert maxima <= {(36, "mg", "day"), (3, "doses", "day")}  # nothing else (not the MRHD of animal studies)
    assert {(f.value, f.unit) for f in of(found, "starting_dose", "start")} == {(2, "mg")}
    assert any(f.value == [2, 4] and f.per == "1 to 4 days" for f in of(found, "starting_dose", "titration"))
    # renal: lower doses for CrCl < 25 mL/min; the Clinical Pharmacology sentence ("clearance ... reduced") is none
    renal = of(found, "renal")
    assert any("use lower individual doses" in f.quote for f in renal)
    assert not any("clearance of tizanidine was reduced" in f.quote for f in renal)
    assert {f.kind for f in of(found, "hepatic")} >= {"adjust"}
    assert of(found, "withdrawal", "taper")
    assert not of(found, "boxed_warning")  # tizanidine has none


def test_atorvastatin_10_to_80_mg_is_a_range_not_a_maximum(real_labels: tuple[Settings, Store]) -> None:
    found = facts_for(real_labels[1], "atorvastatin")
    assert any(f.value == [10, 80] and f.unit == "mg" and f.per == "day" for f in of(found, "max_dose", "range"))
    assert not any(f.value == 80 for f in of(found, "max_dose", "maximum"))
    assert {f.value for f in of(found, "max_dose", "maximum")} <= {20, 40}  # only the interaction ceilings
    assert all(f.population and f.population.startswith("patients taking")
               for f in of(found, "max_dose", "maximum"))
    assert {f.kind for f in of(found, "renal")} >= {"no_adjustment"}


def test_oxycodone_boxed_warning_topics(real_labels: tuple[Settings, Store]) -> None:
    found = of(facts_for(real_labels[1], "oxycodone"), "boxed_warning")
    assert found[0].kind == "present"
    topics = {f.value for f in found if f.kind == "topic"}
    assert topics >= {"addiction, abuse, and misuse", "respiratory depression", "accidental ingestion",
                      "neonatal opioid withdrawal syndrome", "concomitant benzodiazepines or CNS depressants",
                      "cytochrome P450 3A4 interaction", "REMS (restricted program)"}


def test_metformin_egfr_below_30_is_a_renal_contraindication(real_labels: tuple[Settings, Store]) -> None:
    found = facts_for(real_labels[1], "metformin")
    contra = of(found, "renal", "contraindicated")
    assert contra and all("30" in f.quote for f in contra)
    assert any("eGFR below 30" in f.quote or "eGFR less than 30" in f.quote for f in contra)
    assert of(found, "boxed_warning", "present")  # lactic acidosis
    assert {(f.value, f.unit, f.per) for f in of(found, "max_dose", "maximum")} == {(2550, "mg", "day"),
                                                                                    (2000, "mg", "day")}


def test_otc_do_not_take_more_than_6_in_24_hours(real_labels: tuple[Settings, Store]) -> None:
    acetaminophen = of(facts_for(real_labels[1], "acetaminophen"), "max_dose", "maximum")
    assert [(f.value, f.unit, f.per) for f in acetaminophen] == [(6, "caplets", "day")]
    assert acetaminophen[0].quote.startswith("do not take more than 6 caplets in 24 hours")
    advil = of(facts_for(real_labels[1], "Advil"), "max_dose", "maximum")
    assert [(f.value, f.unit, f.per) for f in advil] == [(6, "tablets", "day")]


@pytest.mark.parametrize("drug", ["piperacillin", "budesonide"])
def test_a_notice_in_the_boxed_warning_field_is_no_boxed_warning(real_labels: tuple[Settings, Store],
                                                                 drug: str) -> None:
    store = real_labels[1]
    ids = facts_service.label_ids(store, drug)
    assert ids and any(p.section_code == "34066-1" for i in ids for p in store.db.passages_of(i))
    assert of(facts_for(store, drug), "boxed_warning") == []


def test_cli_json_lines_schema_and_unknown_drug(real_labels: tuple[Settings, Store]) -> None:
    settings = real_labels[0]
    runner = CliRunner()
    r = runner.invoke(app, ["facts", "--drug", "tizanidine", "--json", "--db", str(settings.db_path)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows and all(list(row) == ["doc_id", "set_id", "fact", "value", "unit", "per", "population", "route_form",
                                      "kind", "passage_id", "start", "end", "quote"] for row in rows)
    assert {row["set_id"] for row in rows} == {"22ea819a-2aaa-44e0-a350-258541b11220"}
    assert any(row["fact"] == "max_dose" and row["kind"] == "maximum" and row["value"] == 36 for row in rows)
    table = runner.invoke(app, ["facts", "--drug", "Zanaflex", "--db", str(settings.db_path)])  # a brand name
    assert table.exit_code == 0 and "max_dose" in table.stdout
    bad = runner.invoke(app, ["facts", "--drug", "flibbertonib", "--db", str(settings.db_path)])
    assert bad.exit_code == 2
    assert "'flibbertonib' is not a drug in the corpus" in bad.stderr
    with pytest.raises(UnknownDrug):
        facts_service.facts(settings, "flibbertonib")


def test_all_labels_every_quote_is_its_span(real_labels: tuple[Settings, Store]) -> None:
    found = list(facts_service.facts_store(real_labels[1]))
    texts = real_labels[1].db.passages_by_id(sorted({f.passage_id for f in found}))
    assert len({f.doc_id for f in found}) == len(MEMBERS) + len(FILES)
    assert all(texts[f.passage_id].text[f.start : f.end] == f.quote and f.quote for f in found)


def test_pipeline_has_no_side_effects_on_the_store(real_labels: tuple[Settings, Store]) -> None:
    before = Path(real_labels[0].db_path).stat().st_size
    facts_service.facts(real_labels[0], "metformin")
    assert Path(real_labels[0].db_path).stat().st_size == before
