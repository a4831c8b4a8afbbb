"""Stopping, best weights and divergence: what the epoch loop consults.

:class:`TrainingMonitor` watches the stochastic solvers' epochs. After each
epoch the loop reports the training loss (and the validation loss and score
when a validation set is monitored) and the monitor answers whether to go
on, whether training has stalled, or whether it has diverged; it keeps a
copy of the best parameters so that they can be restored.

The best parameters are the ones whose loss was measured:

* with a validation criterion (early stopping), the validation loss and
  score are measured on the parameters at the end of the epoch, which are
  the ones copied;
* with the training-loss criterion, an epoch's loss is the mean of its
  batch losses, measured along the epoch starting from the parameters at
  its start, so those are the ones kept. The parameters at the end of the
  epoch have not been measured at all, and after an exploding epoch they
  may be orders of magnitude worse than the recorded loss.

Divergence is a non-finite loss, score or parameter, or, when the training
loss is the criterion, a *finite but exploded* training loss: more than
:data:`EXPLOSION_FACTOR` times the larger of the first and the lowest
training loss of the fit.
"""

import numpy as np

__all__ = ["CONTINUE", "DIVERGED", "EXPLOSION_FACTOR", "STALLED", "TrainingMonitor"]

#: A training loss this many times above the reference counts as divergence.
EXPLOSION_FACTOR = 1e4

CONTINUE, STALLED, DIVERGED = "continue", "stalled", "diverged"


class TrainingMonitor:
    """Decide after each epoch: continue, stalled or diverged; keep the best.

    Parameters
    ----------
    params : ndarray
        The live flat parameter vector (read; written only by ``restore_*``).
    early_stopping : bool
        Judge progress by the validation score (True) or the training loss.
    tol : float
        Improvement threshold.
    n_iter_no_change : int or inf
        Idle epochs after which the monitor reports ``STALLED``.
    loss_history : list of float
        Training losses recorded so far in this fit (``partial_fit`` keeps
        adding to one history), for the divergence reference.
    best_params : ndarray or None
        Best parameters kept by an earlier call of this fit, reused in place.
    best_epoch : int
        The epoch they belong to.
    best_loss, best_score : float
        Best training loss and validation score so far.
    idle_epochs : int
        Epochs without improvement so far.

    Attributes
    ----------
    best_params : ndarray
        Copy of the best parameters (never an alias of ``params``).
    best_epoch : int
        Epochs completed when they were measured (0 = the fit's start).
    divergence : tuple of (str, object) or None
        What diverged and its value, after :meth:`end_epoch` said DIVERGED.
    """

    def __init__(
        self,
        params,
        *,
        early_stopping,
        tol,
        n_iter_no_change,
        loss_history=(),
        best_params=None,
        best_epoch=0,
        best_loss=np.inf,
        best_score=-np.inf,
        idle_epochs=0,
    ):
        self.params = params
        self.early_stopping = bool(early_stopping)
        self.tol = float(tol)
        self.n_iter_no_change = n_iter_no_change
        if best_params is None or best_params.shape != params.shape:
            best_params = params.copy()
        self.best_params = best_params
        self.best_epoch = int(best_epoch)
        self.best_loss = np.inf if best_loss is None else float(best_loss)
        self.best_score = -np.inf if best_score is None else float(best_score)
        self.idle_epochs = int(idle_epochs)
        finite = [loss for loss in loss_history if np.isfinite(loss)]
        self._first_loss = finite[0] if finite else None
        self._lowest_loss = min(finite) if finite else np.inf
        self._epoch_start = np.empty_like(params)
        self.divergence = None

    @property
    def found_best(self) -> bool:
        """Whether some epoch has been measured with finite values."""
        if self.early_stopping:
            return bool(np.isfinite(self.best_score))
        return bool(np.isfinite(self.best_loss))

    def begin_epoch(self) -> None:
        """Note the parameters the coming epoch's loss will be measured from."""
        np.copyto(self._epoch_start, self.params)

    def end_epoch(self, epoch, loss, validation_loss=None, score=None) -> str:
        """Judge the epoch that just ended; ``epoch`` counts completed epochs.

        Returns CONTINUE, STALLED (``n_iter_no_change`` idle epochs) or
        DIVERGED (then see :attr:`divergence`).
        """
        self.divergence = self._divergence(loss, validation_loss, score)
        if self.divergence is not None:
            return DIVERGED
        if self._first_loss is None:
            self._first_loss = loss
        self._lowest_loss = min(self._lowest_loss, loss)
        if self.early_stopping:
            # Compare with the best before this epoch, as scikit-learn does.
            improved = score >= self.best_score + self.tol
            if score > self.best_score:
                self.best_score = score
                np.copyto(self.best_params, self.params)
                self.best_epoch = epoch
        else:
            if score is not None:
                self.best_score = max(self.best_score, score)
            improved = loss <= self.best_loss - self.tol
            if loss < self.best_loss:
                self.best_loss = loss
                # The epoch's loss was measured from its starting parameters.
                self.best_params, self._epoch_start = (
                    self._epoch_start,
                    self.best_params,
                )
                self.best_epoch = epoch - 1
        self.idle_epochs = 0 if improved else self.idle_epochs + 1
        return STALLED if self.idle_epochs > self.n_iter_no_change else CONTINUE

    def _divergence(self, loss, validation_loss, score):
        if not np.isfinite(loss):
            return "training loss", loss
        if validation_loss is not None and not np.isfinite(validation_loss):
            return "validation loss", validation_loss
        if score is not None and not np.isfinite(score):
            return "validation score", score
        if not np.isfinite(self.params).all():
            return "parameters", "non-finite"
        if not self.early_stopping and self._first_loss is not None:
            # With early stopping the restored parameters are the best
            # validated ones, so an exploded training loss harms nothing and
            # training may go on (scikit-learn's tests rely on it).
            reference = max(self._first_loss, self._lowest_loss)
            if loss > EXPLOSION_FACTOR * reference:
                return "training loss", f"{loss:.3g} (up from {reference:.3g})"
        return None

    def stall_handled(self) -> None:
        """The schedule lowered the learning rate instead of stopping."""
        self.idle_epochs = 0

    def restore_best(self) -> None:
        """Put the best parameters back into ``params``."""
        np.copyto(self.params, self.best_params)

    def restore_epoch_start(self) -> None:
        """Undo a partial epoch: back to the parameters at its start."""
        np.copyto(self.params, self._epoch_start)
