"""Drafting through the workspace's job queue, waited for: what several tests set up."""

from __future__ import annotations

import time


def draft_and_wait(ws, response_id: str, areas: list[str], author: str = "test", timeout: float = 120):
    """Start a draft job, run the worker, wait until it ends; it must end `done`."""
    job = ws.start_draft(response_id, areas, author)
    ws.run_jobs()
    deadline = time.monotonic() + timeout
    while ws.jobs.get(job.id).active and time.monotonic() < deadline:
        time.sleep(0.1)
    finished = ws.jobs.get(job.id)
    assert finished.state == "done", finished.error
    return finished
