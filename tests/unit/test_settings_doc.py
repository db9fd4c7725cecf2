"""docs/settings.md is generated from the Settings fields: CI fails when the two drift apart."""

from __future__ import annotations

import subprocess
import sys

from assistant.settings import Settings
from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "gen_settings_doc.py"


def test_settings_doc_is_current():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr or done.stdout


def test_every_setting_is_on_the_page_with_its_environment_variable():
    page = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"| `{name}` | `SENDRAFT_{name.upper()}` |" in page, name


def test_check_fails_on_a_stale_page(tmp_path, monkeypatch):
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import gen_settings_doc
    finally:
        sys.path.remove(str(SCRIPT.parent))
    stale = tmp_path / "settings.md"
    stale.write_text(gen_settings_doc.render().replace("Data directory", "Data folder"), encoding="utf-8")
    monkeypatch.setattr(gen_settings_doc, "TARGET", stale)
    monkeypatch.setattr(gen_settings_doc, "REPO", tmp_path)
    assert gen_settings_doc.main(["--check"]) == 1
    monkeypatch.setattr(gen_settings_doc, "TARGET", tmp_path / "fresh.md")
    assert gen_settings_doc.main([]) == 0
    assert gen_settings_doc.main(["--check"]) == 0
