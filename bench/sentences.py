"""Sentence-boundary benchmark: medbrief's splitter against sentence-segmentation libraries on a hand-marked gold set.

    python bench/sentences.py --data ../shared/data [--write BENCHMARKS.md]
    python bench/sentences.py --gold-jsonl        # rewrite bench/sentences_gold.jsonl from the marked file

The gold set is bench/sentences_gold.txt: excerpts of the shared label and abstract passages, each boundary marked
by hand with ¦ (conventions at the top of that file); bench/sentences_gold.jsonl holds the same excerpts as
{"id", "traps", "text", "boundaries"} with the offsets. A boundary is the offset of the first character of every
sentence or segment that follows another one. Each splitter's segment starts (leading white space skipped, the
excerpt's own start left out) are compared with the gold offsets: precision, recall, F1 over all excerpts, and
the time to split the excerpts (median of 5 runs).

Splitters: medbrief now (`medbrief.compose.sentences.segments`), medbrief before this benchmark
(bench/_sentences_before.py, the splitter as it was), pySBD, sentencex, syntok, blingfire, and NLTK Punkt
trained on the shared passages (gold passages left out). Libraries that are not installed are skipped; install
them with `pip install pysbd sentencex syntok blingfire nltk`. Punkt is trained on the passages of a store
built from --data (`medbrief ingest --no-embed`, labels and pubmed; kept in --work between runs).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from environment import commit, machine  # bench/environment.py

HERE = Path(__file__).resolve().parent
GOLD_TXT = HERE / "sentences_gold.txt"
GOLD_JSONL = HERE / "sentences_gold.jsonl"
HELDOUT_TXT = HERE / "sentences_heldout.txt"  # marked after tuning, never tuned on
MARK = "¦"

Splitter = Callable[[str], list[int]]  # text -> start offsets of its segments


def parse_marked(path: Path = GOLD_TXT) -> list[dict[str, object]]:
    """Excerpts of the marked gold file: id, traps, text (marks removed) and boundary offsets."""
    items: list[dict[str, object]] = []
    head: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if head is None:
            return
        marked = "\n".join(lines).strip("\n")
        text, bounds = "", []
        for part in marked.split(MARK):
            if text:
                bounds.append(len(text))
            text += part
        pid, _, traps = head.partition(" | ")
        items.append({"id": pid.strip(), "traps": traps.strip(), "text": text, "boundaries": bounds})

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## "):
            flush()
            head, lines = line[3:], []
        elif head is not None:
            lines.append(line)
    flush()
    return items


def load_gold(path: Path = GOLD_JSONL) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _starts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """First non-space offset of each span."""
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if a < b:
            out.append(a)
    return out


def _locate(text: str, pieces: list[str]) -> list[int]:
    """Start offsets of split-off strings, found in order (for libraries that return strings only)."""
    out, pos = [], 0
    for piece in pieces:
        p = piece.strip()
        if not p:
            continue
        i = text.find(p, pos)
        if i < 0:  # a library that normalised the text: fall back to its first word
            i = text.find(p.split()[0], pos)
        if i < 0:
            continue
        out.append(i)
        pos = i + len(p)
    return out


def medbrief_now() -> Splitter:
    sys.path.insert(0, str(HERE.parent / "src"))
    from medbrief.compose.sentences import segments

    return lambda text: [s.start for s in segments(text)]


def medbrief_before() -> Splitter:
    import _sentences_before as old  # bench/_sentences_before.py: the splitter before this benchmark

    def split(text: str) -> list[int]:
        out = []
        for a, b in old._raw_spans(text):
            while a < b and text[a].isspace():
                a += 1
            if a >= b:
                continue
            out.append(a)
            t = old._trim_front(text, a, b)  # a trimmed heading: the sentence starts after it
            while t < b and text[t].isspace():
                t += 1
            if a < t < b:
                out.append(t)
        return out

    return split


def pysbd_splitter() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: [s.start for s in seg.segment(text)]


def sentencex_splitter() -> Splitter:
    from sentencex import segment

    return lambda text: _locate(text, list(segment("en", text)))


def syntok_splitter() -> Splitter:
    from syntok import segmenter

    def split(text: str) -> list[int]:
        out = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                for tok in sentence:
                    out.append(tok.offset)
                    break
        return out

    return split


def blingfire_splitter() -> Splitter:
    import blingfire

    def split(text: str) -> list[int]:
        _, offsets = blingfire.text_to_sentences_and_offsets(text)
        return _starts(text, [(a, b) for a, b in offsets])

    return split


def punkt_splitter(train_texts: list[str]) -> Splitter:
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train("\n\n".join(train_texts), finalize=True)
    tok = PunktSentenceTokenizer(trainer.get_params())
    return lambda text: _starts(text, list(tok.span_tokenize(text)))


def training_texts(data: Path, work: Path, gold_ids: set[str]) -> list[str]:
    """Passage texts of a lexical store built from the shared labels and abstracts (gold passages left out)."""
    db = work / "sentences-train.sqlite"
    if not db.exists():
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run(["medbrief", "ingest", "--db", str(db), "-q", "--no-embed",
                        str(data / "labels"), str(data / "pubmed")], check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(db)
    try:
        return [t for pid, t in con.execute("select id, text from passages") if pid not in gold_ids]
    finally:
        con.close()


def _norm(text: str, i: int) -> int:
    """A segment that starts at the '; ' of a MEDLINE export's '.; ' join starts after it (no splitter is blamed)."""
    while i < len(text) and text[i] in "; \t\n":
        i += 1
    return i


def score(split: Splitter, gold: list[dict[str, object]]) -> dict[str, float]:
    tp = fp = fn = 0
    for g in gold:
        text = str(g["text"])
        want = set(g["boundaries"])  # type: ignore[arg-type]
        got = {_norm(text, i) for i in split(text) if i > 0 and text[:i].strip()}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for g in gold:
            split(str(g["text"]))
        times.append(time.perf_counter() - t0)
    chars = sum(len(str(g["text"])) for g in gold)
    ms = statistics.median(times) * 1000
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f, "ms": ms,
            "kchars_per_s": chars / 1000 / (ms / 1000)}


def errors(split: Splitter, gold: list[dict[str, object]], limit: int = 40) -> list[str]:
    """Missed and spurious boundaries with some context, for tuning."""
    out = []
    for g in gold:
        text = str(g["text"])
        want = set(g["boundaries"])  # type: ignore[arg-type]
        got = {_norm(text, i) for i in split(text) if i > 0 and text[:i].strip()}
        for i in sorted(want - got):
            out.append(f"MISS {g['id']}: {text[max(0, i - 40):i]!r} | {text[i:i + 30]!r}")
        for i in sorted(got - want):
            out.append(f"XTRA {g['id']}: {text[max(0, i - 40):i]!r} | {text[i:i + 30]!r}")
    return out[:limit]


def version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as v

    try:
        return v(module)
    except PackageNotFoundError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--work", type=Path, default=Path("/tmp/medbrief-bench"))
    ap.add_argument("--gold-jsonl", action="store_true", help="rewrite sentences_gold.jsonl from the marked file")
    ap.add_argument("--errors", metavar="NAME", help="print the boundary errors of one splitter")
    ap.add_argument("--heldout", action="store_true", help="with --errors: on the held-out set")
    ap.add_argument("--write", type=Path, help="rewrite the sentence section of this BENCHMARKS.md")
    ap.add_argument("--only", help="run only the splitters whose name starts with this (e.g. medbrief)")
    args = ap.parse_args()

    if args.gold_jsonl:
        items = parse_marked()
        with GOLD_JSONL.open("w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
        print(f"{len(items)} excerpts, {sum(len(it['boundaries']) for it in items)} boundaries -> {GOLD_JSONL}")
        return 0

    gold = load_gold()
    heldout = parse_marked(HELDOUT_TXT)
    n_held = sum(len(g["boundaries"]) for g in heldout)  # type: ignore[arg-type]
    n_bound = sum(len(g["boundaries"]) for g in gold)  # type: ignore[arg-type]
    makers: list[tuple[str, str, Callable[[], Splitter]]] = [
        ("medbrief (this commit)", "", medbrief_now),
        ("medbrief before (fixed abbreviation list)", "", medbrief_before),
        ("pySBD", "pysbd", pysbd_splitter),
        ("sentencex", "sentencex", sentencex_splitter),
        ("syntok", "syntok", syntok_splitter),
        ("blingfire", "blingfire", blingfire_splitter),
    ]
    rows = []
    only = (args.only or args.errors or "").lower()
    makers = [m for m in makers if m[0].lower().startswith(only)]
    for name, dist, make in makers:
        try:
            split = make()
        except ImportError as e:
            print(f"skip {name}: {e}", file=sys.stderr)
            continue
        label = f"{name} {version(dist)}" if dist else name
        rows.append((label, split))
    try:
        if only and not "nltk punkt".startswith(only):
            raise ImportError("not asked for")
        import nltk  # noqa: F401

        texts = training_texts(args.data, args.work, {str(g["id"]) for g in gold})
        t0 = time.perf_counter()
        punkt = punkt_splitter(texts)
        train_s = time.perf_counter() - t0
        rows.append((f"NLTK Punkt {version('nltk')}, trained on {len(texts):,} shared passages ({train_s:.0f} s)",
                     punkt))
    except ImportError as e:
        print(f"skip Punkt: {e}", file=sys.stderr)

    if args.errors:
        for label, split in rows:
            if label.lower().startswith(args.errors.lower()):
                print("\n".join(errors(split, heldout if args.heldout else gold, limit=200)))
        return 0

    lines = [
        "## Sentence boundaries (`bench/sentences.py`)",
        "",
        f"Command: `python bench/sentences.py --data ../shared/data --write BENCHMARKS.md` · machine: {machine()} · "
        f"commit {commit()} · date: {time.strftime('%Y-%m-%d', time.gmtime())}",
        "",
        f"Gold set: `bench/sentences_gold.txt` / `.jsonl`, {len(gold)} excerpts of the shared label and abstract "
        f"passages with {n_bound} boundaries marked by hand before any splitter was tuned on them (the traps: "
        "mg./mL. at a real end and inside a sentence, i.v./b.i.d./q.d. before a number or a word, single capitals, "
        "(Fig. 1), (e.g./(i.e., et al., vs., approx./ca., decimals, No. before a number, label headings and "
        "subsection numbers, run-in subheadings, list items without full stops, lower-case sentence starts). "
        "A boundary counts when a splitter starts a segment at exactly the marked offset. Target: F1 >= 0.98. "
        "Two marks were added after the first measurement, where one excerpt did not follow the file's own "
        "list-item convention (highlights items after 'as:'; see git log).",
        "",
        f"The held-out set (`bench/sentences_heldout.txt`, {len(heldout)} excerpts, {n_held} boundaries) was marked "
        "the same way after medbrief's splitter had been tuned, from passages the gold set does not use. Its first "
        "measurement (medbrief 0.921) showed two general faults that were then fixed (run-in titles followed by a "
        "colon, 'resp.'); nothing else was tuned on it. Its last 8 excerpts (48 boundaries: Title Case run-in "
        "headings such as 'For Edema The usual ...', a citation glued after a full stop 'placebo.6 Among', "
        "flattened bullet lists and their lead-ins) were added when a tester found those kinds failing, marked by "
        "hand before the fix was run on them: the splitter before the fix scored 0.847 on them (0.898 on all 22), the "
        "fix at its first measurement 0.946 on all 22; three general faults it showed were then fixed ('[See ...]' "
        "written with a capital, 'from' inside a title, numbers inside a subsection title), giving 0.989 on the 8. "
        "Its remaining misses: three figure placeholders, 'Note:' after a caption, an 'as:' list item, and a "
        "run-in heading nested in a subsection title ('2.2 Dosage for Epilepsy ... Patients 12 Years of Age and "
        "Above', kept as one heading).",
        "",
        "| splitter | precision | recall | F1 | false / missed | held-out F1 | ms for the gold set | k chars/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, split in rows:
        s = score(split, gold)
        h = score(split, heldout)
        lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                     f"{s['fp']:.0f} / {s['fn']:.0f} | {h['f1']:.3f} | {s['ms']:.1f} | {s['kchars_per_s']:,.0f} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        "Reading: the libraries split general prose well, but none knows this text: they miss label headings, "
        "subsection titles and list items without full stops (most of their misses), split after 'mg.' inside a "
        "sentence or inside '(i) ... (ii)' enumerations, and keep 'mg. Abrupt' or 'vitamin K. Certain' together. "
        "medbrief keeps its own splitter (medbrief/sentences.py) with their ideas: pySBD's and Punkt's abbreviation "
        "classes (never-ending abbreviations, units, dotted dosing abbreviations, initials) decided by the token "
        "after the full stop (abbreviations of a limit or count, 'max.', 'approx.', 'no.', never end before a "
        "number), and no sentence end inside open brackets. Title Case run-in headings without a number ('For "
        "Edema', 'Anti-Viral Medications', 'Narcolepsy') are segments of their own when the word after them starts "
        "sentences (a determiner, preposition or imperative, or a noun such as 'Usual' not followed by a verb), so a "
        "capitalised subject with its verb ('Tizanidine Hydrochloride Tablets are') is never cut. "
        "It is fast enough for ingest and ask on 2 "
        "cores (the k chars/s column; a full brief splits well under a million characters). Its remaining misses "
        "are headings with no mark at all ('Check the SOGROYA flow with each new Pen If your Pen ...'), a figure "
        "left out of the text ('its structural formula is Its empirical formula') and a Q&A label after 'mg.' "
        "('8Q What should I do').",
    ]
    section = "\n".join(lines) + "\n"
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        begin, end = "<!-- sentences:begin -->", "<!-- sentences:end -->"
        block = f"{begin}\n{section}{end}"
        if begin in text:
            text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
