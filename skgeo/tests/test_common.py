"""scikit-learn's common estimator checks over every public skgeo estimator.

Estimators are discovered by walking the package, so a new estimator is
checked without anyone remembering to list it. The checks run with no
expected failures.
"""

import importlib
import inspect
import pkgutil

from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

import skgeo


def _check_configurations():
    """Constructor arguments per estimator class name; each is checked.

    Estimators absent here are checked with their defaults. The MLPs are
    also checked with every training feature switched on, since each must
    keep the estimator scikit-learn-compatible.
    """
    from skgeo.datasets import make_terrain

    fast = {"max_iter": 100}
    return {
        "GeoMLPRegressor": [
            fast,
            {**fast, "solver": "lbfgs"},
            {**fast, "loss": "huber", "huber_delta": 0.5},
            {**fast, "loss": "absolute_error", "solver": "lbfgs"},
            {**fast, "loss": "quantile", "quantile": 0.3, "solver": "lbfgs"},
            {**fast, "loss": "gaussian_nll"},
            {**fast, "dropout": 0.1, "learning_rate": "cosine"},
            {
                **fast,
                "early_stopping": True,
                "validation_fraction": 0.3,
                "early_stopping_scoring": "loss",
                "restore_best_weights": False,
            },
        ],
        "GeoMLPClassifier": [
            fast,
            {**fast, "solver": "lbfgs"},
            {**fast, "class_weight": "balanced", "solver": "lbfgs"},
            {**fast, "dropout": [0.2], "learning_rate": "adaptive", "solver": "sgd"},
            {
                **fast,
                "early_stopping": True,
                "early_stopping_scoring": "loss",
                "validation_fraction": 0.3,
            },
        ],
        # The checks draw coordinates around 0 and around 100 from 3 to 10
        # columns: a raster covering both, reading the first two columns.
        "TerrainFeatures": [
            {
                "dem": make_terrain((70, 70), 2.0, random_state=0),
                "spacing": 2.0,
                "origin": (-20.0, 120.0),
                "radii": (4.0, 10.0),
                "coords": (0, 1),
            }
        ],
        # Generic check data has latitudes near 100 degrees; the range check
        # is tested in skgeo/preprocessing/tests/test_latlon.py.
        "LatLonEncoder": [{"check_range": False}],
    }


def all_estimators():
    """Public estimator classes defined in skgeo, sorted by name."""
    found = {}
    for module_info in pkgutil.walk_packages(skgeo.__path__, prefix="skgeo."):
        if ".tests" in module_info.name or module_info.name.endswith("tests"):
            continue
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, BaseEstimator)
                and cls.__module__.startswith("skgeo.")
                and not name.startswith(("_", "Base"))
                and not inspect.isabstract(cls)
            ):
                found[name] = cls
    return [found[name] for name in sorted(found)]


def estimator_instances():
    """One instance per configuration of every discovered estimator."""
    instances = []
    configurations = _check_configurations()
    for cls in all_estimators():
        for params in configurations.get(cls.__name__, [{}]):
            instances.append(cls(**params))
    return instances


def test_all_estimators_found():
    """Discovery finds the MLPs, so an import error cannot empty the suite."""
    names = {cls.__name__ for cls in all_estimators()}
    assert {"GeoMLPRegressor", "GeoMLPClassifier"} <= names


@parametrize_with_checks(estimator_instances())
def test_sklearn_compatible_estimator(estimator, check):
    """Every scikit-learn common check passes; none is expected to fail."""
    check(estimator)
