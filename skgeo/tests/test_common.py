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

# Constructor arguments for estimators that cannot be built with defaults, or
# that the checks would make needlessly slow, keyed by class name. Each entry
# is a list: every configuration listed is checked.
CHECK_CONFIGURATIONS = {
    "GeoMLPRegressor": [{"max_iter": 100}, {"solver": "lbfgs", "max_iter": 100}],
    "GeoMLPClassifier": [{"max_iter": 100}, {"solver": "lbfgs", "max_iter": 100}],
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
    for cls in all_estimators():
        for params in CHECK_CONFIGURATIONS.get(cls.__name__, [{}]):
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
