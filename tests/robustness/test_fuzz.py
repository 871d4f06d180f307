"""Property-based fuzzing: every reader, fed mutated real-format fixture bytes, yields records or
SkippedRecords or raises medbrief's SourceError - never any other exception. The question parser
takes any text and returns a Question or raises InvalidQuestion."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medbrief.errors import InvalidQuestion, SourceError
from medbrief.records import Deletion, Document, SkippedRecord
from medbrief.retrieve.drugs import DrugDictionary
from medbrief.retrieve.question import Question, analyse
from medbrief.sources import READER_MODULES, SNIFF_BYTES, detect, freetext, readers
from tests.conftest import FIXTURES

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.stat().st_size < 200_000)
JUNK = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b">", b"&", b"&lol;", b"]]>", b"<!--", b'"', b"\\", b"{", b"}",
        b"[", b"]", b",", b"\n", b"\r\n", b"\t", b"\xc3", b"\xe9", b"\x80", b"PMID- ", b"AB  - ", b"<![CDATA[",
        b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b'"set_id": ', b"null", b"1e999", b"-0",
        b'"resourceType": "Bundle"', b"\x1f\x8b", b"PK\x03\x04"]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Truncations, byte flips, inserted junk and deleted slices of real-format bytes."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
        n = len(out)
        at = draw(st.integers(0, max(n - 1, 0)))
        if kind == "truncate":
            del out[at:]
        elif kind == "flip" and n:
            out[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            junk = draw(st.sampled_from(JUNK) | st.binary(min_size=1, max_size=16))
            out[at:at] = junk
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif kind == "duplicate":
            out[at:at] = out[at : at + draw(st.integers(1, 256))]
    return bytes(out)


def _drain(reader, data: bytes, origin: str) -> None:  # type: ignore[no-untyped-def]
    try:
        for item in reader.read(data, origin):
            assert isinstance(item, Document | Deletion | SkippedRecord), type(item)
            if isinstance(item, Document):
                assert item.id and item.tier in ("guideline", "label", "research")
                assert all(isinstance(s.text, str) for s in item.sections)
    except SourceError:
        pass


@pytest.mark.parametrize("name", READER_MODULES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_reader_survives_mutated_fixtures(name: str, sample: Path) -> None:
    """The sample's own reader and every other reader: readers must not trust the sniffer."""
    reader = next(r for r in readers() if name == r.NAME or r.__name__.endswith(f".{name}"))
    data = sample.read_bytes()

    @FUZZ
    @given(mutated(data))
    def run(blob: bytes) -> None:
        _drain(reader, blob, f"{sample.name}(mutated)")

    own = detect(data[:SNIFF_BYTES], sample.name)
    if own is None or own.NAME != reader.NAME:
        # foreign format: one unmutated and a few mutated runs are enough
        _drain(reader, data, sample.name)
        settings(max_examples=10, deadline=None)(given(mutated(data))(lambda blob: _drain(reader, blob, "x")))()
        return
    run()


@FUZZ
@given(st.binary(max_size=4096))
def test_detect_and_read_arbitrary_bytes(blob: bytes) -> None:
    reader = detect(blob[:SNIFF_BYTES], "input")
    if reader is not None:
        _drain(reader, blob, "input")


@FUZZ
@given(st.sampled_from([p for p in SAMPLES if p.parent.name == "freetext"]).flatmap(lambda p: mutated(p.read_bytes())))
def test_free_text_guideline_reader(blob: bytes) -> None:
    try:
        for item in freetext.read_guideline(blob, "page", body="NICE", year=2020):
            assert isinstance(item, Document | SkippedRecord)
    except SourceError:
        pass


DICTIONARY = DrugDictionary([
    ("baclofen", "baclofen", "generic", 3), ("lioresal", "baclofen", "brand", 1),
    ("tizanidine", "tizanidine", "generic", 2), ("zanaflex", "tizanidine", "brand", 1),
    ("metformin", "metformin", "generic", 4),
])
QUESTION_WORDS = ["What", "is", "the", "max", "dose", "of", "baclofen", "Lioresal", "used", "for", "?", "renal",
                  "side effects", "pregnancy", "zanaflx", "withdrawal", "CDC", "USPSTF", "AND", "OR", "NOT", "\"",
                  "*", ":", "(", ")", "💊", "\x00", "\u202e", "ﬁ", "Ⅻ", "İ", "ß", "\ufeff", ""]


@FUZZ
@given(st.text(max_size=3000) | st.lists(st.sampled_from(QUESTION_WORDS), max_size=40).map(" ".join))
def test_question_parser_never_crashes(text: str) -> None:
    try:
        q = analyse(text, DICTIONARY)
    except InvalidQuestion as exc:
        assert str(exc)
        return
    assert isinstance(q, Question)
    assert q.text and len(q.text) <= 2000
    assert all(d.canonical in ("baclofen", "tizanidine", "metformin") for d in q.drugs)
    assert all(isinstance(t, str) and t for t in q.terms)
