"""The workspace as the UI and the CLI use it: responses, their edits, drafting jobs, exports.

An edit is saved at once with its citations' quotes checked (pure, instant) and marked
unverified; the verifier's judgement follows as a background job that records the verdict
without bumping the bullet's revision, so it never causes a conflict. A drafting job saves
each area as it finishes, merged into whatever the editors have saved meanwhile.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from assistant.errors import SendraftError
from assistant.models import Citation, ResponseDraft
from assistant.settings import Settings
from assistant.text import quote_in_passage
from assistant.workspace import operations as ops
from assistant.workspace.jobs import JobContext, JobInfo, Jobs, ensure_worker
from assistant.workspace.store import DraftStore, ResponseInfo


class Workspace:
    def __init__(self, settings: Settings, store=None) -> None:
        self.settings = settings
        self._store = store
        self.drafts = DraftStore(settings.home)
        self.jobs = Jobs(settings)

    @cached_property
    def store(self):
        from assistant.store import Store

        return self._store or Store(self.settings)

    def framework_order(self) -> list[str]:
        return [a.id for a in self.store.framework.areas]

    # -- responses ---------------------------------------------------------------------------

    def responses(self) -> list[ResponseInfo]:
        """Every response, after importing drafts the CLI saved since the last look."""
        self.drafts.import_drafts(self.settings.home / "drafts")
        return self.drafts.responses()

    def create(self, title: str, policy_ids: list[str] | None, focus: str | None, author: str) -> ResponseInfo:
        title = " ".join((title or "").split())
        if not title:
            raise SendraftError("give the response a title")
        empty = ResponseDraft(title=title, created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), areas=[])
        return self.drafts.create(empty, author, policy_ids=policy_ids or [], focus=(focus or "").strip() or None)

    def apply(self, response_id: str, change, author: str) -> tuple[ResponseDraft, int]:
        return self.drafts.apply(response_id, change, author)

    # -- edits that touch citations ------------------------------------------------------------

    def _quotes_checked(self, citations: list[Citation]) -> list[Citation]:
        passages = self.store.catalog.passages_by_id([c.passage_id for c in citations])
        out = []
        for c in citations:
            found = c.passage_id in passages and quote_in_passage(c.quote, passages[c.passage_id].text)
            out.append(c.model_copy(update={"quote_found": found, "verdict": "unverified" if found else "quote_not_found"}))
        return out

    def edit(self, response_id: str, bullet_id: str, rev: int | None, text: str, author: str,
             citations: list[Citation] | None = None) -> tuple[ResponseDraft, int]:
        """Save new text now; its citations are verified against it by a background job."""
        draft, _ = self.drafts.current(response_id)
        kept = citations if citations is not None else ops.locate(draft, bullet_id).bullet.citations
        checked = self._quotes_checked(kept)
        saved = self.drafts.apply(response_id, lambda d: ops.edit(d, bullet_id, rev, text, checked), author)
        self._verify_later(response_id, bullet_id)
        return saved

    def add(self, response_id: str, area_id: str, section: str, text: str, author: str,
            passage_id: str | None = None, quote: str | None = None) -> tuple[ResponseDraft, int, str]:
        """A human point; with a passage and quote, the citation is checked like any other."""
        from assistant.workspace.editing import cite

        citations = self._quotes_checked([cite(self.store, passage_id, quote or "")]) if passage_id else []
        holder: dict = {}

        def change(d):
            d, summary, bid = ops.add(d, area_id, section, text, citations)
            holder["id"] = bid
            return d, summary

        draft, version = self.drafts.apply(response_id, change, author)
        if citations:
            self._verify_later(response_id, holder["id"])
        return draft, version, holder["id"]

    def _verify_later(self, response_id: str, bullet_id: str) -> None:
        self.jobs.submit("verify", {"response_id": response_id, "bullet_id": bullet_id})

    # -- jobs -----------------------------------------------------------------------------------

    def start_draft(self, response_id: str, area_ids: list[str], author: str, sections: list[str] | None = None) -> JobInfo:
        for area_id in area_ids:
            self.store.framework.area(area_id)
        return self.jobs.submit("draft", {"areas": area_ids, "sections": sections or list(ops.SECTIONS)}, response_id, author)

    def start_eval(self, suite: str, author: str) -> JobInfo:
        from assistant.evals.suites import load_suite

        load_suite(suite)  # a bad suite name fails now, not in the background
        return self.jobs.submit("eval", {"suite": suite}, None, author)

    def run_jobs(self) -> None:
        from assistant.workspace.answering import KIND, run_answers

        ensure_worker(self.settings, {"draft": self._run_draft, "verify": self._run_verify, "eval": self._run_eval,
                                      KIND: lambda job, ctx: run_answers(self, job, ctx)})

    def _run_draft(self, job: JobInfo, ctx: JobContext) -> str:
        from assistant.generation.drafting import draft_area
        from assistant.generation.llm import chat_backend

        info = self.drafts.info(job.response_id)
        backend = chat_backend(self.settings)
        done = []
        for area_id in job.payload["areas"]:
            draft, _ = self.drafts.current(job.response_id)
            existing = next((a for a in draft.areas if a.area_id == area_id), None)
            focus = (existing.focus if existing and existing.focus else None) or info.focus
            fresh = draft_area(self.store, area_id, info.policy_ids or None, focus, backend, progress=ctx.step, stream=ctx.token,
                               pinned=existing.pinned if existing else None, excluded=existing.excluded if existing else None)
            if existing:
                fresh.pinned, fresh.excluded, fresh.focus, fresh.status = existing.pinned, existing.excluded, existing.focus, existing.status
            sections = tuple(job.payload.get("sections") or ops.SECTIONS)
            self.drafts.apply(job.response_id, lambda d: ops.regenerate(d, fresh, sections, self.framework_order()),
                              f"assistant ({backend.model_id}), job {job.id} for {job.author or 'an editor'}")
            done.append(fresh.title)
        return f"drafted {', '.join(done)}"

    def _run_verify(self, job: JobInfo, ctx: JobContext) -> str:
        from assistant.generation.llm import chat_backend
        from assistant.generation.verify import make_judge
        from assistant.workspace.editing import reverify

        response_id, bullet_id = job.payload["response_id"], job.payload["bullet_id"]
        draft, _ = self.drafts.current(response_id)
        bullet = ops.locate(draft, bullet_id).bullet
        ctx.step(f"verifying “{bullet.text[:50]}”")
        checked = reverify(self.store, make_judge(self.settings, chat_backend(self.settings)), bullet.text, bullet.citations)

        def record(d):
            d = d.model_copy(deep=True)
            target = ops.locate(d, bullet_id).bullet
            if target.rev == bullet.rev and target.text == bullet.text:  # edited again since: that edit's job verifies it
                target.citations = checked
            return d, f"verified “{bullet.text[:60]}”: {', '.join(c.verdict for c in checked) or 'no citations'}"

        self.drafts.apply(response_id, record, "verifier")
        return ", ".join(c.verdict for c in checked)

    def _run_eval(self, job: JobInfo, ctx: JobContext) -> str:
        from assistant.evals.runner import run_suite, runs_dir, save_run
        from assistant.evals.suites import load_suite

        run = run_suite(load_suite(job.payload["suite"]), settings=self.settings, progress=ctx.step)
        folder = save_run(run, runs_dir(self.settings))
        return str(folder)

    # -- export ------------------------------------------------------------------------------------

    def export(self, response_id: str, path: Path, notes: bool = False) -> Path:
        from assistant.drafts.export import export

        draft, _ = self.drafts.current(response_id)
        return export(draft, path, notes)
