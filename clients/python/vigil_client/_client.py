"""The Vigil client: logging only converts and queues; a background thread sends batches with the Node
SDK's retry rules, and every event ends up acknowledged by the server or dropped and counted, never
raised into the caller."""

from __future__ import annotations

import atexit
import collections
import json
import logging
import os
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from typing import Any, Deque, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from . import _convert as convert
from ._convert import InvalidValue
from ._hashing import bucket_ranges, choose_variation, gb_hash
from ._transport import Outcome, Transport, backoff_delay, path_segment
from ._version import __version__

__all__ = ["Assignment", "Client", "ClientStats", "DROP_REASONS"]

logger = logging.getLogger("vigil_client")

#: Why an event was dropped (the keys of ``ClientStats.dropped``).
DROP_REASONS: Tuple[str, ...] = ("queue_full", "invalid", "rejected", "retries_exhausted", "shutdown")

_REASON_WORDS = {
    "queue_full": "queue full",
    "invalid": "invalid",
    "rejected": "rejected by the server",
    "retries_exhausted": "retries exhausted",
    "shutdown": "after close",
}

# stream → (path template, the request body's list key)
_ENDPOINTS = {
    "predictions": ("/v1/models/{}/predictions", "events"),
    "labels": ("/v1/models/{}/labels", "labels"),
    "metrics": ("/v1/models/{}/metrics", "metrics"),
    "exposures": ("/v1/experiments/{}/exposures", "events"),
}

_MAX_BATCH = 10_000
_INITIAL_BACKOFF = 0.1
_MAX_BACKOFF = 30.0
_REPORT_INTERVAL = 10.0
_MAX_SAMPLES = 10
_DEFINITION_TTL = 60.0
_DEFINITION_RETRY = 5.0
_EXPOSURE_MEMORY = 10_000

_Key = Tuple[str, str]


@dataclass(frozen=True)
class ClientStats:
    """A snapshot of the client's counters."""

    #: Events waiting in the client, not yet taken into a request.
    queued: int
    #: Events in requests not settled yet (being sent, or waiting to be retried).
    in_flight: int
    #: Events the server acknowledged (stored, or recognised as already stored).
    sent: int
    #: Of ``sent``, events the server already held (the same id sent again: a retried batch).
    duplicates: int
    #: Events dropped since the client started, by reason (``DROP_REASONS``).
    dropped: Dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    """A unit's variant, as ``GET /v1/experiments/{e}/assign`` answers it."""

    #: The variant's name, or ``None`` outside the coverage (or when the experiment is unknown).
    variant: Optional[str]
    #: The variant's index (0 = control), or -1.
    index: int
    #: GrowthBook's hash of (seed, unit) in [0, 1); ``None`` when no definition could be read.
    hash: Optional[float]

    @property
    def in_experiment(self) -> bool:
        return self.variant is not None


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class _DropReporter:
    """Counts drops and logs them at most once per interval (the first at once): a flood of bad
    events costs one warning per interval, not one per event."""

    def __init__(self) -> None:
        self.totals: Dict[str, int] = {r: 0 for r in DROP_REASONS}
        self._pending: Dict[str, int] = {r: 0 for r in DROP_REASONS}
        self._samples: List[str] = []
        self._last: Optional[float] = None
        self._lock = threading.Lock()

    def drop(self, reason: str, count: int, sample: str) -> None:
        if count <= 0:
            return
        with self._lock:
            self.totals[reason] += count
            self._pending[reason] += count
            if len(self._samples) < _MAX_SAMPLES:
                self._samples.append(sample)

    def maybe_emit(self, force: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            total = sum(self._pending.values())
            if total == 0 or (not force and self._last is not None and now - self._last < _REPORT_INTERVAL):
                return
            parts = [f"{n} {_REASON_WORDS[r]}" for r, n in self._pending.items() if n > 0]
            since = "" if self._last is None else f" in the last {now - self._last:.1f} s"
            first = f"; first: {self._samples[0]}" if self._samples else ""
            self._pending = {r: 0 for r in DROP_REASONS}
            self._samples = []
            self._last = now
        logger.warning("Vigil client dropped %d event%s%s: %s%s", total, "" if total == 1 else "s", since, ", ".join(parts), first)


class Client:
    """Sends predictions, labels, custom metrics and experiment exposures to a Vigil server.

    ``url`` is the server's base URL (``http://localhost:8080``; a path prefix is kept) and
    ``api_key`` a key with the ``ingest`` scope (``assign`` also needs ``read``). Events are sent in
    batches of ``batch_size`` (at most 10 000), every ``flush_interval`` seconds, by a background
    thread; the client holds at most ``max_queue`` events (queued and in flight), beyond which new
    ones are dropped and counted. A request without an answer after ``timeout`` seconds is retried.
    Failed requests (network errors, timeouts, 408, 429, 5xx) are retried ``max_retries`` times with
    full-jitter backoff from 0.1 s up to 30 s, or after the server's ``Retry-After``.

    Only the constructor raises (on options that cannot work). Call ``close()`` (or use the client as
    a context manager) before the process ends; an ``atexit`` hook closes it otherwise.
    """

    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        batch_size: int = 500,
        flush_interval: float = 1.0,
        max_queue: int = 100_000,
        timeout: float = 10,
        max_retries: int = 8,
        gzip: bool = False,
        shutdown_timeout: float = 10.0,
    ) -> None:
        if not isinstance(url, str) or url.strip() == "":
            raise ValueError("vigil_client: url must be the server's URL, e.g. http://localhost:8080")
        if not isinstance(api_key, str) or api_key.strip() == "":
            raise ValueError("vigil_client: api_key must be a non-empty string (a key with the ingest scope)")
        _check_int("batch_size", batch_size, 1, _MAX_BATCH)
        _check_int("max_queue", max_queue, 1, None)
        _check_int("max_retries", max_retries, 0, None)
        _check_positive("flush_interval", flush_interval)
        _check_positive("timeout", timeout)
        _check_positive("shutdown_timeout", shutdown_timeout, allow_zero=True)
        self._url = url.rstrip("/")
        self._api_key = api_key
        self._batch_size = batch_size
        self._flush_interval = float(flush_interval)
        self._max_queue = max_queue
        self._timeout = float(timeout)
        self._max_retries = max_retries
        self._gzip = bool(gzip)
        self._shutdown_timeout = float(shutdown_timeout)
        self._user_agent = f"vigil-client-python/{__version__}"
        # Raises on a URL that cannot work, before anything starts.
        Transport(self._url, api_key, self._timeout, self._user_agent)
        self._reporter = _DropReporter()
        self._closed = False
        self._close_done = threading.Event()
        self._close_lock = threading.Lock()
        self._start()
        self._definitions: Dict[str, Tuple[Optional[Dict[str, Any]], float]] = {}
        self._refreshing: Set[str] = set()
        self._reads_lock = threading.Lock()
        self._reads = Transport(self._url, api_key, self._timeout, self._user_agent)
        self._exposed: "collections.OrderedDict[Tuple[str, str], str]" = collections.OrderedDict()
        self._warned: Set[Any] = set()
        ref = weakref.ref(self)
        atexit.register(_close_at_exit, ref)

    # --- lifecycle of the sender (started again in a child after fork) ---

    def _start(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition()
        self._queues: Dict[_Key, Deque[Dict[str, Any]]] = {}
        self._enqueued: Dict[_Key, int] = collections.defaultdict(int)
        self._done: Dict[_Key, int] = collections.defaultdict(int)
        self._held = 0
        self._in_flight = 0
        self._sent = 0
        self._duplicates = 0
        self._wake = False
        self._exit = False
        self._stop = threading.Event()
        self._transport = Transport(self._url, self._api_key, self._timeout, self._user_agent, self._gzip)
        self._thread = threading.Thread(target=self._run, name="vigil-client-sender", daemon=True)
        self._thread.start()

    def _check_fork(self) -> None:
        # A process forked after the client was made (gunicorn's preload, multiprocessing) inherits
        # the queues but not the thread: the child starts its own, and leaves the parent's events to it.
        if self._pid != os.getpid():
            self._start()

    # --- the caller's path: convert, check, queue, return ---

    def log_prediction(
        self,
        model: str,
        id: Any,
        features: Mapping[str, Any],
        prediction: Any,
        *,
        timestamp: Any = None,
        version: Optional[str] = None,
        segment: Optional[Mapping[str, Any]] = None,
        latency_ms: Any = None,
        cost_usd: Any = None,
        usage: Optional[Mapping[str, Any]] = None,
        trace_id: Optional[str] = None,
    ) -> None:
        """Queues one prediction of ``model``. ``id`` (a string, or an integer) is unique per model: the
        server stores an id once, which is what lets a retried batch never count twice. ``features``
        maps names to numbers, strings, booleans or ``None``; NumPy and pandas values are converted and
        NaN is sent as missing. ``prediction`` is a number, a label, or ``{"label", "score",
        "probabilities"}``. ``timestamp`` defaults to now (a naive datetime is taken as UTC). ``usage``
        is ``{"model", "input_tokens", "output_tokens", "cached_input_tokens"}`` of an LLM call.
        Never raises: an invalid event is dropped, counted and logged."""
        try:
            event = _prediction_event(id, features, prediction, timestamp, version, segment, latency_ms, cost_usd, usage, trace_id)
            key = ("predictions", convert.text(model, "model"))
        except InvalidValue as e:
            self._drop("invalid", "predictions", 1, e.message, e.path, _safe_id(id))
            return
        except Exception as e:  # noqa: BLE001 - a value whose own methods fail: dropped, never raised
            self._drop("invalid", "predictions", 1, f"could not be read: {e!r}", None, None)
            return
        self._enqueue(key, event)

    def log_label(self, model: str, id: Any, label: Any, *, timestamp: Any = None) -> None:
        """Queues the ground truth of prediction ``id`` of ``model``; ``timestamp`` defaults to now. A
        label sent again for the same id replaces the first. Never raises."""
        try:
            event: Dict[str, Any] = {"id": convert.text(id, "id", allow_int=True), "label": convert.label_value(label, "label")}
            ts = convert.timestamp(timestamp)
            event["timestamp"] = _now_ms() if ts is None else ts
            key = ("labels", convert.text(model, "model"))
        except InvalidValue as e:
            self._drop("invalid", "labels", 1, e.message, e.path, _safe_id(id))
            return
        except Exception as e:  # noqa: BLE001
            self._drop("invalid", "labels", 1, f"could not be read: {e!r}", None, None)
            return
        self._enqueue(key, event)

    def log_metric(
        self,
        model: str,
        name: str,
        value: Any,
        *,
        labels: Optional[Mapping[str, Any]] = None,
        timestamp: Any = None,
        id: Optional[str] = None,
    ) -> None:
        """Queues one value of a custom metric of ``model`` (a Prometheus-style ``name`` and
        ``labels``); ``timestamp`` defaults to now. Each point gets a random ``id`` unless given one,
        so a retried batch is stored once. A NaN value is dropped (there is nothing to store). Never raises."""
        try:
            v = convert.number(value, "value")
            if v is None:
                raise InvalidValue("value", "a finite number (got a missing or non-finite value)")
            event: Dict[str, Any] = {
                "id": uuid.uuid4().hex if id is None else convert.text(id, "id"),
                "name": convert.text(name, "name", max_length=200),
                "value": v,
            }
            ts = convert.timestamp(timestamp)
            event["timestamp"] = _now_ms() if ts is None else ts
            if labels is not None:
                event["labels"] = convert.metric_labels(labels)
            key = ("metrics", convert.text(model, "model"))
        except InvalidValue as e:
            self._drop("invalid", "metrics", 1, e.message, e.path, None)
            return
        except Exception as e:  # noqa: BLE001
            self._drop("invalid", "metrics", 1, f"could not be read: {e!r}", None, None)
            return
        self._enqueue(key, event)

    def log_predictions(
        self,
        model: str,
        data: Any,
        *,
        id_column: str = "id",
        prediction_column: str = "prediction",
        feature_columns: Optional[Sequence[str]] = None,
        timestamp_column: str = "timestamp",
        version: Optional[str] = None,
        version_column: str = "version",
        segment_columns: Sequence[str] = (),
        latency_column: str = "latency_ms",
        cost_column: str = "cost_usd",
        trace_id_column: str = "trace_id",
        label_column: Optional[str] = None,
    ) -> List[str]:
        """Queues one prediction per row of ``data``: a pandas DataFrame (a named index counts as a
        column), a mapping of columns (lists, NumPy arrays, Series) or a sequence of mappings.

        ``prediction_column`` holds each prediction; ``feature_columns`` are the features (default:
        every column no other role uses). The id, timestamp, version, latency, cost and trace id come
        from their columns when present; rows without an id get a random one. With ``label_column``,
        each row's non-missing label is logged too. Returns the ids, one per row, in order (rows that
        had to be dropped are counted in ``stats()``). Never raises."""
        ids: List[str] = []
        try:
            rows = convert.iter_records(data)
            roles = {id_column, prediction_column, timestamp_column, version_column, latency_column, cost_column, trace_id_column}
            roles.update(segment_columns)
            if label_column is not None:
                roles.add(label_column)
            for i, row in enumerate(rows):
                raw_id = row.get(id_column)
                rid = uuid.uuid4().hex if convert.is_missing(raw_id) else _safe_id(raw_id) or ""
                ids.append(rid)
                if prediction_column not in row:
                    self._drop("invalid", "predictions", 1, f"no column {prediction_column!r} in row {i}", "prediction", rid or None)
                    continue
                names = [c for c in row if c not in roles] if feature_columns is None else list(feature_columns)
                feats = {c: row.get(c) for c in names}
                self.log_prediction(
                    model,
                    rid if rid != "" else raw_id,
                    feats,
                    row[prediction_column],
                    timestamp=row.get(timestamp_column),
                    version=version if version is not None else _present(row.get(version_column)),
                    segment={c: row.get(c) for c in segment_columns} if segment_columns else None,
                    latency_ms=row.get(latency_column),
                    cost_usd=row.get(cost_column),
                    trace_id=_present(row.get(trace_id_column)),
                )
                if label_column is not None and not convert.is_missing(row.get(label_column)):
                    self.log_label(model, rid if rid != "" else raw_id, row[label_column], timestamp=row.get(timestamp_column))
        except InvalidValue as e:
            self._drop("invalid", "predictions", 1, e.message, e.path, None)
        except Exception as e:  # noqa: BLE001
            self._drop("invalid", "predictions", 1, f"could not read the rows: {e!r}", None, None)
        return ids

    def log_labels(self, model: str, data: Any, *, id_column: str = "id", label_column: str = "label", timestamp_column: str = "timestamp") -> None:
        """Queues one label per row of ``data`` (as ``log_predictions`` reads it); rows whose label is
        missing are skipped. Never raises."""
        try:
            for row in convert.iter_records(data):
                if not convert.is_missing(row.get(label_column)):
                    self.log_label(model, row.get(id_column), row[label_column], timestamp=row.get(timestamp_column))
        except InvalidValue as e:
            self._drop("invalid", "labels", 1, e.message, e.path, None)
        except Exception as e:  # noqa: BLE001
            self._drop("invalid", "labels", 1, f"could not read the rows: {e!r}", None, None)

    # --- experiments ---

    def assign(self, experiment: str, unit: Any) -> Assignment:
        """The variant of ``unit`` (a user id, a session id) in ``experiment``, hashed exactly as the
        server does (GrowthBook's FNV-1a hash of ``key or name`` and the unit, placed in the weights'
        bucket ranges), and logs the exposure while the experiment runs (once per unit and variant
        that this client remembers). The definition is read from ``GET /v1/experiments/{experiment}``
        and kept for a minute (then refreshed in the background). When it cannot be read, the unit gets
        no variant (``variant`` None): serve the control. Never raises."""
        try:
            name = convert.text(experiment, "experiment", max_length=128)
            unit_id = convert.text(unit, "unit", allow_int=True)
        except InvalidValue as e:
            self._warn_once(("assign", str(experiment)), f"Vigil client: assign({experiment!r}, {unit!r}): {e}; no variant")
            return Assignment(None, -1, None)
        definition = self._definition(name)
        if definition is None:
            return Assignment(None, -1, None)
        try:
            assignment = assign_unit(definition, unit_id)
        except Exception as e:  # noqa: BLE001 - a definition of an unexpected shape
            self._warn_once(("definition", name), f"Vigil client: experiment {name!r} has a definition this client cannot read ({e!r}); no variant")
            return Assignment(None, -1, None)
        if assignment.variant is not None and definition.get("status") == "running":
            self._log_exposure(name, unit_id, assignment.variant)
        return assignment

    def _log_exposure(self, experiment: str, unit: str, variant: str) -> None:
        mark = (experiment, unit)
        with self._cond:
            if self._exposed.get(mark) == variant:
                self._exposed.move_to_end(mark)
                return
            self._exposed[mark] = variant
            if len(self._exposed) > _EXPOSURE_MEMORY:
                self._exposed.popitem(last=False)
        self._enqueue(("exposures", experiment), {"unit": unit, "variant": variant, "timestamp": _now_ms()})

    def _definition(self, name: str) -> Optional[Dict[str, Any]]:
        cached = self._definitions.get(name)
        now = time.monotonic()
        if cached is not None:
            definition, expires = cached
            if now < expires:
                return definition
            if definition is not None:
                # Stale while revalidating: the caller is not kept waiting once a definition is known.
                if name not in self._refreshing:
                    self._refreshing.add(name)
                    threading.Thread(target=self._refresh, args=(name,), name="vigil-client-experiment", daemon=True).start()
                return definition
        return self._fetch_definition(name)

    def _refresh(self, name: str) -> None:
        try:
            self._fetch_definition(name)
        finally:
            self._refreshing.discard(name)

    def _fetch_definition(self, name: str) -> Optional[Dict[str, Any]]:
        with self._reads_lock:
            r = self._reads.request("GET", f"/v1/experiments/{path_segment(name)}")
        previous = self._definitions.get(name, (None, 0.0))[0]
        now = time.monotonic()
        if r.kind == "ok" and isinstance(r.body, dict):
            self._definitions[name] = (r.body, now + _DEFINITION_TTL)
            return r.body
        if r.kind == "reject":
            # 404 (no such experiment) or 401/403 (a key without read scope): no variant, for a while.
            self._warn_once(("fetch", name, r.status), f"Vigil client: cannot read experiment {name!r} (HTTP {r.status}: {r.message}); no variant")
            self._definitions[name] = (None, now + _DEFINITION_TTL)
            return None
        self._warn_once(("fetch", name, "retry"), f"Vigil client: cannot read experiment {name!r} ({r.message}); will try again")
        self._definitions[name] = (previous, now + _DEFINITION_RETRY)
        return previous

    def _warn_once(self, key: Any, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message)

    # --- flush, close, stats ---

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Sends everything logged so far and waits until each of those events is delivered or dropped
        (after its retries), at most ``timeout`` seconds (default: until then). True when nothing
        logged before the call is left waiting. Never raises."""
        self._check_fork()
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            targets = dict(self._enqueued)
            self._wake = True
            self._cond.notify_all()
            while not all(self._done[k] >= n for k, n in targets.items()):
                if not self._thread.is_alive():
                    return False
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(0.5 if remaining is None else min(remaining, 0.5))
        return True

    def close(self, timeout: Optional[float] = None) -> None:
        """Stops taking events, sends what is queued for at most ``timeout`` seconds (default
        ``shutdown_timeout``), drops and counts what is left, and logs the last drops. Idempotent;
        later calls wait for the first to finish. Never raises."""
        with self._close_lock:
            first = not self._closed
            self._closed = True
        if not first:
            self._close_done.wait(self._shutdown_timeout + 5)
            return
        try:
            limit = self._shutdown_timeout if timeout is None else max(0.0, timeout)
            if self._pid == os.getpid():
                if not self.flush(limit):
                    self._stop.set()
                    self._transport.abort()
                with self._cond:
                    self._exit = True
                    self._stop.set()
                    self._cond.notify_all()
                self._thread.join(2.0)
                with self._cond:
                    left = [(k, len(q)) for k, q in self._queues.items() if q]
                    for k, n in left:
                        self._queues[k].clear()
                        self._held -= n
                        self._done[k] += n
                    self._cond.notify_all()
                for k, n in left:
                    self._drop("shutdown", k[0], n, f"still queued when close()'s {limit:g} s deadline passed", None, None)
            self._reporter.maybe_emit(force=True)
            self._transport.close()
            with self._reads_lock:
                self._reads.close()
        except Exception:  # noqa: BLE001 - close() never raises
            logger.exception("Vigil client: close() failed")
        finally:
            self._close_done.set()

    def stats(self) -> ClientStats:
        """The client's counters now."""
        with self._cond:
            queued = sum(len(q) for q in self._queues.values())
            return ClientStats(queued, self._in_flight, self._sent, self._duplicates, dict(self._reporter.totals))

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ---

    def _drop(self, reason: str, stream: str, count: int, message: str, path: Optional[str], id: Optional[str], status: Optional[int] = None) -> None:
        where = [stream]
        if path is not None:
            where.append(f"at {path}")
        if id is not None:
            where.append(f"id {json.dumps(id)}")
        prefix = f"HTTP {status}: " if status is not None else ""
        self._reporter.drop(reason, count, f"{prefix}{message} ({', '.join(where)})")

    def _enqueue(self, key: _Key, event: Dict[str, Any]) -> None:
        if self._closed:
            self._drop("shutdown", key[0], 1, "logged after close()", None, event.get("id"))
            return
        self._check_fork()
        with self._cond:
            if self._held >= self._max_queue:
                full = True
            else:
                full = False
                q = self._queues.get(key)
                if q is None:
                    q = self._queues[key] = collections.deque()
                q.append(event)
                self._held += 1
                self._enqueued[key] += 1
                if len(q) >= self._batch_size:
                    self._wake = True
                    self._cond.notify_all()
        if full:
            self._drop("queue_full", key[0], 1, f"the client already holds {self._max_queue} events (the server is slow or down)", None, event.get("id"))

    def _run(self) -> None:
        next_tick = time.monotonic() + self._flush_interval
        while True:
            try:
                with self._cond:
                    while not self._wake and not self._exit:
                        remaining = next_tick - time.monotonic()
                        if remaining <= 0:
                            break
                        self._cond.wait(remaining)
                    if time.monotonic() >= next_tick:
                        next_tick = time.monotonic() + self._flush_interval
                    self._wake = False
                    batches = self._take_all()
                    if not batches and self._exit:
                        return
                for key, events in batches:
                    try:
                        if self._stop.is_set():
                            self._drop("shutdown", key[0], len(events), "still unsent when close()'s deadline passed", None, None)
                        else:
                            self._deliver(key, events, True)
                    finally:
                        with self._cond:
                            self._in_flight -= len(events)
                            self._held -= len(events)
                            self._done[key] += len(events)
                            self._cond.notify_all()
                self._reporter.maybe_emit()
            except Exception:  # noqa: BLE001 - the sender must outlive any bug in one batch
                logger.exception("Vigil client: the sender failed on a batch")

    def _take_all(self) -> List[Tuple[_Key, List[Dict[str, Any]]]]:
        """Every queued event, in batches of at most ``batch_size``, one batch per queue in turn."""
        batches: List[Tuple[_Key, List[Dict[str, Any]]]] = []
        active = [k for k, q in self._queues.items() if q]
        while active:
            still = []
            for k in active:
                q = self._queues[k]
                n = min(len(q), self._batch_size)
                events = [q.popleft() for _ in range(n)]
                self._in_flight += n
                batches.append((k, events))
                if q:
                    still.append(k)
            active = still
        for k in [k for k, q in self._queues.items() if not q]:
            del self._queues[k]
        return batches

    def _deliver(self, key: _Key, events: List[Dict[str, Any]], may_resend_partial: bool) -> None:
        stream, target = key
        template, list_key = _ENDPOINTS[stream]
        path = template.format(path_segment(target))
        try:
            body = json.dumps({list_key: events}, allow_nan=False, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as e:
            self._drop("invalid", stream, len(events), f"could not be encoded as JSON: {e}", None, None)
            return
        attempt = 0
        while True:
            attempt += 1
            r = self._transport.request("POST", path, body)
            if r.kind == "ok":
                with self._cond:
                    self._sent += len(events)
                    if isinstance(r.body, dict):
                        dup = r.body.get("duplicates", r.body.get("repeated", 0))
                        if isinstance(dup, int):
                            self._duplicates += dup
                return
            if self._stop.is_set():
                self._drop("shutdown", stream, len(events), "still unsent when close()'s deadline passed", None, None)
                return
            if r.kind == "reject":
                self._reject(key, events, r, may_resend_partial)
                return
            if attempt > self._max_retries:
                self._drop("retries_exhausted", stream, len(events), r.message, None, None, r.status)
                return
            delay = r.retry_after if r.retry_after is not None else backoff_delay(attempt, _INITIAL_BACKOFF, _MAX_BACKOFF)
            self._reporter.maybe_emit()
            if self._stop.wait(delay):
                self._drop("shutdown", stream, len(events), "still unsent when close()'s deadline passed", None, None)
                return

    def _reject(self, key: _Key, events: List[Dict[str, Any]], r: Outcome, may_resend_partial: bool) -> None:
        stream = key[0]
        # Too large for the server's body limit: the halves are new requests, not retries.
        if r.status == 413 and len(events) > 1:
            mid = len(events) // 2
            self._deliver(key, events[:mid], may_resend_partial)
            self._deliver(key, events[mid:], may_resend_partial)
            return
        named: Dict[int, Dict[str, Any]] = {}
        for d in r.details:
            i = d.get("index")
            if isinstance(i, int) and 0 <= i < len(events) and i not in named:
                named[i] = d
        if r.status == 400 and may_resend_partial and 0 < len(named) < len(events):
            for i, d in named.items():
                path = str(d.get("path", ""))
                path = path.split("].", 1)[1] if "]." in path else path
                self._drop("rejected", stream, 1, str(d.get("message", "")), path or None, _safe_id(events[i].get("id")), 400)
            self._deliver(key, [e for i, e in enumerate(events) if i not in named], False)
            return
        first = f" — {r.details[0].get('path')}: {r.details[0].get('message')}" if r.details else ""
        self._drop("rejected", stream, len(events), f"{r.message}{first}", None, None, r.status)


def assign_unit(definition: Mapping[str, Any], unit: str) -> Assignment:
    """The server's ``assignUnit``: gbHash(key or name, unit, hashVersion) placed by
    bucket_ranges(weights, coverage) and choose_variation."""
    seed = definition.get("key") or definition["name"]
    variants = definition["variants"]
    h = gb_hash(str(seed), unit, int(definition.get("hashVersion", 2)))
    n = 0.0 if h is None else h
    ranges = bucket_ranges(len(variants), float(definition.get("coverage", 1)), [float(v["weight"]) for v in variants])
    index = choose_variation(n, ranges)
    return Assignment(None if index < 0 else str(variants[index]["name"]), index, n)


def _prediction_event(
    id: Any,
    features: Any,
    prediction: Any,
    timestamp: Any,
    version: Any,
    segment: Any,
    latency_ms: Any,
    cost_usd: Any,
    usage: Any,
    trace_id: Any,
) -> Dict[str, Any]:
    event: Dict[str, Any] = {"id": convert.text(id, "id", allow_int=True)}
    ts = convert.timestamp(timestamp)
    event["timestamp"] = _now_ms() if ts is None else ts
    if version is not None:
        event["version"] = convert.text(version, "version", max_length=128)
    event["features"] = convert.features(features)
    event["prediction"] = convert.prediction(prediction)
    latency = convert.number(latency_ms, "latencyMs", minimum=0, maximum=convert.MAX_LATENCY_MS)
    if latency is not None:
        event["latencyMs"] = latency
    if segment is not None:
        seg = convert.segment(segment)
        if seg:
            event["segment"] = seg
    cost = convert.number(cost_usd, "costUsd", minimum=0)
    if cost is not None:
        event["costUsd"] = cost
    if usage is not None:
        event["usage"] = convert.usage(usage)
    if trace_id is not None:
        event["traceId"] = convert.text(trace_id, "traceId")
    return event


def _safe_id(v: Any) -> Optional[str]:
    try:
        return convert.text(v, "id", allow_int=True)
    except Exception:  # noqa: BLE001
        return None


def _present(v: Any) -> Any:
    return None if convert.is_missing(v) else v


def _check_int(name: str, v: Any, lo: int, hi: Optional[int]) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or v < lo or (hi is not None and v > hi):
        bound = f"from {lo} to {hi}" if hi is not None else f"of at least {lo}"
        raise ValueError(f"vigil_client: {name} must be an integer {bound} (got {v!r})")


def _check_positive(name: str, v: Any, allow_zero: bool = False) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not (v >= 0 if allow_zero else v > 0) or v != v or v == float("inf"):
        raise ValueError(f"vigil_client: {name} must be a {'non-negative' if allow_zero else 'positive'} number of seconds (got {v!r})")


def _close_at_exit(ref: "weakref.ReferenceType[Client]") -> None:
    client = ref()
    if client is not None:
        client.close()
