"""`medbrief drug NAME` (issue 15 points 1, 5, 6) on a small store of real labels from the shared data (MEDBRIEF_DATA):
the tizanidine card (max 36 mg a day, start 2 mg), metformin with its combination kept apart, a drug found only in a
combination, two carvedilol labels of two products (tablets, extended-release capsules) never compared, and
the text at narrow and wide widths."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from rich.console import Console
from typer.testing import CliRunner

from medbrief import drug_service, pipeline
from medbrief.cli import app
from medbrief.errors import UnknownDrug
from medbrief.facts import FACT_TYPES
from medbrief.facts.card import SECTIONS, DrugCard, to_text
from medbrief.settings import Settings
from medbrief.store import Store
from tests.conftest import settings_of_shared_labels

pytestmark = pytest.mark.data

MEMBERS = {
    "cecf8f5fb8d54e460f633341fb95593d2644f58c.json": "tizanidine hydrochloride capsules",
    "15d0ef9c6f36b16582e318c9ea7d9f280d8cd3f7.json": "metformin hydrochloride tablets",
    "86d9f6fd2b83a5dab96f5a5641faf36938fd98a7.json": "JANUMET (sitagliptin and metformin)",
    "71819a3835c6437a7559833db56ed28e17494d4b.json": "APADAZ (benzhydrocodone and acetaminophen): combination only",
    "245dba0dfb8dc57c186b0a348f47789f512babc1.json": "carvedilol tablets: not to exceed 50 mg a day",
    "68de2ee6287db633d59d15cc9814aebe06e1967e.json": "carvedilol phosphate extended-release capsules: 80 mg a day",
}


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Store]]:
    settings = settings_of_shared_labels(tmp_path_factory, MEMBERS)
    store = pipeline.open_store(settings)
    yield settings, store
    store.close()


def card_of(store: Store, name: str) -> DrugCard:
    card = drug_service.drug_card_store(store, name)
    passages = store.db.passages_by_id(sorted({s.fact.passage_id for sec in card.sections for s in sec.statements}))
    for sec in card.sections:  # every quote is the exact span of a stored passage
        for s in sec.statements:
            assert passages[s.fact.passage_id].text[s.fact.start : s.fact.end] == s.fact.quote
    return card


def section(card: DrugCard, key: str) -> list[tuple[object, str | None, str | None]]:
    [sec] = [s for s in card.sections if s.key == key]
    return [(s.fact.value, s.fact.unit, s.fact.per) for s in sec.statements]


def test_tizanidine_card(real: tuple[Settings, Store]) -> None:
    card = card_of(real[1], "Zanaflex")  # a brand name (here from the drug lexicon) finds the ingredient
    e = card.entry
    assert card.query == "Zanaflex"
    assert e.canonical == "tizanidine" and not e.from_combinations and e.label_count == 1
    assert e.brand_names == ("Tizanidine hydrochloride",)  # the stored label's own brand field, nothing added
    assert e.routes == ("oral",) and e.dosage_forms == ("capsule",)
    assert e.uniis  # the openFDA record carries openfda.unii, recorded at this ingest
    assert e.first_date == e.last_date is not None
    assert (36, "mg", "day") in section(card, "max_dose")
    assert section(card, "max_dose")[0] == (36, "mg", "day")  # the amount's ceiling before the count of doses
    assert [(v, u) for v, u, _ in section(card, "starting_dose")] == [(2, "mg")]
    assert section(card, "titration")
    assert section(card, "renal") and section(card, "hepatic")
    assert card.absent == ["boxed_warning"]  # tizanidine has none: said as absent
    assert card.disagreements == ()  # one label disagrees with nobody


def test_metformin_card_keeps_the_combination_apart(real: tuple[Settings, Store]) -> None:
    card = card_of(real[1], "metformin")
    e = card.entry
    assert [r.title for r in e.labels] == ["Metformin Hydrochloride tablet"]
    assert "JANUMET" not in {b.upper() for b in e.brand_names}
    [combo] = e.combinations
    assert combo.canonical == "metformin and sitagliptin" and combo.brand_names == ("JANUMET",)
    ids = {r.doc_id for r in e.labels}
    assert all(s.fact.doc_id in ids for sec in card.sections for s in sec.statements)  # no fact of Janumet's
    text = to_text(card, 100)
    assert "Combination products (kept apart): metformin and sitagliptin (1 label)" in text
    # issue 15 trial: the under-18 "maximum of 2000 mg per day" is named only in the lead-in "Pediatric Dosage for
    # metformin hydrochloride tablets :" before it; it is the children's, after the adults' 2,550 mg
    [sec] = [s for s in card.sections if s.key == "max_dose"]
    maxima = [(s.fact.value, s.population) for s in sec.statements if s.fact.kind == "maximum"]
    assert maxima.index((2550, None)) < maxima.index((2000, "pediatric patients"))
    assert (2000, None) not in maxima
    assert "2000 mg per day — pediatric patients" in text
    d = card.to_dict()["sections"][0]["statements"]
    assert {(x["value"], x["population"], x["for_population"]) for x in d} >= {(2000, None, "pediatric patients")}


def test_combination_only_drug_card_says_so(real: tuple[Settings, Store]) -> None:
    card = card_of(real[1], "benzhydrocodone")
    assert card.entry.from_combinations
    assert [c.canonical for c in card.entry.combinations] == ["acetaminophen and benzhydrocodone"]
    assert section(card, "boxed_warning")  # the opioid combination's boxed warning
    text = to_text(card, 80)
    assert "No label of benzhydrocodone alone is stored: shown from combination labels" in text


def test_carvedilol_tablets_and_extended_release_capsules_do_not_disagree(real: tuple[Settings, Store]) -> None:
    # the capsules' openFDA dosage form is "capsule"; their own text says extended-release (issue 15 trial)
    card = card_of(real[1], "carvedilol")
    assert card.entry.label_count == 2
    assert {(v, u, p) for v, u, p in section(card, "max_dose")} >= {(50, "mg", "day"), (80, "mg", "day")}
    assert card.disagreements == ()
    text = to_text(card, 100)
    assert "Labels disagree" not in text
    # 8.1 has a Risk Summary the fact reader finds no fact in: said as what the reader found, not about the label
    assert "pregnancy" in card.absent
    assert ("Pregnancy\n---------\n  None found by the fact reader in these labels (read section 8.1, Pregnancy, in "
            "the label).") in text
    assert "Not stated" not in text


def test_text_wraps_at_any_width(real: tuple[Settings, Store]) -> None:
    card = card_of(real[1], "tizanidine")
    for width in (40, 80, 100, 137):
        text = to_text(card, width)
        long_words = {w for w in text.split() if len(w) > width - 6}
        assert all(len(ln) <= width or ln.strip() in long_words or any(w in ln for w in long_words)
                   for ln in text.splitlines()), width
    one_line = to_text(card, 0)
    assert max(len(ln) for ln in one_line.splitlines()) > 137
    assert "“The maximum total daily dosage is 36 mg.”" in " ".join(to_text(card, 100).split())


def test_cli_drug_json_and_text(real: tuple[Settings, Store]) -> None:
    settings = real[0]
    runner = CliRunner()
    r = runner.invoke(app, ["drug", "tizanidine", "--json", "--db", str(settings.db_path)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert list(d) == ["schema", "query", "drug", "entry", "sections", "absent", "not_found", "disagreements"]
    assert d["schema"] == "medbrief.drug/1" and d["drug"] == "tizanidine"
    assert [s["key"] for s in d["sections"]] == [k for k, *_ in SECTIONS]
    assert {s["fact"] for sec in d["sections"] for s in sec["statements"]} <= set(FACT_TYPES)
    max_dose = d["sections"][0]
    assert max_dose["statements"][0]["value"] == 36 and max_dose["statements"][0]["per"] == "day"
    assert max_dose["statements"][0]["labels"] == [max_dose["statements"][0]["doc_id"]]
    assert d["absent"] == ["boxed_warning"]
    assert d["entry"]["label_count"] == 1 and d["entry"]["labels"][0]["set_id"]
    # piped: plain text at --width, no terminal codes
    t = runner.invoke(app, ["drug", "tizanidine", "--width", "60", "--db", str(settings.db_path)])
    assert t.exit_code == 0 and "\x1b[" not in t.stdout
    assert all(len(ln) <= 60 for ln in t.stdout.splitlines())
    assert "tizanidine — drug card" in t.stdout and "None found by the fact reader in these labels" in t.stdout
    bad = runner.invoke(app, ["drug", "flibbertonib", "--db", str(settings.db_path)])
    facts_bad = runner.invoke(app, ["facts", "--drug", "flibbertonib", "--db", str(settings.db_path)])
    assert bad.exit_code == facts_bad.exit_code == 2
    with pytest.raises(UnknownDrug):
        drug_service.drug_card_store(real[1], "flibbertonib")


def test_terminal_output_styled_and_wrapped(real: tuple[Settings, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the card is styled (bold headings) and wrapped at --width; NO_COLOR drops colour."""
    import io

    from medbrief import cli_drug

    buf = io.StringIO()

    def console(**kw: object) -> Console:
        return Console(file=buf, force_terminal=True, width=200, color_system="standard", **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_drug, "Console", console)
    r = CliRunner().invoke(app, ["drug", "tizanidine", "--width", "72", "--db", str(real[0].db_path)])
    assert r.exit_code == 0, r.output
    out = buf.getvalue()
    assert "\x1b[1m" in out  # bold
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert all(len(ln) <= 72 for ln in plain.splitlines())
    assert "Maximum dose" in plain and "36 mg per day" in plain


def test_facts_text_at_80_columns_keeps_quotes_readable(real: tuple[Settings, Store]) -> None:
    """`medbrief facts` at 80 columns: one fact per paragraph, the quote wrapped below it (the table it replaced
    squeezed the quote column to one word a line)."""
    r = CliRunner().invoke(app, ["facts", "--drug", "tizanidine", "--db", str(real[0].db_path)],
                           env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert all(len(ln) <= 80 for ln in lines)
    assert "  max_dose · maximum · 36 mg · per day" in lines
    quote_lines = [ln for ln in lines if ln.startswith("    ")]
    assert quote_lines and sum(len(ln.split()) for ln in quote_lines) / len(quote_lines) > 6  # not a word a line
    assert any("“The maximum total daily dosage is 36 mg.”" in ln for ln in lines)
    assert not any(ln != ln.rstrip() for ln in lines)  # no padding to the width
