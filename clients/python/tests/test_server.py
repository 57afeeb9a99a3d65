"""The Python client against a real Vigil server (``vigil serve`` from this checkout, on loopback):
predictions with NumPy and pandas values and a NaN, labels joined, DataFrames, assignment identical
to the server's, and nothing counted twice when the server restarts, or its answer is lost, while
the client is sending."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Set

import http.client

from vigil_client import Client, __version__

from .vigil_server import REPO, VigilServer

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover - Debian's python3-numpy and python3-pandas are in CI
    np = None  # type: ignore[assignment]
    pd = None  # type: ignore[assignment]

needs_pandas = unittest.skipIf(pd is None, "NumPy and pandas are not installed")

server: VigilServer


def setUpModule() -> None:
    global server
    logging.getLogger("vigil_client").setLevel(logging.ERROR)
    server = VigilServer().start()


def tearDownModule() -> None:
    server.cleanup()


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def create_model(name: str, type_: str = "binary") -> None:
    status, body = server.api("POST", "/v1/models", {"name": name, "type": type_})
    assert status == 201, body


def record(model: str, id_: str) -> Dict[str, Any]:
    status, body = server.api("GET", f"/v1/models/{model}/predictions/{urllib.parse.quote(id_, safe='')}")
    assert status == 200, (status, body)
    return body


class VersionTest(unittest.TestCase):
    def test_versioned_with_the_server(self) -> None:
        import re

        version = json.loads((REPO / "package.json").read_text())["version"]
        self.assertEqual(__version__, version)
        pyproject = (REPO / "clients" / "python" / "pyproject.toml").read_text()
        self.assertEqual(re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1), version)  # type: ignore[union-attr]


@needs_pandas
class PredictionsTest(unittest.TestCase):
    def test_numpy_values_and_a_nan_arrive_and_the_label_is_joined(self) -> None:
        create_model("churn")
        when = dt.datetime(2026, 12, 1, 9, 30, 0, 250000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        with Client(server.url, server.key, flush_interval=0.05) as vigil:
            vigil.log_prediction(
                "churn",
                "req-1",
                {
                    "age": np.int64(41),
                    "income": np.float64("nan"),
                    "tenure": np.float32(2.5),
                    "plan": np.str_("pro"),
                    "active": np.bool_(True),
                    "region": pd.NA,
                },
                {"label": np.int64(1), "score": np.float64(0.82)},
                timestamp=pd.Timestamp(when),
                version="v3",
                latency_ms=np.float32(12.5),
                segment={"country": np.str_("FR")},
                trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
            )
            # A naive datetime is UTC, wherever the client runs.
            vigil.log_prediction("churn", "req-2", {"age": 30, "income": 1.0e5}, {"label": 0, "score": np.float64(0.1)}, timestamp=dt.datetime(2026, 12, 1, 7, 0))
            self.assertTrue(vigil.flush(30))
            vigil.log_label("churn", "req-1", np.int64(1))
            vigil.log_label("churn", "req-2", np.bool_(False) * 1)
            vigil.log_metric("churn", "gpu_util", np.float32(0.75), labels={"gpu": np.int64(0)}, timestamp=pd.Timestamp("2026-12-01 07:10", tz="UTC"))
            vigil.log_metric("churn", "gpu_util", np.float64("nan"))  # nothing to store: dropped as invalid
            self.assertTrue(vigil.flush(30))
            stats = vigil.stats()
        self.assertEqual(stats.sent, 5)
        self.assertEqual(stats.dropped["invalid"], 1)
        status, series = server.api("GET", "/v1/models/churn/series?metric=custom:gpu_util&from=2026-12-01T07:00:00Z&to=2026-12-01T08:00:00Z&step=1h")
        self.assertEqual(status, 200, series)
        self.assertEqual([(p["value"], p.get("labels")) for p in series["points"]], [(0.75, {"gpu": "0"})])

        r = record("churn", "req-1")
        self.assertEqual(r["features"], {"age": 41, "income": None, "tenure": 2.5, "plan": "pro", "active": True, "region": None})
        self.assertEqual(r["prediction"], {"label": 1, "score": 0.82})
        self.assertEqual(r["timestamp"], "2026-12-01T07:30:00.250Z")
        self.assertEqual(r["version"], "v3")
        self.assertEqual(r["latencyMs"], 12.5)
        self.assertEqual(r["segment"], {"country": "FR"})
        self.assertEqual(r["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736")
        self.assertEqual(r["label"]["value"], 1)
        r2 = record("churn", "req-2")
        self.assertEqual(r2["timestamp"], "2026-12-01T07:00:00.000Z")
        self.assertEqual(r2["label"]["value"], 0)

    def test_a_dataframe_with_missing_values_and_labels(self) -> None:
        create_model("fraud")
        frame = pd.DataFrame(
            {
                "id": [f"tx{i}" for i in range(300)],
                "amount": np.where(np.arange(300) % 10 == 0, np.nan, np.arange(300) * 1.5),
                "items": pd.array([None if i % 7 == 0 else i % 5 for i in range(300)], dtype="Int64"),
                "channel": pd.Categorical(["web" if i % 2 else "app" for i in range(300)]),
                "timestamp": pd.date_range("2026-12-01 08:00", periods=300, freq="s", tz="UTC"),
                "prediction": (np.arange(300) % 3 == 0).astype(int),
                "label": pd.array([None if i % 4 == 0 else int(i % 3 == 0) for i in range(300)], dtype="Int64"),
            }
        )
        with Client(server.url, server.key, batch_size=128, flush_interval=0.05) as vigil:
            ids = vigil.log_predictions("fraud", frame, label_column="label")
            self.assertTrue(vigil.flush(30))
            stats = vigil.stats()
        self.assertEqual(ids, list(frame["id"]))
        self.assertEqual(sum(stats.dropped.values()), 0)
        self.assertEqual(stats.sent, 300 + 225)
        r = record("fraud", "tx10")
        self.assertIsNone(r["features"]["amount"])
        self.assertEqual(r["features"]["items"], 0)
        self.assertEqual(r["features"]["channel"], "app")
        self.assertEqual(r["timestamp"], "2026-12-01T08:00:10.000Z")
        self.assertEqual(r["prediction"], 0)
        self.assertEqual(r["label"]["value"], 0)
        r = record("fraud", "tx7")
        self.assertIsNone(r["features"]["items"])
        self.assertEqual(r["label"]["value"], 0)
        self.assertIsNone(record("fraud", "tx8")["label"])  # a missing label is not sent
        self.assertEqual(record("fraud", "tx3")["label"]["value"], 1)

    def test_a_bad_event_is_dropped_and_the_rest_of_its_batch_stored(self) -> None:
        create_model("scores")
        with Client(server.url, server.key, flush_interval=0.05) as vigil:
            vigil.log_prediction("scores", "ok-1", {"x": 1}, {"score": 0.3})
            # A score above 1 is fine on the wire but not for a binary model: the server names the event.
            vigil.log_prediction("scores", "bad-1", {"x": 1}, {"score": 3})
            vigil.log_prediction("scores", "ok-2", {"x": 2}, {"score": 0.6})
            self.assertTrue(vigil.flush(30))
            stats = vigil.stats()
        self.assertEqual(stats.sent, 2)
        self.assertEqual(stats.dropped["rejected"], 1)
        self.assertEqual(record("scores", "ok-2")["prediction"], {"score": 0.6})
        status, _ = server.api("GET", "/v1/models/scores/predictions/bad-1")
        self.assertEqual(status, 404)


class ExperimentsTest(unittest.TestCase):
    def test_assign_agrees_with_the_server_and_logs_exposures(self) -> None:
        designs = [
            {"name": "checkout", "variants": [{"name": "control", "weight": 0.5}, {"name": "treatment", "weight": 0.5}]},
            {
                "name": "ranker",
                "key": "ranker-2026",
                "hashVersion": 1,
                "coverage": 0.6,
                "variants": [{"name": "a", "weight": 0.2}, {"name": "b", "weight": 0.3}, {"name": "c", "weight": 0.5}],
            },
        ]
        units = [f"user-{i}" for i in range(60)] + ["é", "日本語", "a😀b", "12345"]
        with Client(server.url, server.key, flush_interval=0.05) as vigil:
            for design in designs:
                status, body = server.api("POST", "/v1/experiments", dict(design, metrics=[{"name": "converted", "kind": "proportion"}]))
                self.assertEqual(status, 201, body)
                name = str(design["name"])
                seen = 0
                for unit in units:
                    mine = vigil.assign(name, unit)
                    status, theirs = server.api("GET", f"/v1/experiments/{name}/assign?unit={urllib.parse.quote(unit)}")
                    self.assertEqual(status, 200, theirs)
                    self.assertEqual((mine.variant, mine.index, mine.hash), (theirs["variant"], theirs["index"], theirs["hash"]), unit)
                    seen += mine.variant is not None
                    self.assertEqual(vigil.assign(name, unit), mine)  # the same again, logged once
                self.assertTrue(vigil.flush(30))
                status, info = server.api("GET", f"/v1/experiments/{name}")
                self.assertEqual(info["units"], seen)
                self.assertEqual(info["conflicts"], 0)
            self.assertGreater(seen, 0)
            self.assertLess(seen, len(units))  # coverage 0.6 leaves some units out
            self.assertEqual(vigil.assign("no-such-experiment", "user-1").variant, None)
            self.assertEqual(sum(vigil.stats().dropped.values()), 0)


class _LosesAnswers:
    """An HTTP proxy in front of the server that forwards every request, but for the requests numbered
    in ``lose`` (from 1) closes the connection instead of answering: the server has stored the batch,
    the client never hears so."""

    def __init__(self, upstream: str, lose: Set[int]) -> None:
        self.lose = lose
        self.forwarded = 0
        #: The number of events in each request whose answer was lost.
        self.lost_sizes: List[int] = []
        target = urllib.parse.urlsplit(upstream)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                conn.request("POST", self.path, body=body, headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
                res = conn.getresponse()
                raw = res.read()
                conn.close()
                outer.forwarded += 1
                if outer.forwarded in outer.lose:
                    outer.lost_sizes.append(len(json.loads(body)["events"]))
                    self.close_connection = True
                    return
                self.send_response(res.status)
                self.send_header("Content-Type", res.getheader("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class NothingCountedTwiceTest(unittest.TestCase):
    def test_a_lost_answer_is_retried_and_stored_once(self) -> None:
        create_model("lost")
        # The answers to the 1st and 3rd requests are lost: the first batch's, then (one sender thread:
        # its retry is the 2nd) the second batch's.
        proxy = _LosesAnswers(server.url, lose={1, 3})
        self.addCleanup(proxy.close)
        start = now_ms()
        with Client(proxy.url, server.key, batch_size=100, flush_interval=0.05) as vigil:
            for i in range(300):
                vigil.log_prediction("lost", f"l{i}", {"x": i % 17}, {"label": i % 2, "score": (i % 10) / 10})
            self.assertTrue(vigil.flush(60))
            stats = vigil.stats()
        self.assertEqual(stats.sent, 300)
        self.assertEqual(sum(stats.dropped.values()), 0)
        self.assertEqual(len(proxy.lost_sizes), 2)
        self.assertEqual(stats.duplicates, sum(proxy.lost_sizes), "the batches whose answers were lost were sent again and recognised")
        self.assertGreater(stats.duplicates, 0)
        self.assertEqual(server.wait_volume("lost", start - 3_600_000, start + 3_600_000, 300), 300)

    def test_a_server_restart_during_sending_counts_each_prediction_once(self) -> None:
        create_model("restart")
        n = 3000
        start = now_ms()
        vigil = Client(server.url, server.key, batch_size=100, flush_interval=0.02, max_retries=60)
        self.addCleanup(vigil.close)
        for i in range(n):
            vigil.log_prediction("restart", f"p{i}", {"x": i % 23, "channel": "web" if i % 2 else "app"}, {"label": i % 2, "score": (i % 10) / 10})
            if i % 50 == 49:
                time.sleep(0.005)  # spread the logging so requests are in flight when the server dies
            if i == 1000:
                deadline = time.monotonic() + 30
                while vigil.stats().sent == 0 and time.monotonic() < deadline:
                    time.sleep(0.01)
                server.kill()  # SIGKILL, while batches are being sent
        sent_before_restart = vigil.stats().sent
        server.start()  # the same port and store
        self.assertTrue(vigil.flush(120))
        stats = vigil.stats()
        vigil.close()
        self.assertGreater(sent_before_restart, 0)
        self.assertLess(sent_before_restart, n)
        self.assertEqual(stats.sent, n)
        self.assertEqual(sum(stats.dropped.values()), 0)
        self.assertEqual(server.wait_volume("restart", start - 3_600_000, start + 3_600_000, n), n)
        print(f"restart: {sent_before_restart} of {n} acknowledged before the restart, {stats.duplicates} recognised as duplicates after it")


if __name__ == "__main__":
    unittest.main()
