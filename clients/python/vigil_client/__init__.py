"""Vigil's Python client: logs predictions, labels (ground truth), custom metrics and experiment
exposures to a Vigil server from a background thread, without blocking or raising into your code.

    from vigil_client import Client

    with Client("http://localhost:8080", api_key) as vigil:
        vigil.log_prediction("churn", request_id, {"age": 41, "plan": "pro"}, {"label": "churn", "score": 0.82})
        vigil.log_label("churn", request_id, "stayed")
"""

from ._client import DROP_REASONS, Assignment, Client, ClientStats, assign_unit
from ._hashing import bucket_ranges, choose_variation, equal_weights, fnv1a32, gb_hash, in_namespace
from ._version import __version__

__all__ = [
    "DROP_REASONS",
    "Assignment",
    "Client",
    "ClientStats",
    "__version__",
    "assign_unit",
    "bucket_ranges",
    "choose_variation",
    "equal_weights",
    "fnv1a32",
    "gb_hash",
    "in_namespace",
]
