"""Tests of LossCurveDisplay."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo import GeoMLPClassifier, GeoMLPRegressor
from skgeo.plotting import LossCurveDisplay

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _quiet_and_close():
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield
    plt.close("all")


@pytest.fixture
def data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 3))
    return X, X[:, 0] - X[:, 1] ** 2 + 0.1 * rng.normal(size=200)


def test_from_estimator_with_early_stopping_marks_best_epoch(data):
    """Training and validation curves, score on a twin axis, kept epoch marked."""
    model = GeoMLPRegressor(early_stopping=True, max_iter=40, random_state=0)
    model.fit(*data)
    display = LossCurveDisplay.from_estimator(model)
    assert set(display.lines_) == {
        "training loss",
        "validation loss",
        "validation score",
        "best epoch",
    }
    train = display.lines_["training loss"]
    np.testing.assert_allclose(train.get_ydata(), model.loss_curve_)
    best = display.lines_["best epoch"].get_xdata()[0]
    assert best == int(np.argmax(model.validation_scores_)) + 1
    assert display.figure_ is display.ax_.figure
    assert display.score_ax_ is not None


def test_without_validation_only_training_loss(data):
    """No validation set: one curve, no twin axis, no marker."""
    model = GeoMLPRegressor(max_iter=10, random_state=0).fit(*data)
    display = LossCurveDisplay.from_estimator(model)
    assert list(display.lines_) == ["training loss"]
    assert display.score_ax_ is None


def test_pipeline_log_scale_and_given_axes(data):
    """A Pipeline's final network is used; log scale and a given ax apply."""
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    pipe = make_pipeline(
        StandardScaler(), GeoMLPClassifier(max_iter=10, random_state=0)
    ).fit(data[0], data[1] > 0)
    display = LossCurveDisplay.from_estimator(pipe, ax=ax, log_scale=True, name="net")
    assert display.ax_ is ax and ax.get_yscale() == "log"
    assert display.lines_["training loss"].get_label() == "net: training loss"


def test_line_keywords_style_each_curve(data):
    """train_kw, validation_kw and score_kw reach their lines."""
    model = GeoMLPRegressor(early_stopping=True, max_iter=10, random_state=0).fit(*data)
    display = LossCurveDisplay.from_estimator(
        model,
        train_kw={"color": "k"},
        validation_kw={"linestyle": ":"},
        score_kw={"label": "R²"},
    )
    assert display.lines_["training loss"].get_color() == "k"
    assert display.lines_["validation loss"].get_linestyle() == ":"
    assert display.lines_["validation score"].get_label() == "R²"


def test_restore_best_weights_false_marks_last_epoch(data):
    """When the last weights are kept, the marker is on the last epoch."""
    model = GeoMLPRegressor(
        early_stopping=True, restore_best_weights=False, max_iter=30, random_state=0
    ).fit(*data)
    display = LossCurveDisplay.from_estimator(model, show_scores=False)
    assert display.lines_["best epoch"].get_xdata()[0] == model.n_iter_
    assert "validation score" not in display.lines_


def test_rejects_estimators_without_curves(data):
    """An estimator that records no loss curve gets a clear error."""
    from sklearn.linear_model import Ridge

    with pytest.raises(ValueError, match="records no loss_curve_"):
        LossCurveDisplay.from_estimator(Ridge().fit(*data))


def test_unfitted_estimator():
    """An unfitted network raises NotFittedError."""
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LossCurveDisplay.from_estimator(GeoMLPRegressor())


@pytest.mark.parametrize(
    "curves, error, message",
    [
        ({"loss_curve": None}, TypeError, "loss_curve is None"),
        ({"loss_curve": "1 2 3"}, TypeError, "loss_curve must be a sequence"),
        ({"loss_curve": ["a", "b"]}, TypeError, "loss_curve must hold real.*<U1"),
        ({"loss_curve": [1.0, None]}, TypeError, "loss_curve .* NoneType None"),
        ({"loss_curve": [True, False]}, TypeError, "loss_curve must hold real"),
        ({"loss_curve": [1 + 1j, 2]}, TypeError, "loss_curve must hold real"),
        ({"loss_curve": []}, ValueError, "loss_curve is empty"),
        ({"loss_curve": [[1.0, 2.0]]}, ValueError, r"one-dimensional.*\(1, 2\)"),
        ({"loss_curve": [[1.0], [2.0, 3.0]]}, ValueError, "flat sequence"),
        (
            {"loss_curve": [3.0, 2.0, 1.0], "validation_loss_curve": [3.0, 2.0]},
            ValueError,
            "validation_loss_curve has 2 values but loss_curve has 3",
        ),
        (
            {"loss_curve": [3.0, 2.0], "validation_scores": ["x", "y"]},
            TypeError,
            "validation_scores must hold real",
        ),
        (
            {"loss_curve": [3.0, 2.0], "validation_scores": [0.1, 0.2, 0.3]},
            ValueError,
            "validation_scores has 3 values but loss_curve has 2",
        ),
        ({"loss_curve": [3.0, 2.0], "best_epoch": 3}, ValueError, "between 1 and"),
        ({"loss_curve": [3.0, 2.0], "best_epoch": 0}, ValueError, "got 0"),
        ({"loss_curve": [3.0, 2.0], "best_epoch": 1.5}, TypeError, "best_epoch"),
        ({"loss_curve": [3.0, 2.0], "best_epoch": True}, TypeError, "best_epoch"),
        ({"loss_curve": [3.0], "estimator_name": 3}, TypeError, "estimator_name"),
    ],
    ids=[
        "none",
        "string",
        "strings",
        "none-inside",
        "bools",
        "complex",
        "empty",
        "2d",
        "ragged",
        "validation-length",
        "score-strings",
        "score-length",
        "best-after-end",
        "best-zero",
        "best-float",
        "best-bool",
        "name-not-str",
    ],
)
def test_plot_checks_its_curves_and_names_the_argument(curves, error, message):
    """Bad curves raise an error naming the argument before anything is drawn."""
    import matplotlib.pyplot as plt

    n_figures = len(plt.get_fignums())
    with pytest.raises(error, match=message):
        LossCurveDisplay(**curves).plot()
    assert len(plt.get_fignums()) == n_figures  # nothing half-drawn


@pytest.mark.parametrize("argument", ["train_kw", "validation_kw", "score_kw", "name"])
def test_plot_checks_its_options(argument):
    """Line options that are not dicts, and a name that is not text, are refused."""
    display = LossCurveDisplay(loss_curve=[2.0, 1.0], validation_loss_curve=[2.5, 1.5])
    with pytest.raises(TypeError, match=argument):
        display.plot(**{argument: 7})


def test_plot_accepts_any_real_sequence_and_keeps_non_finite_losses():
    """Lists, tuples, integer and object arrays plot; NaN and inf stay as gaps."""
    curve = np.array([3, 2, 1], dtype=object)
    display = LossCurveDisplay(
        loss_curve=(4.0, np.inf, np.nan),
        validation_loss_curve=[3, 2, 1],
        validation_scores=curve,
        best_epoch=np.int64(2),
    ).plot()
    np.testing.assert_array_equal(
        display.lines_["training loss"].get_ydata(), [4.0, np.inf, np.nan]
    )
    assert display.lines_["best epoch"].get_xdata()[0] == 2
