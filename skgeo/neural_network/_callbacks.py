"""Report training progress to scikit-learn's callback API (scikit-learn >= 1.9).

The estimators open a callback context per ``fit`` and one sub-task per
epoch (per iteration for L-BFGS), so that ``sklearn.callback.ProgressBar``
shows an epoch bar and ``ScoringMonitor`` can score the model as it was at
the end of each epoch, also when the estimator sits in a Pipeline or a
GridSearchCV. A callback may ask training to stop; the epoch loop honours it.
With no callbacks set, each hook is a single attribute check.
"""

__all__ = ["EpochCallbacks"]


class EpochCallbacks:
    """Open the fit task and one sub-task per epoch.

    Parameters
    ----------
    estimator : estimator
        The estimator being fitted.
    X, y : array-like
        Training data, passed on to the hooks.
    sample_weight : ndarray or None
        Passed on as metadata.
    max_epochs : int
        Upper bound on the number of epochs (sub-tasks).
    """

    def __init__(self, estimator, X, y, sample_weight, max_epochs):
        self.estimator = estimator
        self._data = {
            "X": X,
            "y": y,
            "metadata": None
            if sample_weight is None
            else {"sample_weight": sample_weight},
        }
        self._context = None
        self._epoch = None
        if hasattr(estimator, "_init_callback_context"):
            self._context = estimator._init_callback_context(max_subtasks=max_epochs)
            self._context.call_on_fit_task_begin(estimator=estimator, **self._data)
        self.active = self._context is not None and bool(
            getattr(estimator, "_skl_callbacks", None)
        )

    def _snapshot(self):
        """Attributes that make a copy of the estimator predict as it is now."""
        estimator = self.estimator
        return {
            "coefs_": [c.copy() for c in estimator.coefs_],
            "intercepts_": [b.copy() for b in estimator.intercepts_],
            "_packed": None,
        }

    def begin_epoch(self) -> None:
        """Open the sub-task of the next epoch (no-op if one is open)."""
        if self.active and self._epoch is None:
            self._epoch = self._context.subcontext(task_name="epoch")
            self._epoch.call_on_fit_task_begin(
                estimator=self.estimator,
                reconstruction_attributes=self._snapshot,
                **self._data,
            )

    def end_epoch(self) -> bool:
        """Close the current epoch's sub-task; True if a callback asks to stop."""
        if not self.active or self._epoch is None:
            return False
        epoch, self._epoch = self._epoch, None
        return bool(
            epoch.call_on_fit_task_end(
                estimator=self.estimator,
                reconstruction_attributes=self._snapshot,
                **self._data,
            )
        )

    def end_fit(self) -> None:
        """Close a dangling epoch (after an interruption) and the fit task."""
        if self._context is None:
            return
        if self._epoch is not None:
            self._epoch.call_on_fit_task_end(estimator=self.estimator)
            self._epoch = None
        self._context.call_on_fit_task_end(
            estimator=self.estimator,
            reconstruction_attributes=self._snapshot,
            **self._data,
        )
