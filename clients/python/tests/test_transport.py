"""The Node SDK's delivery rules in the Python client, against a scripted HTTP server on loopback:
which answers are retried, Retry-After, a 400 naming bad events, a 413, and what is counted."""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Tuple

from vigil_client import Client
from vigil_client._transport import backoff_delay, parse_retry_after

Reply = Tuple[int, Dict[str, str], Any]


class Scripted:
    """Answers each POST with the next reply of a script (then 200), recording what it was sent."""

    def __init__(self, script: List[Callable[[Dict[str, Any]], Reply]]) -> None:
        self.script = list(script)
        self.requests: List[Tuple[float, str, Dict[str, Any], Dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((time.monotonic(), self.path, body, dict(self.headers)))
                reply = outer.script.pop(0)(body) if outer.script else (200, {}, {"accepted": len(next(iter(body.values()))), "duplicates": 0})
                status, headers, payload = reply
                raw = json.dumps(payload).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def status(code: int, headers: Dict[str, str] = {}, payload: Any = None) -> Callable[[Dict[str, Any]], Reply]:  # noqa: B006
    return lambda _body: (code, headers, payload if payload is not None else {"error": {"code": "X", "message": f"status {code}"}})


def event(i: int) -> Dict[str, Any]:
    return {"id": f"e{i}", "features": {"x": i}, "prediction": 0.5}


class RetryAfterTest(unittest.TestCase):
    def test_seconds_and_http_dates(self) -> None:
        self.assertEqual(parse_retry_after("3"), 3.0)
        self.assertEqual(parse_retry_after(" 1.5 "), 1.5)
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after(""))
        self.assertIsNone(parse_retry_after("-5"))
        self.assertIsNone(parse_retry_after("soon"))
        now = 1_800_000_000.0
        self.assertAlmostEqual(parse_retry_after(email.utils.formatdate(now + 7, usegmt=True), now) or 0, 7.0)
        self.assertEqual(parse_retry_after(email.utils.formatdate(now - 7, usegmt=True), now), 0.0)

    def test_full_jitter_ceilings(self) -> None:
        self.assertEqual(backoff_delay(1, 0.1, 30, lambda: 0.999999) < 0.1, True)
        self.assertAlmostEqual(backoff_delay(4, 0.1, 30, lambda: 0.5), 0.4)
        self.assertAlmostEqual(backoff_delay(20, 0.1, 30, lambda: 0.5), 15.0)
        self.assertEqual(backoff_delay(3, 0.1, 30, lambda: 0.0), 0.0)


class DeliveryTest(unittest.TestCase):
    def setUp(self) -> None:
        logging.getLogger("vigil_client").setLevel(logging.CRITICAL)

    def run_script(self, script: List[Callable[[Dict[str, Any]], Reply]], n: int = 3, **options: Any) -> Tuple[Scripted, Client]:
        server = Scripted(script)
        self.addCleanup(server.close)
        client = Client(server.url, "k", flush_interval=0.02, **options)
        self.addCleanup(client.close)
        for i in range(n):
            client.log_prediction("m", f"e{i}", {"x": i}, 0.5)
        self.assertTrue(client.flush(20))
        return server, client

    def test_retries_408_429_and_5xx_with_the_same_ids(self) -> None:
        server, client = self.run_script([status(503), status(429), status(408), status(500)])
        self.assertEqual(len(server.requests), 5)
        bodies = {json.dumps(r[2], sort_keys=True) for r in server.requests}
        self.assertEqual(len(bodies), 1, "a retry sends the same events, ids and timestamps")
        s = client.stats()
        self.assertEqual((s.sent, s.queued, s.in_flight), (3, 0, 0))
        self.assertEqual(sum(s.dropped.values()), 0)
        self.assertEqual(server.requests[0][1], "/v1/models/m/predictions")
        self.assertEqual(server.requests[0][3]["Authorization"], "Bearer k")

    def test_honours_retry_after(self) -> None:
        server, _ = self.run_script([status(503, {"Retry-After": "1"})])
        self.assertGreaterEqual(server.requests[1][0] - server.requests[0][0], 0.95)

    def test_other_4xx_are_dropped_not_retried(self) -> None:
        server, client = self.run_script([status(401)])
        self.assertEqual(len(server.requests), 1)
        self.assertEqual(client.stats().dropped["rejected"], 3)
        self.assertEqual(client.stats().sent, 0)

    def test_gives_up_after_max_retries(self) -> None:
        server, client = self.run_script([status(502)] * 3, max_retries=2)
        self.assertEqual(len(server.requests), 3)
        self.assertEqual(client.stats().dropped["retries_exhausted"], 3)

    def test_a_400_naming_events_drops_only_those_and_resends_the_rest_once(self) -> None:
        details = {"error": {"code": "INVALID", "message": "bad", "details": [{"path": "events[1].prediction", "message": "a score in [0, 1]", "index": 1}]}}
        server, client = self.run_script([status(400, payload=details)])
        self.assertEqual(len(server.requests), 2)
        self.assertEqual([e["id"] for e in server.requests[1][2]["events"]], ["e0", "e2"])
        self.assertEqual(client.stats().dropped["rejected"], 1)
        self.assertEqual(client.stats().sent, 2)

    def test_a_413_splits_the_batch(self) -> None:
        server, client = self.run_script([status(413)], n=4)
        self.assertEqual([len(r[2]["events"]) for r in server.requests], [4, 2, 2])
        self.assertEqual(client.stats().sent, 4)

    def test_batches_per_model_and_stream_up_to_batch_size(self) -> None:
        server = Scripted([])
        self.addCleanup(server.close)
        with Client(server.url, "k", batch_size=2, flush_interval=60) as client:
            for i in range(5):
                client.log_prediction("a", f"e{i}", {"x": i}, 1)
            client.log_label("a", "e1", 1)
            client.log_metric("b", "gpu_util", 0.5, labels={"gpu": 0})
            self.assertTrue(client.flush(10))
        paths = sorted((r[1], len(next(iter(r[2].values())))) for r in server.requests)
        self.assertEqual(paths, [("/v1/models/a/labels", 1), ("/v1/models/a/predictions", 1), ("/v1/models/a/predictions", 2), ("/v1/models/a/predictions", 2), ("/v1/models/b/metrics", 1)])
        metric = next(r[2]["metrics"][0] for r in server.requests if r[1].endswith("/metrics"))
        self.assertEqual(metric["labels"], {"gpu": "0"})
        self.assertRegex(metric["id"], r"^[0-9a-f]{32}$")

    def test_invalid_events_and_a_full_queue_are_counted_never_raised(self) -> None:
        server = Scripted([])
        self.addCleanup(server.close)
        with self.assertLogs("vigil_client", level="WARNING") as logs:
            client = Client(server.url, "k", max_queue=2, flush_interval=60)
            client.log_prediction("m", "", {"x": 1}, 1)
            client.log_prediction("m", "a", {"x": object()}, 1)
            client.log_prediction("m", "b", {"x": 1}, float("nan"))
            client.log_prediction("m", "c", {"x": 1}, 1)
            client.log_prediction("m", "d", {"x": 1}, 1)
            client.log_prediction("m", "e", {"x": 1}, 1)
            client.close()
            client.log_label("m", "c", 1)
        s = client.stats()
        self.assertEqual(s.dropped, {"queue_full": 1, "invalid": 3, "rejected": 0, "retries_exhausted": 0, "shutdown": 1})
        self.assertEqual(s.sent, 2)
        self.assertIn("Vigil client dropped 4 events", logs.output[0])
        self.assertIn("first: a non-empty string (predictions, at id)", logs.output[0])

    def test_close_drops_what_its_deadline_leaves(self) -> None:
        server = Scripted([status(503, {"Retry-After": "30"})])
        self.addCleanup(server.close)
        client = Client(server.url, "k", flush_interval=0.01)
        client.log_prediction("m", "a", {"x": 1}, 1)
        time.sleep(0.3)
        t = time.monotonic()
        client.close(timeout=0.5)
        self.assertLess(time.monotonic() - t, 3)
        self.assertEqual(client.stats().dropped["shutdown"], 1)
        client.close()  # idempotent

    def test_bad_options_raise_at_construction(self) -> None:
        for kwargs in ({"batch_size": 0}, {"batch_size": 10_001}, {"flush_interval": 0}, {"timeout": -1}, {"max_queue": 1.5}):
            with self.assertRaises(ValueError):
                Client("http://localhost:8080", "k", **kwargs)
        with self.assertRaises(ValueError):
            Client("ftp://localhost", "k")
        with self.assertRaises(ValueError):
            Client("http://localhost:8080", "")


if __name__ == "__main__":
    unittest.main()
