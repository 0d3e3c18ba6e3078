"""Queries run in worker processes that can be stopped.

An engine cannot interrupt a query it is running, so a server that answered 503 at its
time limit used to keep computing in a thread (and growing) until the query ended. Here
each query runs in a worker process; one that runs over its time is killed and replaced,
so the CPU is idle again at once and its memory is given back. Workers are forked from
the server after the graph is ready, so an in-memory graph is shared, not copied. At
most ``workers`` queries run at once and ``queue`` more wait; beyond that a request is
told to come back (503 with Retry-After). A worker may be given a memory limit: a query
that needs more ends its worker, and the request gets a 503 saying so.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from ..errors import NrcgraphError, TooManyRows, UsageError
from ..rdf.results import Result
from ..rdf.results import serialize as write_results
from ..rdf.terms import Term


class Busy(NrcgraphError):
    """Every worker is busy and the queue is full (HTTP 503, Retry-After)."""


class Overtime(NrcgraphError):
    """The query ran past the time limit and its worker was stopped (HTTP 503)."""


class WorkerLost(NrcgraphError):
    """The worker ended while answering: the memory limit, or a crash (HTTP 503)."""


def _work(conn: Connection, open_graph: Callable[[], Any], memory_mb: int | None) -> None:
    """The worker's loop: one request in, one answer out, until the pipe closes."""
    import faulthandler

    faulthandler.disable()  # a worker ended by its memory limit is reported by the server, not dumped
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C is the server's
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    graph = open_graph()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
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
    def __init__(self, open_graph: Callable[[], Any], memory_mb: int | None):
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, open_graph, memory_mb), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError, AttributeError):
            os.kill(self.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        self.process.join(timeout=5)
        self.conn.close()


class Pool:
    """``workers`` processes answering queries, each within ``timeout`` seconds."""

    def __init__(
        self,
        open_graph: Callable[[], Any],
        workers: int = 2,
        queue: int = 64,
        timeout: float = 30.0,
        memory_mb: int | None = None,
    ):
        self.open_graph, self.size, self.queue, self.timeout, self.memory_mb = (
            open_graph,
            workers,
            queue,
            timeout,
            memory_mb,
        )
        self._idle: list[Worker] = [Worker(open_graph, memory_mb) for _ in range(workers)]
        self._waiting: collections.deque[asyncio.Future[Worker]] = collections.deque()

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._idle if w.process.pid]

    def restart(self, open_graph: Callable[[], Any] | None = None) -> None:
        """New workers (for a changed graph); the busy ones are replaced when they finish."""
        if open_graph is not None:
            self.open_graph = open_graph
        old, self._idle = self._idle, [Worker(self.open_graph, self.memory_mb) for _ in range(len(self._idle))]
        for worker in old:
            worker.stop()

    def close(self) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle = []

    async def run(
        self, sparql: str, bindings: Mapping[str, Term] | None, formats: dict[str, str], max_rows: int
    ) -> tuple[str, str, bytes, int]:
        """(kind, format, body, rows) for the query, or Busy, Overtime, WorkerLost, TooManyRows,
        or the query's own error."""
        # One event loop, so no lock: a free worker is taken at once, or the request waits
        # in line for the next worker handed back.
        if self._idle:
            worker = self._idle.pop()
        else:
            if len(self._waiting) >= self.queue:
                raise Busy(f"all {self.size} workers are busy and {len(self._waiting)} queries wait; try again shortly")
            turn: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
            self._waiting.append(turn)
            try:
                worker = await turn
            except BaseException:
                if turn in self._waiting:
                    self._waiting.remove(turn)
                elif turn.done() and not turn.cancelled():
                    self._give_back(turn.result())
                raise
        generation = self.open_graph
        try:
            answer = await self._ask(worker, (sparql, dict(bindings or {}), formats, max_rows))
        except BaseException:  # over time, ended, or the request cancelled: its work must stop
            worker.stop()
            worker = Worker(self.open_graph, self.memory_mb)
            raise
        finally:
            if generation is not self.open_graph:  # the graph changed meanwhile: a fresh worker
                worker.stop()
                worker = Worker(self.open_graph, self.memory_mb)
            self._give_back(worker)
        return _result(answer)

    def _give_back(self, worker: Worker) -> None:
        """To the first request still waiting for one, or back to the idle ones."""
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(worker)
                return
        self._idle.append(worker)  # a query's own error leaves its worker ready for the next

    async def _ask(self, worker: Worker, request: tuple) -> tuple[Any, ...]:
        """The worker's answer as it sent it; Overtime or WorkerLost when there is none."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        def overtime() -> None:
            if not ready.done():
                ready.set_exception(
                    Overtime(f"the query took longer than the {self.timeout:g} s limit and was stopped")
                )

        # A timer on the future itself: asyncio.wait_for would wrap every request in more
        # futures and callbacks, a cost a light query pays in full.
        loop.add_reader(fd, wake)
        timer = loop.call_later(self.timeout, overtime)
        try:
            worker.conn.send(request)
            await ready
        finally:
            timer.cancel()
            loop.remove_reader(fd)
        try:
            answer: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            raise WorkerLost("the query ended its worker (it needed more memory than this server allows)") from None
        if answer[0] == "lost":
            raise WorkerLost(answer[1])
        return answer


def _result(answer: tuple[Any, ...]) -> tuple[str, str, bytes, int]:
    """(kind, format, body, rows), or the query's own error."""
    status = answer[0]
    if status == "ok":
        return answer[1], answer[2], answer[3], answer[4]
    if status == "too-many":
        raise TooManyRows(answer[1])
    kind, message = answer[1], answer[2]
    raise (UsageError if kind == "UsageError" else _query_error())(message)


def _query_error() -> type[NrcgraphError]:
    from ..errors import QueryError

    return QueryError
