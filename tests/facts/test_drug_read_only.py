"""`medbrief drug` on a store in a read-only folder (issue 15 trial point 4): the card is printed, and nothing is
written beside the store — no `<db>.facts` is made, and one already there is read, never changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from medbrief.cli import app
from medbrief.store import Store, facts_cache
from tests.conftest import read_only_mount, settings_of_shared_labels

pytestmark = pytest.mark.data

TIZANIDINE = {"cecf8f5fb8d54e460f633341fb95593d2644f58c.json": "tizanidine hydrochloride capsules"}




def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


def test_drug_card_in_a_read_only_folder_writes_nothing(tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = settings_of_shared_labels(tmp_path_factory, TIZANIDINE)
    db = Path(settings.db_path)
    with Store(db) as store:  # everything in the database file, as a copied store would be
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    facts = db.with_name(db.name + ".facts")
    facts.unlink(missing_ok=True)
    facts_cache.forget()  # the facts of this label are extracted (and would be written) in this run
    runner = CliRunner()
    with read_only_mount(db.parent) as ro:
        before = _listing(db.parent)
        r = runner.invoke(app, ["drug", "tizanidine", "--db", str(ro / db.name), "--width", "100"])
        assert r.exit_code == 0, r.output
        assert "36 mg per day" in r.stdout
        assert not facts.exists() and _listing(db.parent) == before
    # a writable folder gets the cache; in the read-only folder it is then read, never changed
    r = runner.invoke(app, ["drug", "tizanidine", "--db", str(db), "--json"])
    assert r.exit_code == 0 and facts.is_file()
    with read_only_mount(db.parent) as ro:
        before = _listing(db.parent)
        r = runner.invoke(app, ["drug", "tizanidine", "--db", str(ro / db.name), "--json"])
        assert r.exit_code == 0, r.output
        assert _listing(db.parent) == before


def test_check_names_the_facts_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    import json

    settings = settings_of_shared_labels(tmp_path_factory, TIZANIDINE)
    db = str(settings.db_path)
    runner = CliRunner()
    r = runner.invoke(app, ["check", "--db", db, "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["facts_cache"] is None  # no card built yet: no file
    facts_cache.forget()  # an earlier test's card of the same label is in this process's memory, not the file
    assert runner.invoke(app, ["drug", "tizanidine", "--db", db]).exit_code == 0
    r = runner.invoke(app, ["check", "--db", db, "--json"])
    fc = json.loads(r.stdout)["facts_cache"]
    assert fc == {"path": db + ".facts", "labels": 1}
    text = runner.invoke(app, ["check", "--db", db]).stdout
    assert "facts cache " in text and "1 labels' facts" in text and "deleting it is always safe" in text
