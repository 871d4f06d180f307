"""PubMed baseline/update files connector, the parts without a network: the NCBI FTP index page, file order,
which files are new, .md5 files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from medbrief.connectors import pubmed_baseline as pb

FTP = Path(__file__).resolve().parents[1] / "fixtures" / "connectors" / "pubmed_ftp"


def test_listing_baseline() -> None:
    files = pb.parse_listing((FTP / "baseline.html").read_bytes())
    assert [f.name for f in files] == ["pubmed25n0001.xml.gz", "pubmed25n0002.xml.gz", "pubmed25n0003.xml.gz"]
    assert all(f.has_md5 for f in files)
    assert [f.size for f in files] == ["19M", "17M", "16M"]


def test_listing_updates_ignores_stats_readme_parent() -> None:
    files = pb.parse_listing((FTP / "updatefiles.html").read_text())
    assert [f.name for f in files] == ["pubmed25n1275.xml.gz", "pubmed25n1276.xml.gz", "pubmed25n1277.xml.gz"]


def test_listing_file_without_md5_and_order() -> None:
    html = ('<a href="pubmed26n0002.xml.gz">pubmed26n0002.xml.gz</a>  2026-01-29 14:48   17M\n'
            '<a href="pubmed25n1500.xml.gz">pubmed25n1500.xml.gz</a>  2025-12-01 14:48   40M\n'
            '<a href="pubmed25n1500.xml.gz.md5">pubmed25n1500.xml.gz.md5</a> 2025-12-01 14:48   60\n')
    files = pb.parse_listing(html)
    # A new year's numbering restarts, yet sorts after the old year.
    assert [(f.name, f.has_md5) for f in files] == [("pubmed25n1500.xml.gz", True), ("pubmed26n0002.xml.gz", False)]
    assert pb.parse_listing("<html><body>Not Found</body></html>") == []


def test_choose_after_and_max() -> None:
    files = pb.parse_listing((FTP / "updatefiles.html").read_text())
    assert [f.name for f in pb.choose(files)] == [f.name for f in files]
    assert [f.name for f in pb.choose(files, "pubmed25n1275.xml.gz")] == ["pubmed25n1276.xml.gz",
                                                                          "pubmed25n1277.xml.gz"]
    assert [f.name for f in pb.choose(files, None, 2)] == ["pubmed25n1275.xml.gz", "pubmed25n1276.xml.gz"]
    assert pb.choose(files, "pubmed25n1277.xml.gz") == []
    # The last baseline file applied: every update file follows it.
    assert len(pb.choose(files, "pubmed25n1274.xml.gz")) == 3
    with pytest.raises(ValueError):
        pb.choose(files, "baseline-1")
    with pytest.raises(ValueError):
        pb.choose(files, None, 0)


def test_md5_formats() -> None:
    hexd = "5dfab57821dba99506ba2ee6c08fade9"
    assert pb.parse_md5(f"MD5(pubmed25n0001.xml.gz)= {hexd}\n", "pubmed25n0001.xml.gz") == hexd
    assert pb.parse_md5(f"{hexd.upper()}  pubmed25n0001.xml.gz\n".encode(), "pubmed25n0001.xml.gz") == hexd
    with pytest.raises(ValueError, match=r"pubmed25n0002\.xml\.gz"):
        pb.parse_md5(f"MD5(pubmed25n0002.xml.gz)= {hexd}", "pubmed25n0001.xml.gz")
    with pytest.raises(ValueError, match="no MD5"):
        pb.parse_md5("<html>404</html>", "pubmed25n0001.xml.gz")


def test_file_md5(tmp_path: Path) -> None:
    p = tmp_path / "x.gz"
    p.write_bytes(b"a" * 3_000_000)
    assert pb.file_md5(p, chunk=1 << 16) == hashlib.md5(b"a" * 3_000_000).hexdigest()


def test_request_text() -> None:
    assert pb.request_text(True, "pubmed25n1300.xml.gz", 5) == "updatefiles after=pubmed25n1300.xml.gz max=5"
    assert pb.request_text(False, None, None) == "baseline"
