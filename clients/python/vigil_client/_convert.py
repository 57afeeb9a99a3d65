"""Values as NumPy and pandas give them, turned into what Vigil's wire format takes, without importing
either library: NumPy scalars and arrays are recognised by their ``dtype`` and ``item()``, pandas'
missing values and timestamps by their types' names. NaN, ``None``, ``pd.NA`` and ``NaT`` are missing.

Every function here either returns a plain JSON value or raises ``InvalidValue`` naming the field,
which the client turns into a counted drop (it never reaches the caller)."""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

JsonScalar = Union[str, int, float, bool, None]

MAX_ID_LENGTH = 256
MAX_FEATURES = 2000
MAX_TEXT_FEATURE = 4096
MAX_LATENCY_MS = 86_400_000
MAX_EPOCH_MS = 8_640_000_000_000_000

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MS = _dt.timedelta(milliseconds=1)


class InvalidValue(ValueError):
    """A value the wire format cannot carry; ``path`` names it as the server would (``features.age``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _type_name(v: object) -> str:
    return type(v).__name__


def is_missing(v: object) -> bool:
    """``None``, a float NaN (Python's or NumPy's), ``pd.NA``, ``pd.NaT`` or NumPy's ``NaT``."""
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    name = _type_name(v)
    if name in ("NAType", "NaTType"):
        return True
    dtype = getattr(v, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", None) in ("f", "c", "M", "m") and getattr(v, "ndim", 1) == 0:
        try:
            return bool(v != v)
        except Exception:  # noqa: BLE001 - an exotic scalar: not missing
            return False
    return False


def _numpy_item(v: Any) -> Any:
    """A NumPy scalar or 0-d array as the Python value ``item()`` gives; other values unchanged."""
    if hasattr(v, "dtype") and hasattr(v, "item") and getattr(v, "ndim", None) == 0:
        kind = getattr(v.dtype, "kind", "")
        if kind == "M":  # datetime64: item() gives an int for ns precision, so go through milliseconds
            return _Datetime64(v)
        if kind == "m":  # timedelta64
            return _dt.timedelta(milliseconds=float(v.astype("timedelta64[us]").astype("int64")) / 1000)
        return v.item()
    return v


class _Datetime64:
    """A NumPy ``datetime64`` scalar, kept apart so it is read as epoch milliseconds (UTC)."""

    __slots__ = ("ms",)

    def __init__(self, v: Any) -> None:
        self.ms = int(v.astype("datetime64[ms]").astype("int64"))


def datetime_ms(v: _dt.datetime) -> int:
    """Epoch milliseconds of a datetime; a naive one is taken as UTC (pandas' convention), not local time."""
    value = getattr(v, "value", None)
    if isinstance(value, int) and hasattr(v, "tz") and hasattr(v, "nanosecond"):
        # pandas.Timestamp: `value` is nanoseconds since the epoch in UTC, naive or not.
        return value // 1_000_000
    if v.tzinfo is None or v.tzinfo.utcoffset(v) is None:
        v = v.replace(tzinfo=_dt.timezone.utc)
    return (v - _EPOCH) // _MS


def _iso(ms: int) -> str:
    return (_EPOCH + _dt.timedelta(milliseconds=ms)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def timestamp(v: Any, path: str = "timestamp") -> Optional[Union[int, str]]:
    """A timestamp for the wire: epoch milliseconds from a datetime (naive = UTC), ``date`` (midnight
    UTC), ``pd.Timestamp``, ``np.datetime64`` or a number (already epoch milliseconds); an ISO 8601
    string is passed on for the server to check. Missing values give ``None``."""
    if is_missing(v):
        return None
    v = _numpy_item(v)
    if isinstance(v, _Datetime64):
        ms = v.ms
    elif isinstance(v, _dt.datetime):
        ms = datetime_ms(v)
    elif isinstance(v, _dt.date):
        ms = datetime_ms(_dt.datetime(v.year, v.month, v.day))
    elif isinstance(v, str):
        if v == "":
            raise InvalidValue(path, "an ISO 8601 date-time with a time zone, or epoch milliseconds (got an empty string)")
        return v
    elif isinstance(v, bool):
        raise InvalidValue(path, "a datetime or epoch milliseconds (got a bool)")
    elif isinstance(v, (int, float)):
        if not math.isfinite(v):
            return None
        ms = int(v)
    else:
        raise InvalidValue(path, f"a datetime or epoch milliseconds (got {_type_name(v)})")
    if ms < 0 or ms > MAX_EPOCH_MS:
        raise InvalidValue(path, f"a time from 1970 on (got {ms} ms)")
    return ms


def number(v: Any, path: str, *, minimum: Optional[float] = None, maximum: Optional[float] = None) -> Optional[float]:
    """An optional finite number (latency, cost); missing and non-finite values give ``None``."""
    if is_missing(v):
        return None
    v = _numpy_item(v)
    if isinstance(v, _dt.timedelta):
        v = v / _MS
    if isinstance(v, decimal.Decimal):
        v = float(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InvalidValue(path, f"a number (got {_type_name(v)})")
    if not math.isfinite(v):
        return None
    if minimum is not None and v < minimum:
        raise InvalidValue(path, f"at least {minimum:g} (got {v})")
    if maximum is not None and v > maximum:
        raise InvalidValue(path, f"at most {maximum:g} (got {v})")
    return v


def text(v: Any, path: str, *, max_length: int = MAX_ID_LENGTH, allow_int: bool = False) -> str:
    """A non-empty string without NUL (an id, a version, a name); integers too where ids may be numbers."""
    v = _numpy_item(v)
    if allow_int and isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        raise InvalidValue(path, f"a string (got {_type_name(v)})")
    if v == "":
        raise InvalidValue(path, "a non-empty string")
    if len(v) > max_length:
        raise InvalidValue(path, f"at most {max_length} characters (got {len(v)})")
    if "\x00" in v:
        raise InvalidValue(path, "text without NUL characters")
    return str(v)


def scalar(v: Any, path: str, *, max_length: int = MAX_TEXT_FEATURE) -> JsonScalar:
    """A feature value: a number, a string, a boolean or ``None`` (missing, NaN and ±infinity, which
    JSON cannot carry and the server reads as missing too). Datetimes become ISO 8601 UTC strings."""
    if is_missing(v):
        return None
    v = _numpy_item(v)
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, str):
        if len(v) > max_length:
            raise InvalidValue(path, f"at most {max_length} characters (got {len(v)})")
        if "\x00" in v:
            raise InvalidValue(path, "text without NUL characters")
        return str(v)
    if isinstance(v, decimal.Decimal):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, _Datetime64):
        return _iso(v.ms)
    if isinstance(v, (_dt.datetime, _dt.date)):
        return _iso(timestamp(v, path))  # type: ignore[arg-type]
    if hasattr(v, "tolist"):
        raise InvalidValue(path, "a number, a string, a boolean or None (got an array; log one value per feature)")
    raise InvalidValue(path, f"a number, a string, a boolean or None (got {_type_name(v)})")


def features(v: Any, path: str = "features") -> Dict[str, JsonScalar]:
    """A features mapping (a dict, a pandas Series, any mapping) with every value converted."""
    items = _mapping_items(v, path)
    out: Dict[str, JsonScalar] = {}
    for k, x in items:
        key = text(k, f"{path}.{k}", allow_int=True)
        if key == "__proto__":
            raise InvalidValue(f"{path}.__proto__", "another name (__proto__ is reserved)")
        out[key] = scalar(x, f"{path}.{key}")
    if len(out) > MAX_FEATURES:
        raise InvalidValue(path, f"at most {MAX_FEATURES} features (got {len(out)})")
    return out


def _mapping_items(v: Any, path: str) -> List[Tuple[Any, Any]]:
    if isinstance(v, Mapping):
        return list(v.items())
    if hasattr(v, "items") and hasattr(v, "index") and not isinstance(v, (list, tuple, str)):
        return list(v.items())  # a pandas Series (index → value)
    raise InvalidValue(path, f"a mapping of names to values (got {_type_name(v)})")


def label_value(v: Any, path: str) -> Union[str, int, float, bool]:
    """A class label or a regression target: a non-empty string, a finite number or a boolean."""
    if is_missing(v):
        raise InvalidValue(path, "a label (got a missing value)")
    v = _numpy_item(v)
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if not math.isfinite(v):
            raise InvalidValue(path, f"a finite number (got {v})")
        return v
    if isinstance(v, decimal.Decimal):
        return label_value(float(v), path)
    if isinstance(v, str):
        return text(v, path)
    raise InvalidValue(path, f"a string, a number or a boolean (got {_type_name(v)})")


def prediction(v: Any, path: str = "prediction") -> Union[str, int, float, bool, Dict[str, Any]]:
    """What the model said: a number, a label, or a mapping of ``label``, ``score`` and/or
    ``probabilities`` (class → probability)."""
    if isinstance(v, Mapping):
        out: Dict[str, Any] = {}
        for k, x in v.items():
            if k == "label":
                if not is_missing(x):
                    out["label"] = label_value(x, f"{path}.label")
            elif k == "score":
                s = number(x, f"{path}.score")
                if s is not None:
                    out["score"] = s
            elif k == "probabilities":
                probs: Dict[str, float] = {}
                for c, p in _mapping_items(x, f"{path}.probabilities"):
                    name = text(c, f"{path}.probabilities.{c}", allow_int=True)
                    q = number(p, f"{path}.probabilities.{name}", minimum=0, maximum=1)
                    if q is None:
                        raise InvalidValue(f"{path}.probabilities.{name}", "a probability in [0, 1] (got a missing value)")
                    probs[name] = q
                out["probabilities"] = probs
            else:
                raise InvalidValue(f"{path}.{k}", "label, score or probabilities only")
        if not out:
            raise InvalidValue(path, "at least one of label, score or probabilities")
        return out
    return label_value(v, path)


def segment(v: Any, path: str = "segment") -> Dict[str, Union[str, int, float, bool]]:
    out: Dict[str, Union[str, int, float, bool]] = {}
    for k, x in _mapping_items(v, path):
        key = text(k, f"{path}.{k}")
        value = scalar(x, f"{path}.{key}", max_length=MAX_ID_LENGTH)
        if value is None:
            continue  # a missing segment value is no segment
        out[key] = value
    return out


_USAGE_KEYS = {
    "model": "model",
    "inputTokens": "inputTokens",
    "input_tokens": "inputTokens",
    "outputTokens": "outputTokens",
    "output_tokens": "outputTokens",
    "cachedInputTokens": "cachedInputTokens",
    "cached_input_tokens": "cachedInputTokens",
}


def usage(v: Any, path: str = "usage") -> Dict[str, Union[str, int]]:
    """Token usage of an LLM call: ``model``, ``input_tokens``, ``output_tokens`` and optionally
    ``cached_input_tokens`` (the wire's camelCase names are accepted too)."""
    out: Dict[str, Union[str, int]] = {}
    for k, x in _mapping_items(v, path):
        key = _USAGE_KEYS.get(str(k))
        if key is None:
            raise InvalidValue(f"{path}.{k}", "model, input_tokens, output_tokens or cached_input_tokens")
        if key == "model":
            out[key] = text(x, f"{path}.model")
            continue
        n = _numpy_item(x)
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidValue(f"{path}.{key}", f"a whole number of tokens, at least 0 (got {x!r})")
        out[key] = n
    for required in ("model", "inputTokens", "outputTokens"):
        if required not in out:
            raise InvalidValue(f"{path}.{required}", "present")
    return out


def metric_labels(v: Any, path: str = "labels") -> Dict[str, str]:
    out: Dict[str, str] = {}
    for k, x in _mapping_items(v, path):
        key = text(k, f"{path}.{k}", max_length=100)
        value = _numpy_item(x)
        if not isinstance(value, str):
            value = str(value)
        out[key] = value
    return out


def iter_records(data: Any) -> Iterator[Mapping[str, Any]]:
    """Rows of a pandas DataFrame, of a mapping of columns (lists, NumPy arrays, Series) or of a
    sequence of mappings, as mappings of column → value. A DataFrame's named index becomes a column."""
    columns = getattr(data, "columns", None)
    if columns is not None and hasattr(data, "to_dict") and hasattr(data, "index"):
        index = data.index
        index_name = getattr(index, "name", None)
        names = [str(c) for c in columns]
        index_values = list(index) if index_name is not None else None
        for i, row in enumerate(data.itertuples(index=False, name=None)):
            rec = dict(zip(names, row))
            if index_values is not None and str(index_name) not in rec:
                rec[str(index_name)] = index_values[i]
            yield rec
        return
    if isinstance(data, Mapping):
        # list(), not tolist(): tolist() turns datetime64[ns] into integers of nanoseconds.
        cols = {str(k): list(v) for k, v in data.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise InvalidValue("data", f"columns of one length (got lengths {sorted(lengths)})")
        n = lengths.pop() if lengths else 0
        for i in range(n):
            yield {k: v[i] for k, v in cols.items()}
        return
    if isinstance(data, (str, bytes)):
        raise InvalidValue("data", "a DataFrame, a mapping of columns or a sequence of records (got text)")
    for i, row in enumerate(data):
        if not isinstance(row, Mapping):
            raise InvalidValue(f"data[{i}]", f"a mapping of column → value (got {_type_name(row)})")
        yield row
