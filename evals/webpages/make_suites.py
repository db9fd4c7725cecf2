"""Write evals/suites/public-dev.yaml and public-test.yaml from manifest.yaml and splits.yaml.

Each suite's corpus is the explicit list of its split's pages, so a page can never be in both
and the lists never drift from the split (rerun this after changing splits.yaml; `--check`
fails when the committed suites differ from what it would write, or when web.yaml's corpus is
not the 16 web pages).

- public-dev: Q&A (qa-public-dev.jsonl) on the dev pages whose text our figures were measured
  on (every dev page with a recorded sha256: the dev public pages and the web pages the search
  tool still stored); and Q&A on the original web set (qa-web.jsonl) on its own corpus, the 16
  web pages, as web.yaml runs it: on the larger dev corpus some of its unanswerable questions
  would be answered (which councils are in the Safety Valve programme, for one).
- public-test: Q&A (qa-public-test.jsonl) on the test pages. Run it at the end of a round;
  never read its items to change a rule or a prompt.

    python evals/webpages/make_suites.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SUITES = REPO / "evals" / "suites"
REL = "evals/webpages"


def pages() -> list[dict]:
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    splits = {e["file"]: e for e in yaml.safe_load((HERE / "splits.yaml").read_text(encoding="utf-8"))["documents"]}
    return [{**d, **splits[d["file"]]} for d in manifest]


def paths_block(files: list[str], indent: str) -> str:
    return "\n".join(f"{indent}- {REL}/{f}" for f in files)


def suite_texts(docs: list[dict]) -> dict[str, str]:
    """Pure: the two suites' YAML from the pages' split, set and recorded sha256."""
    dev = sorted(d["file"] for d in docs if d["split"] == "dev" and d.get("sha256"))
    test = sorted(d["file"] for d in docs if d["split"] == "test")
    web = sorted(d["file"] for d in docs if d["set"] == "web")
    unrecorded = sorted(d["file"] for d in docs if d["split"] == "dev" and not d.get("sha256"))
    head = "# Written by evals/webpages/make_suites.py from webpages/manifest.yaml and splits.yaml: do not edit.\n"
    dev_text = head + f"""name: public-dev
description: >-
  Q&A on the dev half of the public pages about SEND policy in England ({len(dev)} pages: the dev
  public pages and the web pages whose stored text our figures use; {len(unrecorded)} web pages with no
  stored text are left out), 80 questions of eight kinds, 22 unanswerable; and the original web set's
  24 questions on its own 16 pages. Dev: read item by item, tune on it.
corpus:
  paths:
{paths_block(dev, "    ")}
tasks:
  - task: qa
    dataset: evals/datasets/qa-public-dev.jsonl
  - task: qa
    name: qa-web
    dataset: evals/datasets/qa-web.jsonl
    corpus:
      paths:
{paths_block(web, "        ")}
"""
    test_text = head + f"""name: public-test
description: >-
  Q&A on the test half of the public pages about SEND policy in England ({len(test)} pages, split at
  random by document from the dev half), 80 questions of eight kinds, 22 unanswerable. Test: run at
  the end of a round and report; never read its items to change a rule or a prompt.
corpus:
  paths:
{paths_block(test, "    ")}
tasks:
  - task: qa
    dataset: evals/datasets/qa-public-test.jsonl
"""
    return {"public-dev.yaml": dev_text, "public-test.yaml": test_text}


def main(argv: list[str]) -> int:
    docs = pages()
    texts = suite_texts(docs)
    problems = []
    web = {f"{REL}/{d['file']}" for d in docs if d["set"] == "web"}
    web_suite = yaml.safe_load((SUITES / "web.yaml").read_text(encoding="utf-8"))
    if set(map(str, web_suite["corpus"]["paths"])) != web:
        problems.append("web.yaml: its corpus is not the 16 web pages of splits.yaml (set: web)")
    for name, text in texts.items():
        path = SUITES / name
        for p in yaml.safe_load(text)["corpus"]["paths"]:
            if Path(p).parts[:2] != ("evals", "webpages"):
                problems.append(f"{name}: {p} is not a page")
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                problems.append(f"{name}: differs from what make_suites.py writes (run it)")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    dev = set(yaml.safe_load(texts["public-dev.yaml"])["corpus"]["paths"])
    test = set(yaml.safe_load(texts["public-test.yaml"])["corpus"]["paths"])
    if dev & test:
        problems.append(f"pages in both suites: {sorted(dev & test)}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
