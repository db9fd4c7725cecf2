"""The README stays a short page for users, and its links into docs/ lead somewhere."""

from __future__ import annotations

import re

from tests.conftest import REPO

README = REPO / "README.md"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _links(path):
    return [m.group(1) for m in LINK.finditer(path.read_text(encoding="utf-8")) if "://" not in m.group(1)]


def test_readme_is_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_every_docs_link_in_the_readme_exists():
    links = [link for link in _links(README) if link.startswith("docs/")]
    assert links, "the README links into docs/"
    missing = [link for link in links if not (REPO / link).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_links_between_docs_pages_exist():
    missing = [f"{page.name} -> {link}" for page in sorted((REPO / "docs").glob("*.md"))
               for link in _links(page) if not (page.parent / link).resolve().exists()]
    assert not missing, f"broken links in docs/: {missing}"


def test_the_readme_gives_the_install_and_test_commands_ci_runs():
    text = README.read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for command in ('pip install -e ".[dev]"', "pytest"):
        assert re.search(rf"^{re.escape(command)}(\s|$)", text, re.MULTILINE), command
        assert re.search(rf"^{re.escape(command)}\s*$", ci, re.MULTILINE), command
