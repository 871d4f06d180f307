"""E-utilities connector, the parts without a network: parameters, esearch/efetch parsing on REAL recorded NCBI
answers (Biopython's Tests/Entrez, under MEDBRIEF_DATA), the batch plan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from medbrief.connectors import eutils
from medbrief.settings import SourceSettings
from tests.conftest import shared_data


def entrez(name: str) -> bytes:
    path = shared_data() / "pubmed" / "xml" / "biopython_entrez" / name
    if not path.is_file():
        pytest.skip(f"recorded E-utilities answers not found at {path.parent} (set MEDBRIEF_DATA)")
    return path.read_bytes()


def test_esearch_with_history_reads_count_webenv_querykey() -> None:
    res = eutils.parse_esearch(entrez("esearch2.xml"))
    assert res.count == 42249
    assert res.webenv == "MCID_6927d6e7fee3e90f880ec190"
    assert res.query_key == "1"
    assert len(res.ids) == 100 and res.ids[0] == "41297076"
    assert res.errors == () and res.not_found == ()
    assert res.translation and "2025/09/27:2025/11/26[Date - Entry]" in res.translation


def test_esearch_without_history_has_no_webenv() -> None:
    res = eutils.parse_esearch(entrez("esearch1.xml"))
    assert (res.count, res.webenv, res.query_key) == (63, None, None)


def test_esearch_phrase_not_found_is_data_not_an_error() -> None:
    res = eutils.parse_esearch(entrez("esearch8.xml"))
    assert res.count == 0
    assert res.not_found == ("abcXYZ",)
    assert res.warnings == ("No items found.",)
    assert res.errors == ()


def test_esearch_error_element() -> None:
    data = b'<?xml version="1.0" ?><eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>'
    res = eutils.parse_esearch(data)
    assert res.errors == ("Invalid query",) and res.count == 0


def test_esearch_json_shape() -> None:
    # retmode=json: the same fields, lower-case, counts as strings (E-utilities' JSON output).
    data = json.dumps({"header": {"type": "esearch", "version": "0.3"}, "esearchresult": {
        "count": "63", "retmax": "0", "retstart": "0", "querykey": "1", "webenv": "MCID_abc", "idlist": [],
        "translationset": [], "querytranslation": "\"biopython\"[All Fields]",
        "errorlist": {"phrasesnotfound": ["zzqx"], "fieldsnotfound": []},
        "warninglist": {"phrasesignored": [], "quotedphrasesnotfound": [], "outputmessages": ["No items found."]},
    }}).encode()
    res = eutils.parse_esearch(data)
    assert (res.count, res.webenv, res.query_key) == (63, "MCID_abc", "1")
    assert res.not_found == ("zzqx",) and res.warnings == ("No items found.",)


def test_esearch_json_rate_limit_error() -> None:
    res = eutils.parse_esearch(b'{"error":"API rate limit exceeded","count":"11","limit":"10"}')
    assert res.errors == ("API rate limit exceeded",)


@pytest.mark.parametrize("data", [b"<html><body>502 Bad Gateway</body></html>", b"<eSearchResult><Count>6",
                                  b"", b"{not json"])
def test_esearch_garbage_is_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        eutils.parse_esearch(data)


def test_efetch_counts_records_and_newest_entrez_date() -> None:
    got = eutils.parse_efetch(entrez("pubmed2.xml"))
    assert got.records == 2
    assert got.pmids == ("11748933", "11700088")
    assert got.newest_entrez == date(2001, 12, 26)  # the larger of the two records' entrez dates
    assert eutils.parse_efetch(entrez("pubmed4.xml")).newest_entrez == date(2016, 11, 1)


def test_efetch_error_answer() -> None:
    data = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eFetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN"'
            b' "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n<eFetchResult>\n\t<ERROR>Unable to '
            b'obtain query #1</ERROR>\n</eFetchResult>\n')
    got = eutils.parse_efetch(data)
    assert got.records == 0 and got.error == "Unable to obtain query #1"


def test_efetch_truncated_is_value_error() -> None:
    data = entrez("pubmed1.xml")
    with pytest.raises(ValueError):
        eutils.parse_efetch(data[: len(data) // 2])


def test_params() -> None:
    assert eutils.esearch_params("baclofen spasticity") == {
        "db": "pubmed", "term": "baclofen spasticity", "usehistory": "y", "retmax": "0"}
    since = eutils.esearch_params("x", date(2024, 1, 5))
    assert (since["mindate"], since["maxdate"], since["datetype"]) == ("2024/01/05", "3000", "edat")
    assert eutils.efetch_params("MCID_1", "1", 400, 200) == {
        "db": "pubmed", "WebEnv": "MCID_1", "query_key": "1", "retstart": "400", "retmax": "200",
        "rettype": "abstract", "retmode": "xml"}


def test_fixed_params_and_rate() -> None:
    keyless = SourceSettings(cache_dir=Path("/tmp"))
    assert eutils.fixed_params(keyless) == {"tool": "medbrief"}
    assert eutils.per_second(keyless) == 3.0
    keyed = SourceSettings(cache_dir=Path("/tmp"), ncbi_api_key="k123", ncbi_email="a@b.org")
    assert eutils.fixed_params(keyed) == {"tool": "medbrief", "email": "a@b.org", "api_key": "k123"}
    assert eutils.per_second(keyed) == 10.0


@pytest.mark.parametrize(("count", "max_records", "batch", "plan"), [
    (0, 300, 200, []),
    (5, 300, 200, [(0, 5)]),
    (63, 300, 20, [(0, 20), (20, 20), (40, 20), (60, 3)]),
    (42249, 300, 200, [(0, 200), (200, 100)]),  # --max honoured: never more than max_records asked
    (400, 400, 200, [(0, 200), (200, 200)]),
    (10, 0, 200, []),
])
def test_plan_batches(count: int, max_records: int, batch: int, plan: list[tuple[int, int]]) -> None:
    assert eutils.plan_batches(count, max_records, batch) == plan


def test_request_text_and_fallback_cursor() -> None:
    assert eutils.request_text("baclofen spasticity", 300, date(2024, 1, 1)) == \
        'query="baclofen spasticity" max=300 since=2024-01-01'
    assert eutils.fallback_cursor(date(2026, 3, 1)) == date(2026, 2, 28)
