"""LossCurveDisplay: training and validation curves of a fitted network."""

import numbers

import numpy as np
from sklearn.utils.validation import check_is_fitted

__all__ = ["LossCurveDisplay", "check_matplotlib"]


def check_matplotlib(caller: str):
    """Import ``matplotlib.pyplot``, or say how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - matplotlib is a test extra
        raise ImportError(
            f"{caller} needs matplotlib, an optional dependency of skgeo. Install "
            "it with: python -m pip install 'skgeo[plot]'"
        ) from exc
    return plt


class LossCurveDisplay:
    """Training loss, validation loss and validation score per epoch.

    The visual record of a fit, as papers and notebooks report it: the
    training loss, the validation loss and the validation score of each
    epoch, with the epoch whose weights the model kept marked. Build it with
    :meth:`from_estimator`; the constructor takes the curves themselves.
    Follows scikit-learn's Display conventions: :meth:`plot` draws, and the
    axes and figure are kept in ``ax_`` and ``figure_``.

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        Training loss per epoch.
    validation_loss_curve : array-like of shape (n_epochs,), default=None
        Validation loss per epoch.
    validation_scores : array-like of shape (n_epochs,), default=None
        Validation score per epoch.
    best_epoch : int, default=None
        Epoch (1-based) whose weights the model kept, marked by a vertical
        line.
    estimator_name : str, default=None
        Name used in the legend.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Axes of the loss curves.
    score_ax_ : matplotlib Axes or None
        Twin axes (right) of the validation score, when plotted.
    figure_ : matplotlib Figure
        Figure holding the axes.
    lines_ : dict of str to matplotlib Line2D
        The drawn lines: ``'training loss'``, ``'validation loss'``,
        ``'validation score'`` and ``'best epoch'`` where present.

    See Also
    --------
    skgeo.GeoMLPRegressor, skgeo.GeoMLPClassifier : The estimators whose
        ``loss_curve_``, ``validation_loss_curve_`` and ``validation_scores_``
        are drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_regression
    >>> from skgeo import GeoMLPRegressor
    >>> from skgeo.plotting import LossCurveDisplay
    >>> X, y = make_regression(n_samples=300, n_features=5, noise=5, random_state=0)
    >>> model = GeoMLPRegressor(early_stopping=True, max_iter=50, random_state=0)
    >>> model = model.fit(X, y / y.std())
    >>> display = LossCurveDisplay.from_estimator(model, log_scale=True)
    >>> sorted(display.lines_)
    ['best epoch', 'training loss', 'validation loss', 'validation score']
    """

    def __init__(
        self,
        *,
        loss_curve,
        validation_loss_curve=None,
        validation_scores=None,
        best_epoch=None,
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.validation_scores = validation_scores
        self.best_epoch = best_epoch
        self.estimator_name = estimator_name

    def plot(
        self,
        ax=None,
        *,
        log_scale=False,
        show_scores=True,
        name=None,
        train_kw=None,
        validation_kw=None,
        score_kw=None,
    ):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure when None.
        log_scale : bool, default=False
            Logarithmic loss axis (for losses spanning orders of magnitude).
        show_scores : bool, default=True
            Draw the validation score on a twin axis, when there is one.
        name : str, default=None
            Legend name; overrides ``estimator_name``.
        train_kw, validation_kw, score_kw : dict, default=None
            Keyword arguments of ``matplotlib.axes.Axes.plot`` for the
            training loss, validation loss and validation score lines (e.g.
            ``{"color": "k"}`` to tell two models apart on one axes).

        Returns
        -------
        display : LossCurveDisplay
            This display, with ``ax_``, ``figure_`` and ``lines_`` set.

        Raises
        ------
        TypeError
            If a curve is None (``loss_curve``), text, boolean or complex, or
            an option has the wrong type; the message names the argument.
        ValueError
            If a curve is empty or not one-dimensional, the curves differ in
            length, or ``best_epoch`` is outside the epochs drawn.
        """
        plt = check_matplotlib(f"{type(self).__name__}.plot")
        loss_curve = _curve(self.loss_curve, "loss_curve")
        n_epochs = len(loss_curve)
        validation_loss_curve = _curve(
            self.validation_loss_curve, "validation_loss_curve", n_epochs
        )
        validation_scores = _curve(
            self.validation_scores, "validation_scores", n_epochs
        )
        best_epoch = _best_epoch(self.best_epoch, n_epochs)
        for argument, value in [
            ("estimator_name", self.estimator_name),
            ("name", name),
        ]:
            if value is not None and not isinstance(value, str):
                raise TypeError(
                    f"{argument} must be a string or None, got "
                    f"{type(value).__name__} {value!r}."
                )
        for argument, value in [
            ("train_kw", train_kw),
            ("validation_kw", validation_kw),
            ("score_kw", score_kw),
        ]:
            if value is not None and not isinstance(value, dict):
                raise TypeError(
                    f"{argument} must be a dict of matplotlib line options or "
                    f"None, got {type(value).__name__} {value!r}."
                )
        if ax is None:
            _, ax = plt.subplots()
        name = name or self.estimator_name
        prefix = f"{name}: " if name else ""
        epochs = np.arange(1, n_epochs + 1)
        self.lines_ = {}
        (self.lines_["training loss"],) = ax.plot(
            epochs,
            loss_curve,
            **{"color": "C0", "label": f"{prefix}training loss", **(train_kw or {})},
        )
        if validation_loss_curve is not None:
            (self.lines_["validation loss"],) = ax.plot(
                epochs,
                validation_loss_curve,
                **{
                    "color": "C1",
                    "label": f"{prefix}validation loss",
                    **(validation_kw or {}),
                },
            )
        if log_scale:
            ax.set_yscale("log")
        ax.set_xlabel("Epoch")
        ax.set_ylabel("Loss")
        self.score_ax_ = None
        if show_scores and validation_scores is not None:
            self.score_ax_ = ax.twinx()
            (self.lines_["validation score"],) = self.score_ax_.plot(
                epochs,
                validation_scores,
                **{
                    "color": "C2",
                    "linestyle": "--",
                    "label": f"{prefix}validation score",
                    **(score_kw or {}),
                },
            )
            self.score_ax_.set_ylabel("Validation score")
        if best_epoch is not None:
            self.lines_["best epoch"] = ax.axvline(
                best_epoch,
                color="0.4",
                linestyle=":",
                label=f"kept epoch ({best_epoch})",
            )
        handles = list(self.lines_.values())
        ax.legend(handles, [h.get_label() for h in handles], loc="best")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(
        cls,
        estimator,
        *,
        ax=None,
        log_scale=False,
        show_scores=True,
        name=None,
        train_kw=None,
        validation_kw=None,
        score_kw=None,
    ):
        """Plot the curves recorded by a fitted network.

        Parameters
        ----------
        estimator : GeoMLPRegressor, GeoMLPClassifier or Pipeline
            Fitted network, or a fitted Pipeline ending in one.
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure when None.
        log_scale : bool, default=False
            Logarithmic loss axis.
        show_scores : bool, default=True
            Draw the validation score on a twin axis, when there is one.
        name : str, default=None
            Legend name; defaults to the estimator's class name.
        train_kw, validation_kw, score_kw : dict, default=None
            Line keyword arguments, as in :meth:`plot`.

        Returns
        -------
        display : LossCurveDisplay
            The display, drawn.
        """
        check_matplotlib(f"{cls.__name__}.from_estimator")
        if hasattr(estimator, "steps"):
            estimator = estimator[-1]
        check_is_fitted(estimator)
        if getattr(estimator, "loss_curve_", None) is None:
            raise ValueError(
                f"{type(estimator).__name__} records no loss_curve_; "
                "LossCurveDisplay needs a GeoMLPRegressor or GeoMLPClassifier "
                "(or a Pipeline ending in one)."
            )
        scores = getattr(estimator, "validation_scores_", None)
        early = getattr(estimator, "early_stopping", False) and scores
        if early and getattr(estimator, "restore_best_weights", True):
            best = int(np.nanargmax(scores)) + 1
        elif early:
            best = len(estimator.loss_curve_)
        else:
            best = None
        display = cls(
            loss_curve=estimator.loss_curve_,
            validation_loss_curve=getattr(estimator, "validation_loss_curve_", None),
            validation_scores=scores,
            best_epoch=best,
            estimator_name=name or type(estimator).__name__,
        )
        return display.plot(
            ax=ax,
            log_scale=log_scale,
            show_scores=show_scores,
            train_kw=train_kw,
            validation_kw=validation_kw,
            score_kw=score_kw,
        )


def _curve(values, argument, n_epochs=None):
    """``values`` as a 1-D float array of ``n_epochs`` values, or an error.

    Strings would become a categorical axis and ``None`` or ragged input
    fails deep inside matplotlib, so each is refused here with the
    argument's name. NaN and infinite values are kept: a diverged fit
    records them, and matplotlib leaves gaps for them.
    """
    if values is None:
        if n_epochs is None:
            raise TypeError(
                f"{argument} is None; pass the training loss per epoch, e.g. "
                "a fitted network's loss_curve_."
            )
        return None
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{argument} must be a sequence of numbers (one per epoch), got the "
            f"string {values!r}."
        )
    try:
        array = np.asarray(values)
    except ValueError as exc:  # ragged nested sequences
        raise ValueError(
            f"{argument} must be a flat sequence of numbers, one per epoch; "
            f"NumPy could not make an array of it ({exc})."
        ) from exc
    if array.dtype.kind not in "iuf" and array.dtype != object:
        raise TypeError(
            f"{argument} must hold real numbers (one per epoch), got values of "
            f"dtype {array.dtype} such as {array.ravel()[:1].tolist()}."
        )
    if array.dtype == object:
        if not all(
            isinstance(value, numbers.Real) and not isinstance(value, bool)
            for value in array.ravel()
        ):
            bad = next(
                value
                for value in array.ravel()
                if not isinstance(value, numbers.Real) or isinstance(value, bool)
            )
            raise TypeError(
                f"{argument} must hold real numbers (one per epoch), got "
                f"{type(bad).__name__} {bad!r}."
            )
    if array.ndim != 1:
        raise ValueError(
            f"{argument} must be one-dimensional (one value per epoch), got an "
            f"array of shape {array.shape}."
        )
    if array.size == 0:
        raise ValueError(f"{argument} is empty; there is no epoch to draw.")
    array = array.astype(float)
    if n_epochs is not None and array.size != n_epochs:
        raise ValueError(
            f"{argument} has {array.size} values but loss_curve has {n_epochs}; "
            "pass one value per epoch of the same fit."
        )
    return array


def _best_epoch(best_epoch, n_epochs):
    """``best_epoch`` as an int in [1, n_epochs] or None, or an error."""
    if best_epoch is None:
        return None
    if isinstance(best_epoch, bool) or not isinstance(best_epoch, numbers.Integral):
        raise TypeError(
            "best_epoch must be an integer epoch number (1-based) or None, got "
            f"{type(best_epoch).__name__} {best_epoch!r}."
        )
    if not 1 <= best_epoch <= n_epochs:
        raise ValueError(
            f"best_epoch must be between 1 and the {n_epochs} epochs of "
            f"loss_curve, got {best_epoch}."
        )
    return int(best_epoch)
