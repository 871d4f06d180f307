"""The drug dictionary entry of one canonical ingredient (issue 15 point 1), built from its stored label documents.

Pure: the caller (drug_service.py) reads the label documents; this module only gathers what their records state —
names, codes, routes, forms, manufacturers, dates — and keeps combination products apart. It lives beside the facts
(not in retrieve/drugs.py, which is the name recogniser loaded on every question) because the drug card builds on
both the entry and the facts and nothing on the search path needs it.

What no record states is not filled in: a store ingested before UNII codes were recorded has none, and the entry's
`uniis` is empty ("not recorded"), never looked up or guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class LabelRecord(Protocol):
    """What the entry reads of a stored label document (medbrief.records.Document and the store's documents)."""

    id: str
    title: str
    date: str | None
    version: str | None
    source: str
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LabelRef:
    """One label, as a citation: title, manufacturer, set id, version and date (ISO, from effective_time)."""

    doc_id: str
    title: str
    manufacturer: str | None
    set_id: str | None
    version: str | None
    date: str | None
    dosage_form: str | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "manufacturer": self.manufacturer,
                "set_id": self.set_id, "version": self.version, "date": self.date,
                "dosage_form": self.dosage_form, "source": self.source}


@dataclass(frozen=True, slots=True)
class Combination:
    """A combination product containing the ingredient: its canonical name ("metformin and sitagliptin") and its
    labels. Listed apart from the ingredient's own labels, never merged into them."""

    canonical: str
    labels: tuple[LabelRef, ...]
    brand_names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"canonical": self.canonical, "brand_names": list(self.brand_names), "label_count": len(self.labels),
                "labels": [r.to_dict() for r in self.labels]}


@dataclass(frozen=True, slots=True)
class DrugEntry:
    """The dictionary entry of one ingredient from its labels.

    Name lists keep each name once (case-insensitively; the spelling most labels use, the newest on a tie),
    sorted. `rxcuis`/`uniis` are the codes the records carry (empty: not recorded by any label).
    `routes`/`dosage_forms` are lower case. `labels` are the ingredient's own (single-ingredient) labels,
    newest first, or, when `from_combinations`, the combination labels the ingredient is only found in.
    `combinations` are the combination products containing it, apart."""

    canonical: str
    brand_names: tuple[str, ...]
    generic_names: tuple[str, ...]
    substance_names: tuple[str, ...]
    rxcuis: tuple[str, ...]
    uniis: tuple[str, ...]
    routes: tuple[str, ...]
    dosage_forms: tuple[str, ...]
    manufacturers: tuple[str, ...]
    labels: tuple[LabelRef, ...]
    from_combinations: bool = False
    combinations: tuple[Combination, ...] = field(default=())

    @property
    def label_count(self) -> int:
        return len(self.labels)

    @property
    def first_date(self) -> str | None:
        """The oldest label date (ISO), None when no label is dated."""
        dates = [r.date for r in self.labels if r.date]
        return min(dates) if dates else None

    @property
    def last_date(self) -> str | None:
        """The newest label date (ISO), None when no label is dated."""
        dates = [r.date for r in self.labels if r.date]
        return max(dates) if dates else None

    def to_dict(self) -> dict[str, Any]:
        """The `entry` object of `medbrief drug --json` (docs/drug.md)."""
        return {
            "canonical": self.canonical, "from_combinations": self.from_combinations,
            "brand_names": list(self.brand_names), "generic_names": list(self.generic_names),
            "substance_names": list(self.substance_names), "rxcui": list(self.rxcuis), "unii": list(self.uniis),
            "routes": list(self.routes), "dosage_forms": list(self.dosage_forms),
            "manufacturers": list(self.manufacturers), "label_count": self.label_count,
            "first_date": self.first_date, "last_date": self.last_date,
            "labels": [r.to_dict() for r in self.labels],
            "combinations": [c.to_dict() for c in self.combinations],
        }


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [" ".join(v.split()) for v in value if isinstance(v, str) and v.strip()]


def _names(values: Iterable[str]) -> tuple[str, ...]:
    """Each name once, case-insensitively, in the spelling most often given (on a tie the first given: the newest
    label's), sorted."""
    spellings: dict[str, Counter[str]] = {}
    for v in values:
        spellings.setdefault(v.casefold(), Counter())[v] += 1
    return tuple(sorted((c.most_common(1)[0][0] for c in spellings.values()), key=str.casefold))


def _lower(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({v.lower() for v in values}))


def label_ref(doc: LabelRecord) -> LabelRef:
    """The citation of one label document."""
    meta = doc.meta or {}
    form = meta.get("dosage_form")
    return LabelRef(doc_id=doc.id, title=doc.title, manufacturer=meta.get("manufacturer") or None,
                    set_id=meta.get("set_id") or None, version=doc.version, date=doc.date,
                    dosage_form=form.lower() if isinstance(form, str) and form.strip() else None, source=doc.source)


def _newest_first(docs: Iterable[LabelRecord]) -> list[LabelRecord]:
    # newest first, undated last, then by id so the order is stable
    docs = sorted(docs, key=lambda d: d.id)
    return sorted(docs, key=lambda d: d.date or "", reverse=True)


def drug_entry(canonical: str, labels: Iterable[LabelRecord],
               combinations: Mapping[str, Iterable[LabelRecord]] | None = None) -> DrugEntry:
    """The entry of `canonical` from its own label documents `labels`, with `combinations` (combination canonical
    name -> its label documents) listed apart. When `labels` is empty the entry is built from the combination
    labels (`from_combinations` True), so a drug found only in combinations still has names, forms and codes.

    ValueError when there is no label at all (the caller resolves the name first: UnknownDrug)."""
    own = _newest_first(labels)
    combos = {name: _newest_first(docs) for name, docs in sorted((combinations or {}).items())}
    combos = {name: docs for name, docs in combos.items() if docs}
    from_combinations = not own
    docs = own or _newest_first({d.id: d for ds in combos.values() for d in ds}.values())
    if not docs:
        raise ValueError(f"no label of {canonical!r}")
    metas = [d.meta or {} for d in docs]

    def every(key: str) -> list[str]:
        return [v for m in metas for v in _strings(m.get(key))]

    return DrugEntry(
        canonical=canonical,
        brand_names=_names(every("brand_names")),
        generic_names=_names(every("generic_names")),
        substance_names=_names(every("substance_names")),
        rxcuis=tuple(sorted(set(every("rxcui")), key=lambda c: (len(c), c))),
        uniis=tuple(sorted(set(every("unii")))),
        routes=_lower(every("route")),
        dosage_forms=_lower(every("dosage_form")),
        manufacturers=_names(every("manufacturer")),
        labels=tuple(label_ref(d) for d in docs),
        from_combinations=from_combinations,
        combinations=tuple(
            Combination(name, tuple(label_ref(d) for d in ds),
                        _names(v for d in ds for v in _strings((d.meta or {}).get("brand_names"))))
            for name, ds in combos.items()),
    )
