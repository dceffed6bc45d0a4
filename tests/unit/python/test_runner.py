"""The pure parts of resources/python/runner.py, with the standard library's unittest
(the runner is standard library only, and so is its test). The Vitest suites beside this
file drive the whole runner over its protocol; these check its functions one by one.

Run: python3 -m unittest discover -s tests/unit/python -p 'test_*.py'   (npm test runs it)
"""

import concurrent.futures
import importlib.util
import multiprocessing
import os
import sys
import unittest

RUNNER = os.path.join(os.path.dirname(__file__), "..", "..", "..", "resources", "python", "runner.py")
_spec = importlib.util.spec_from_file_location("lab_runner", RUNNER)
runner = importlib.util.module_from_spec(_spec)
sys.modules["lab_runner"] = runner  # as an import would: pickling finds a module by its name
_spec.loader.exec_module(runner)


class FakeChannel:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)


class Workloads(unittest.TestCase):
    def test_primes_below_n_as_the_node_side_counts_them(self):
        self.assertEqual([runner.count_primes_below(n) for n in (0, 2, 3, 100, 10_000)], [0, 0, 1, 25, 1229])

    def test_numbers_in_urls_as_javascript_writes_them(self):
        self.assertEqual(runner.js_number(20.0), "20")
        self.assertEqual(runner.js_number(20), "20")
        self.assertEqual(runner.js_number(1.5), "1.5")

    def test_http_path_keeps_the_base_and_replaces_the_size_parameters(self):
        host, port, path = runner.http_task_path("http://127.0.0.1:4567/base?x=1&bytes=9", 5.0, 100)
        self.assertEqual((host, port), ("127.0.0.1", 4567))
        self.assertEqual(path, "/base?x=1&latencyMs=5&bytes=100")
        self.assertEqual(runner.http_task_path("http://127.0.0.1:80/", 0, 1)[2], "/?latencyMs=0&bytes=1")

    def test_http_answer_checked_for_status_and_size(self):
        runner.check_http("/p", 200, 10, 10)
        with self.assertRaisesRegex(RuntimeError, r"^GET /p answered 400$"):
            runner.check_http("/p", 400, 0, 10)
        with self.assertRaisesRegex(RuntimeError, r"^GET /p returned 9 bytes, expected 10$"):
            runner.check_http("/p", 200, 9, 10)

    def test_missing_size_names_what_calibration_should_have_filled_in(self):
        # The same sentences as the engine's sizedWorkload (src-main/engine/workloads/resolved-workload.ts).
        self.assertRegex(runner.missing_size({"kind": "primes", "taskMs": 5}), r"^workload\.n is not set")
        self.assertRegex(runner.missing_size({"kind": "hash", "taskMs": 5, "bytes": 10}), r"^workload\.bytes and workload\.rounds")
        self.assertRegex(runner.missing_size({"kind": "mixed", "cpuMs": 5, "waitMs": 1}), r"^workload\.n is not set")
        self.assertIsNone(runner.missing_size({"kind": "mixed", "cpuMs": 0, "waitMs": 1}))
        self.assertIsNone(runner.missing_size({"kind": "primes", "n": 100}))
        self.assertIsNone(runner.missing_size({"kind": "sleep", "ms": 1}))


class UserCodeChecks(unittest.TestCase):
    def test_a_syntax_error_at_its_line_and_column(self):
        checked = runner.check_code("def task(i):\n    return (i\n", "broken.py")
        self.assertFalse(checked["ok"])
        self.assertEqual(len(checked["problems"]), 1)
        problem = checked["problems"][0]
        self.assertEqual(problem["line"], 2)
        self.assertGreater(problem["column"], 0)
        self.assertTrue(problem["message"].startswith("SyntaxError: "), problem["message"])

    def test_entry_points_found_in_the_syntax_tree(self):
        checked = runner.check_code("import os\ndef setup():\n    pass\ndef task(i):\n    return i\nasync def task_async(i):\n    return i\n", "t.py")
        self.assertEqual(checked, {"ok": True, "problems": [], "has": {"task": True, "taskAsync": True, "setup": True}})

    def test_async_task_and_no_task_are_problems(self):
        checked = runner.check_code("async def task(i):\n    return i\n", "t.py")
        self.assertFalse(checked["ok"])
        self.assertEqual(checked["problems"][0]["line"], 1)
        self.assertIn("task must be a plain def", checked["problems"][0]["message"])
        none = runner.check_code("x = 1\n", "t.py")
        self.assertEqual(none["problems"], [{"line": 1, "column": 0, "message": "t.py defines no def task(i): the lab calls task(i) for each task"}])

    def test_a_nul_byte_is_a_problem_not_a_crash(self):
        checked = runner.check_code("def task(i):\n    return 0\x00\n", "t.py")
        self.assertFalse(checked["ok"])
        self.assertRegex(checked["problems"][0]["message"], r"^(ValueError|SyntaxError): ")

    def test_user_errors_name_the_exception_and_the_line_in_the_users_file(self):
        path = "/tmp/lab-user/task.py"
        code = compile("def task(i):\n    x = 1\n    raise ValueError('boom %d' % i)\n", path, "exec")
        scope = {}
        exec(code, scope)
        try:
            scope["task"](3)
        except ValueError as e:
            self.assertEqual(runner.describe_user_error(e, path, "task.py"), "ValueError: boom 3 (task.py, line 3)")
        else:
            self.fail("task(3) did not raise")
        self.assertEqual(runner.describe_user_error(RuntimeError("x"), path, "task.py"), "RuntimeError: x")

    def test_task_errors_cross_the_process_boundary_and_come_back(self):
        crossed = RuntimeError(runner.TASK_FAILED + "ValueError: boom (task.py, line 3)")
        back = runner.unwrap_task_error(crossed)
        self.assertIsInstance(back, runner.TaskError)
        self.assertEqual(runner.task_failed(7, back), "task 7 failed: ValueError: boom (task.py, line 3)")
        self.assertEqual(runner.task_failed(7, KeyError("k")), "task 7 failed: KeyError: 'k'")
        other = RuntimeError("something else")
        self.assertIs(runner.unwrap_task_error(other), other)

    def test_workers_get_the_code_by_path_not_the_source_again(self):
        req = {"workload": {"kind": "code", "language": "python", "source": "def task(i): pass"}, "codePath": "/tmp/x/task.py"}
        self.assertEqual(runner.code_workload(req), {"kind": "code", "language": "python", "path": "/tmp/x/task.py", "name": "task.py"})
        self.assertEqual(runner.code_workload(dict(req, codeName="mine.py"))["name"], "mine.py")


class WorkerSlotsAndSpans(unittest.TestCase):
    def test_slots_say_what_each_worker_runs_and_since_when(self):
        slots = runner.WorkerSlots.local(3)
        self.assertEqual(slots.running(), [])
        slots.begin(0, 0, 1000)
        slots.begin(2, 5, 2000)
        self.assertEqual(slots.running(), [(0, 0, 1000), (2, 5, 2000)])
        self.assertEqual((slots.task(0), slots.task(1), slots.task(2)), (0, None, 5))
        slots.idle(0)
        self.assertEqual(slots.running(), [(2, 5, 2000)])

    def test_slots_in_shared_memory_read_the_same(self):
        cells = multiprocessing.get_context().RawArray("q", 4)
        writer, reader = runner.WorkerSlots(cells), runner.WorkerSlots(cells)
        writer.begin(1, 41, 123_456_789_000)
        self.assertEqual(reader.running(), [(1, 41, 123_456_789_000)])

    def test_spans_are_sent_in_batches_not_one_line_each(self):
        channel = FakeChannel()
        sink = runner.SpanSink(channel)
        t = sink.last
        for task in range(100):
            sink.add({"task": task, "worker": 0, "startNs": t, "endNs": t + 1})
        self.assertEqual(channel.sent, [])
        self.assertEqual(sink.done, 100)
        # A span ending a flush interval after the last send sends the batch with it.
        sink.add({"task": 100, "worker": 0, "startNs": t, "endNs": t + runner.SPAN_FLUSH_NS})
        self.assertEqual(len(channel.sent), 1)
        self.assertEqual([s["task"] for s in channel.sent[0]["spans"]], list(range(101)))
        sink.flush()
        self.assertEqual(len(channel.sent), 1)  # nothing pending: no empty batch

    def test_a_span_names_its_process_and_thread_and_only_the_figures_measured(self):
        s = runner.span(3, 1, 100, 250, reading=(120, None), handoff_in=-5)
        self.assertEqual((s["task"], s["worker"], s["startNs"], s["endNs"], s["pid"]), (3, 1, 100, 250, os.getpid()))
        self.assertEqual(s["runNs"], 120)
        self.assertNotIn("waitNs", s)
        self.assertEqual(s["handoffInNs"], 0)  # a negative gap is clock noise, not time

    def test_run_queue_wait_read_from_schedstat(self):
        self.assertEqual(runner._run_delay(b"123 456 7\n"), 456)
        self.assertIsNone(runner._run_delay(b"garbage"))


class Timeouts(unittest.TestCase):
    def test_late_tasks_named_with_their_workers(self):
        self.assertEqual(runner.describe_timeout([(3, 1)], [], 300_000_000), "task 3 ran longer than timeoutMs (300 ms) on worker 1")
        self.assertEqual(runner.describe_timeout([(2, 0), (3, 1)], [], 1_500_000), "tasks 2, 3 ran longer than timeoutMs (1.5 ms) on workers 0, 1")

    def test_on_one_event_loop_the_others_in_flight_are_named_too(self):
        # py-asyncio: task 3 blocks the loop, but task 2 (started first, awaiting) runs out of time first.
        self.assertEqual(
            runner.describe_timeout([(2, 0)], [(3, 1)], 300_000_000),
            "task 2 ran longer than timeoutMs (300 ms) on worker 0; also in flight on the same event loop: task 3 (worker 1)",
        )


class Processes(unittest.TestCase):
    def test_exits_described_as_a_person_reads_them(self):
        self.assertEqual(runner.describe_exit(-9), "was killed by SIGKILL")
        self.assertEqual(runner.describe_exit(3), "exited with code 3")
        self.assertEqual(runner.describe_exit(None), "exited with code None")

    def test_pool_processes_names_the_pools_workers_by_pid(self):
        # The one reader of ProcessPoolExecutor's private _processes: if a Python release
        # changes it, this says so here rather than as a runner that cannot name a dead worker.
        with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
            pids = {pool.submit(os.getpid).result() for _ in range(4)}
            procs = runner.pool_processes(pool)
            self.assertTrue(pids <= set(procs), (pids, procs))
            self.assertTrue(all(isinstance(p, multiprocessing.process.BaseProcess) for p in procs.values()))
            procs.clear()  # a copy: the pool's own table is untouched
            self.assertTrue(runner.pool_processes(pool))


class Calibration(unittest.TestCase):
    def test_median(self):
        self.assertEqual(runner.median([3, 1, 2]), 2)
        self.assertEqual(runner.median([4, 1, 3, 2]), 2.5)

    def test_only_sized_kinds_calibrate(self):
        with self.assertRaisesRegex(ValueError, "cannot calibrate 'sleep'"):
            runner.calibrate("sleep", 1)


if __name__ == "__main__":
    unittest.main()
