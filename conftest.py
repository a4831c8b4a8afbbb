"""Test configuration shared by the whole repository."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
# scikit-learn's array-API checks (check_array_api_input in test_common.py)
# skip unless SciPy's array-API support is on, and SciPy reads this variable
# when it is first imported: pytest loads this file before any test module
# imports SciPy or scikit-learn. A caller's own value wins.
os.environ.setdefault("SCIPY_ARRAY_API", "1")


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    """Make NumPy available in every doctest as ``np``."""
    import numpy as np

    doctest_namespace["np"] = np


@pytest.fixture(params=[42])
def global_random_seed(request):
    """The seed fixture scikit-learn's own test files expect."""
    return request.param


# The real month of USGS ComCat events lives in the project's shared folder,
# beside the repository (never copied into it); tests that use it skip when a
# checkout has no such folder.
REAL_COMCAT_MONTH = (
    Path(__file__).resolve().parent.parent
    / "shared"
    / "data"
    / "usgs_comcat_all_month_2025-06-05.csv"
)


@pytest.fixture
def real_comcat_month():
    """Path of the real ComCat month, or skip the test when it is absent."""
    if not REAL_COMCAT_MONTH.is_file():
        pytest.skip(f"the real ComCat month is not at {REAL_COMCAT_MONTH}")
    return REAL_COMCAT_MONTH
