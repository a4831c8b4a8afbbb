"""Grid search of a skgeo Pipeline on a real Dask cluster through joblib.

The estimators need nothing Dask-specific to be tuned on a cluster: joblib's
Dask backend ships each (candidate, fold) fit to a worker process. These
tests check that this really happens on two worker processes and that the
result is the local one, number for number.
"""

import logging
import os
from pathlib import Path

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import skgeo
from skgeo.model_selection import SpatialBlockKFold
from skgeo.neural_network import GeoMLPRegressor

distributed = pytest.importorskip(
    "distributed",
    reason="the Dask cluster tests need the 'distributed' extra: "
    "pip install 'skgeo[distributed]'",
)

# The package's parent folder: worker processes must import this skgeo, not
# another installed copy, or the comparison with the local run means nothing.
_SKGEO_ROOT = str(Path(skgeo.__file__).resolve().parents[1])


@pytest.fixture(scope="module")
def dask_client():
    """A Client on a LocalCluster of two single-threaded worker processes."""
    worker_path = os.pathsep.join(
        part for part in (_SKGEO_ROOT, os.environ.get("PYTHONPATH")) if part
    )
    # Port 0 for the scheduler and no dashboard: nothing to clash with other
    # test runs on the same machine.
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
        env={"PYTHONPATH": worker_path},
        silence_logs=logging.ERROR,
    )
    try:
        client = distributed.Client(cluster, timeout="60s")
        try:
            client.wait_for_workers(2, timeout=60)
            yield client
        finally:
            client.close(timeout=30)
    finally:
        cluster.close(timeout=30)


def _spatial_regression(n_samples=240, seed=0):
    """Features, a smooth target and (east, north) coordinates in km."""
    rng = np.random.default_rng(seed)
    coordinates = rng.uniform(0, 100, size=(n_samples, 2))
    X = np.column_stack([coordinates / 10, rng.normal(size=(n_samples, 2))])
    noise = 0.1 * rng.normal(size=n_samples)
    y = np.sin(coordinates[:, 0] / 20) + 0.5 * X[:, 2] + noise
    return X, y, coordinates


def _grid_search():
    pipeline = make_pipeline(
        StandardScaler(),
        GeoMLPRegressor(max_iter=20, batch_size=32, random_state=0),
    )
    return GridSearchCV(
        pipeline,
        param_grid={
            "geomlpregressor__hidden_layer_sizes": [(8,), (16,)],
            "geomlpregressor__alpha": [1e-4, 1e-1],
        },
        cv=SpatialBlockKFold(n_splits=3, block_size=25.0),
        n_jobs=-1,
    )


def test_grid_search_dask_backend_matches_local_run(dask_client):
    """Spatial GridSearchCV on two worker processes gives the local results."""
    X, y, coordinates = _spatial_regression()
    local = _grid_search().fit(X, y, groups=coordinates)

    with distributed.get_task_stream(dask_client) as task_stream:
        with parallel_config(backend="dask"):
            remote = _grid_search().fit(X, y, groups=coordinates)

    # The fits ran on the cluster, on both worker processes.
    workers = {task["worker"] for task in task_stream.data}
    assert len(workers) == 2
    assert remote.best_params_ == local.best_params_
    for key in ("split0_test_score", "split1_test_score", "split2_test_score"):
        np.testing.assert_array_equal(remote.cv_results_[key], local.cv_results_[key])
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    np.testing.assert_array_equal(remote.predict(X), local.predict(X))


def test_dask_workers_import_this_skgeo(dask_client):
    """Worker processes import the skgeo under test, not another copy."""
    paths = dask_client.run(lambda: __import__("skgeo").__file__)
    assert set(paths.values()) == {skgeo.__file__}


def test_blockwise_on_cluster_matches_local_scheduler(dask_client):
    """partial_fit_blocks and predict_blocks give the local results on workers."""
    import dask
    import dask.array as da

    from skgeo.blockwise import partial_fit_blocks, predict_blocks

    X, y, _ = _spatial_regression(n_samples=400)
    X_big, y_big = da.from_array(X, chunks=(100, 4)), da.from_array(y, chunks=100)

    def train():
        model = GeoMLPRegressor(hidden_layer_sizes=(8,), batch_size=32, random_state=0)
        return partial_fit_blocks(
            model, X_big, y_big, epochs=2, validation=0.25, random_state=0
        )

    with dask.config.set(scheduler="threads"):
        local = train()
        local_prediction = predict_blocks(local.estimator, X_big).compute()
    with distributed.get_task_stream(dask_client) as task_stream:
        remote = train()  # the active Client computes the blocks
        remote_prediction = predict_blocks(remote.estimator, X_big).compute()

    assert {task["worker"] for task in task_stream.data}
    assert remote.scores == local.scores
    np.testing.assert_array_equal(remote.estimator.coefs_[0], local.estimator.coefs_[0])
    np.testing.assert_allclose(remote_prediction, local_prediction, rtol=1e-12)
