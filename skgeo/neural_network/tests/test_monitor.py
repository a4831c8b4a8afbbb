"""TrainingMonitor: stopping, best weights and divergence of the epoch loop."""

import numpy as np
import pytest

from skgeo.neural_network._monitor import (
    CONTINUE,
    DIVERGED,
    EXPLOSION_FACTOR,
    STALLED,
    TrainingMonitor,
)


def _run(monitor, params, epochs):
    """Feed (new parameters, loss, validation loss, score) per epoch."""
    verdicts = []
    for epoch, (values, loss, val_loss, score) in enumerate(epochs, start=1):
        monitor.begin_epoch()
        params[:] = values
        verdicts.append(monitor.end_epoch(epoch, loss, val_loss, score))
    return verdicts


def test_training_loss_keeps_the_parameters_the_loss_was_measured_from():
    """Best epoch by training loss: the parameters at that epoch's start."""
    params = np.zeros(3)
    monitor = TrainingMonitor(params, early_stopping=False, tol=0, n_iter_no_change=5)
    _run(monitor, params, [(1.0, 5.0, None, None), (2.0, 3.0, None, None)])
    assert monitor.best_epoch == 1
    np.testing.assert_array_equal(monitor.best_params, 1.0)  # start of epoch 2
    assert not np.shares_memory(monitor.best_params, params)


def test_validation_score_keeps_the_parameters_it_scored():
    """Best epoch by validation score: the parameters at that epoch's end."""
    params = np.zeros(3)
    monitor = TrainingMonitor(params, early_stopping=True, tol=0, n_iter_no_change=5)
    _run(monitor, params, [(1.0, 5.0, 1.0, 0.2), (2.0, 3.0, 0.5, 0.6)])
    assert monitor.best_epoch == 2
    np.testing.assert_array_equal(monitor.best_params, 2.0)
    monitor.restore_best()
    np.testing.assert_array_equal(params, 2.0)


def test_exploded_finite_loss_is_divergence_without_early_stopping():
    """A finite loss EXPLOSION_FACTOR times the reference diverges."""
    params = np.zeros(2)
    monitor = TrainingMonitor(params, early_stopping=False, tol=0, n_iter_no_change=9)
    exploded = 2.0 * EXPLOSION_FACTOR * 10.0
    verdicts = _run(
        monitor, params, [(1.0, 10.0, None, None), (2.0, exploded, None, None)]
    )
    assert verdicts == [CONTINUE, DIVERGED]
    assert monitor.divergence[0] == "training loss"
    monitor.restore_best()
    np.testing.assert_array_equal(params, 0.0)  # the parameters of loss 10


def test_exploded_loss_is_not_divergence_with_early_stopping():
    """With a validation criterion only non-finite values diverge."""
    params = np.zeros(2)
    monitor = TrainingMonitor(params, early_stopping=True, tol=0, n_iter_no_change=9)
    epochs = [(1.0, 10.0, 1.0, 0.5), (2.0, 1e9, 1.0, 0.4), (3.0, 1.0, np.inf, 0.4)]
    assert _run(monitor, params, epochs) == [CONTINUE, CONTINUE, DIVERGED]
    assert monitor.divergence == ("validation loss", np.inf)


@pytest.mark.parametrize(
    "epoch, what",
    [
        ((1.0, np.nan, None, None), "training loss"),
        ((np.inf, 1.0, None, None), "parameters"),
    ],
)
def test_non_finite_values_diverge(epoch, what):
    """NaN losses or non-finite parameters are divergence, named."""
    params = np.zeros(2)
    monitor = TrainingMonitor(params, early_stopping=False, tol=0, n_iter_no_change=9)
    assert _run(monitor, params, [epoch]) == [DIVERGED]
    assert monitor.divergence[0] == what
    assert not monitor.found_best


def test_stalls_after_n_iter_no_change_idle_epochs():
    """n_iter_no_change + 1 epochs without a tol improvement: STALLED."""
    params = np.zeros(1)
    monitor = TrainingMonitor(params, early_stopping=False, tol=0.5, n_iter_no_change=2)
    epochs = [(0.0, loss, None, None) for loss in (5.0, 4.9, 4.8, 4.7)]
    assert _run(monitor, params, epochs) == [CONTINUE, CONTINUE, CONTINUE, STALLED]
    monitor.stall_handled()
    assert monitor.idle_epochs == 0


def test_restore_epoch_start_undoes_a_partial_epoch():
    """An interrupted epoch goes back to the parameters it started from."""
    params = np.arange(3.0)
    monitor = TrainingMonitor(params, early_stopping=False, tol=0, n_iter_no_change=9)
    monitor.begin_epoch()
    params += 100
    monitor.restore_epoch_start()
    np.testing.assert_array_equal(params, np.arange(3.0))


def test_resumes_from_earlier_records():
    """partial_fit: the reference and best loss carry over between calls."""
    params = np.zeros(1)
    monitor = TrainingMonitor(
        params,
        early_stopping=False,
        tol=0,
        n_iter_no_change=9,
        loss_history=[10.0, 8.0],
        best_loss=8.0,
    )
    exploded = 2.0 * EXPLOSION_FACTOR * 10.0
    assert _run(monitor, params, [(1.0, exploded, None, None)]) == [DIVERGED]
