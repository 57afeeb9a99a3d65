"""One HTTP request to the Vigil server and what its answer means, with the Node SDK's rules
(``packages/sdk/src/http-sender.ts``, ``backoff.ts``): network errors, timeouts, 408, 429 and 5xx may
succeed later; any other 4xx cannot. Retry delays use full jitter and honour ``Retry-After``."""

from __future__ import annotations

import email.utils
import gzip as _gzip
import http.client
import json
import random as _random
import re
import socket
import ssl
import time
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import quote, urlsplit

__all__ = ["Outcome", "Transport", "backoff_delay", "is_retryable_status", "parse_retry_after", "path_segment"]

_SECONDS = re.compile(r"^\d+(\.\d+)?$")


def is_retryable_status(status: int) -> bool:
    return status == 408 or status == 429 or status >= 500


def parse_retry_after(header: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds a ``Retry-After`` header asks to wait: delay-seconds (RFC 9110 §10.2.3; fractions are
    accepted) or an HTTP-date relative to ``now``; ``None`` when absent or unreadable."""
    if header is None:
        return None
    value = header.strip()
    if value == "":
        return None
    if _SECONDS.match(value):
        return float(value)
    try:
        at = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if at is None:
        return None
    wait = at.timestamp() - (time.time() if now is None else now)
    return max(0.0, wait)


def backoff_delay(attempt: int, initial: float, maximum: float, random: Callable[[], float] = _random.random) -> float:
    """Delay before retry number ``attempt`` (1 for the first): uniform in [0, min(maximum,
    initial * 2**(attempt-1))), full jitter as in "Exponential Backoff And Jitter" (AWS, 2015)."""
    ceiling = min(maximum, initial * 2 ** max(0, attempt - 1))
    return random() * ceiling


def path_segment(name: str) -> str:
    return quote(name, safe="")


class Outcome:
    """``ok`` (2xx, with the parsed JSON body), ``retry`` (worth sending again) or ``reject``."""

    __slots__ = ("kind", "status", "message", "retry_after", "details", "body")

    def __init__(
        self,
        kind: str,
        status: Optional[int] = None,
        message: str = "",
        retry_after: Optional[float] = None,
        details: Optional[List[Dict[str, Any]]] = None,
        body: Any = None,
    ) -> None:
        self.kind = kind
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.details = details or []
        self.body = body

    def __repr__(self) -> str:
        return f"Outcome({self.kind!r}, status={self.status!r}, message={self.message!r})"


def _error_message(status: int, raw: bytes) -> "tuple[str, List[Dict[str, Any]]]":
    text = raw.decode("utf-8", "replace")
    try:
        err = json.loads(text)["error"]
        details = [d for d in err.get("details") or [] if isinstance(d, dict)]
        return str(err["message"]), details
    except (ValueError, KeyError, TypeError):
        pass  # not Vigil's JSON: a proxy's page, whose first line is still worth showing
    line = text.strip().split("\n", 1)[0] if text.strip() else ""
    return (line[:200] if line else f"the server answered {status}"), []


class Transport:
    """A keep-alive connection to one server, used by one thread at a time."""

    def __init__(self, base_url: str, api_key: str, timeout: float, user_agent: str, compress: bool = False) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"vigil_client: url must be an absolute http(s) URL such as http://localhost:8080 (got {base_url!r})")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._compress = compress
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "User-Agent": user_agent,
            "Accept": "application/json",
        }
        self._conn: Optional[http.client.HTTPConnection] = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._conn is None:
            if self._https:
                self._conn = http.client.HTTPSConnection(self._host, self._port, timeout=self._timeout, context=ssl.create_default_context())
            else:
                self._conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        return self._conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass

    def abort(self) -> None:
        """Ends a request in progress from another thread (at shutdown's deadline)."""
        conn = self._conn
        sock = getattr(conn, "sock", None) if conn is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def request(self, method: str, path: str, body: Optional[bytes] = None) -> Outcome:
        headers = dict(self._headers)
        payload = body
        if body is not None:
            headers["Content-Type"] = "application/json"
            if self._compress:
                payload = _gzip.compress(body, compresslevel=5)
                headers["Content-Encoding"] = "gzip"
        # A kept-alive connection the server has closed meanwhile fails before any answer: that is no
        # failed attempt, so it is tried once more on a fresh connection (every request is idempotent).
        for fresh in (self._conn is None, True):
            try:
                conn = self._connect()
                conn.request(method, self._prefix + path, body=payload, headers=headers)
                res = conn.getresponse()
                raw = res.read()
                if res.getheader("connection", "").lower() == "close":
                    self.close()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self.close()
                if fresh:
                    return Outcome("retry", message=_describe(e, self._timeout))
            except (OSError, http.client.HTTPException) as e:
                self.close()
                return Outcome("retry", message=_describe(e, self._timeout))
        status = res.status
        if 200 <= status < 300:
            try:
                parsed = json.loads(raw.decode("utf-8")) if raw else None
            except ValueError:
                parsed = None
            return Outcome("ok", status=status, body=parsed)
        message, details = _error_message(status, raw)
        if is_retryable_status(status):
            return Outcome("retry", status=status, message=message, retry_after=parse_retry_after(res.getheader("retry-after")))
        return Outcome("reject", status=status, message=message, details=details)


def _describe(e: BaseException, timeout: float) -> str:
    if isinstance(e, socket.timeout) or isinstance(e, TimeoutError):
        return f"no answer within {timeout:g} s"
    text = str(e) or type(e).__name__
    return f"{type(e).__name__}: {text}" if text != type(e).__name__ else text
