"""Issue 16 point 8: the ingest summary's counts reconcile with `stats` (and so /health and a brief's footer).

An input holding an older version and a duplicate copy of a label must say so: records read = documents +
copies kept out, and the documents it names are the documents `stats` counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from medbrief.cli import app

runner = CliRunner()


def _label(set_id: str, version: str, text: str, name: str) -> str:
    return json.dumps({
        "set_id": set_id, "id": f"{set_id}-v{version}", "version": version, "effective_time": "20240102",
        "indications_and_usage": [f"INDICATIONS AND USAGE {text}"],
        "openfda": {"generic_name": [name.upper()], "brand_name": [name.title()], "route": ["ORAL"]},
    })


def _inputs(root: Path) -> Path:
    """Five label records of three documents: baclofen v3, an older v2 and a byte-identical duplicate of v3
    in other files; tizanidine and metformin once each."""
    d = root / "labels"
    d.mkdir()
    baclofen = "aaaa0000-0000-0000-0000-00000000000b"
    v3 = _label(baclofen, "3", "Baclofen is indicated for spasticity from multiple sclerosis.", "baclofen")
    (d / "a.jsonl").write_text(v3 + "\n" + _label("aaaa0000-0000-0000-0000-00000000000c", "1",
                               "Tizanidine is indicated for the management of spasticity.", "tizanidine") + "\n")
    (d / "b.jsonl").write_text(_label(baclofen, "2", "Baclofen is indicated for spasticity.", "baclofen") + "\n")
    (d / "c.jsonl").write_text(v3 + "\n" + _label("aaaa0000-0000-0000-0000-00000000000d", "1",
                               "Metformin is indicated for type 2 diabetes mellitus.", "metformin") + "\n")
    return d


def _summary(db: Path, src: Path) -> dict[str, int]:
    res = runner.invoke(app, ["ingest", "--db", str(db), str(src)])
    assert res.exit_code == 0, res.stdout + res.stderr
    text = " ".join(res.stdout.split())  # however the terminal wrapped it
    m = re.search(r"(\d+) records read from (\d+) files: (\d+) documents \((\d+) added, (\d+) updated, (\d+) "
                  r"unchanged\), (\d+) older versions and duplicate copies kept out", text)
    assert m, text
    held = re.search(r"the store now holds (\d+) documents, (\d+) passages", text)
    assert held, text
    keys = ("records", "files", "documents", "added", "updated", "unchanged", "kept_out")
    return {**dict(zip(keys, map(int, m.groups()), strict=True)),
            "store_documents": int(held.group(1)), "store_passages": int(held.group(2))}


def _stats(db: Path) -> dict:
    res = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.stdout + res.stderr
    return dict(json.loads(res.stdout))


def test_ingest_summary_counts_equal_stats(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    db = tmp_path / "m.db"
    first = _summary(db, src)
    stats = _stats(db)
    stored = sum(stats["documents"].values())
    assert stored == 3
    assert first == {"records": 5, "files": 3, "documents": 3, "added": 3, "updated": 0, "unchanged": 0,
                     "kept_out": 2, "store_documents": 3, "store_passages": sum(stats["passages"].values())}
    assert first["records"] == first["documents"] + first["kept_out"]

    again = _summary(db, src)  # nothing new: the same documents, all unchanged, the same copies kept out
    assert again == {**first, "added": 0, "unchanged": 3}
    assert sum(_stats(db)["documents"].values()) == again["store_documents"] == again["documents"]


def test_ingest_json_report_reconciles(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    db = tmp_path / "m.db"
    res = runner.invoke(app, ["ingest", "--db", str(db), "--json", str(src)])
    report = json.loads(res.stdout)
    assert report["records"] == 5 and report["documents"] == 3 and report["copies_kept_out"] == 2
    assert report["documents_changed"] == {"added": 3, "updated": 0, "unchanged": 0}
    # per record: the duplicate copy is `unchanged` or `kept_existing`, the older version `kept_newer` (or it
    # came first and v3 then `updated` it), so the record counts alone cannot reconcile with the store
    assert report["added"] + report["updated"] + report["unchanged"] + report["kept_newer"] \
        + report["kept_existing"] == 5
    assert report["store"]["documents"] == sum(_stats(db)["documents"].values()) == 3


def test_a_later_newer_version_in_one_input_counts_as_one_updated_document(tmp_path: Path) -> None:
    """Stored v2, then one input with v2 again and v3: one document, updated; one copy kept out."""
    d = tmp_path / "in"
    d.mkdir()
    sid = "aaaa0000-0000-0000-0000-00000000000e"
    v2 = _label(sid, "2", "Baclofen is indicated for spasticity.", "baclofen")
    (d / "a.jsonl").write_text(v2 + "\n")
    db = tmp_path / "m.db"
    _summary(db, d)
    (d / "b.jsonl").write_text(_label(sid, "3", "Baclofen is indicated for spasticity in adults.", "baclofen")
                               + "\n")
    second = _summary(db, d)
    assert (second["records"], second["documents"], second["updated"], second["unchanged"], second["kept_out"]) \
        == (2, 1, 1, 0, 1)
    assert second["store_documents"] == sum(_stats(db)["documents"].values()) == 1


def test_passages_written_and_replaced_in_one_run_add_up_to_what_the_store_holds(tmp_path: Path) -> None:
    """An older version read before a newer one in the same input: its passages are written, then replaced, and the
    summary says so, so 'passages written' minus 'replaced again' is what the store gained (a fresh user saw 99,773
    written against 99,203 held, unexplained)."""
    d = tmp_path / "in"
    d.mkdir()
    sid = "aaaa0000-0000-0000-0000-00000000000f"
    (d / "a.jsonl").write_text(_label(sid, "2", "Baclofen is indicated for spasticity.", "baclofen") + "\n")
    (d / "b.jsonl").write_text(_label(sid, "3", "Baclofen is indicated for spasticity in adults.", "baclofen") + "\n")
    res = runner.invoke(app, ["ingest", "--db", str(tmp_path / "m.db"), str(d)])
    text = " ".join(res.stdout.split())
    written = int(re.search(r"([\d,]+) passages written", text).group(1).replace(",", ""))
    again = re.search(r"([\d,]+) of them replaced again later in this run", text)
    held = int(re.search(r"the store now holds \d+ documents, ([\d,]+) passages", text).group(1).replace(",", ""))
    assert again is not None, text
    assert written - int(again.group(1).replace(",", "")) == held
