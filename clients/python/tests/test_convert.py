"""NumPy and pandas values into the wire format, without the client importing either library."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unittest
from decimal import Decimal

from vigil_client import _convert as convert
from vigil_client._convert import InvalidValue

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover - Debian's python3-numpy and python3-pandas are in CI
    np = None  # type: ignore[assignment]
    pd = None  # type: ignore[assignment]

needs_pandas = unittest.skipIf(pd is None, "NumPy and pandas are not installed")

UTC = dt.timezone.utc


class PlainValuesTest(unittest.TestCase):
    def test_importing_the_client_imports_neither_numpy_nor_pandas(self) -> None:
        code = "import sys, vigil_client; c = vigil_client.Client('http://127.0.0.1:9', 'k'); c.close(0); print('numpy' in sys.modules, 'pandas' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(out, "False False")

    def test_nan_and_infinity_are_missing_features(self) -> None:
        self.assertEqual(
            convert.features({"a": float("nan"), "b": float("inf"), "c": None, "d": 1.5, "e": True, "f": "x", "g": Decimal("2.5")}),
            {"a": None, "b": None, "c": None, "d": 1.5, "e": True, "f": "x", "g": 2.5},
        )

    def test_datetimes_naive_taken_as_utc(self) -> None:
        self.assertEqual(convert.timestamp(dt.datetime(2026, 1, 2, 3, 4, 5, 678000)), 1767323045678)
        self.assertEqual(convert.timestamp(dt.datetime(2026, 1, 2, 4, 4, 5, 678000, tzinfo=dt.timezone(dt.timedelta(hours=1)))), 1767323045678)
        self.assertEqual(convert.timestamp(dt.date(2026, 1, 2)), 1767312000000)
        self.assertEqual(convert.timestamp(1767323045678), 1767323045678)
        self.assertEqual(convert.timestamp("2026-01-02T03:04:05Z"), "2026-01-02T03:04:05Z")
        self.assertIsNone(convert.timestamp(None))
        self.assertEqual(convert.scalar(dt.datetime(2026, 1, 2, 3, 4, 5), "f"), "2026-01-02T03:04:05.000Z")
        with self.assertRaises(InvalidValue):
            convert.timestamp(True)

    def test_bad_values_name_their_field(self) -> None:
        with self.assertRaises(InvalidValue) as e:
            convert.features({"age": [1, 2]})
        self.assertEqual(e.exception.path, "features.age")
        with self.assertRaises(InvalidValue) as e:
            convert.prediction({"probabilities": {"a": 1.5}})
        self.assertEqual(e.exception.path, "prediction.probabilities.a")
        with self.assertRaises(InvalidValue) as e:
            convert.prediction(float("nan"))
        self.assertEqual(e.exception.path, "prediction")
        with self.assertRaises(InvalidValue) as e:
            convert.text("", "id")
        self.assertEqual(e.exception.path, "id")

    def test_usage_takes_snake_case_and_wire_names(self) -> None:
        self.assertEqual(
            convert.usage({"model": "gpt-4o", "input_tokens": 10, "output_tokens": 3.0, "cachedInputTokens": 4}),
            {"model": "gpt-4o", "inputTokens": 10, "outputTokens": 3, "cachedInputTokens": 4},
        )
        with self.assertRaises(InvalidValue) as e:
            convert.usage({"model": "m", "input_tokens": -1, "output_tokens": 0})
        self.assertEqual(e.exception.path, "usage.inputTokens")


@needs_pandas
class NumpyPandasTest(unittest.TestCase):
    def test_numpy_scalars(self) -> None:
        got = convert.features(
            {
                "i": np.int64(41),
                "f": np.float32(0.5),
                "nan": np.float64("nan"),
                "nan32": np.float32("nan"),
                "b": np.bool_(True),
                "s": np.str_("pro"),
                "zero_d": np.array(3.25),
            }
        )
        self.assertEqual(got, {"i": 41, "f": 0.5, "nan": None, "nan32": None, "b": True, "s": "pro", "zero_d": 3.25})
        self.assertIs(type(got["i"]), int)
        self.assertIs(type(got["b"]), bool)

    def test_pandas_missing_values(self) -> None:
        self.assertEqual(convert.features({"na": pd.NA, "nat": pd.NaT, "npnat": np.datetime64("NaT")}), {"na": None, "nat": None, "npnat": None})

    def test_timestamps(self) -> None:
        want = 1767323045678
        self.assertEqual(convert.timestamp(pd.Timestamp("2026-01-02 03:04:05.678")), want)
        self.assertEqual(convert.timestamp(pd.Timestamp("2026-01-02 03:04:05.678123456")), want)
        self.assertEqual(convert.timestamp(pd.Timestamp("2026-01-01 22:04:05.678", tz="America/New_York")), want)
        self.assertEqual(convert.timestamp(np.datetime64("2026-01-02T03:04:05.678999999")), want)
        self.assertEqual(convert.timestamp(np.datetime64("2026-01-02T03:04:05.678", "ms")), want)
        self.assertIsNone(convert.timestamp(pd.NaT))
        self.assertEqual(convert.scalar(pd.Timestamp("2026-01-02 03:04:05.678", tz="UTC"), "f"), "2026-01-02T03:04:05.678Z")

    def test_latency_from_numpy_and_timedelta(self) -> None:
        self.assertEqual(convert.number(np.float32(12.5), "latencyMs"), 12.5)
        self.assertEqual(convert.number(pd.Timedelta(milliseconds=7), "latencyMs"), 7.0)
        self.assertEqual(convert.number(np.timedelta64(1500, "us"), "latencyMs"), 1.5)
        self.assertIsNone(convert.number(np.float64("nan"), "latencyMs"))

    def test_prediction_with_numpy_values(self) -> None:
        self.assertEqual(
            convert.prediction({"label": np.int64(1), "score": np.float64(0.82), "probabilities": pd.Series({"a": np.float32(0.25), "b": 0.75})}),
            {"label": 1, "score": 0.82, "probabilities": {"a": 0.25, "b": 0.75}},
        )
        self.assertEqual(convert.prediction(np.float64(3.5)), 3.5)
        self.assertEqual(convert.prediction(np.str_("cat")), "cat")

    def test_a_series_as_features(self) -> None:
        self.assertEqual(convert.features(pd.Series({"a": 1, "b": np.nan})), {"a": 1.0, "b": None})

    def test_records_of_a_dataframe_a_column_mapping_and_a_list(self) -> None:
        ts = pd.to_datetime(["2026-01-02 03:04:05", "2026-01-02 03:04:06"])
        frame = pd.DataFrame({"x": [1.0, np.nan], "n": pd.array([1, None], dtype="Int64"), "t": ts}, index=pd.Index(["r1", "r2"], name="id"))
        rows = list(convert.iter_records(frame))
        self.assertEqual([r["id"] for r in rows], ["r1", "r2"])
        self.assertTrue(convert.is_missing(rows[1]["x"]))
        self.assertTrue(convert.is_missing(rows[1]["n"]))
        self.assertEqual(convert.timestamp(rows[1]["t"]), 1767323046000)
        columns = {"id": np.array(["a", "b"]), "t": ts.values, "x": np.array([0.5, np.nan])}
        rows = list(convert.iter_records(columns))
        self.assertEqual([convert.timestamp(r["t"]) for r in rows], [1767323045000, 1767323046000])
        self.assertEqual(convert.features({"x": rows[1]["x"]}), {"x": None})
        self.assertEqual(list(convert.iter_records([{"a": 1}])), [{"a": 1}])
        with self.assertRaises(InvalidValue):
            list(convert.iter_records({"a": [1, 2], "b": [1]}))


if __name__ == "__main__":
    unittest.main()
