"""Concurrency Lab's Python runner: runs one trial of a py-* model (or one
calibration) in CPython and reports over stdio in JSON lines.

Standard library only; Python 3.9+. Started by the lab as `python3 -I runner.py`
in a process group of its own. Protocol (one JSON object per line):

  in  (one line)  {"mode": "trial", "model", "concurrency", "tasks", "workload",
                   "timeoutMs", "httpUrl", "tmpDir", "startMethod", "fault", "measureWaits"?}
                  {"mode": "calibrate", "kind", "taskMs"}
                  {"mode": "check", "source", "name"}     compile the user's code (nothing runs)
                  {"mode": "try", "codePath", "name"}     import it and time task(0) once
  out             {"type": "ready", "pid", "version", ...}        request accepted
                  {"type": "started", "t0Ns", "startupNs", "workers"}  pool up, dispatch begins
                  {"type": "spans", "spans": [...]}               finished tasks, batched; a span may carry
                                                                  runNs, waitNs, handoffInNs, handoffOutNs
                  {"type": "progress", "done", "inFlight"}        heartbeat, every 0.5 s
                  {"type": "result", "t0Ns", "endNs", "wallNs", "startupNs", "cpuNs", "peakRssBytes",
                   "switches"?, "loop"?: {"cpuNs", "waitNs", "wallNs"}}
                  {"type": "calibration", "params", "measuredMs"}
                  {"type": "checked", "ok", "problems", "has"}
                  {"type": "tried", "outcome", "ms", "result", "error", "async"}
                  {"type": "error", "kind": "failed" | "timeout", "message"}

Every timestamp is time.monotonic_ns(): CLOCK_MONOTONIC on Linux, the clock
Node's process.hrtime.bigint() reads, so spans need no correction on the Node side.
When stdin closes (the lab cancelled the trial, or died) the runner flushes what
it has and ends itself and every process it started.
"""

from __future__ import annotations

import ast
import asyncio
import concurrent.futures
import concurrent.futures.process
import faulthandler
import hashlib
import http.client
import importlib.util
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from typing import Any, Dict, List, Literal, MutableSequence, NoReturn, Optional, Tuple, TypedDict, Union

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

MIN_VERSION = (3, 9)

# Exit code of an injected crash, the same as the Node engine's, so tests can tell it apart.
CRASH_EXIT_CODE = 70
SPAN_FLUSH_NS = 50_000_000
HEARTBEAT_S = 0.5
HASH_CALIBRATION_BYTES = 64 * 1024


# ---------------------------------------------------------------------------
# The protocol's shapes, as src-main/engine/python/protocol.ts declares them (that file
# is the authority: the lab checks every line this runner writes against its schema).
# Typing's older spellings (Optional, List, Dict) keep these class bodies valid on 3.9.

# A workload with its sizes resolved (ResolvedWorkload): a JSON object keyed by "kind",
# with that kind's fields (n, bytes, rounds, ms, latencyMs, waitMs, cpuMs, modes, ...).
Workload = Dict[str, Any]


class Fault(TypedDict):
    """FaultPlan: tests inject one fault into one task."""

    kind: Literal["throw", "crash", "hang"]
    task: int


class _TrialRequired(TypedDict):
    mode: Literal["trial"]
    model: str
    concurrency: int
    tasks: int
    workload: Workload
    timeoutMs: float
    httpUrl: str
    tmpDir: str
    startMethod: Optional[Literal["spawn", "fork", "forkserver"]]
    switchIntervalS: Optional[float]
    fault: Optional[Fault]


class TrialRequest(_TrialRequired, total=False):
    codePath: str
    codeName: str
    measureWaits: bool


class CalibrationRequest(TypedDict):
    mode: Literal["calibrate"]
    kind: Literal["primes", "hash", "mixed"]
    taskMs: float


class CheckRequest(TypedDict):
    mode: Literal["check"]
    source: str
    name: str


class TryRequest(TypedDict):
    mode: Literal["try"]
    codePath: str
    name: str
    httpUrl: str


RunnerRequest = Union[TrialRequest, CalibrationRequest, CheckRequest, TryRequest]


class _SpanRequired(TypedDict):
    task: int
    worker: int
    startNs: int
    endNs: int


class Span(_SpanRequired, total=False):
    pid: int
    thread: int
    cpu: int
    runNs: int
    waitNs: int
    handoffInNs: int
    handoffOutNs: int


class WorkerInfo(TypedDict):
    worker: int
    pid: int
    thread: int


class Problem(TypedDict):
    line: int
    column: int
    message: str


class EntryPoints(TypedDict):
    task: bool
    taskAsync: bool
    setup: bool


class Checked(TypedDict):
    """The "checked" message, less its type."""

    ok: bool
    problems: List[Problem]
    has: EntryPoints


class _TriedRequired(TypedDict):
    outcome: Literal["ok", "error"]
    ms: Optional[float]


# "async" is a keyword, so this part is spelt the functional way.
_TriedOptional = TypedDict("_TriedOptional", {"result": str, "error": str, "async": bool}, total=False)


class Tried(_TriedRequired, _TriedOptional):
    """The "tried" message, less its type."""


class ErrorMessage(TypedDict):
    type: Literal["error"]
    kind: Literal["failed", "timeout"]
    message: str


# ---------------------------------------------------------------------------
# Workloads: the same work with the same parameters as src-main/engine/workloads/.


def count_primes_below(n: int) -> int:
    """Trial division exactly as the Node side does it (primes.ts), so both runtimes do equal work."""
    count = 0
    for i in range(2, n):
        prime = True
        d = 2
        while d * d <= i:
            if i % d == 0:
                prime = False
                break
            d += 1
        if prime:
            count += 1
    return count


def hash_rounds(data: bytes, rounds: int) -> None:
    # hashlib releases the GIL for inputs over 2 KiB, so threads can overlap here: a lesson of its own.
    for _ in range(rounds):
        hashlib.sha256(data).digest()


def http_task_path(base_url: str, latency_ms: float, size: int) -> tuple[str | None, int, str]:
    """The same URL as http.ts: the base's path with latencyMs and bytes in the query."""
    parts = urllib.parse.urlsplit(base_url)
    query = urllib.parse.parse_qsl(parts.query)
    query = [(k, v) for k, v in query if k not in ("latencyMs", "bytes")]
    query += [("latencyMs", js_number(latency_ms)), ("bytes", js_number(size))]
    path = parts.path or "/"
    return parts.hostname, parts.port or 80, path + "?" + urllib.parse.urlencode(query)


def js_number(x: float) -> str:
    # String(20) in JS is "20", not "20.0": keep the query identical to Node's.
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


_local = threading.local()


def http_get(host, port, path, size):
    """A GET on this thread's keep-alive connection (as Node's keep-alive agent); the whole body is read."""
    for attempt in (0, 1):
        conn = getattr(_local, "http", None)
        if conn is None:
            conn = _local.http = http.client.HTTPConnection(host, port, timeout=None)
        try:
            conn.request("GET", path, headers={"Connection": "keep-alive"})
            res = conn.getresponse()
            body = res.read()
        except (http.client.HTTPException, ConnectionError):
            # The server may close an idle keep-alive connection: retry once on a fresh one.
            conn.close()
            _local.http = None
            if attempt:
                raise
            continue
        check_http(path, res.status, len(body), size)
        if res.will_close:
            conn.close()
            _local.http = None
        return


def check_http(path: str, status: int, received: int, size: int) -> None:
    if status != 200:
        raise RuntimeError("GET %s answered %d" % (path, status))
    if received != size:
        raise RuntimeError("GET %s returned %d bytes, expected %d" % (path, received, size))


class AsyncHttp:
    """A keep-alive HTTP/1.1 client on asyncio.open_connection, one per in-flight slot:
    asyncio has no HTTP client in the standard library, and this is what one does."""

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.reader = None
        self.writer = None

    async def get(self, path, size):
        for attempt in (0, 1):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                status, received, keep = await self._exchange(path)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                self.close()
                if attempt:
                    raise
                continue
            if not keep:
                self.close()
            check_http(path, status, received, size)
            return

    async def _exchange(self, path):
        request = "GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: keep-alive\r\n\r\n" % (path, self.host, self.port)
        self.writer.write(request.encode("ascii"))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if status != 200:
            # A refusal fails the task (check_http); its body is not read, and the connection is dropped.
            return status, 0, False
        # The lab's loopback server (src-main/engine/http-server.ts) gives every 200 its Content-Length.
        received = len(await self.reader.readexactly(int(headers["content-length"])))
        return status, received, headers.get("connection", "").lower() != "close"

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


_file_serial = [0]
_file_data: dict[int, bytes] = {}


def file_round_trip(directory, size, task):
    """As file.ts: write, fsync, read back, check the length, delete, in a file of the task's own."""
    _file_serial[0] += 1
    path = os.path.join(
        directory, "task-py-%d-%d-%d-%d.bin" % (os.getpid(), threading.get_native_id(), task, _file_serial[0])
    )
    data = _file_data.get(size)
    if data is None:
        data = _file_data[size] = b"a" * size
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        written = 0
        while written < size:
            written += os.write(fd, view[written:])
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        with open(path, "rb") as f:
            back = len(f.read())
        if back != size:
            raise RuntimeError("read back %d bytes of %d from %s" % (back, size, path))
    finally:
        os.unlink(path)


def missing_size(w: Workload) -> str | None:
    """Why the workload cannot run yet (calibration should have filled a size in), or None."""
    later = "calibrate taskMs into sizes before the trial"
    if w["kind"] == "primes" and w.get("n") is None:
        return "workload.n is not set (%s)" % later
    if w["kind"] == "hash" and (w.get("bytes") is None or w.get("rounds") is None):
        return "workload.bytes and workload.rounds must both be set (%s)" % later
    if w["kind"] == "mixed" and w.get("n") is None and w.get("cpuMs", 0) > 0:
        return "workload.n is not set (calibrate cpuMs into n before the trial)"
    return None


# ---------------------------------------------------------------------------
# The shared workload: every task updates state all tasks share, `ops` times, in one
# mode; afterwards the runner reads the state back. Each mode and spelling is a function
# of its own, so its bytecode is exactly what the lab says it runs: CPython hands the
# GIL over only at certain points (calls, loop back-edges), so `t = t + 1` and
# `t = inc(t)` between the read and the write race differently, and the lab shows it.

# The state of the threads of this process (and of the one loop of asyncio or sequential).
SHARED_X = 0
SHARED_LOCK = threading.Lock()


def inc(t):
    return t + 1


def global_unsafe_inline(ops):
    global SHARED_X
    for _ in range(ops):
        t = SHARED_X
        t = t + 1
        SHARED_X = t


def global_unsafe_call(ops):
    global SHARED_X
    for _ in range(ops):
        t = SHARED_X
        t = inc(t)
        SHARED_X = t


def global_locked_inline(ops):
    global SHARED_X
    for _ in range(ops):
        with SHARED_LOCK:
            t = SHARED_X
            t = t + 1
            SHARED_X = t


def global_locked_call(ops):
    global SHARED_X
    for _ in range(ops):
        with SHARED_LOCK:
            t = SHARED_X
            t = inc(t)
            SHARED_X = t


async def global_locked_async(ops, lock, call):
    # asyncio's own lock: what a coroutine takes around shared state (uncontended here, as nothing awaits inside).
    global SHARED_X
    for _ in range(ops):
        async with lock:
            t = SHARED_X
            t = inc(t) if call else t + 1
            SHARED_X = t


async def global_yield_inside(ops, call):
    # The one way cooperative code loses updates: it gives up control between its read and its write.
    global SHARED_X
    for _ in range(ops):
        t = SHARED_X
        await asyncio.sleep(0)
        SHARED_X = inc(t) if call else t + 1


def value_unsafe_inline(v, ops):
    for _ in range(ops):
        t = v.value
        t = t + 1
        v.value = t


def value_unsafe_call(v, ops):
    for _ in range(ops):
        t = v.value
        t = inc(t)
        v.value = t


def value_locked_inline(v, lock, ops):
    for _ in range(ops):
        with lock:
            t = v.value
            t = t + 1
            v.value = t


def value_locked_call(v, lock, ops):
    for _ in range(ops):
        with lock:
            t = v.value
            t = inc(t)
            v.value = t


NO_ATOMIC = ("Python has no atomic integer update: x += 1 is a read, an add and a store, and the standard "
             "library guards shared state only with locks (multiprocessing.Value carries one); see locked")


class GlobalState:
    """SHARED_X, reset for this trial: one variable every thread (or the one loop) of this process sees."""

    def __init__(self):
        global SHARED_X
        SHARED_X = 0

    def run(self, mode, call, ops):
        if mode == "unsafe":
            (global_unsafe_call if call else global_unsafe_inline)(ops)
        elif mode == "locked":
            (global_locked_call if call else global_locked_inline)(ops)
        else:
            # (yield-inside needs tasks in flight on a loop: py-asyncio's run_async.)
            raise ValueError(NO_ATOMIC if mode == "atomic" else "%s cannot run in %s" % (mode, "this model"))

    async def run_async(self, mode, call, ops, lock):
        if mode == "unsafe":
            # No await inside: the task runs all its updates before any other task runs at all.
            (global_unsafe_call if call else global_unsafe_inline)(ops)
        elif mode == "locked":
            await global_locked_async(ops, lock, call)
        elif mode == "yield-inside":
            await global_yield_inside(ops, call)
        else:
            raise ValueError(NO_ATOMIC if mode == "atomic" else "unknown shared mode %r" % mode)

    def read(self):
        return SHARED_X


class ValueState:
    """A multiprocessing.Value in shared memory that every worker process maps. lock=False:
    a bare shared integer, so `unsafe` is the race itself, and `locked` takes a
    multiprocessing.Lock of its own (the Value's built-in lock would guard each read
    and each write apart, never the read-compute-write between them)."""

    def __init__(self, ctx):
        self.value = ctx.Value("q", 0, lock=False)
        self.lock = ctx.Lock()

    def run(self, mode, call, ops):
        if mode == "unsafe":
            (value_unsafe_call if call else value_unsafe_inline)(self.value, ops)
        elif mode == "locked":
            (value_locked_call if call else value_locked_inline)(self.value, self.lock, ops)
        else:
            raise ValueError(NO_ATOMIC if mode == "atomic" else "%s cannot run in processes" % mode)

    def read(self):
        return self.value.value


def shared_state_for(req: TrialRequest) -> GlobalState | ValueState:
    """This trial's fresh state, where the model keeps it."""
    if req["model"] == "py-multiprocessing":
        return ValueState(multiprocessing.get_context(req.get("startMethod") or None))
    return GlobalState()


class SharedWork:
    def __init__(self, workload, state):
        modes = workload["modes"]
        if len(modes) != 1:
            raise ValueError("a shared trial runs one mode at a time, got %s" % ", ".join(modes))
        self.mode = modes[0]
        self.call = workload["spelling"] == "call-between"
        self.ops = workload["ops"]
        self.state = state
        self.lock = None

    def run(self):
        self.state.run(self.mode, self.call, self.ops)

    async def run_async(self):
        if self.lock is None:
            self.lock = asyncio.Lock()
        await self.state.run_async(self.mode, self.call, self.ops, self.lock)


def apply_switch_interval(seconds):
    """sys.setswitchinterval for this process, when the run asked for one."""
    if seconds is not None:
        sys.setswitchinterval(seconds)


class Work:
    """One task of the workload, resolved once: blocking for sequential, threads and
    processes; a coroutine for asyncio."""

    def __init__(self, workload, http_url, tmp_dir, fault, shared=None):
        self.w = workload
        self.kind = workload["kind"]
        self.tmp_dir = tmp_dir
        self.fault = fault
        if self.kind == "hash":
            self.data = bytes([0x5A]) * workload["bytes"]
        if self.kind == "http":
            self.host, self.port, self.path = http_task_path(http_url, workload["latencyMs"], workload["bytes"])
        if self.kind == "shared":
            self.shared = SharedWork(workload, shared)
        if self.kind == "code":
            if http_url:
                # The lab's loopback server, for code that does IO; spawn children inherit it too.
                os.environ["LAB_HTTP_URL"] = http_url
            self.code = UserCode(workload["path"], workload["name"])

    def setup(self):
        """The user's setup(), once per worker before its first task (a no-op for built-in workloads)."""
        if self.kind == "code":
            self.code.setup()

    def inject(self, task):
        f = self.fault
        if not f or f.get("task") != task:
            return
        if f["kind"] == "throw":
            raise RuntimeError("injected fault: task %d throws" % task)
        if f["kind"] == "crash":
            sys.stderr.write("injected fault: crashing in task %d (pid %d)\n" % (task, os.getpid()))
            sys.stderr.flush()
            os._exit(CRASH_EXIT_CODE)
        # hang: blocks its thread for good (in asyncio, the whole loop) until the watchdog ends the trial.
        while True:
            time.sleep(3600)

    def run(self, task):
        self.inject(task)
        self.run_blocking(task)

    def run_blocking(self, task):
        w, kind = self.w, self.kind
        if kind == "primes":
            count_primes_below(w["n"])
        elif kind == "hash":
            hash_rounds(self.data, w["rounds"])
        elif kind == "sleep":
            if w["ms"] > 0:
                time.sleep(w["ms"] / 1000)
        elif kind == "http":
            http_get(self.host, self.port, self.path, w["bytes"])
        elif kind == "file":
            file_round_trip(self.tmp_dir, w["bytes"], task)
        elif kind == "shared":
            self.shared.run()
        elif kind == "mixed":
            if w.get("n") is not None:
                count_primes_below(w["n"])
            if w["waitMs"] > 0:
                time.sleep(w["waitMs"] / 1000)
        elif kind == "code":
            self.code.call(self.code.task, task)

    async def run_async(self, task, conn):
        self.inject(task)
        w, kind = self.w, self.kind
        if kind in ("primes", "hash"):
            # Runs on the loop itself and blocks it: CPU work never awaits, so asyncio gains nothing here.
            self.run_blocking(task)
        elif kind == "sleep":
            await asyncio.sleep(w["ms"] / 1000)
        elif kind == "http":
            await conn.get(self.path, w["bytes"])
        elif kind == "file":
            # asyncio has no async file API; asyncio.to_thread (its default thread pool) is the idiom,
            # so the fsync waits overlap on real threads while the loop stays free.
            await asyncio.to_thread(file_round_trip, self.tmp_dir, w["bytes"], task)
        elif kind == "shared":
            await self.shared.run_async()
        elif kind == "mixed":
            if w.get("n") is not None:
                count_primes_below(w["n"])  # blocks the loop, as above
            await asyncio.sleep(w["waitMs"] / 1000)
        elif kind == "code":
            await self.code.call_async(task)


# ---------------------------------------------------------------------------
# The `code` workload: the user's own file, imported by its path (so a spawn or forkserver
# child can import it again), its exceptions described with the line in that file.


class TaskError(Exception):
    """The user's code failed; the message already names the exception and its line."""


def describe_user_error(e: BaseException, path: str, name: str) -> str:
    """'ValueError: boom (task.py, line 4)': the exception and the deepest line of the user's file."""
    if isinstance(e, SyntaxError) and e.filename == path:
        return "SyntaxError: %s (%s, line %s, column %s)" % (e.msg, name, e.lineno, e.offset)
    if isinstance(e, SystemExit):
        return "SystemExit: the code called sys.exit(%r)%s" % (e.code, user_line(e, path, name))
    return "%s: %s%s" % (type(e).__name__, e, user_line(e, path, name))


def user_line(e, path, name):
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == path]
    return " (%s, line %d)" % (name, frames[-1].lineno) if frames else ""


class UserCode:
    """task(i), task_async(i) and setup() of the user's module. Every exception they raise,
    SystemExit too, becomes a TaskError: the trial fails with it and the runner goes on."""

    def __init__(self, path, name):
        self.path, self.name = path, name
        spec = importlib.util.spec_from_file_location("lab_user_code", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except BaseException as e:
            raise TaskError("importing %s failed: %s" % (name, describe_user_error(e, path, name)))
        self.task = getattr(module, "task", None)
        self.task_async = getattr(module, "task_async", None)
        self.setup_fn = getattr(module, "setup", None)

    def missing(self, model):
        """Why this model cannot run the code, or None."""
        if model == "py-asyncio":
            if not callable(self.task_async):
                return "py-asyncio runs async def task_async(i), and %s has none" % self.name
        elif not callable(self.task):
            return "%s runs def task(i), and %s has none" % (model, self.name)
        return None

    def setup(self):
        if callable(self.setup_fn):
            try:
                self.call(self.setup_fn)
            except TaskError as e:
                raise TaskError("setup() failed: %s" % e)

    def call(self, fn, *args):
        try:
            return fn(*args)
        except BaseException as e:
            raise TaskError(describe_user_error(e, self.path, self.name))

    async def call_async(self, task):
        try:
            return await self.task_async(task)
        except BaseException as e:
            raise TaskError(describe_user_error(e, self.path, self.name))


def check_code(source: str, name: str) -> Checked:
    """Compiles the source (nothing of it runs) and finds its entry points in the syntax tree."""
    has: EntryPoints = {"task": False, "taskAsync": False, "setup": False}
    try:
        compile(source, name, "exec", dont_inherit=True)
        tree = ast.parse(source, name)
    except SyntaxError as e:
        message = "%s: %s" % (type(e).__name__, e.msg)
        return {"ok": False, "problems": [{"line": e.lineno or 1, "column": e.offset or 0, "message": message}], "has": has}
    except ValueError as e:  # e.g. a NUL byte in the source
        return {"ok": False, "problems": [{"line": 1, "column": 0, "message": "ValueError: %s" % e}], "has": has}
    problems: list[Problem] = []
    for node in tree.body:
        names = []
        if isinstance(node, ast.FunctionDef):
            names = [(node.name, "def")]
        elif isinstance(node, ast.AsyncFunctionDef):
            names = [(node.name, "async def")]
        elif isinstance(node, ast.Assign):
            names = [(t.id, "=") for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [((a.asname or a.name).split(".")[0], "=") for a in node.names]
        for n, how in names:
            if n == "task" and how == "async def":
                problems.append({"line": node.lineno, "column": node.col_offset + 1,
                                 "message": "task must be a plain def: write async def task_async(i) for py-asyncio"})
            elif n == "task":
                has["task"] = True
            elif n == "task_async":
                has["taskAsync"] = True
            elif n == "setup":
                has["setup"] = True
    if not has["task"] and not problems:
        problems.append({"line": 1, "column": 0, "message": "%s defines no def task(i): the lab calls task(i) for each task" % name})
    return {"ok": not problems, "problems": problems, "has": has}


TRY_RESULT_CHARS = 200


def try_code(path: str, name: str) -> Tried:
    """task(0) once, after setup(): its time, its result (abbreviated) or its exception."""
    try:
        code = UserCode(path, name)
        code.setup()
    except TaskError as e:
        return {"outcome": "error", "ms": None, "error": str(e)}
    use_async = not callable(code.task) and callable(code.task_async)
    if not callable(code.task) and not use_async:
        return {"outcome": "error", "ms": None, "error": "%s defines no def task(i)" % name}
    start = time.monotonic_ns()
    try:
        if use_async:
            result = asyncio.run(code.call_async(0))
        else:
            result = code.call(code.task, 0)
    except TaskError as e:
        return {"outcome": "error", "ms": round((time.monotonic_ns() - start) / 1e6, 3), "error": str(e), "async": use_async}
    ms = round((time.monotonic_ns() - start) / 1e6, 3)
    try:
        text = repr(result)
    except Exception as e:
        text = "<repr failed: %s>" % e
    if len(text) > TRY_RESULT_CHARS:
        text = text[:TRY_RESULT_CHARS] + "…"
    return {"outcome": "ok", "ms": ms, "result": text, "async": use_async}


# ---------------------------------------------------------------------------
# Where a task ran: the core (Linux) and the OS thread id, named as the Node side names them.

_PROCESSOR_FIELD = 39


def _thread_fd(name):
    """(descriptor of /proc/thread-self/<name> for the calling thread or -1 off Linux, newly opened?).

    /proc/thread-self resolves when opened, so each thread keeps a descriptor of its own; a
    forked worker opens its own rather than read its parent's thread through an inherited one."""
    fds = getattr(_local, "proc_fds", None)
    if fds is None or _local.proc_pid != os.getpid():
        fds = _local.proc_fds = {}
        _local.proc_pid = os.getpid()
    if name in fds:
        return fds[name], False
    try:
        fd = os.open("/proc/thread-self/" + name, os.O_RDONLY)
    except OSError:
        fd = -1
    fds[name] = fd
    return fd, True


def current_cpu():
    """The core this thread is on now, from field 39 of /proc/thread-self/stat; None off Linux."""
    fd, _ = _thread_fd("stat")
    if fd < 0:
        return None
    try:
        stat = os.pread(fd, 1024, 0)
        fields = stat[stat.rindex(b")") + 2 :].split()
        return int(fields[_PROCESSOR_FIELD - 3])
    except (OSError, ValueError, IndexError):
        return None


def span(task: int, worker: int, start: int, end: int, reading: tuple[int, int | None] | None = None,
         handoff_in: int | None = None) -> Span:
    s: Span = {"task": task, "worker": worker, "startNs": start, "endNs": end, "pid": os.getpid(),
         "thread": threading.get_native_id()}
    cpu = current_cpu()
    if cpu is not None:
        s["cpu"] = cpu
    if reading is not None:
        s["runNs"] = reading[0]
        if reading[1] is not None:
            s["waitNs"] = reading[1]
    if handoff_in is not None:
        s["handoffInNs"] = max(0, handoff_in)
    return s


# ---------------------------------------------------------------------------
# Wait states (issue 12): per task, on its own thread, CPU time (time.thread_time_ns,
# exact) and run-queue wait (Linux: field 2 of /proc/thread-self/schedstat). What is
# left of the task's wall is blocked time: IO, sleeps, locks and, in threads, the GIL.
# A reading costs a few µs, so tasks under SHORT_TASK_NS are sampled 1 in SAMPLE_EVERY.

SHORT_TASK_NS = 1_000_000
SAMPLE_EVERY = 32
_MEASURE = [True]


def _gil_holding_pread():
    """(libc pread called without releasing the GIL,), or None.

    os.pread releases the GIL around the read; under contention the thread then waits to
    get it back before it can take the task's start timestamp, and the run-queue wait of
    that wake-up would be charged to the task. Through ctypes.PyDLL the GIL stays held, so
    the reading and the timestamp next to it are not split by a switch."""
    try:
        import ctypes

        fn = ctypes.PyDLL(None).pread
        fn.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_long)
        fn.restype = ctypes.c_ssize_t
        return (fn,)
    except Exception:
        return None


_PREAD: list[tuple[Any] | None] = []


def _sched_fd():
    fd, opened = _thread_fd("schedstat")
    if opened:
        if not _PREAD:
            _PREAD.append(_gil_holding_pread())
        if _PREAD[0] is not None:
            # Each thread reads into a buffer of its own.
            import ctypes

            _local.sched_buf = ctypes.create_string_buffer(128)
    return fd


def _run_delay(data: bytes) -> int | None:
    try:
        return int(data.split()[1])
    except (ValueError, IndexError):
        return None


def sched_reading():
    """(CPU ns, run-queue wait ns or None off Linux) of the calling thread."""
    fd = _sched_fd()
    cpu = time.thread_time_ns()
    if fd < 0:
        return cpu, None
    try:
        return cpu, _run_delay(os.pread(fd, 128, 0))
    except OSError:
        return cpu, None


class Meter:
    """One thread's task readings, sampling the tiny tasks; the CPU a pair of readings
    itself adds (measured once) is taken off every delta. begin() and end() take the
    task's start and end timestamps themselves, right beside the readings, with nothing
    between them where the GIL could change hands."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.last_wall = SHORT_TASK_NS
        self.count = 0
        self.before = None
        self.reading = None
        self.overhead = 0
        self.fd = _sched_fd() if enabled else -1
        pread = _PREAD[0] if _PREAD else None
        self.pread = pread[0] if pread is not None and self.fd >= 0 else None
        self.buf = getattr(_local, "sched_buf", None)
        if enabled:
            deltas = []
            for _ in range(15):
                self.before = None
                self.count = 0
                self.begin()
                self.end(self.before[2] if self.before else 0)
                if self.reading is not None:
                    deltas.append(self.reading[0] + self.overhead)
            self.overhead = sorted(deltas)[len(deltas) // 2] if deltas else 0
            self.count = 0
            self.last_wall = SHORT_TASK_NS

    def begin(self):
        """The task's start timestamp (and, when sampled, the readings beside it)."""
        sample = self.enabled and (self.last_wall >= SHORT_TASK_NS or self.count % SAMPLE_EVERY == 0)
        self.count += 1
        if not sample:
            self.before = None
            return time.monotonic_ns()
        if self.pread is not None:
            cpu = time.thread_time_ns()
            n = self.pread(self.fd, self.buf, 128, 0)
            start = time.monotonic_ns()
            self.before = (cpu, _run_delay(self.buf.raw[:n]) if n > 0 else None, start)
            return start
        cpu, wait = sched_reading()
        start = time.monotonic_ns()
        self.before = (cpu, wait, start)
        return start

    def end(self, start):
        """The task's end timestamp; self.reading is then (run ns, wait ns or None), or None when not measured."""
        b = self.before
        if b is None:
            end = time.monotonic_ns()
            self.last_wall = end - start
            self.reading = None
            return end
        if self.pread is not None:
            end = time.monotonic_ns()
            cpu = time.thread_time_ns()
            n = self.pread(self.fd, self.buf, 128, 0)
            wait = _run_delay(self.buf.raw[:n]) if n > 0 else None
        else:
            end = time.monotonic_ns()
            cpu, wait = sched_reading()
        self.last_wall = end - start
        self.reading = (max(0, cpu - b[0] - self.overhead), None if wait is None or b[1] is None else max(0, wait - b[1]))
        return end


def meter():
    """The calling thread's Meter (a forked worker makes its own)."""
    m = getattr(_local, "meter", None)
    if m is None or _local.meter_pid != os.getpid():
        _local.meter_pid = os.getpid()
        m = _local.meter = Meter(_MEASURE[0])
    return m


def switches_now():
    """(voluntary, involuntary) context switches of this process so far, or None."""
    if not resource:
        return None
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_nvcsw, u.ru_nivcsw


def switches_between(a, b):
    if a is None or b is None:
        return None
    return {"voluntary": b[0] - a[0], "involuntary": b[1] - a[1]}


# ---------------------------------------------------------------------------
# The protocol stream and the state every thread of the runner shares.


class Channel:
    """Protocol lines on the real stdout. fd 1 itself is pointed at stderr, so a stray
    print() anywhere (or in a forked worker) cannot corrupt the protocol."""

    def __init__(self):
        self.out = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self.lock = threading.Lock()

    def send(self, message):
        line = json.dumps(message, separators=(",", ":"))
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()


class SpanSink:
    """Finished tasks, sent in batches at most every 50 ms so 100,000 tiny tasks do not
    become 100,000 lines."""

    def __init__(self, channel):
        self.channel = channel
        self.pending = []
        self.done = 0
        self.lock = threading.Lock()
        self.last = time.monotonic_ns()

    def add(self, s):
        with self.lock:
            self.pending.append(s)
            self.done += 1
            if s["endNs"] - self.last >= SPAN_FLUSH_NS:
                self._flush()

    def flush(self):
        with self.lock:
            self._flush()

    def _flush(self):
        self.last = time.monotonic_ns()
        if self.pending:
            batch, self.pending = self.pending, []
            self.channel.send({"type": "spans", "spans": batch})


class WorkerSlots:
    """What each worker runs now, for the watchdog (a task past timeoutMs) and for naming the
    task a crashed worker was running. Per worker, two integers in one flat sequence: the
    task + 1 (0 = idle) and its start ns. A list within this process; for a process pool a
    RawArray("q") in shared memory, which each worker wraps again in its initializer."""

    def __init__(self, cells: MutableSequence[int]) -> None:
        self.cells = cells

    @classmethod
    def local(cls, k: int) -> WorkerSlots:
        return cls([0, 0] * k)

    def begin(self, worker: int, task: int, start_ns: int) -> None:
        # The start first: the watchdog reads the task, then its start.
        self.cells[2 * worker + 1] = start_ns
        self.cells[2 * worker] = task + 1

    def idle(self, worker: int) -> None:
        self.cells[2 * worker] = 0

    def task(self, worker: int) -> int | None:
        """The task the worker runs now, or None when it is idle."""
        task = self.cells[2 * worker] - 1
        return task if task >= 0 else None

    def running(self) -> list[tuple[int, int, int]]:
        """(worker, task, start ns) of every worker running a task."""
        busy = []
        for w in range(len(self.cells) // 2):
            task = self.cells[2 * w] - 1
            start = self.cells[2 * w + 1]
            if task >= 0:
                busy.append((w, task, start))
        return busy


class Runner:
    """What the watchdog, the stdin reader and the trial share."""

    def __init__(self, channel):
        self.channel = channel
        self.sink = SpanSink(channel)
        self.finished = False
        self.child_pids: set[int] = set()
        # What each worker runs now, while tasks are dispatched; None before and after.
        self.slots: WorkerSlots | None = None
        self.timeout_ns = None
        self.exit_lock = threading.Lock()
        # Figures a model adds to its result message (the loop's states, context switches).
        self.extra: dict[str, Any] = {}
        # Every task runs on one event loop (py-asyncio): a timeout names every task in flight.
        self.one_loop = False

    def end(self, message: ErrorMessage | None = None) -> NoReturn:
        """Ends the runner at once: whatever threads or workers still run cannot be
        stopped any other way, and the trial's outcome is already decided."""
        with self.exit_lock:
            try:
                self.sink.flush()
                if message is not None:
                    self.channel.send(message)
            except Exception:  # the lab may be gone; leaving is all that matters now
                pass
            kill_children(self.child_pids)
            os._exit(0 if message is None else 1)

    def fail(self, message: str, kind: Literal["failed", "timeout"] = "failed") -> NoReturn:
        self.end({"type": "error", "kind": kind, "message": message})

    def watch_stdin(self) -> NoReturn:
        """The lab closes stdin to cancel, and the OS closes it when the lab dies: either way, leave."""
        try:
            # fd 0 directly: a thread blocked inside sys.stdin would hold its lock, and a forked
            # pool worker closing sys.stdin (as multiprocessing does) would then wait on it for ever.
            while os.read(0, 65536):
                pass
        except Exception:
            pass
        if self.finished:
            os._exit(0)
        self.end()

    def watchdog(self) -> NoReturn:
        """Times out a task running past timeoutMs (even one that blocks the loop or
        never yields) and keeps a heartbeat going so the lab knows the runner lives."""
        next_beat = time.monotonic() + HEARTBEAT_S
        while True:
            time.sleep(0.02 if self.timeout_ns is not None and self.timeout_ns < 1_000_000_000 else 0.1)
            now = time.monotonic_ns()
            slots = self.slots
            busy = slots.running() if slots is not None and self.timeout_ns is not None else []
            in_flight = len(busy)
            late = sorted((task, w) for w, task, start in busy if now - start > self.timeout_ns)
            if late:
                # On one event loop, the task that blocks it may have started after the first to run out of time.
                held = sorted((task, w) for w, task, _ in busy if (task, w) not in late) if self.one_loop else []
                self.fail(describe_timeout(late, held, self.timeout_ns), "timeout")
            if time.monotonic() >= next_beat:
                next_beat += HEARTBEAT_S
                self.sink.flush()
                self.channel.send({"type": "progress", "done": self.sink.done, "inFlight": in_flight})


def describe_timeout(late: list[tuple[int, int]], held: list[tuple[int, int]], timeout_ns: int) -> str:
    """Why a trial timed out: each (task, worker) past timeoutMs and, on one event loop, the
    others in flight with them. A task that never awaits holds up the whole loop, and it may
    have started after the first task to run out of time, so it is among those named."""
    text = "%s %s ran longer than timeoutMs (%s ms) on worker%s %s" % (
        "task" if len(late) == 1 else "tasks", ", ".join(str(t) for t, _ in late),
        js_number(timeout_ns / 1e6), "" if len(late) == 1 else "s", ", ".join(str(w) for _, w in late))
    if held:
        text += "; also in flight on the same event loop: %s" % ", ".join("task %d (worker %d)" % th for th in held)
    return text


def kill_children(extra_pids):
    pids = set(extra_pids)
    try:
        pids.update(p.pid for p in multiprocessing.active_children())
    except Exception:
        pass
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (OSError, TypeError):
            pass
    # Started detached, the runner leads its own group: sweep anything left in it (e.g. a forkserver), itself last.
    if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
        try:
            os.killpg(os.getpgrp(), signal.SIGKILL)
        except OSError:
            pass


def rss_bytes(usage):
    # ru_maxrss is KiB on Linux, bytes on macOS.
    return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


# ---------------------------------------------------------------------------
# The models. Each returns (t0, end, startup_ns, cpu_ns, peak_rss) and reports spans
# through the sink; t0 is the first dispatch, end the last completion as the
# dispatcher saw it.

# (t0 ns, end ns, start-up ns, CPU ns, peak RSS bytes or None)
Outcome = Tuple[int, int, int, int, Optional[int]]


def run_sequential(runner: Runner, req: TrialRequest, work: Work) -> Outcome:
    runner.slots = slots = WorkerSlots.local(1)
    sink = runner.sink
    setup_or_fail(runner, work)
    m = meter()
    switches0 = switches_now()
    cpu0 = time.process_time_ns()
    t0 = started(runner, 0, [worker_info(0)])
    for task in range(req["tasks"]):
        start = m.begin()
        slots.begin(0, task, start)
        try:
            work.run(task)
        except Exception as e:
            runner.fail(task_failed(task, e))
        slots.idle(0)
        end = m.end(start)
        sink.add(span(task, 0, start, end, m.reading))
    end = time.monotonic_ns()
    cpu = time.process_time_ns() - cpu0
    add_switches(runner, switches_between(switches0, switches_now()))
    return t0, end, 0, cpu, own_rss()


def add_switches(runner, switches):
    if switches is not None and _MEASURE[0]:
        runner.extra["switches"] = switches


def run_asyncio(runner: Runner, req: TrialRequest, work: Work) -> Outcome:
    k, tasks = req["concurrency"], req["tasks"]
    runner.slots = slots = WorkerSlots.local(k)
    runner.one_loop = True
    sink = runner.sink
    times: dict[str, Any] = {}

    async def trial():
        loop = asyncio.get_running_loop()
        go = loop.create_future()
        ready = asyncio.Event()
        checked_in = [0]
        next_task = [0]

        async def slot(w):
            # One of k in-flight slots: takes the next task when its last one is done.
            conn = AsyncHttp(work.host, work.port) if work.kind == "http" else None
            checked_in[0] += 1
            if checked_in[0] == k:
                ready.set()
            await go
            try:
                while next_task[0] < tasks:
                    task = next_task[0]
                    next_task[0] += 1
                    start = time.monotonic_ns()
                    slots.begin(w, task, start)
                    try:
                        await work.run_async(task, conn)
                    except Exception as e:
                        runner.fail(task_failed(task, e))
                    slots.idle(w)
                    sink.add(span(task, w, start, time.monotonic_ns()))
            finally:
                if conn is not None:
                    conn.close()

        workers = [asyncio.ensure_future(slot(w)) for w in range(k)]
        await ready.wait()
        times["startup"] = time.monotonic_ns() - times["created"]
        times["switches0"] = switches_now()
        loop0 = sched_reading()
        times["cpu0"] = time.process_time_ns()
        times["t0"] = started(runner, times["startup"], [worker_info(w) for w in range(k)])
        go.set_result(None)
        await asyncio.gather(*workers)
        times["end"] = time.monotonic_ns()
        # The loop thread's states over the trial: its tasks share it, so a span's CPU is not its own.
        loop1 = sched_reading()
        if _MEASURE[0]:
            runner.extra["loop"] = {"cpuNs": loop1[0] - loop0[0], "wallNs": times["end"] - times["t0"],
                                    "waitNs": None if loop0[1] is None or loop1[1] is None else loop1[1] - loop0[1]}
        add_switches(runner, switches_between(times["switches0"], switches_now()))

    # The user's setup() runs before the loop, outside the trial's time (one worker: the loop).
    setup_or_fail(runner, work)
    # Start-up: the loop and its k slots checked in (cheap, but measured as for every model).
    times["created"] = time.monotonic_ns()
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(trial())
        cpu = time.process_time_ns() - times["cpu0"]
    finally:
        loop.close()
    return times["t0"], times["end"], times["startup"], cpu, own_rss()


def worker_info(w: int, pid: int | None = None, thread: int | None = None) -> WorkerInfo:
    return {"worker": w, "pid": pid or os.getpid(), "thread": thread or threading.get_native_id()}


def started(runner: Runner, startup_ns: int, workers: list[WorkerInfo]) -> int:
    """Announces the pool and takes t0, the trial's origin: dispatch begins right after."""
    t0 = time.monotonic_ns()
    runner.channel.send({"type": "started", "t0Ns": t0, "startupNs": startup_ns, "workers": workers})
    return t0


def own_rss():
    return rss_bytes(resource.getrusage(resource.RUSAGE_SELF)) if resource else None


def task_failed(task: int, e: BaseException) -> str:
    if isinstance(e, TaskError):
        return "task %d failed: %s" % (task, e)
    return "task %d failed: %s: %s" % (task, type(e).__name__, e)


def run_threading(runner: Runner, req: TrialRequest, work: Work) -> Outcome:
    k, tasks = req["concurrency"], req["tasks"]
    runner.slots = slots = WorkerSlots.local(k)
    sink = runner.sink
    barrier = threading.Barrier(k)
    startup_timeout = startup_timeout_s(req)

    def check_in():
        # The user's setup(), once per thread; a failure breaks the barrier so no thread waits for it.
        try:
            work.setup()
        except TaskError:
            barrier.abort()
            raise
        # Every thread of the pool must exist: each holds its check-in until all k have one.
        _local.worker = barrier.wait(startup_timeout)
        meter()
        return worker_info(_local.worker)

    def task_fn(task):
        w = _local.worker
        m = meter()
        start = m.begin()
        slots.begin(w, task, start)
        work.run(task)
        slots.idle(w)
        end = m.end(start)
        # No hand-off figure: the executor's queue is in-process, and the gap between a
        # thread's tasks is mostly waiting for the GIL, which the task states already show.
        sink.add(span(task, w, start, end, m.reading))

    t_start = time.monotonic_ns()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=k, thread_name_prefix="lab-worker")
    try:
        pings = [pool.submit(check_in) for _ in range(k)]
        try:
            workers = [p.result() for p in pings]
        except (threading.BrokenBarrierError, TaskError):
            fail_on_setup_error(runner, pings)
            runner.fail("the thread pool did not start: not all %d threads checked in within %d s" % (k, startup_timeout))
        startup = time.monotonic_ns() - t_start
        switches0 = switches_now()
        cpu0 = time.process_time_ns()
        t0 = started(runner, startup, sorted(workers, key=lambda x: x["worker"]))
        futures = [pool.submit(task_fn, task) for task in range(tasks)]
        concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_EXCEPTION)
        end = time.monotonic_ns()
        cpu = time.process_time_ns() - cpu0
        add_switches(runner, switches_between(switches0, switches_now()))
        for task, f in enumerate(futures):
            error = f.exception() if f.done() else None
            if error is not None:
                runner.fail(task_failed(task, error))
    finally:
        pool.shutdown(wait=False)
    return t0, end, startup, cpu, own_rss()


def startup_timeout_s(req: TrialRequest) -> float:
    # Start-up is not a task, so timeoutMs alone would be unfair to a big spawn pool; bounded all the same.
    return max(req["timeoutMs"] / 1000, 60 + req["concurrency"])


# The pool workers' state, set by the initializer in each process.
_W: dict[str, Any] = {}


def _mp_init(barrier, slots, workload, http_url, tmp_dir, fault, startup_timeout, shared=None, switch_interval=None,
             measure=True):
    apply_switch_interval(switch_interval)
    if workload["kind"] == "code":
        faulthandler.enable()
        try:
            work = Work(workload, http_url, tmp_dir, fault, shared)
        except TaskError as e:
            # Told by the start-up handshake: an initializer that raises breaks the pool with no message.
            work = e
    else:
        work = Work(workload, http_url, tmp_dir, fault, shared)
    _MEASURE[0] = measure
    _W.update(barrier=barrier, slots=WorkerSlots(slots), work=work, timeout=startup_timeout)
    parent = os.getppid()

    def watch_parent():
        # A worker whose runner was killed outright leaves too: no orphan, whatever the start method.
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True).start()


def _mp_ping():
    """Start-up handshake: blocks until all k workers hold one, so each answers once.
    The barrier's index becomes the worker's index."""
    try:
        if isinstance(_W["work"], TaskError):
            raise _W["work"]
        _W["work"].setup()
    except TaskError as e:
        _W["barrier"].abort()
        # A plain RuntimeError with a marker: it crosses the process boundary under every start method.
        raise RuntimeError(SETUP_FAILED + str(e))
    _W["worker"] = _W["barrier"].wait(_W["timeout"])
    meter()
    return _mp_figures()


def _mp_final():
    """Wind-down handshake, one per worker again (the barrier's new index is not the worker's)."""
    _W["barrier"].wait(_W["timeout"])
    return _mp_figures()


def _mp_figures():
    w = _W["worker"]
    usage = resource.getrusage(resource.RUSAGE_SELF) if resource else None
    return {"worker": w, "pid": os.getpid(), "thread": threading.get_native_id(),
            "cpuNs": time.process_time_ns(), "rss": rss_bytes(usage) if usage else None,
            "switches": (usage.ru_nvcsw, usage.ru_nivcsw) if usage else None}


def _mp_task(task):
    w = _W["worker"]
    slots = _W["slots"]
    m = meter()
    start = m.begin()
    slots.begin(w, task, start)
    try:
        _W["work"].run(task)
    except TaskError as e:
        raise RuntimeError(TASK_FAILED + str(e))
    slots.idle(w)
    end = m.end(start)
    # The pool queues tasks ahead: the hand-off in is this worker's gap since its previous task.
    last = _W.get("last_end")
    _W["last_end"] = end
    return span(task, w, start, end, m.reading, None if last is None else start - last)


def run_multiprocessing(runner: Runner, req: TrialRequest, work: Work) -> Outcome:
    k, tasks = req["concurrency"], req["tasks"]
    ctx = multiprocessing.get_context(req.get("startMethod") or None)
    startup_timeout = startup_timeout_s(req)
    # In shared memory: each worker process writes its own slot, the watchdog here reads them all.
    cells = ctx.RawArray("q", 2 * k)
    slots = WorkerSlots(cells)
    barrier = ctx.Barrier(k)
    sink = runner.sink
    t_start = time.monotonic_ns()
    # Per-task arguments are just the task number: the workload travels once, to each worker's initializer.
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=k, mp_context=ctx, initializer=_mp_init,
        # work.w: a code workload's path and name, where req["workload"] has only its source.
        initargs=(barrier, cells, work.w, req["httpUrl"], req["tmpDir"], req.get("fault"), startup_timeout,
                  getattr(work, "shared", None) and work.shared.state, req.get("switchIntervalS"), _MEASURE[0]),
    )
    procs = {}
    try:
        pings = [pool.submit(_mp_ping) for _ in range(k)]
        procs = pool_processes(pool)
        runner.child_pids.update(procs)
        try:
            ready = [p.result() for p in pings]
        except concurrent.futures.process.BrokenProcessPool:
            runner.fail("the process pool did not start: %s" % dead_worker(procs))
        except (threading.BrokenBarrierError, RuntimeError):
            fail_on_setup_error(runner, pings)
            runner.fail("the process pool did not start: not all %d workers answered within %d s" % (k, startup_timeout))
        startup = time.monotonic_ns() - t_start
        procs = pool_processes(pool)
        runner.child_pids.update(procs)
        if len({r["pid"] for r in ready}) != k:
            runner.fail("the process pool did not start %d distinct workers" % k)
        by_worker = {r["worker"]: r for r in ready}
        runner.slots = slots
        t0 = started(runner, startup, [worker_info(r["worker"], r["pid"], r["thread"]) for r in sorted(ready, key=lambda r: r["worker"])])
        futures = {pool.submit(_mp_task, task): task for task in range(tasks)}
        try:
            for f in concurrent.futures.as_completed(futures):
                s = f.result()
                s["handoffOutNs"] = max(0, time.monotonic_ns() - s["endNs"])
                sink.add(s)
        except concurrent.futures.process.BrokenProcessPool:
            runner.fail(crashed_task(slots, by_worker, procs))
        except Exception as e:
            runner.fail(task_failed(futures[f], unwrap_task_error(e)))
        end = time.monotonic_ns()
        runner.slots = None
        # Wind-down handshake: each worker's CPU time since start-up (so spawning, imports and
        # the pool's start are not counted; they are in startupMs) and its peak memory.
        final = [p.result() for p in [pool.submit(_mp_final) for _ in range(k)]]
        cpu = sum(f["cpuNs"] - by_worker[f["worker"]]["cpuNs"] for f in final)
        if all(f["switches"] is not None and by_worker[f["worker"]]["switches"] is not None for f in final):
            add_switches(runner, {
                "voluntary": sum(f["switches"][0] - by_worker[f["worker"]]["switches"][0] for f in final),
                "involuntary": sum(f["switches"][1] - by_worker[f["worker"]]["switches"][1] for f in final),
            })
        rss = sum(f["rss"] for f in final) if all(f["rss"] is not None for f in final) else None
        pool.shutdown(wait=True)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return t0, end, startup, cpu, rss


def pool_processes(pool: concurrent.futures.ProcessPoolExecutor) -> dict[int, multiprocessing.process.BaseProcess]:
    """The pool's worker processes by pid (a copy: the pool's management thread changes its own).

    ProcessPoolExecutor has no public way to name its workers, and the runner needs them:
    to kill them when it must leave at once (a timeout, a cancel) and to say which one died
    when the pool reports only that it broke. `_processes` has been this {pid: Process}
    dict since Python 3.2; this is the one place that reads it."""
    return dict(getattr(pool, "_processes", None) or {})


def first_dead(candidates, wait_s=3.0):
    """The first (key, process) of candidates that exited on its own (not by the pool's SIGTERM).

    When a worker dies, the pool's management thread reaps it and terminates the rest. If our
    waitpid loses that race, CPython's Popen.poll sees ECHILD and reports None until the other
    thread records the exit code, so a single look can miss the dead worker: look again until
    wait_s has passed.
    """
    deadline = time.monotonic() + wait_s
    while True:
        for key, p in candidates:
            p.join(0.05)
            if p.exitcode not in (None, -signal.SIGTERM):
                return key, p
        if time.monotonic() >= deadline:
            return None, None
        time.sleep(0.02)


def dead_worker(procs):
    pid, p = first_dead(list(procs.items()))
    if p is None:
        return "a worker process died abruptly"
    return "worker process %d %s" % (pid, describe_exit(p.exitcode))


def describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return "was killed by %s" % signal.Signals(-code).name
        except ValueError:
            return "was killed by signal %d" % -code
    return "exited with code %s" % code


def crashed_task(slots: WorkerSlots, by_worker: dict[int, dict], procs: dict[int, multiprocessing.process.BaseProcess]) -> str:
    candidates = [(w, procs[info["pid"]]) for w, info in sorted(by_worker.items()) if info["pid"] in procs]
    w, p = first_dead(candidates)
    if p is None:
        return "a worker process died abruptly and the process pool broke"
    task = slots.task(w)
    which = "task %d crashed its worker" % task if task is not None else "worker %d crashed" % w
    return "%s: worker %d (pid %d) %s" % (which, w, by_worker[w]["pid"], describe_exit(p.exitcode))


MODELS = {
    "py-sequential": run_sequential,
    "py-asyncio": run_asyncio,
    "py-threading": run_threading,
    "py-multiprocessing": run_multiprocessing,
}


SETUP_FAILED = "setup failed: "
TASK_FAILED = "task failed: "


def code_workload(req: TrialRequest) -> Workload:
    """What the workers need of a code workload: its path and name, not the source again."""
    w = dict(req["workload"])
    w.pop("source", None)
    w["path"] = req["codePath"]
    w["name"] = req.get("codeName") or os.path.basename(req["codePath"])
    return w


def unwrap_task_error(e: BaseException) -> BaseException:
    """A user task's error, as a TaskError again, once it has crossed from a worker process."""
    text = str(e)
    if isinstance(e, RuntimeError) and text.startswith(TASK_FAILED):
        return TaskError(text[len(TASK_FAILED):])
    return e


def setup_or_fail(runner: Runner, work: Work) -> None:
    try:
        work.setup()
    except TaskError as e:
        runner.fail(str(e))


def fail_on_setup_error(runner, futures):
    """If a worker's setup() failed (and broke the start-up barrier for the rest), fail with its error."""
    for f in futures:
        try:
            e = f.exception()
        except Exception:
            continue
        if isinstance(e, TaskError):
            runner.fail(str(e))
        if isinstance(e, RuntimeError) and str(e).startswith(SETUP_FAILED):
            runner.fail(str(e)[len(SETUP_FAILED):])


def run_trial(runner: Runner, req: TrialRequest) -> None:
    model = MODELS.get(req.get("model"))
    if model is None:
        runner.fail("unknown model %r: expected one of %s" % (req.get("model"), ", ".join(MODELS)))
    missing = missing_size(req["workload"])
    if missing:
        runner.fail(missing)
    apply_switch_interval(req.get("switchIntervalS"))
    shared = shared_state_for(req) if req["workload"]["kind"] == "shared" else None
    workload = code_workload(req) if req["workload"]["kind"] == "code" else req["workload"]
    try:
        work = Work(workload, req.get("httpUrl") or "", req.get("tmpDir") or "", req.get("fault"), shared)
    except (ValueError, TaskError) as e:
        runner.fail(str(e))
    if work.kind == "code":
        gap = work.code.missing(req["model"])
        if gap:
            runner.fail(gap)
        # A crash of the interpreter in the user's code prints the Python stack, with its line, to stderr.
        faulthandler.enable()
    runner.timeout_ns = int(req["timeoutMs"] * 1_000_000)
    _MEASURE[0] = req.get("measureWaits", True) is not False
    t0, end, startup, cpu, rss = model(runner, req, work)
    runner.sink.flush()
    result = {"type": "result", "t0Ns": t0, "endNs": end, "wallNs": end - t0, "startupNs": startup,
              "cpuNs": cpu, "peakRssBytes": rss}
    if shared is not None:
        # Read once every task is done: what the shared state holds, counted, not estimated.
        result["shared"] = {"observed": shared.read(), "switchIntervalS": sys.getswitchinterval()}
    result.update(runner.extra)
    runner.channel.send(result)


# ---------------------------------------------------------------------------
# Calibration: the same search as the Node side (workloads/size-for-time.ts), in CPython.

REFINE_BUDGET_MS = 400
MEASURE_BUDGET_MS = 600


def time_ms(fn):
    start = time.monotonic_ns()
    fn()
    return (time.monotonic_ns() - start) / 1e6


def median(values: list[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def search(run, start, minimum, exponent, target_ms):
    floor_ms = min(target_ms / 4, 5)
    size = start
    ms = time_ms(lambda: run(size))
    while ms < floor_ms and size < 2**50:
        size *= 4
        ms = time_ms(lambda: run(size))
    spent = 0
    for _ in range(3):
        nxt = max(minimum, round(size * (target_ms / max(ms, 1e-3)) ** (1 / exponent)))
        if nxt == size or spent + target_ms > REFINE_BUDGET_MS:
            return nxt
        size = nxt
        ms = time_ms(lambda: run(size))
        spent += ms
        if abs(ms - target_ms) <= target_ms * 0.05:
            break
    return size


def measure(run, target_ms):
    count = max(1, min(5, int(MEASURE_BUDGET_MS // max(target_ms, 1e-3))))
    return round(median([time_ms(run) for _ in range(count)]), 3)


def calibrate(kind: str, task_ms: float) -> tuple[dict[str, int], float]:
    if kind == "hash":
        data = bytes([0x5A]) * HASH_CALIBRATION_BYTES
        rounds = search(lambda r: hash_rounds(data, r), 1, 1, 1, task_ms)
        return {"bytes": HASH_CALIBRATION_BYTES, "rounds": rounds}, measure(lambda: hash_rounds(data, rounds), task_ms)
    if kind not in ("primes", "mixed"):
        raise ValueError("cannot calibrate %r: expected primes, hash or mixed" % kind)
    # mixed's CPU part is primes below n; trial division's local cost exponent is about 1.4.
    n = search(count_primes_below, 1000, 2, 1.4, task_ms)
    return {"n": n}, measure(lambda: count_primes_below(n), task_ms)


# ---------------------------------------------------------------------------


def read_request() -> bytes:
    """The first line of stdin, read from fd 0 without Python's buffering (see watch_stdin)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(0, 65536)
        if not chunk:
            break
        data += chunk
    return data


def main() -> int:
    channel = Channel()
    if sys.version_info < MIN_VERSION:
        channel.send({"type": "error", "kind": "failed", "message": "Python %d.%d is too old: %d.%d+ needed"
                      % (sys.version_info[0], sys.version_info[1], MIN_VERSION[0], MIN_VERSION[1])})
        return 2
    line = read_request()
    if not line:
        return 0
    runner = Runner(channel)
    try:
        req = json.loads(line)
    except ValueError as e:
        runner.fail("the runner could not read its request: %s" % e)
    threading.Thread(target=runner.watch_stdin, name="lab-stdin", daemon=True).start()
    gil = getattr(sys, "_is_gil_enabled", None)
    channel.send({"type": "ready", "pid": os.getpid(), "version": "%d.%d.%d" % sys.version_info[:3],
                  "executable": sys.executable, "gilEnabled": gil() if gil else None,
                  "startMethod": multiprocessing.get_context(req.get("startMethod") or None).get_start_method()})
    try:
        if req.get("mode") == "calibrate":
            params, measured = calibrate(req.get("kind"), float(req.get("taskMs", 0)))
            channel.send({"type": "calibration", "params": params, "measuredMs": measured})
        elif req.get("mode") == "check":
            channel.send(dict(check_code(req["source"], req.get("name") or "task.py"), type="checked"))
        elif req.get("mode") == "try":
            faulthandler.enable()
            if req.get("httpUrl"):
                os.environ["LAB_HTTP_URL"] = req["httpUrl"]
            channel.send(dict(try_code(req["codePath"], req.get("name") or "task.py"), type="tried"))
        else:
            threading.Thread(target=runner.watchdog, name="lab-watchdog", daemon=True).start()
            run_trial(runner, req)
    except SystemExit:
        raise
    except BaseException as e:
        runner.fail("the Python runner failed: %s: %s" % (type(e).__name__, e))
    runner.finished = True
    channel.out.flush()
    # The pools are closed; skip the interpreter's teardown (and its daemon threads).
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
