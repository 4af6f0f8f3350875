"""Running long tasks in the background with progress the page polls (htmx) and the CLI prints.

A job function receives a `Progress` and returns a JSON-able result. In the web process it runs on a daemon
thread with its own database connection; with settings.JOBS_RUN_INLINE (tests) or from the CLI it runs inline.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from shuangsuiji.core.models import Job

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """Raised by a job function to end it with a user-facing message (no traceback shown)."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


class Progress:
    """Reports progress at most a few times a second, so a million-row job does not write a million updates."""

    def __init__(self, job: Job | None, echo: Callable[[int, int, str], None] | None = None) -> None:
        self.job = job
        self.echo = echo
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.3:
            return
        self._last = now
        if self.echo is not None:
            self.echo(done, total, message)
        if self.job is not None:
            Job.objects.filter(pk=self.job.pk).update(progress_done=done, progress_total=total, message=message[:300])


JobFunction = Callable[[Progress], dict[str, Any]]


def create_job(*, kind: str, title: str, bureau_id: int, actor: Any, params: dict[str, Any]) -> Job:
    return Job.objects.create(
        kind=kind,
        title=title,
        bureau_id=bureau_id,
        created_by=actor if getattr(actor, "pk", None) else None,
        params=params,
    )


def run_job(job: Job, function: JobFunction, *, echo: Callable[[int, int, str], None] | None = None) -> Job:
    """Run inline and record the outcome on the job."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = function(Progress(job, echo))
    except JobFailed as failure:
        _finish(job, Job.Status.FAILED, str(failure), failure.result)
    except Exception as exc:
        log.exception("job %s failed", job.pk)
        _finish(job, Job.Status.FAILED, f"内部错误：{exc.__class__.__name__}：{exc}", {})
    else:
        _finish(job, Job.Status.SUCCEEDED, "完成", result)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, message: str, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), message=message[:300], result=result
    )


def start_job(job: Job, function: JobFunction) -> None:
    """Run in the background (web) or inline (tests, settings.JOBS_RUN_INLINE)."""
    if settings.JOBS_RUN_INLINE or (connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:"):
        run_job(job, function)
        return

    def target() -> None:
        close_old_connections()
        try:
            run_job(job, function)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"job-{job.pk}", daemon=True).start()
