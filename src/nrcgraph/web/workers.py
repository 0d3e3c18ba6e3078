"""Queries run in worker processes that can be stopped.

An engine cannot interrupt a query it is running, so a server that answered 503 at its
time limit used to keep computing in a thread (and growing) until the query ended. Here
each query runs in a worker process; one that runs over its time is killed and replaced,
so the CPU is idle again at once and its memory is given back. Workers are forked from
the server after the graph is ready, so an in-memory graph is shared, not copied. At
most ``workers`` queries run at once and ``queue`` more wait; beyond that a request is
told to come back (503 with Retry-After). A worker may be given a memory limit: a query
that needs more ends its worker, and the request gets a 503 saying so; a worker that ends
for another reason (a crash in the engine) is reported as what it was, read from what the
worker wrote last on its own standard error.

Two lanes, so that a light query never waits behind heavy ones: a query that looks light
(an ASK, or a LIMIT without sorting, grouping or paths; or one seen to answer quickly
before) goes to workers of its own, which let it run for ``light_budget`` seconds at most;
one that takes longer is stopped there and run again in the heavy lane, and is remembered
as heavy. The heavy lane's workers run at a lower CPU priority (nice), so on a busy machine
the light worker and the server itself still get the processor at once.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
import os
import re
import signal
import tempfile
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from ..errors import NrcgraphError, QueryError, TooManyRows, UsageError
from ..rdf.results import Result
from ..rdf.results import serialize as write_results
from ..rdf.terms import Term


class Busy(NrcgraphError):
    """Every worker is busy and the queue is full (HTTP 503, Retry-After)."""


class Overtime(NrcgraphError):
    """The query ran past the time limit and its worker was stopped (HTTP 503)."""


class WorkerLost(NrcgraphError):
    """The worker ended while answering because of the memory limit (HTTP 503)."""


class WorkerCrashed(QueryError):
    """The engine crashed on the query (a stack overflow on deep nesting, most often); the
    worker was replaced (HTTP 400 when the query's nesting was the cause, else 500)."""

    def __init__(self, message: str, nesting: bool):
        super().__init__(message)
        self.nesting = nesting


class _OverBudget(Exception):
    """A query in the light lane ran past its budget: it goes on in the heavy lane."""


HEAVY_NICE = 10  # the heavy lane's CPU priority, below the server's and the light worker's


def _work(conn: Connection, open_graph: Callable[[], Any], memory_mb: int | None, stderr: int, nice: int) -> None:
    """The worker's loop: one request in, one answer out, until the pipe closes."""
    import faulthandler

    faulthandler.disable()  # a worker ended by its memory limit is reported by the server, not dumped
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C is the server's
    os.dup2(stderr, 2)  # what an engine writes as it dies is read by the server, not logged raw
    os.close(stderr)
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    import resource

    with contextlib.suppress(ValueError, OSError):  # a crash writes no core of the whole graph
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    graph = open_graph()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if os.fstat(2).st_size > 1 << 20:  # only the last words matter: keep the file small
            os.ftruncate(2, 0)
            os.lseek(2, 0, os.SEEK_SET)
        if request[0] == "index":  # the search index, written to a file (see Pool.build_index)
            try:
                from .search import SearchIndex

                SearchIndex(graph).write(request[1], request[2])
                conn.send(("ok",))
            except Exception as exc:
                conn.send(("error", type(exc).__name__, str(exc)[:500]))
            continue
        sparql, bindings, formats, max_rows = request
        try:
            # The server checked the query already (depth, reach): straight to the engine, which
            # writes the answer itself where it can keep to the row limit while doing so.
            native = getattr(graph.engine, "serialize_capped", None)
            written = native(sparql, bindings, formats, max_rows) if native else None
            if written is not None:
                conn.send(("ok", *written))
                continue
            result: Result = graph.engine.query(sparql, bindings, max_rows)
            fmt = formats["graph" if result.kind == "graph" else "rows"]
            conn.send(("ok", result.kind, fmt, write_results(result, fmt) if fmt else b"", len(result)))
        except TooManyRows as exc:
            conn.send(("too-many", exc.limit))
        except NrcgraphError as exc:
            conn.send(("error", type(exc).__name__, str(exc)[:2000]))
        except MemoryError:
            conn.send(("lost", "the query needed more memory than this server allows"))
        except Exception as exc:  # an engine bug must not take the worker's loop down
            conn.send(("error", "QueryError", f"query failed: {str(exc)[:500]}"))


class Worker:
    def __init__(self, open_graph: Callable[[], Any], memory_mb: int | None, nice: int = 0):
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.stderr = tempfile.TemporaryFile()
        self.process = context.Process(
            target=_work, args=(child, open_graph, memory_mb, self.stderr.fileno(), nice), daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        """Killed at once. Waited for a moment only (this runs on the event loop, and giving
        back the memory of a large query can take longer); one still ending is reaped by
        the next worker started."""
        with contextlib.suppress(ProcessLookupError, AttributeError):
            os.kill(self.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        self.process.join(timeout=0.05)
        self.conn.close()
        self.stderr.close()

    def why_lost(self, memory_mb: int | None) -> NrcgraphError:
        """Why the worker ended while answering, from its exit signal and the last thing it
        wrote on its standard error: memory only when memory was the cause."""
        self.process.join(timeout=2)  # ended already when called from Pool._ask
        code = self.process.exitcode
        self.stderr.seek(0, os.SEEK_END)
        self.stderr.seek(max(0, self.stderr.tell() - 4096))
        said = self.stderr.read().decode("utf-8", "replace")
        if _MEMORY.search(said) or (code == -signal.SIGKILL and memory_mb is None):  # the kernel's OOM killer
            limit = f" ({memory_mb:,} MB)" if memory_mb else ""
            return WorkerLost(f"the query needed more memory than this server allows{limit} and was stopped")
        if code == -signal.SIGSEGV or "overflowed its stack" in said:
            return WorkerCrashed(
                "the query is nested too deeply for the engine (it overflowed the stack); flatten it", nesting=True
            )
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        return WorkerCrashed(f"the engine failed on this query ({how}); the worker was replaced", nesting=False)


_MEMORY = re.compile(r"memory allocation of \d+ bytes failed|MemoryError|Cannot allocate memory|out of memory")


class Lane:
    """Workers for one kind of query, and the requests waiting for one of them."""

    def __init__(self, name: str, size: int, queue: int, nice: int):
        self.name, self.size, self.queue, self.nice = name, size, queue, nice
        self.idle: list[Worker] = []
        self.waiting: collections.deque[asyncio.Future[Worker]] = collections.deque()

    def give_back(self, worker: Worker) -> None:
        """To the first request still waiting for one, or back to the idle ones."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(worker)
                return
        self.idle.append(worker)  # a query's own error leaves its worker ready for the next


# What makes a query heavy before it runs: it must see every solution before its first
# (sorting, grouping, aggregates), or may walk the whole graph (paths, negation, text
# matching). The text is read with strings, IRIs and comments blanked.
_HEAVY = re.compile(
    r"\b(?:ORDER\s+BY|GROUP\s+BY|HAVING|COUNT|SUM|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT|DISTINCT|REDUCED|"
    r"EXISTS|MINUS|REGEX|REPLACE|SERVICE|OFFSET)\b|(?<!SELECT)(?<!SELECT\s)(?<!DISTINCT\s)[*+]",
    re.IGNORECASE,
)
_SMALL_LIMIT = re.compile(r"\bLIMIT\s+(\d{1,4})\s*$", re.IGNORECASE)
_ASK = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*|BASE\s*)\s*)*ASK\b", re.IGNORECASE)


def looks_light(sparql: str) -> bool:
    """Whether a query not seen before may go to the light lane: an ASK, or a query with a
    small LIMIT at its end, with nothing that must see every solution first. A wrong guess
    costs at most the light lane's budget, once."""
    from ..rdf.sparql import code_only

    code = code_only(sparql)
    if _HEAVY.search(code) or code.count("{") > 8:
        return False
    if _ASK.match(code):
        return True
    limit = _SMALL_LIMIT.search(code)
    return bool(limit and int(limit.group(1)) <= 1000)


class Pool:
    """``workers`` processes answering queries, each within ``timeout`` seconds, and
    ``light_workers`` more for light queries (as many again unless told: light queries
    answer as fast side by side as they did before there were lanes; see the module's
    docstring)."""

    def __init__(
        self,
        open_graph: Callable[[], Any],
        workers: int = 2,
        queue: int = 64,
        timeout: float = 30.0,
        memory_mb: int | None = None,
        light_workers: int | None = None,
        light_budget: float = 0.25,
    ):
        self.open_graph, self.size, self.queue, self.timeout, self.memory_mb = (
            open_graph,
            workers,
            queue,
            timeout,
            memory_mb,
        )
        self.light_budget = min(light_budget, timeout)
        self.heavy = Lane("heavy", workers, queue, HEAVY_NICE)
        self.light = Lane("light", workers if light_workers is None else light_workers, queue, 0)
        for lane in (self.heavy, self.light):
            lane.idle = [self._worker(lane) for _ in range(lane.size)]
        self._seen: collections.OrderedDict[int, float] = collections.OrderedDict()  # query -> seconds taken

    def _worker(self, lane: Lane) -> Worker:
        return Worker(self.open_graph, self.memory_mb, lane.nice)

    def pids(self) -> list[int]:
        """The heavy lane's idle workers (the ``workers`` the server was started with)."""
        return [w.process.pid for w in self.heavy.idle if w.process.pid]

    def light_pids(self) -> list[int]:
        return [w.process.pid for w in self.light.idle if w.process.pid]

    def restart(self, open_graph: Callable[[], Any] | None = None) -> None:
        """New workers (for a changed graph); the busy ones are replaced when they finish."""
        if open_graph is not None:
            self.open_graph = open_graph
        self._seen.clear()
        for lane in (self.heavy, self.light):
            old, lane.idle = lane.idle, [self._worker(lane) for _ in range(len(lane.idle))]
            for worker in old:
                worker.stop()

    def close(self) -> None:
        for lane in (self.heavy, self.light):
            for worker in lane.idle:
                worker.stop()
            lane.idle = []

    async def build_index(self, path: str, key: str) -> None:
        """Write the search index of the graph to ``path`` in a process made for it: the
        work is Python's, and in a thread of the server it would hold the interpreter's lock
        from the event loop for seconds at a time."""
        worker = self._worker(self.heavy)
        try:
            answer = await asyncio.get_running_loop().run_in_executor(None, _ask_waiting, worker, ("index", path, key))
            if answer is None:
                raise worker.why_lost(self.memory_mb)
        finally:
            worker.stop()
        if answer[0] != "ok":
            raise QueryError(f"the search index cannot be built: {answer[2]}")

    def lane_of(self, sparql: str) -> str:
        """ "light" or "heavy": by the time the query took before, else by its look."""
        taken = self._seen.get(hash(sparql))
        if taken is not None:
            return "light" if taken < self.light_budget / 2 else "heavy"
        return "light" if looks_light(sparql) else "heavy"

    def _remember(self, sparql: str, seconds: float) -> None:
        key = hash(sparql)
        self._seen[key] = seconds
        self._seen.move_to_end(key)
        while len(self._seen) > 4096:
            self._seen.popitem(last=False)

    async def run(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None,
        formats: dict[str, str],
        max_rows: int,
        lane: str | None = None,
    ) -> tuple[str, str, bytes, int]:
        """(kind, format, body, rows) for the query, or Busy, Overtime, WorkerLost,
        WorkerCrashed, TooManyRows, or the query's own error. ``lane`` forces a lane."""
        request = (sparql, dict(bindings or {}), formats, max_rows)
        start = time.monotonic()
        if (lane or self.lane_of(sparql)) == "light":
            try:
                answer = await self._run_in(self.light, request, self.light_budget, light=True)
            except _OverBudget:
                self._remember(sparql, time.monotonic() - start)
            else:
                self._remember(sparql, time.monotonic() - start)
                return _result(answer)
        left = self.timeout - (time.monotonic() - start)
        if left <= 0:
            raise Overtime(f"the query took longer than the {self.timeout:g} s limit and was stopped")
        try:
            answer = await self._run_in(self.heavy, request, left)
        except Overtime:
            self._remember(sparql, self.timeout)
            raise
        self._remember(sparql, time.monotonic() - start)
        return _result(answer)

    async def _run_in(
        self, lane: Lane, request: tuple[Any, ...], budget: float, light: bool = False
    ) -> tuple[Any, ...]:
        # One event loop, so no lock: a free worker is taken at once, or the request waits
        # in line for the next worker handed back.
        if lane.idle:
            worker = lane.idle.pop()
        else:
            if len(lane.waiting) >= lane.queue:
                if light:  # the light lane is full: wait in the heavy one like any query
                    raise _OverBudget()
                raise Busy(f"all {lane.size} workers are busy and {len(lane.waiting)} queries wait; try again shortly")
            turn: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
            lane.waiting.append(turn)
            try:
                worker = await turn
            except BaseException:
                if turn in lane.waiting:
                    lane.waiting.remove(turn)
                elif turn.done() and not turn.cancelled():
                    lane.give_back(turn.result())
                raise
        generation = self.open_graph
        try:
            return await self._ask(worker, request, budget, _OverBudget if light else None)
        except BaseException:  # over time, ended, or the request cancelled: its work must stop
            worker.stop()
            worker = self._worker(lane)
            raise
        finally:
            if generation is not self.open_graph:  # the graph changed meanwhile: a fresh worker
                worker.stop()
                worker = self._worker(lane)
            lane.give_back(worker)

    async def _ask(
        self, worker: Worker, request: tuple[Any, ...], budget: float, over: type[Exception] | None = None
    ) -> tuple[Any, ...]:
        """The worker's answer as it sent it; Overtime (or ``over``) when there is none within
        ``budget`` seconds, WorkerLost or WorkerCrashed when the worker ended."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        def overtime() -> None:
            if not ready.done():
                ready.set_exception(
                    over()
                    if over is not None
                    else Overtime(f"the query took longer than the {self.timeout:g} s limit and was stopped")
                )

        # A timer on the future itself: asyncio.wait_for would wrap every request in more
        # futures and callbacks, a cost a light query pays in full.
        loop.add_reader(fd, wake)
        timer = loop.call_later(budget, overtime)
        try:
            worker.conn.send(request)
            await ready
        finally:
            timer.cancel()
            loop.remove_reader(fd)
        try:
            answer: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            await loop.run_in_executor(None, worker.process.join, 2.0)  # its end, off the loop
            raise worker.why_lost(self.memory_mb) from None
        if answer[0] == "lost":
            raise WorkerLost(answer[1])
        return answer


def _ask_waiting(worker: Worker, request: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """In a thread: the worker's answer, however long it takes; None when it ended."""
    try:
        worker.conn.send(request)
        return worker.conn.recv()  # type: ignore[no-any-return]
    except (EOFError, OSError):
        return None


def _result(answer: tuple[Any, ...]) -> tuple[str, str, bytes, int]:
    """(kind, format, body, rows), or the query's own error."""
    status = answer[0]
    if status == "ok":
        return answer[1], answer[2], answer[3], answer[4]
    if status == "too-many":
        raise TooManyRows(answer[1])
    kind, message = answer[1], answer[2]
    raise (UsageError if kind == "UsageError" else QueryError)(message)
