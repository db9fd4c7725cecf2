"""Rebuild the page texts of evals/webpages/ from their addresses, or check the texts you have.

The texts are other people's, so only their addresses (manifest.yaml) and the sha256 and length
of the text our figures were measured on (splits.yaml) are in the repository. Those texts are
the excerpts our search tool stores, not the live pages, so a rebuilt text will not match the
recorded sha256: figures measured on it are not comparable with the README's, and `--check`
says so for each file.

    python evals/webpages/rebuild.py --check            # present? sha256 as recorded?
    python evals/webpages/rebuild.py                    # fetch the texts that are missing
    python evals/webpages/rebuild.py --split test       # only one split's pages
    python evals/webpages/rebuild.py --force FILE ...   # fetch again, overwriting those files

Fetching needs internet access and httpx; the main text is taken with BeautifulSoup (the
page's <main> or <article> when it has one, else <body>, without scripts, navigation, headers,
footers, forms and asides).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "iframe", "button")
USER_AGENT = "sendraft-eval-rebuild/1 (+https://www.gov.uk; research use)"


def load() -> list[dict]:
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    splits = {e["file"]: e for e in yaml.safe_load((HERE / "splits.yaml").read_text(encoding="utf-8"))["documents"]}
    return [{**d, **splits.get(d["file"], {})} for d in manifest]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main_text(html: str) -> str:
    """Pure: the readable main text of an HTML page, one block a line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(DROP):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body or soup
    lines = [" ".join(line.split()) for line in root.get_text("\n").splitlines()]
    text = "\n".join(line for line in lines if line)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def fetch(url: str) -> str:
    try:
        import httpx
    except ImportError:
        raise SystemExit("rebuilding needs httpx: pip install httpx") from None
    response = httpx.get(url, follow_redirects=True, timeout=30, headers={"User-Agent": USER_AGENT})
    response.raise_for_status()
    kind = response.headers.get("content-type", "")
    if "html" not in kind and "xml" not in kind and "text" not in kind:
        raise ValueError(f"not a web page ({kind or 'no content type'})")
    return main_text(response.text) if "html" in kind or "<html" in response.text[:2000].lower() else response.text


def check(docs: list[dict]) -> int:
    bad = 0
    for d in docs:
        path = HERE / d["file"]
        recorded = d.get("sha256")
        if not path.is_file():
            state = "missing"
            bad += 1
        elif recorded is None:
            state = "present; no sha256 recorded (the search tool stored no text for it)"
        elif sha256(path) == recorded:
            state = "ok (sha256 as recorded)"
        else:
            state = f"DIFFERENT text (sha256 {sha256(path)[:12]}, recorded {recorded[:12]}): figures not comparable"
            bad += 1
        print(f"{d.get('split', '?'):<5} {d['file']:<48} {state}")
    print(f"\n{len(docs) - bad} of {len(docs)} as recorded" if bad else f"\nall {len(docs)} as recorded (or unrecorded)")
    return 1 if bad else 0


def rebuild(docs: list[dict], force: set[str]) -> int:
    failed = 0
    for d in docs:
        path = HERE / d["file"]
        if path.is_file() and d["file"] not in force:
            continue
        try:
            text = fetch(d["source"])
        except Exception as exc:  # noqa: BLE001 - report every failure and go on
            print(f"{d['file']}: failed: {exc}")
            failed += 1
            continue
        path.write_text(text, encoding="utf-8")
        same = d.get("sha256") == sha256(path)
        print(f"{d['file']}: {len(text)} characters{'' if same else ' (not the recorded text: figures not comparable)'}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild or check the page texts of evals/webpages/.")
    parser.add_argument("--check", action="store_true", help="report each file: present, and sha256 as recorded")
    parser.add_argument("--split", choices=("dev", "test"), help="only this split's pages")
    parser.add_argument("--force", nargs="*", default=[], metavar="FILE", help="fetch these files again, overwriting them")
    args = parser.parse_args(argv)
    docs = [d for d in load() if args.split in (None, d.get("split"))]
    if args.check:
        return check(docs)
    return rebuild(docs, set(args.force))


if __name__ == "__main__":
    sys.exit(main())
