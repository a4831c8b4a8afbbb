"""Test configuration shared by the whole repository."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    """Make NumPy available in every doctest as ``np``."""
    import numpy as np

    doctest_namespace["np"] = np


@pytest.fixture(params=[42])
def global_random_seed(request):
    """The seed fixture scikit-learn's own test files expect."""
    return request.param
