"""scikit-learn's own MLP test file, run against skgeo's estimators.

The file is read from the installed scikit-learn at test time, its import of
``MLPClassifier``/``MLPRegressor`` is swapped for skgeo's estimators, and its
tests are collected here as if they were ours. Nothing of scikit-learn's
code is copied into the repository.

Tests that call scikit-learn's private methods cannot apply to another
implementation and are skipped with the reason; see ``PRIVATE``.
"""

from pathlib import Path

import pytest
import sklearn

SOURCE = Path(sklearn.__file__).parent / "neural_network" / "tests" / "test_mlp.py"
IMPORT_LINE = "from sklearn.neural_network import MLPClassifier, MLPRegressor"
SWAPPED_IMPORT = (
    "from skgeo import GeoMLPClassifier as MLPClassifier, "
    "GeoMLPRegressor as MLPRegressor"
)

# test name -> why it cannot run against another implementation
PRIVATE = {
    "test_gradient": (
        "calls MLPClassifier._loss_grad_lbfgs with scikit-learn's private "
        "buffer-list signature; skgeo's own finite-difference tests in "
        "test_core.py check every loss, activation and output count instead"
    ),
}


def _load_suite():
    if not SOURCE.exists():  # pragma: no cover - wheels ship their tests
        return {}
    source = SOURCE.read_text()
    if IMPORT_LINE not in source:  # pragma: no cover - upstream changed
        raise RuntimeError(
            f"{SOURCE} no longer contains {IMPORT_LINE!r}; update "
            "test_sklearn_suite.py to the new import line."
        )
    namespace = {"__name__": f"{__name__}.sklearn_test_mlp"}
    exec(
        compile(source.replace(IMPORT_LINE, SWAPPED_IMPORT), str(SOURCE), "exec"),
        namespace,
    )
    tests = {}
    for name, obj in namespace.items():
        if name.startswith("test_") and callable(obj):
            if name in PRIVATE:
                obj = pytest.mark.skip(reason=PRIVATE[name])(obj)
            tests[name] = obj
    return tests


_SUITE = _load_suite()
globals().update(_SUITE)


def test_suite_was_collected():
    """The upstream file was found and yielded its tests."""
    if not SOURCE.exists():  # pragma: no cover
        pytest.skip("this scikit-learn installation ships without its tests")
    assert len(_SUITE) > 30
