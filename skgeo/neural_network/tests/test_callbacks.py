"""scikit-learn's callback API (scikit-learn >= 1.9) on the MLPs."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo import GeoMLPClassifier, GeoMLPRegressor
from skgeo.utils._compat import SKLEARN_HAS_CALLBACKS

pytestmark = pytest.mark.skipif(
    not SKLEARN_HAS_CALLBACKS, reason="scikit-learn < 1.9 has no callback API"
)


class Recorder:
    """A callback that records the task names it sees and may ask to stop."""

    max_propagation_depth = None  # propagated through meta-estimators

    def __init__(self, stop_after=None):
        self.stop_after = stop_after
        self.ended = []

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        self.ended.append((context.task_name, fitted_estimator))
        epochs = sum(name == "epoch" for name, _ in self.ended)
        return self.stop_after is not None and epochs >= self.stop_after


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


@pytest.fixture
def data():
    return make_classification(n_samples=120, n_features=5, random_state=0)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_one_task_per_epoch(data, solver):
    """Each epoch (L-BFGS iteration) is a sub-task, then the fit task ends."""
    recorder = Recorder()
    clf = GeoMLPClassifier(solver=solver, max_iter=6, random_state=0)
    clf.set_callbacks(recorder).fit(*data)
    completed = [name for name, est in recorder.ended if est is not None]
    assert completed.count("epoch") == clf.n_iter_
    assert completed[-1] == "fit"


def test_fitted_estimator_predicts_as_at_that_epoch(data):
    """The snapshot handed to callbacks predicts with that epoch's weights."""
    recorder = Recorder()
    clf = GeoMLPClassifier(max_iter=5, random_state=0).set_callbacks(recorder)
    clf.fit(*data)
    snapshots = [est for name, est in recorder.ended if name == "epoch"]
    assert len({id(s.coefs_[0]) for s in snapshots}) == len(snapshots)
    np.testing.assert_array_equal(
        snapshots[-1].predict_proba(data[0]), clf.predict_proba(data[0])
    )
    assert not np.array_equal(snapshots[0].coefs_[0], snapshots[-1].coefs_[0])


def test_callback_can_stop_training(data):
    """A callback returning True from on_fit_task_end stops training."""
    clf = GeoMLPClassifier(max_iter=50, random_state=0)
    clf.set_callbacks(Recorder(stop_after=3)).fit(*data)
    assert clf.n_iter_ == 3 == len(clf.loss_curve_)


def test_scoring_monitor_logs_every_epoch(data):
    """ScoringMonitor scores the model at the end of every epoch."""
    from sklearn.callback import ScoringMonitor

    monitor = ScoringMonitor(scoring="accuracy")
    clf = GeoMLPClassifier(max_iter=4, random_state=0).set_callbacks(monitor)
    clf.fit(*data)
    logs = monitor.get_logs()
    rows = next(iter(logs.values())) if isinstance(logs, dict) else logs
    epochs = [r for r in rows.data if r["task_name"] == "epoch"]
    assert len(epochs) == 4
    assert all(0 <= r["accuracy"] <= 1 for r in epochs)


def test_propagated_through_pipeline_and_grid_search(data):
    """An auto-propagated callback reaches the MLP inside GridSearchCV(Pipeline)."""
    recorder = Recorder()
    search = GridSearchCV(
        make_pipeline(StandardScaler(), GeoMLPRegressor(max_iter=3, random_state=0)),
        {"geomlpregressor__alpha": [1e-4, 1e-2]},
        cv=2,
    )
    search.set_callbacks(recorder).fit(data[0], data[1].astype(float))
    assert sum(name == "epoch" for name, _ in recorder.ended) >= 3 * 2 * 2


def test_progress_bar_runs(data):
    """sklearn.callback.ProgressBar (needs rich) runs through a fit."""
    pytest.importorskip("rich")
    from sklearn.callback import ProgressBar

    clf = GeoMLPClassifier(max_iter=3, random_state=0).set_callbacks(ProgressBar())
    clf.fit(*data)
    assert clf.n_iter_ == 3
