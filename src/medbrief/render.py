"""Render a Brief as Markdown (terminal, files) - the same shape as the example brief."""

from __future__ import annotations

from .brief import Brief, Statement


def _cite(s: Statement) -> str:
    return "[" + ", ".join(str(n) for n in s.citations) + "]"


def _statement_line(s: Statement) -> str:
    extra = "; ".join(x for x in (s.grade, s.evidence) if x)
    return f"- {s.text} {_cite(s)}" + (f" *({extra})*" if extra else "")


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown: three tiers with facet headings, numbered citations, references, notes."""
    lines = [f"# {brief.question}", ""]
    if brief.drugs:
        lines += [f"*Drugs recognised: {', '.join(brief.drugs)}*", ""]
    for section in brief.sections:
        lines += [f"## {section.title}", ""]
        if not section.blocks:
            lines += ["*Nothing in the corpus for this tier (see notes).*", ""]
        for block in section.blocks:
            if block.heading:
                lines += [f"### {block.heading}", ""]
            lines += [_statement_line(s) for s in block.statements]
            lines.append("")
    if brief.notes:
        lines += ["## What the corpus lacks", ""] + [f"- {n}" for n in brief.notes] + [""]
    if brief.references:
        lines += ["## References", ""]
        for r in brief.references:
            bits = [r.title or r.doc_id, r.source]
            if r.tier == "label":
                bits += [x for x in (r.manufacturer, f"version {r.version}" if r.version else None, r.date) if x]
                if r.labels_agreeing and r.labels_agreeing > 1:
                    bits.append(f"{r.labels_agreeing} labels in the corpus share this text")
            elif r.tier == "guideline":
                bits += [x for x in (str(r.year) if r.year else r.date, r.grade and f"grade/category {r.grade}") if x]
            else:  # the publication date, or the year alone when that is all the source gives
                bits += [x for x in (r.date or (str(r.year) if r.year else None), r.study_type) if x]
            link = f" <{r.url}>" if r.url else ""
            lines.append(f"{r.n}. " + " · ".join(bits) + f" ({r.doc_id}){link}")
        lines.append("")
    lines.append(f"*Corpus: {brief.corpus.documents} documents, {brief.corpus.passages} passages"
                 + (f", built {brief.corpus.built}" if brief.corpus.built else "") + ".*")
    return "\n".join(lines) + "\n"
