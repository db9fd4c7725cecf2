"""The shared deployment in real browsers: `sendraft ui --host 0.0.0.0` with its store on a
Chroma server and passwords from settings; ten editors sign in from ten browser sessions at
once and each adds a point to the same response. Every point is there afterwards, every
version records who saved it, and nothing reached beyond loopback."""

from __future__ import annotations

import asyncio
import os
import json
import re
import uuid

import pytest

from assistant.ingest.pipeline import Ingestor
from assistant.settings import Settings
from assistant.workspace.jobs import stop_workers
from assistant.workspace.service import Workspace
from assistant.workspace.signin import hash_password
from tests.conftest import SAMPLES
from tests.jobs import draft_and_wait
from tests.e2e.server import CHROMIUM, serve
from tests.e2e.test_browser import ARTEFACTS

pytestmark = pytest.mark.e2e
EDITORS = int(os.environ.get("SHARED_EDITORS", "10"))
PASSWORD = "the forum's long password"


async def _editor(browser, url: str, rid: str, n: int) -> str:
    from playwright.async_api import expect

    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(180_000)
    await page.goto(f"{url}/workspace?response={rid}")
    await page.get_by_role("textbox", name="Name").fill(f"editor{n}")
    await page.get_by_role("textbox", name="Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    try:
        await expect(page.get_by_text(f"Signed in as editor{n}")).to_be_visible(timeout=180_000)
        await page.locator("[data-testid='stButtonGroup'] button", has_text="Funding").first.click()
        await page.get_by_text("Add a point to Issues").click()
        point = page.get_by_label("Your point for Issues")
        await point.fill(f"A concern raised by editor {n} in a shared session")
        await point.press("Tab")  # committed on blur, before the form is sent
        await page.get_by_role("button", name="Add to Issues").click()
        await expect(page.locator("[data-testid='stMarkdownContainer']", has_text=f"raised by editor {n} in").first
                     ).to_be_visible(timeout=180_000)
    except Exception:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(ARTEFACTS / f"shared-editor{n}-failed.png"), full_page=True)
        raise
    body = await page.inner_text("body")
    await context.close()
    return body


async def _ten_editors(url: str, rid: str) -> list[str]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            return await asyncio.gather(*(_editor(browser, url, rid, n) for n in range(EDITORS)))
        finally:
            await browser.close()


def test_ten_signed_in_editors_on_a_chroma_server_lose_nothing(chroma_server, hash_embeddings, monkeypatch, tmp_path):
    users = json.dumps({f"editor{n}": hash_password(PASSWORD) for n in range(EDITORS)})
    collection = f"shared{uuid.uuid4().hex[:10]}"
    env = {"SENDRAFT_CHROMA_URL": chroma_server, "SENDRAFT_COLLECTION": collection, "SENDRAFT_AUTH_USERS": users,
           "SENDRAFT_LLM_PROVIDER": "fake", "SENDRAFT_EMBEDDING_MODEL": "hash"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SENDRAFT_HOME", str(tmp_path / "home"))
    ws = Workspace(Settings())
    Ingestor(ws.store).ingest([SAMPLES])
    (ws.settings.home / "samples-ingested").touch()
    rid = ws.create("The forum's shared response", None, None, "convenor").id
    draft_and_wait(ws, rid, ["funding"], "convenor")
    stop_workers()
    before = len(Workspace(Settings()).drafts.history(rid))

    with serve(tmp_path, env, host="0.0.0.0") as url:
        bodies = asyncio.run(_ten_editors(url, rid))
    for body in bodies:
        assert "Traceback" not in body

    draft, _ = Workspace(Settings()).drafts.current(rid)
    issues = [b.text for a in draft.areas if a.area_id == "funding" for b in a.issues]
    for n in range(EDITORS):
        assert sum(bool(re.search(rf"editor {n} in a shared", t)) for t in issues) == 1, issues
    added = [h.author for h in Workspace(Settings()).drafts.history(rid) if h.version > before]
    assert sorted(added) == sorted(f"editor{n}" for n in range(EDITORS))
