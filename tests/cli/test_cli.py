"""The CLI end to end on fixtures: ingest, search, stats, ask, schema, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief.cli import app

runner = CliRunner()


def _ingest(db: Path, *paths: Path, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    res = runner.invoke(app, ["ingest", "--db", str(db), "--json", *extra, *map(str, paths)])
    return res.exit_code, json.loads(res.stdout)


def test_ingest_search_stats_roundtrip(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "m.db"
    code, report = _ingest(db, fixtures / "openfda", fixtures / "pubmed", fixtures / "fhir")
    assert code == 0
    assert report["added"] > 0 and report["documents_by_tier"]["label"] >= 2
    assert any("truncated" in s["origin"] for s in report["skipped"])  # broken fixtures are reported, not fatal
    code, again = _ingest(db, fixtures / "openfda", fixtures / "pubmed", fixtures / "fhir")
    assert code == 0 and again["added"] == 0 and again["updated"] == 0 and again["passages_written"] == 0

    stats = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert set(stats) >= {"documents", "passages", "sources", "db", "size_bytes"}
    assert set(stats["documents"]) == {"guideline", "label", "research"}

    res = runner.invoke(app, ["search", "--db", str(db), "--json", "-k", "3", 'dose "unbalanced (AND*'])
    assert res.exit_code == 0
    hits = json.loads(res.stdout)["hits"]
    assert all({"doc_id", "section", "score", "snippet"} <= set(h) for h in hits)


def test_strict_makes_skips_an_error(tmp_path: Path, fixtures: Path) -> None:
    code, report = _ingest(tmp_path / "m.db", fixtures / "openfda", extra=("--strict",))
    assert report["skipped"] and code == 1


def test_missing_store_exits_3(tmp_path: Path) -> None:
    res = runner.invoke(app, ["search", "--db", str(tmp_path / "none.db"), "x"])
    assert res.exit_code == 3
    assert "medbrief ingest" in res.stderr


def test_ask_json_validates_and_empty_question_is_a_usage_error(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "m.db"
    _ingest(db, fixtures / "openfda", fixtures / "pubmed")
    res = runner.invoke(app, ["ask", "--db", str(db), "--json", "What is the maximum dose of tizanidine?"])
    assert res.exit_code == 0, res.stdout + res.stderr
    brief = json.loads(res.stdout)
    assert [s["tier"] for s in brief["sections"]] == ["guideline", "label", "research"]
    res = runner.invoke(app, ["ask", "--db", str(db), "   "])
    assert res.exit_code == 2 and "empty" in res.stderr and "Traceback" not in res.stdout + res.stderr


def test_schema_is_the_shipped_one() -> None:
    from medbrief.brief import generated_schema

    res = runner.invoke(app, ["schema"])
    assert json.loads(res.stdout) == json.loads(json.dumps(generated_schema()))


def test_the_shipped_schema_is_a_valid_json_schema() -> None:
    """Checked here, not in every process that validates a brief (`brief._validator` skips the metaschema check)."""
    import jsonschema

    from medbrief.brief import shipped_schema

    schema = shipped_schema()
    jsonschema.validators.validator_for(schema).check_schema(schema)
    broken = {**schema, "properties": {"sections": {"type": "no-such-type"}}}
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validators.validator_for(broken).check_schema(broken)


def test_ask_validates_the_brief_it_prints_as_json_only(tmp_path: Path, fixtures: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`medbrief ask --json` checks the brief against the schema; markdown and text output skip the check (and the
    jsonschema import): a cold `ask` is 0.02-0.05 s faster (issue 16.4)."""
    from medbrief import brief as brief_module

    db = tmp_path / "m.db"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(fixtures / "openfda")]).exit_code == 0
    checked: list[dict] = []
    monkeypatch.setattr(brief_module, "VALIDATE_EVERY_BRIEF", False)
    monkeypatch.setattr(brief_module, "validate", checked.append)
    for args, n in ((["--format", "text"], 0), ([], 0), (["--json"], 1), (["--format", "json"], 2)):
        res = runner.invoke(app, ["ask", "--db", str(db), "What is baclofen used for?", *args])
        assert res.exit_code == 0, res.output
        assert len(checked) == n, args
    assert checked[0]["sections"]


def test_cli_imports_only_the_public_surface() -> None:
    src = (Path(__file__).resolve().parents[2] / "src" / "medbrief" / "cli.py").read_text()
    for private in ("sqlite3", "tantivy", "from .store", "from .compose", "from .sources", "from .retrieve"):
        assert private not in src


def test_free_text_is_skipped_unless_asked_then_read_as_guideline(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "m.db"
    md = next((fixtures / "freetext").glob("*.md"))
    code, report = _ingest(db, md)  # nothing ingestible: the report, then exit 1 (issue 16; was 0)
    assert code == 1 and report["added"] == 0 and report["skipped"][0]["reason"].startswith("free text")
    code, report = _ingest(db, md, extra=("--as", "guideline", "--body", "NICE", "--year", "2023"))
    assert code == 0 and report["documents_by_tier"] == {"guideline": 1}
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["documents"]["guideline"] == 1 and "NICE" in stats["sources"]
    res = runner.invoke(app, ["ingest", "--db", str(db), "--as", "guideline", str(md)])
    assert res.exit_code == 2  # --body is required


def test_a_bad_setting_in_the_environment_is_one_line_not_a_traceback(tmp_path: Path, fixtures: Path) -> None:
    # Found by a fresh user: MEDBRIEF_LOCK_TIMEOUT=abc gave `ingest` a ConfigError traceback.
    for args in (["ingest", "--db", str(tmp_path / "m.db"), str(fixtures / "openfda")], ["info"],
                 ["stats", "--db", str(tmp_path / "m.db")]):
        res = runner.invoke(app, args, env={"MEDBRIEF_LOCK_TIMEOUT": "abc"})
        assert res.exit_code == 1 and "MEDBRIEF_LOCK_TIMEOUT='abc' is not a number" in res.stderr, res.output
        assert res.exception is None or isinstance(res.exception, SystemExit)
