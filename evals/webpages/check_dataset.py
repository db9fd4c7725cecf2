"""Check the public Q&A sets against the saved page texts, and print what a person must look at.

For every item of evals/datasets/qa-public-dev.jsonl (split dev) and qa-public-test.jsonl (split
test), and of qa-web.jsonl (dev) with --with-web:

- the item has the QACase fields, a known kind, an id of its set (pub-dev-001 ...), and
  `answerable` agrees with the kind (only `unanswerable` items are unanswerable);
- an answerable item has evidence whose source is a page of manifest.yaml with the dataset's
  split in splits.yaml, whose text is saved; its quote occurs in that text (case, whitespace
  and typographic quotes ignored); and every gold string, every one of its `a|b` alternatives,
  occurs in the sentence(s) the quote is in (a `two_part` item has two gold strings, the others
  one); `where` starts with the source;
- an unanswerable item has no gold and no evidence; the check cannot prove that no page answers
  it, so it prints, for a person to read, the two pages of its split sharing most words with it;
- at least 25% of each set is unanswerable, and every page of a split is the source of at least
  one question of that split.

Then counts per kind and split. Exit status 1 when any check fails (missing texts included:
run rebuild.py first). Nothing here runs the product.

    python evals/webpages/check_dataset.py [--with-web] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parent / "datasets"
PUBLIC = {"dev": DATASETS / "qa-public-dev.jsonl", "test": DATASETS / "qa-public-test.jsonl"}
WEB = DATASETS / "qa-web.jsonl"
KINDS = ("figure", "date", "named", "org_said", "yes_no", "two_part", "paraphrase", "unanswerable")
MIN_UNANSWERABLE = 0.25
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
STOP = set("""a about after all also an and any are as at be been before being between both but by can could
did do does each for from had has have how if in into is it its many may more most much must no not
of on or our over same should since so some such than that the their them then there these they this
those through to under until up was we were what when where which while who whom whose why will with
would year years new per""".split())


def normalise(text: str) -> str:
    """As assistant.evals.metrics.normalise: case, whitespace and typographic quotes ignored."""
    return " ".join(text.translate(_QUOTES).lower().split())


def bare(text: str) -> str:
    """As the qa task's gold_present compares: normalised, pound signs dropped."""
    return normalise(text).replace("£", "")


_BULLET = re.compile(r"^\s*([-•*]|\d+[.)])\s")
_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


def sentences(text: str) -> list[str]:
    """Pure: the text's sentences. A blank line or a bullet starts a new one; a line break ends one
    unless the line runs on (the next line starts in lowercase, or the line ends in a lowercase
    letter, comma, semicolon, colon, dash or opening bracket and neither it nor the next line is a
    bullet); so does . ! or ? followed by space. Hard-wrapped lines join into one sentence."""
    blocks: list[str] = []
    current: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.strip():
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        if current and _BULLET.match(line):
            blocks.append(" ".join(current))
            current = []
        current.append(line.strip())
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        lower_next = bool(re.match(r"\s*[a-z]", nxt))
        runs_on = lower_next or (bool(re.search(r"[a-z,;:(\-–—]$", line.strip()))
                                 and not _BULLET.match(current[0]) and not _BULLET.match(nxt))
        if not runs_on:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    out: list[str] = []
    for block in blocks:
        out += [s for s in _END.split(block) if s.strip()]
    return out


def quote_sentence(text: str, quote: str) -> str | None:
    """Pure: the normalised sentence(s) the quote is in, or None when the quote is not in the text."""
    sents = [normalise(s) for s in sentences(text)]
    joined, spans, pos = "", [], 0
    for s in sents:
        spans.append((pos, pos + len(s)))
        joined += s + " "
        pos += len(s) + 1
    needle = normalise(quote)
    at = joined.find(needle)
    if at < 0:
        return None
    end = at + len(needle)
    return " ".join(s for s, (a, b) in zip(sents, spans) if a < end and b > at)


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][a-z0-9',.%-]*[a-z0-9%]|[a-z0-9]", normalise(text).replace("'s", ""))
            if w not in STOP and len(w) > 2}


def load_pages() -> dict[str, dict]:
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    splits = {e["file"]: e for e in yaml.safe_load((HERE / "splits.yaml").read_text(encoding="utf-8"))["documents"]}
    pages = {}
    for doc in manifest:
        meta = splits.get(doc["file"])
        if meta is None:
            raise SystemExit(f"splits.yaml has no entry for {doc['file']}")
        path = HERE / doc["file"]
        pages[Path(doc["file"]).stem] = {**doc, **meta, "path": path,
                                         "text": path.read_text(encoding="utf-8") if path.is_file() else None}
    return pages


def check_set(name: str, path: Path, split: str, pages: dict, public: bool, quiet: bool) -> tuple[list[str], list[dict]]:
    problems: list[str] = []
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = Counter(i.get("id") for i in items)
    problems += [f"{name}: id {k} used {v} times" for k, v in ids.items() if v > 1]
    split_pages = {stem: p for stem, p in pages.items() if p["split"] == split and p["text"] is not None}
    page_words = {stem: words(p["text"]) for stem, p in split_pages.items()}
    for n, item in enumerate(items, 1):
        where = f"{name}:{n} {item.get('id')}"
        missing = {"id", "question", "answerable", "where"} - set(item)
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
            continue
        kind = item.get("kind")
        if public:
            if not str(item["id"]).startswith(f"pub-{split}-"):
                problems.append(f"{where}: id should start pub-{split}-")
            if kind not in KINDS:
                problems.append(f"{where}: kind {kind!r} is not one of {KINDS}")
            elif item["answerable"] != (kind != "unanswerable"):
                problems.append(f"{where}: answerable={item['answerable']} but kind={kind}")
        if not item["answerable"]:
            if item.get("gold") or item.get("evidence"):
                problems.append(f"{where}: an unanswerable item has gold or evidence")
            q = words(item["question"])
            near = sorted(((len(q & w), stem) for stem, w in page_words.items()), reverse=True)[:2]
            if not quiet:
                print(f"  unanswerable {item['id']}: {item['question']}")
                for shared, stem in near:
                    print(f"      {stem} shares {shared}: {', '.join(sorted(q & page_words[stem]))}")
                print(f"      why none: {item['where']}")
            continue
        gold, evidence = item.get("gold") or [], item.get("evidence")
        if not gold or not evidence:
            problems.append(f"{where}: answerable without gold or evidence")
            continue
        if public and len(gold) != (2 if kind == "two_part" else 1):
            problems.append(f"{where}: {kind} has {len(gold)} gold strings")
        source = evidence.get("source", "")
        page = pages.get(source)
        if page is None:
            problems.append(f"{where}: source {source!r} is not in manifest.yaml")
            continue
        if page["split"] != split:
            problems.append(f"{where}: source {source} is {page['split']}, the set is {split}")
        if not str(item["where"]).startswith(source):
            problems.append(f"{where}: where should start with the source {source}")
        if page["text"] is None:
            problems.append(f"{where}: no text saved for {page['file']} (run rebuild.py)")
            continue
        sentence = quote_sentence(page["text"], evidence.get("quote", ""))
        if sentence is None:
            problems.append(f"{where}: quote not in {page['file']}: {evidence.get('quote')!r}")
            continue
        for g in gold:
            for alt in g.split("|"):
                if bare(alt) not in bare(sentence):
                    problems.append(f"{where}: gold {alt!r} is not in the quote's sentence: {sentence[:160]!r}")
    if public:
        unanswerable = sum(1 for i in items if not i.get("answerable"))
        if items and unanswerable / len(items) < MIN_UNANSWERABLE:
            problems.append(f"{name}: {unanswerable} of {len(items)} unanswerable, below {MIN_UNANSWERABLE:.0%}")
        used = {(i.get("evidence") or {}).get("source") for i in items}
        unused = sorted(stem for stem, p in pages.items() if p["split"] == split and p["set"] == "public" and stem not in used)
        problems += [f"{name}: no question uses the {split} page {stem}" for stem in unused]
    return problems, items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-web", action="store_true", help="also check qa-web.jsonl (dev)")
    parser.add_argument("--quiet", action="store_true", help="do not list the unanswerable items")
    args = parser.parse_args(argv)
    pages = load_pages()
    missing = sorted(p["file"] for p in pages.values() if p["text"] is None)
    problems: list[str] = []
    counts: dict[str, Counter] = defaultdict(Counter)
    for split, path in PUBLIC.items():
        print(f"{path.name} ({split})")
        found, items = check_set(path.name, path, split, pages, public=True, quiet=args.quiet)
        problems += found
        counts[split].update(i.get("kind") for i in items)
    if args.with_web:
        print(f"{WEB.name} (dev)")
        found, _ = check_set(WEB.name, WEB, "dev", pages, public=False, quiet=args.quiet)
        problems += found
    print("\nquestions per kind and split")
    print(f"  {'kind':<14}" + "".join(f"{s:>7}" for s in counts))
    for kind in KINDS:
        print(f"  {kind:<14}" + "".join(f"{counts[s][kind]:>7}" for s in counts))
    print(f"  {'total':<14}" + "".join(f"{sum(counts[s].values()):>7}" for s in counts))
    for s in counts:
        total = sum(counts[s].values())
        print(f"  {s}: {counts[s]['unanswerable']}/{total} unanswerable ({counts[s]['unanswerable'] / max(total, 1):.0%})")
    by = Counter((p["split"], p["genre"]) for p in pages.values())
    print("\npages per split and genre (set web + public)")
    for s in ("dev", "test"):
        print(f"  {s}: {sum(v for (x, _), v in by.items() if x == s)} " +
              ", ".join(f"{g} {v}" for (x, g), v in sorted(by.items()) if x == s))
    if missing:
        print(f"\n{len(missing)} texts not saved: {', '.join(missing)}")
    if problems:
        print(f"\n{len(problems)} problems:")
        for p in problems:
            print("  " + p)
        return 1
    print("\nall checks pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
