"""Write `splits.yaml`: each page's set, genre, split (dev|test), and the sha256 and length of its saved text.

The split is by document, so all of a page's questions fall on one side. The 16 pages of the
original web suite (`set: web`) are dev: rules were tuned on them. Every other page
(`set: public`) is split at random with `random.Random(2026)`, within each genre (genres in
name order, files in name order, shuffled; the odd one out goes to the side with fewer pages so
far, dev on a tie), so every genre is on both sides. A page that already has a split in
`splits.yaml` keeps it: rerunning never moves a page, it only places new pages and refreshes
sha256/chars from the texts on disk (null when a text is missing).

    python evals/webpages/assign_splits.py pages.tsv   # file<TAB>kind<TAB>genre<TAB>url, new pages
    python evals/webpages/assign_splits.py             # refresh sha256/chars only
"""

from __future__ import annotations

import hashlib
import random
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.yaml"
SPLITS = HERE / "splits.yaml"
SEED = 2026
GENRES = ("government", "parliamentary", "news", "union", "charity", "lawyer", "council", "parent_group", "sector")

HEADER = """\
# The evaluation split of the pages in manifest.yaml (which keeps only the fields ingestion reads:
# file, kind, source). Per page: set (web = the 16 pages of the original web suite, public = the
# pages added for issue 21), genre, split, and the sha256 and length in characters of the text the
# figures were measured on: the excerpt of each page stored by the search tool, saved as text
# (distinct excerpts of one page joined by a blank line). sha256/chars are null where no text was
# stored (four web pages the search tool no longer returned when the texts were saved again for
# issue 21). `python evals/webpages/rebuild.py --check` says for each file whether it is present and
# whether its sha256 is this one; a text fetched live from the address will differ, so figures
# measured on it are not comparable with ours.
# Genres: government, parliamentary, news, union, charity, lawyer, council, parent_group,
# sector (trainers and sector bodies). Split: web pages are dev; public pages were split at random
# by document (random.Random(2026), stratified by genre; see assign_splits.py). Only dev is read
# item by item; test is run at the end of a round and never tuned on.
"""


def text_facts(path: Path) -> tuple[str | None, int | None]:
    if not path.is_file():
        return None, None
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data.decode("utf-8"))


def assign(new_by_genre: dict[str, list[str]], counts: dict[str, int]) -> dict[str, str]:
    """Pure: a split for each new file, seeded, stratified by genre."""
    rng = random.Random(SEED)
    out: dict[str, str] = {}
    for genre in sorted(new_by_genre):
        files = sorted(new_by_genre[genre])
        rng.shuffle(files)
        half = len(files) // 2
        for f in files[:half]:
            out[f] = "dev"
        for f in files[half:2 * half]:
            out[f] = "test"
        if len(files) % 2:
            side = "dev" if counts["dev"] <= counts["test"] else "test"
            out[files[-1]] = side
        for f in files:
            counts[out[f]] += 1
    return out


def main(argv: list[str]) -> int:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    existing = {e["file"]: e for e in (yaml.safe_load(SPLITS.read_text(encoding="utf-8")) or {}).get("documents", [])} \
        if SPLITS.is_file() else {}
    new_rows = []
    if argv:
        for line in Path(argv[0]).read_text(encoding="utf-8").splitlines():
            if line.strip():
                file, kind, genre, url = line.split("\t")
                if genre not in GENRES:
                    raise SystemExit(f"{file}: unknown genre {genre!r}")
                new_rows.append((file, kind, genre, url))
    listed = {d["file"] for d in manifest["documents"]}
    for file, kind, _, url in new_rows:
        if file not in listed:
            manifest["documents"].append({"file": file, "kind": kind, "source": url})
    genres = {**{f: e["genre"] for f, e in existing.items()}, **{f: g for f, _, g, _ in new_rows}}
    counts = {"dev": 0, "test": 0}
    for e in existing.values():
        if e.get("set") == "public":
            counts[e["split"]] += 1
    unplaced = defaultdict(list)
    for f, _, g, _ in new_rows:
        if f not in existing:
            unplaced[g].append(f)
    placed = assign(unplaced, counts)
    rows = []
    for doc in manifest["documents"]:
        f = doc["file"]
        old = existing.get(f, {})
        if f not in genres:
            raise SystemExit(f"{f}: no genre (give it in the TSV, or in splits.yaml)")
        sha, chars = text_facts(HERE / f)
        rows.append({"file": f, "set": old.get("set", "public"), "genre": genres[f],
                     "split": old.get("split") or placed[f], "sha256": sha, "chars": chars})
    MANIFEST.write_text(_manifest_text(manifest), encoding="utf-8")
    SPLITS.write_text(HEADER + yaml.safe_dump({"documents": rows}, sort_keys=False, allow_unicode=True, width=1000),
                      encoding="utf-8")
    by = defaultdict(int)
    for r in rows:
        by[(r["split"], r["genre"])] += 1
    for split in ("dev", "test"):
        print(split, sum(v for (s, _), v in by.items() if s == split),
              {g: by[(split, g)] for g in GENRES if by[(split, g)]})
    return 0


def _manifest_text(manifest: dict) -> str:
    """The manifest with its header comment kept (yaml.safe_dump drops comments)."""
    header = "".join(line + "\n" for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    lines = ["documents:"]
    for d in manifest["documents"]:
        lines += [f"  - file: {d['file']}", f"    kind: {d['kind']}", f"    source: \"{d['source']}\""]
    return header + "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
