"""GrowthBook's hashing held to the SDK's own test vectors (sdk-js test/cases.json, spec 0.8.0), the
same ones @vigil/stats is held to, so the Python client, the server and GrowthBook's SDKs agree."""

from __future__ import annotations

import unittest

from vigil_client import assign_unit, bucket_ranges, choose_variation, equal_weights, fnv1a32, gb_hash, in_namespace

# cases.json `hash`: [seed, value, version, expected]
HASH_CASES = [
    ("", "a", 1, 0.22),
    ("", "b", 1, 0.077),
    ("b", "a", 1, 0.946),
    ("ef", "d", 1, 0.652),
    ("asdf", "8952klfjas09ujk", 1, 0.549),
    ("", "123", 1, 0.011),
    ("", '___)((*":&', 1, 0.563),
    ("seed", "a", 2, 0.0505),
    ("seed", "b", 2, 0.2696),
    ("foo", "ab", 2, 0.2575),
    ("foo", "def", 2, 0.2019),
    ("89123klj", "8952klfjas09ujkasdf", 2, 0.124),
    ("90850943850283058242805", "123", 2, 0.7516),
    ("()**(%$##$%#$#", '___)((*":&', 2, 0.0128),
    ("abc", "def", 99, None),
]

# cases.json `getBucketRange`: (numVariations, coverage, weights) -> ranges
BUCKET_CASES = [
    ((2, 1, None), [(0, 0.5), (0.5, 1)]),
    ((2, 0.5, None), [(0, 0.25), (0.5, 0.75)]),
    ((2, 0, None), [(0, 0), (0.5, 0.5)]),
    ((4, 1, None), [(0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1)]),
    ((2, 1, [0.4, 0.6]), [(0, 0.4), (0.4, 1)]),
    ((3, 1, [0.2, 0.3, 0.5]), [(0, 0.2), (0.2, 0.5), (0.5, 1)]),
    ((3, 0.2, [0.2, 0.3, 0.5]), [(0, 0.04), (0.2, 0.26), (0.5, 0.6)]),
    ((2, -0.2, None), [(0, 0), (0.5, 0.5)]),
    ((2, 1.5, None), [(0, 0.5), (0.5, 1)]),
    ((2, 1, [0.4, 0.1]), [(0, 0.5), (0.5, 1)]),
    ((2, 1, [0.7, 0.6]), [(0, 0.5), (0.5, 1)]),
    ((4, 1, [0.4, 0.4, 0.2]), [(0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1)]),
    ((2, 1, [0.4, 0.5999]), [(0, 0.4), (0.4, 0.9999)]),
]


def fnv_shift_add(text: str) -> int:
    """The SDK's own shift-and-add form of the FNV multiply, as an independent check."""
    h = 0x811C9DC5
    units = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) & 0xFFFFFFFF
    return h


class HashTest(unittest.TestCase):
    def test_cases_json_hash_vectors(self) -> None:
        for seed, value, version, expected in HASH_CASES:
            with self.subTest(seed=seed, value=value, version=version):
                h = gb_hash(seed, value, version)
                if expected is None:
                    self.assertIsNone(h)
                else:
                    assert h is not None
                    self.assertAlmostEqual(h, expected, delta=1e-9)

    def test_fnv1a_reference_vectors(self) -> None:
        self.assertEqual(fnv1a32(""), 0x811C9DC5)
        self.assertEqual(fnv1a32("a"), 0xE40C292C)
        self.assertEqual(fnv1a32("foobar"), 0xBF9CF968)

    def test_utf16_code_units_not_utf8_bytes(self) -> None:
        for s in ["héllo", "日本語", "a😀b", "\u0000\uffff", "x" * 1000]:
            self.assertEqual(fnv1a32(s), fnv_shift_add(s), s)
        # 'é' is one code unit (0xE9), not its two UTF-8 bytes; '😀' is two code units (a surrogate pair).
        self.assertEqual(fnv1a32("é"), ((0x811C9DC5 ^ 0xE9) * 0x01000193) & 0xFFFFFFFF)
        self.assertNotEqual(fnv1a32("😀"), fnv1a32("\U0001f600".encode("utf-8").decode("latin-1")))

    def test_other_versions_are_not_in_the_experiment(self) -> None:
        for v in (0, 3, -1, True):
            self.assertIsNone(gb_hash("s", "v", v))

    def test_bucket_ranges_cases(self) -> None:
        for (n, coverage, weights), expected in BUCKET_CASES:
            with self.subTest(n=n, coverage=coverage, weights=weights):
                got = bucket_ranges(n, coverage, weights)
                self.assertEqual(len(got), len(expected))
                for (a, b), (c, d) in zip(got, expected):
                    self.assertAlmostEqual(a, c, places=9)
                    self.assertAlmostEqual(b, d, places=9)

    def test_choose_variation_cases(self) -> None:
        even = [(0, 0.5), (0.5, 1)]
        reduced = [(0, 0.25), (0.5, 0.75)]
        for n, want in [(0.2, 0), (0.4, 0), (0.6, 1), (0.8, 1), (0, 0), (0.5, 1)]:
            self.assertEqual(choose_variation(n, even), want)
        for n, want in [(0.2, 0), (0.4, -1), (0.6, 1), (0.8, -1), (0.25, -1), (0.5, 1)]:
            self.assertEqual(choose_variation(n, reduced), want)
        self.assertEqual(choose_variation(0.5, [(0, 0.5), (0.5, 0.5), (0.5, 1)]), 2)

    def test_equal_weights(self) -> None:
        self.assertEqual(equal_weights(-1), [])
        self.assertEqual(equal_weights(0), [])
        self.assertEqual(equal_weights(2), [0.5, 0.5])
        self.assertEqual(equal_weights(4), [0.25] * 4)

    def test_in_namespace_cases(self) -> None:
        cases = [
            ("1", "namespace1", [False, True]),
            ("1", "namespace2", [False, True]),
            ("2", "namespace1", [False, True]),
            ("2", "namespace2", [False, True]),
            ("3", "namespace1", [False, True]),
            ("3", "namespace2", [True, False]),
            ("4", "namespace1", [False, True]),
            ("4", "namespace2", [True, False]),
        ]
        for unit, ns, (low, high) in cases:
            self.assertEqual(in_namespace(unit, (ns, 0, 0.4)), low, (unit, ns))
            self.assertEqual(in_namespace(unit, (ns, 0.4, 1)), high, (unit, ns))

    def test_run_cases_assign_like_the_sdk(self) -> None:
        # cases.json `run`: key "my-test", variations [0, 1], ids "1".."9", hashVersion 1.
        even = {"name": "my-test", "key": None, "hashVersion": 1, "coverage": 1, "variants": [{"name": "a", "weight": 0.5}, {"name": "b", "weight": 0.5}]}
        self.assertEqual([assign_unit(even, str(i)).index for i in range(1, 10)], [1, 0, 0, 1, 1, 1, 0, 1, 0])
        skewed = dict(even, variants=[{"name": "a", "weight": 0.1}, {"name": "b", "weight": 0.9}])
        self.assertEqual([assign_unit(skewed, str(i)).index for i in range(1, 10)], [1, 1, 0, 1, 1, 1, 0, 1, 1])
        # "uses seed and hash version": {key "key", seed "foo", hashVersion 2, id "1"} -> variation 1.
        seeded = {"name": "key", "key": "foo", "hashVersion": 2, "coverage": 1, "variants": [{"name": "a", "weight": 0.5}, {"name": "b", "weight": 0.5}]}
        self.assertEqual(assign_unit(seeded, "1").index, 1)
        self.assertEqual(assign_unit(seeded, "1").variant, "b")

    def test_outside_the_coverage(self) -> None:
        d = {"name": "e", "key": None, "hashVersion": 2, "coverage": 0, "variants": [{"name": "a", "weight": 0.5}, {"name": "b", "weight": 0.5}]}
        a = assign_unit(d, "u1")
        self.assertIsNone(a.variant)
        self.assertEqual(a.index, -1)
        self.assertFalse(a.in_experiment)


if __name__ == "__main__":
    unittest.main()
