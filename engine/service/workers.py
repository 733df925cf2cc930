"""A pool of evaluation processes that the server can lose and replace.

durable-rules' C core can kill the process it runs in (SIGSEGV, SIGFPE; see
docs/design/durable-rules.md §2, §6). `concurrent.futures.ProcessPoolExecutor` marks the
whole pool broken when one worker dies, so this pool owns its processes:

- each worker is a `multiprocessing` process (forkserver context: replacements start in
  milliseconds from a parent that never ran the engine) with one pipe to the server and one
  `engine.assess.Assessor`, so each ruleset is compiled once per worker;
- each worker has a dispatcher thread in the server that takes jobs from the shared queue,
  sends one over the pipe and waits for the answer; EOF on the pipe or a dead process means
  the worker crashed: exactly that job fails with `WorkerCrashed`, and the dispatcher starts a
  replacement before it takes the next job;
- a job running longer than `job_timeout` gets its worker killed and replaced (`WorkerTimeout`);
- a worker is recycled after `max_jobs_per_worker` jobs (the engine leaks a little per session).

The server never evaluates rules itself; async code awaits `pool.run(kind, payload)` without
blocking the event loop. Job kinds: assess, explain, letter, impact, impact_files (see `HANDLERS`).
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
import multiprocessing
import os
import queue
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar, overload

from ..jsontypes import JSONObject

if TYPE_CHECKING:
    from ..assess import Assessor
    from ..errors import StoError

log = logging.getLogger("sto.workers")

# A job's payload and its answer cross the pipe pickled: plain data, read by the handler of its kind. A
# verdict crosses as its JSON data (Verdict.to_json; Verdict.from_json on the other side): pickling the
# models themselves took four times as long (1.8 ms against 0.4 ms a verdict, there and back).
Payload: TypeAlias = JSONObject
Kind: TypeAlias = Literal["assess", "explain", "letter", "impact", "impact_files"]  # the keys of HANDLERS
T = TypeVar("T")

START_TIMEOUT = 120.0  # seconds a new worker may take to load the rulebooks and report ready
_POLL = 0.25


class PoolError(Exception):
    """A job could not be done for a reason outside the job itself."""


class WorkerCrashed(PoolError):
    def __init__(self, exitcode: int | None, pid: int | None):
        self.exitcode, self.pid = exitcode, pid
        how = f"signal {-exitcode} ({_signal_name(-exitcode)})" if exitcode is not None and exitcode < 0 \
            else f"exit code {exitcode}"
        super().__init__(f"worker process {pid} died during the job ({how})")


class WorkerTimeout(PoolError):
    def __init__(self, seconds: float, pid: int | None):
        self.seconds, self.pid = seconds, pid
        super().__init__(f"worker process {pid} took longer than {seconds:g} s and was stopped")


class PoolBusy(PoolError):
    pass


class PoolClosed(PoolError):
    pass


class WorkerStartError(PoolError):
    pass


class JobFailed(Exception):
    """The job itself failed in the worker: `category` is input_error (with `detail` the
    InputError's dict), user_error (`detail` the error's type, English `message` and `texts`, its
    {"nl", "en"} where it has them, else None), engine_error or internal_error (`detail` a message)."""

    def __init__(self, category: str, detail: Any):
        self.category, self.detail = category, detail
        super().__init__(f"{category}: {detail}")

    def user_error(self) -> StoError:
        """A user_error as the StoError the worker raised: its English, and its Dutch where it had it."""
        from ..errors import StoError

        texts = self.detail.get("texts")
        return StoError.said(texts) if texts else StoError(self.detail.get("message", str(self.detail)))


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return "unknown signal"


# ---------------------------------------------------------------- inside a worker process


def _assess(assessor: Assessor, p: Payload) -> JSONObject:
    from ..plan import load_plan_text

    loaded = load_plan_text(p["plan_bytes"], p["source"], max_bytes=p.get("max_bytes"))
    as_of = dt.date.fromisoformat(p["as_of"]) if p.get("as_of") else None
    return assessor.assess(loaded, rulebook=p.get("rulebook"), as_of=as_of).verdict.to_json()


def _explain(assessor: Assessor, p: Payload) -> str:
    from ..verdict.model import Verdict
    from ..verdict.render import explain

    return explain(Verdict.from_json(p["verdict"]), p.get("rule"), p.get("lang", "nl"))


def _letter(assessor: Assessor, p: Payload) -> JSONObject:
    from ..letters.render import render_letter
    from ..verdict.model import Verdict

    letter = render_letter(Verdict.from_json(p["verdict"]), kind=p.get("kind", "auto"), lang=p.get("lang", "nl"), fmt=p["format"],
                           dossier=p.get("dossier"), library=assessor.library)
    return {"data": letter.data, "kind": letter.kind, "format": letter.format, "fingerprint": letter.fingerprint,
            "reference": letter.reference, "letter_date": letter.letter_date.isoformat()}


def _impact(assessor: Assessor, p: Payload) -> list[JSONObject]:
    """engine.diff.impact reads plan files, so the submitted plans go to a private temporary folder."""
    import dataclasses

    from ..diff import impact

    assessor.library.get(p["from"]), assessor.library.get(p["to"])  # unknown versions fail before any work
    with tempfile.TemporaryDirectory(prefix="sto-impact-") as tmp:
        files: list[Path] = []
        sources: dict[str, str] = {}
        for i, (source, raw) in enumerate(p["plans"]):
            suffix = ".json" if str(source).lower().endswith(".json") else ".yaml"
            f = Path(tmp) / f"{i:05d}{suffix}"
            f.write_bytes(raw)
            files.append(f)
            sources[str(f)] = source
        results = [dataclasses.asdict(r) for r in impact(assessor, p["from"], p["to"], files)]
    for r in results:
        r["file"] = sources.get(r["file"], r["file"])
        if r.get("error"):
            r["error"] = r["error"].replace(str(Path(tmp)) + os.sep, "")
    return results


def _impact_files(assessor: Assessor, p: Payload) -> list[JSONObject]:
    """`sto impact` on a worker pool: plan files this process can read itself, a few per job."""
    import dataclasses

    from ..diff import impact

    return [dataclasses.asdict(r) for r in impact(assessor, p["from"], p["to"], [Path(f) for f in p["files"]])]


HANDLERS: dict[str, Callable[[Assessor, Payload], object]] = {
    "assess": _assess, "explain": _explain, "letter": _letter, "impact": _impact, "impact_files": _impact_files}


def _answer(assessor: Assessor, kind: str, payload: Payload) -> tuple[str, object]:
    from ..errors import EngineError, InputError, StoError

    try:
        return "ok", HANDLERS[kind](assessor, payload)
    except InputError as exc:
        return "input_error", exc.to_dict()
    except StoError as exc:  # its Dutch beside the English, where it was worded from the catalogue
        return "user_error", {"type": type(exc).__name__, "message": str(exc), "texts": exc.texts}
    except EngineError as exc:
        return "engine_error", str(exc)
    except Exception as exc:  # a bug: reported to the caller as an internal error, the worker lives on
        log.exception("job %s failed", kind)
        return "internal_error", f"{type(exc).__name__}: {exc}"


def worker_main(conn: Connection, rulebooks_dir: str | None) -> None:
    # Ctrl-C in a terminal reaches the whole process group; the server shuts its workers down itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from ..assess import Assessor, settle_heap
        from ..rulebook import load_library
        from ..source import code_sha256

        assessor = Assessor(load_library(rulebooks_dir))
        for book in assessor.library.books:  # compile every version now, not during the first requests
            assessor.compiled(book)
        code_sha256()  # read the engine's source once now, not during the first request
        settle_heap()
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, payload = message
        started = time.perf_counter()
        status, value = _answer(assessor, kind, payload)
        try:
            conn.send((status, value, time.perf_counter() - started))
        except OSError:  # the server died mid-job (killed): nobody waits for the answer, nothing to report
            return


# ---------------------------------------------------------------- in the server process


class JobFuture(concurrent.futures.Future[T], Generic[T]):
    """A job's future, which also says how long the worker itself worked on it (the rest of the wait
    was queueing and transfer); None until it is answered."""

    compute_seconds: float | None = None


@dataclass
class _Job:
    kind: str
    payload: Payload
    # the answer is what the kind's handler returned, unpickled: WorkerPool.submit's overloads say which
    future: JobFuture[Any] = field(default_factory=JobFuture)


@dataclass
class _Slot:
    index: int
    process: BaseProcess | None = None
    conn: Connection | None = None
    pid: int | None = None
    jobs_done: int = 0
    busy_with: str | None = None
    busy_since: float | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    start_error: str | None = None


class WorkerPool:
    """`size` worker processes; `submit` returns a concurrent future, `run` awaits one.

    max_queued: refuse new jobs (PoolBusy) while this many wait; None (the default, for batch runs
    such as `sto prescreen` that queue a whole folder) never refuses."""

    def __init__(self, size: int, rulebooks_dir: str | None = None, *, job_timeout: float = 60.0,
                 max_jobs_per_worker: int = 5000, max_queued: int | None = None):
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.size = size
        self.rulebooks_dir = rulebooks_dir
        self.job_timeout = job_timeout
        self.max_jobs_per_worker = max_jobs_per_worker
        self.max_queued = max_queued
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._slots = [_Slot(i) for i in range(size)]
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        self.crashes = 0
        self.timeouts = 0
        self.replacements = 0
        self.jobs_done = 0
        self._ctx = multiprocessing.get_context("forkserver")
        # Imported once by the fork server, so each worker starts without importing anything heavy.
        self._ctx.set_forkserver_preload(["engine.service.workers", "engine.assess", "engine.letters.render"])

    # -- lifecycle

    def start(self, wait: bool = True) -> WorkerPool:
        """Start every worker and wait until each has loaded and compiled the rulebooks; with
        wait=False return at once (the caller does its own work meanwhile) and call `wait_ready`
        before submitting."""
        if self._started:
            return self
        self._started = True
        for slot in self._slots:
            self._spawn(slot)
        return self.wait_ready() if wait else self

    def wait_ready(self) -> WorkerPool:
        if self._threads:
            return self
        for slot in self._slots:
            self._await_ready(slot)
        for slot in self._slots:
            t = threading.Thread(target=self._dispatch, args=(slot,), name=f"sto-worker-{slot.index}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def close(self, timeout: float = 5.0) -> None:
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout)
        while True:  # jobs nobody will take any more
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None and not job.future.done():
                job.future.set_exception(PoolClosed("the server is shutting down"))
        for slot in self._slots:
            self._stop(slot, timeout)

    def __enter__(self) -> WorkerPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- jobs

    @overload
    def submit(self, kind: Literal["assess", "letter"], payload: Payload) -> JobFuture[JSONObject]: ...
    @overload
    def submit(self, kind: Literal["explain"], payload: Payload) -> JobFuture[str]: ...
    @overload
    def submit(self, kind: Literal["impact", "impact_files"], payload: Payload) -> JobFuture[list[JSONObject]]: ...

    def submit(self, kind: Kind, payload: Payload) -> JobFuture[Any]:
        if kind not in HANDLERS:
            raise ValueError(f"unknown job kind {kind!r}")
        if self._closed or not self._started:
            raise PoolClosed("the worker pool is not running")
        if self.max_queued is not None and self._queue.qsize() >= self.max_queued:
            raise PoolBusy(f"{self.max_queued} jobs are waiting already")
        job = _Job(kind, payload)
        self._queue.put(job)
        return job.future

    @overload
    async def run(self, kind: Literal["assess", "letter"], payload: Payload,
                  timings: dict[str, float] | None = None) -> JSONObject: ...
    @overload
    async def run(self, kind: Literal["explain"], payload: Payload, timings: dict[str, float] | None = None) -> str: ...
    @overload
    async def run(self, kind: Literal["impact", "impact_files"], payload: Payload,
                  timings: dict[str, float] | None = None) -> list[JSONObject]: ...

    async def run(self, kind: Kind, payload: Payload, timings: dict[str, float] | None = None) -> Any:
        """Await the job; `timings` (if given) receives `compute`, the seconds the worker worked on it."""
        future = self.submit(kind, payload)
        try:
            return await asyncio.wrap_future(future)
        finally:
            if timings is not None and future.compute_seconds is not None:
                timings["compute"] = future.compute_seconds

    def call(self, kind: Kind, payload: Payload, timeout: float | None = None) -> object:
        return self.submit(kind, payload).result(timeout)

    # -- introspection (health endpoint, tests)

    def status(self) -> JSONObject:
        with self._lock:
            alive = sum(1 for s in self._slots if s.process is not None and s.process.is_alive())
            return {
                "size": self.size, "alive": alive, "busy": sum(1 for s in self._slots if s.busy_with),
                "queued": self._queue.qsize(), "jobs_done": self.jobs_done, "crashes": self.crashes,
                "timeouts": self.timeouts, "replacements": self.replacements,
                "pids": [s.pid for s in self._slots],
            }

    def busy_pids(self) -> list[int]:
        with self._lock:
            return [s.pid for s in self._slots if s.busy_with and s.pid]

    def busy(self) -> dict[int, str]:
        """pid -> kind of the job it is working on, for every busy worker."""
        with self._lock:
            return {s.pid: s.busy_with for s in self._slots if s.busy_with and s.pid}

    def pids(self) -> list[int]:
        with self._lock:
            return [s.pid for s in self._slots if s.pid]

    # -- internals

    def _spawn(self, slot: _Slot) -> None:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=worker_main, args=(child, self.rulebooks_dir),
                                 name=f"sto-worker-{slot.index}", daemon=True)
        proc.start()
        child.close()  # else the parent holds the child's end open and never sees EOF when it dies
        with self._lock:
            slot.process, slot.conn, slot.pid, slot.jobs_done = proc, parent, proc.pid, 0
            slot.ready.clear()
            slot.start_error = None

    def _await_ready(self, slot: _Slot) -> None:
        proc, conn = slot.process, slot.conn
        if proc is None or conn is None:
            raise WorkerStartError("evaluation worker could not start: it was not spawned")
        deadline = time.monotonic() + START_TIMEOUT
        message = None
        while time.monotonic() < deadline:
            try:
                if conn.poll(_POLL):
                    message = conn.recv()
                    break
            except (EOFError, OSError):
                break
            if not proc.is_alive() and not conn.poll(0):
                break
        if message and message[0] == "ready":
            slot.ready.set()
            return
        reason = message[1] if message and message[0] == "failed" else \
            f"the worker did not start (exit code {proc.exitcode})"
        self._stop(slot, 1.0)
        slot.start_error = reason
        raise WorkerStartError(f"evaluation worker could not start: {reason}")

    def _stop(self, slot: _Slot, timeout: float) -> None:
        proc, conn = slot.process, slot.conn
        if proc is None or conn is None:  # set together by _spawn
            return
        try:
            if proc.is_alive():
                conn.send(None)
                proc.join(timeout)
        except (OSError, ValueError):
            pass
        if proc.is_alive():
            proc.kill()
            proc.join(timeout)
        try:
            conn.close()
        except OSError:
            pass
        with self._lock:
            slot.process = slot.conn = None

    def _replace(self, slot: _Slot) -> bool:
        self._stop(slot, 1.0)
        if self._closed:
            return False
        try:
            self._spawn(slot)
            self._await_ready(slot)
        except (WorkerStartError, OSError) as exc:
            log.error("could not replace worker %d: %s", slot.index, exc)
            return False
        with self._lock:
            self.replacements += 1
        return True

    def _dispatch(self, slot: _Slot) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if not job.future.set_running_or_notify_cancel():
                continue  # the caller gave up (client disconnected) before a worker took it
            if slot.process is None or not slot.process.is_alive():
                if not self._replace(slot):
                    job.future.set_exception(WorkerStartError(slot.start_error or "no evaluation worker available"))
                    time.sleep(1.0)
                    continue
            outcome = self._run_one(slot, job)
            with self._lock:
                slot.busy_with = slot.busy_since = None
                self.jobs_done += 1
            if isinstance(outcome, (WorkerCrashed, WorkerTimeout)):
                job.future.set_exception(outcome)
                self._replace(slot)
                continue
            status, value, seconds = outcome
            # how long the worker itself worked on it (the rest of the wait was queueing and transfer)
            job.future.compute_seconds = seconds
            if status == "ok":
                job.future.set_result(value)
            else:
                job.future.set_exception(JobFailed(status, value))
            slot.jobs_done += 1
            if slot.jobs_done >= self.max_jobs_per_worker:
                self._replace(slot)

    def _run_one(self, slot: _Slot, job: _Job) -> tuple[str, object, float] | WorkerCrashed | WorkerTimeout:
        proc, conn, pid = slot.process, slot.conn, slot.pid
        if proc is None or conn is None:  # _dispatch starts a worker before it runs a job on it
            return WorkerCrashed(None, pid)
        answer: tuple[str, object, float]  # (status, value, seconds) from worker_main
        with self._lock:
            slot.busy_with, slot.busy_since = job.kind, time.monotonic()
        deadline = time.monotonic() + self.job_timeout
        try:
            conn.send((job.kind, job.payload))
            while True:
                if conn.poll(_POLL):
                    answer = conn.recv()
                    return answer
                if not proc.is_alive():
                    if conn.poll(0):  # it answered, then died
                        answer = conn.recv()
                        return answer
                    raise EOFError
                if time.monotonic() > deadline:
                    proc.kill()
                    proc.join(5.0)
                    with self._lock:
                        self.timeouts += 1
                    log.error("worker %s timed out on a %s job after %.0f s; replacing it", pid, job.kind,
                              self.job_timeout)
                    return WorkerTimeout(self.job_timeout, pid)
        except (EOFError, OSError, BrokenPipeError):
            proc.join(5.0)
            with self._lock:
                self.crashes += 1
            log.error("worker %s died during a %s job (exit code %s); replacing it", pid, job.kind, proc.exitcode)
            return WorkerCrashed(proc.exitcode, pid)
