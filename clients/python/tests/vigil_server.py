"""A real Vigil server for the tests: ``vigil serve`` from this checkout, on loopback, in a temporary
data folder, started, stopped and restarted on the same port and store."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

# The checkout whose server runs: VIGIL_REPO when the tests run from a copy (against an installed client).
REPO = Path(os.environ.get("VIGIL_REPO") or Path(__file__).resolve().parents[3])
BIN = REPO / "packages" / "cli" / "bin" / "vigil.js"


def admin_key() -> str:
    """A key of the server's format: vgl_, 16 hex digits, _, 32 base64url characters."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "vgl_" + secrets.token_hex(8) + "_" + "".join(secrets.choice(alphabet) for _ in range(32))


class VigilServer:
    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="vigil-python-client-")
        self.key = admin_key()
        self.port = 0
        self.url = ""
        self._proc: Optional[subprocess.Popen] = None
        self._log: List[str] = []

    def start(self, timeout: float = 120.0) -> "VigilServer":
        node = os.environ.get("VIGIL_NODE") or shutil.which("node") or "node"
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_") and k != "PORT"}
        env["VIGIL_ADMIN_KEY"] = self.key
        args = [node, str(BIN), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data", self.dir, "--log-level", "warn"]
        self._proc = subprocess.Popen(args, cwd=str(REPO), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        found: Dict[str, str] = {}
        ready = threading.Event()

        def read(proc: subprocess.Popen) -> None:
            assert proc.stderr is not None
            for raw in proc.stderr:
                line = raw.decode("utf-8", "replace")
                self._log.append(line)
                if "listening on " in line and not ready.is_set():
                    found["url"] = line.split("listening on ", 1)[1].split()[0].rstrip('",')
                    ready.set()
            ready.set()

        threading.Thread(target=read, args=(self._proc,), daemon=True).start()
        if not ready.wait(timeout) or "url" not in found:
            self.kill()
            raise RuntimeError("vigil serve did not start:\n" + "".join(self._log[-30:]))
        self.url = found["url"]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def api(self, method: str, path: str, body: Any = None) -> Tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.key}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                raw = res.read()
                return res.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode("utf-8", "replace")

    def volume(self, model: str, start_ms: int, end_ms: int) -> int:
        """Predictions the server's profiles count for ``model`` in [start, end), summed over hourly steps."""
        status, body = self.api("GET", f"/v1/models/{model}/series?metric=volume&from={start_ms}&to={end_ms}&step=3600")
        if status != 200:
            raise AssertionError(f"series: HTTP {status}: {body}")
        return int(sum(p["value"] or 0 for p in body["points"]))

    def wait_volume(self, model: str, start_ms: int, end_ms: int, expected: int, timeout: float = 30.0) -> int:
        """The profiled volume once it reaches ``expected`` (or the timeout), after one more profiler pass."""
        deadline = time.monotonic() + timeout
        n = self.volume(model, start_ms, end_ms)
        while n < expected and time.monotonic() < deadline:
            time.sleep(0.25)
            n = self.volume(model, start_ms, end_ms)
        time.sleep(1.5)  # one more profiler pass (every second): anything counted twice would show now
        return self.volume(model, start_ms, end_ms)
