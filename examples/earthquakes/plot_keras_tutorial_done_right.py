r"""
===============================================
The classic neural-network tutorial, done right
===============================================

Countless tutorials fit a small Keras network to a table of records: two
dense hidden layers of 64 and 32 units, plain stochastic gradient descent
with a learning rate of 0.01 and batches of 32, mean squared error, the
features standardised, and a random 80/20 split of the rows into training
and test sets. On ground-motion records the recipe reports a score that no
model can reach on the next earthquake, because a random split puts records
of every test earthquake in the training set.

Here we rebuild that tutorial with :class:`~skgeo.GeoMLPRegressor` in a
scikit-learn Pipeline, then score the same model with cross-validation
grouped by event and measure how much the random split flatters it. The
yardstick is the aleatory floor :math:`\sigma = \sqrt{\tau^2 + \phi^2}`:
the scatter the records were generated with, which no model can predict for
an earthquake it has not seen.
"""

# %%
# Records that look like a flat file
# ----------------------------------
# :func:`~skgeo.make_ground_motion` draws 80 earthquakes recorded 50 times
# each on average. Every record's ln PGA is the Boore & Atkinson (2008)
# median plus the event's term (standard deviation :math:`\tau`) plus a
# within-event term (:math:`\phi`). As a tutorial would, we take all nine
# columns as features: magnitude, distance, Vs30, depth, the mechanism code
# and the station and epicentre coordinates.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import (
    GroupKFold,
    GroupShuffleSplit,
    KFold,
    ShuffleSplit,
    cross_val_predict,
    train_test_split,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skgeo import GeoMLPRegressor, LossCurveDisplay, make_ground_motion
from skgeo.seismology import event_terms

gm = make_ground_motion(n_events=80, n_records=4000, random_state=1)
X, y, groups = gm.data, gm.target, gm.groups
floor = np.hypot(gm.tau, gm.phi)
print(f"{X.shape[0]} records of {np.unique(groups).size} earthquakes")
print(f"Aleatory floor sigma = sqrt({gm.tau}^2 + {gm.phi}^2) = {floor:.3f}")

# %%
# The tutorial's network
# ----------------------
# Each Keras setting has a scikit-learn name: ``Dense(64), Dense(32),
# Dense(1)`` is ``hidden_layer_sizes=(64, 32)`` with ReLU and an identity
# output; ``SGD(learning_rate=0.01)`` is ``solver="sgd"`` with
# ``learning_rate_init=0.01`` and no momentum (scikit-learn's default
# momentum is 0.9, Keras's is 0); ``batch_size=32`` is the same; Keras adds
# no weight penalty, so ``alpha=0``; and ``epochs=100`` is
# ``max_iter=100``. Keras trains for a fixed number of epochs, so the
# loss-based stopping rule is switched off with ``n_iter_no_change`` equal
# to the number of epochs. One difference remains: scikit-learn minimises
# *half* the mean squared error, so at the same learning rate each step is
# half as long as Keras's.
EPOCHS = 100


def tutorial_network(**params):
    """The tutorial's pipeline: standardise, then a 64-32-1 network."""
    network = GeoMLPRegressor(
        hidden_layer_sizes=(64, 32),
        solver="sgd",
        learning_rate_init=0.01,
        momentum=0.0,
        nesterovs_momentum=False,
        batch_size=32,
        alpha=0.0,
        max_iter=EPOCHS,
        n_iter_no_change=EPOCHS,
        random_state=0,
        **params,
    )
    return Pipeline([("scale", StandardScaler()), ("network", network)])


# %%
# Every fit below runs its full 100 epochs, and scikit-learn warns
# (``ConvergenceWarning``) whenever a fit ends at ``max_iter``. Here that is
# the intended way to stop, so the warning is silenced.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

# %%
# The tutorial's score: a random 80/20 split
# ------------------------------------------
# The event ids are split along, for the loss curves further down.
X_train, X_test, y_train, y_test, groups_train, _ = train_test_split(
    X, y, groups, test_size=0.2, random_state=0
)
model = tutorial_network().fit(X_train, y_train)
rmse = {"random 80/20 split": root_mean_squared_error(y_test, model.predict(X_test))}
print(f"Random 80/20 split: test RMSE = {rmse['random 80/20 split']:.3f}")

# %%
# The test RMSE is *below* the aleatory floor. The model has not beaten
# physics: the test records' earthquakes are all in the training set, and
# the network has learnt their event terms from the magnitude and epicentre
# columns, which together name the earthquake.
#
# Cross-validation, random and by event
# -------------------------------------
# One split is one draw; five-fold cross-validation gives every record an
# out-of-sample prediction. Shuffled :class:`~sklearn.model_selection.KFold`
# repeats the tutorial's mistake on every record;
# :class:`~sklearn.model_selection.GroupKFold` with the event ids as
# ``groups`` keeps all records of an earthquake in one fold, so every
# prediction is for an earthquake the model has never seen.
random_cv = KFold(n_splits=5, shuffle=True, random_state=0)
event_cv = GroupKFold(n_splits=5)
predicted = {
    "random 5-fold": cross_val_predict(tutorial_network(), X, y, cv=random_cv),
    "5-fold by event": cross_val_predict(
        tutorial_network(), X, y, groups=groups, cv=event_cv
    ),
}

# %%
# Splitting the residuals with :func:`~skgeo.seismology.event_terms` shows
# what went wrong: under the random split the between-event standard
# deviation :math:`\tau` collapses, because the event terms were memorised;
# by event it is back to (above, in fact) its true value, and the RMSE is
# above the floor, as it must be.
print(f"{'':18s} {'RMSE':>6s} {'tau':>6s} {'phi':>6s}")
for name, prediction in predicted.items():
    rmse[name] = root_mean_squared_error(y, prediction)
    split = event_terms(y, prediction, groups)
    print(f"{name:18s} {rmse[name]:6.3f} {split.tau:6.3f} {split.phi:6.3f}")
print(f"{'generator (sigma)':18s} {floor:6.3f} {gm.tau:6.3f} {gm.phi:6.3f}")
optimism = rmse["5-fold by event"] - rmse["random 5-fold"]
print(f"The random split understates the RMSE on new earthquakes by {optimism:.3f}")

# %%
# Where the loss curves part
# --------------------------
# The tutorial also watches a validation loss during training (Keras's
# ``validation_split=0.2``). ``validation_split`` takes any scikit-learn
# splitter: a :class:`~sklearn.model_selection.ShuffleSplit` holds out
# random records (as Keras does, the rows being in random order); a
# :class:`~sklearn.model_selection.GroupShuffleSplit` holds out whole
# earthquakes (the ``groups`` reach the network through the Pipeline as
# ``network__groups``). Fitted on the tutorial's training set, the two
# validation curves tell different stories: the random one falls below the
# floor (half of :math:`\sigma^2`, as the loss is half the squared error)
# and keeps falling with the training loss, while the one by event stops
# improving after a few epochs, well above the floor. (With about a dozen
# earthquakes held out, the event terms of those few earthquakes make the
# curve by event noisy: another reason to prefer cross-validation to a
# single validation split.)
monitored = {
    "random validation": tutorial_network(
        validation_split=ShuffleSplit(n_splits=1, test_size=0.2, random_state=0)
    ).fit(X_train, y_train),
    "validation by event": tutorial_network(
        validation_split=GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=0)
    ).fit(X_train, y_train, network__groups=groups_train),
}

# %%
# The figure: on the left the three scores against the floor, on the right
# the loss curves.
fig, (ax_bars, ax_loss) = plt.subplots(1, 2, figsize=(11, 4.5))
names = list(rmse)
bars = ax_bars.bar(
    names, [rmse[name] for name in names], color=["tab:red", "tab:red", "tab:green"]
)
ax_bars.bar_label(bars, fmt="%.3f", label_type="center", color="white")
ax_bars.axhline(floor, color="k", ls="--", label=f"aleatory floor ({floor:.3f})")
ax_bars.set(
    ylabel="RMSE of ln PGA",
    ylim=(0.0, 0.75),
    title="Same network, three ways to score it",
)
ax_bars.legend(loc="upper left")

# Both displays draw with the same default colours; recolour them per model.
colors = ["tab:red", "tab:green"]
for (name, fitted), color in zip(monitored.items(), colors, strict=True):
    display = LossCurveDisplay.from_estimator(
        fitted, ax=ax_loss, show_scores=False, name=name
    )
    display.lines_["training loss"].set(color=color, alpha=0.5, lw=1)
    display.lines_["validation loss"].set(color=color)
ax_loss.axhline(floor**2 / 2, color="k", ls="--", label="floor, sigma$^2$ / 2")
ax_loss.set(ylim=(0.1, 0.36), title="Training and validation loss")
ax_loss.legend(loc="upper right", fontsize="small")
fig.tight_layout()
plt.show()

# %%
# The lesson carries over to any data with groups: records of one
# earthquake, cells of one map tile, samples of one borehole. Score on
# groups the model has not seen, with the splitter that matches how the
# model will be used, and compare the score with the noise floor when you
# know it: a score below the floor is leakage, not skill.
#
# Reference: Boore, D. M., and Atkinson, G. M. (2008). Ground-motion
# prediction equations for the average horizontal component of PGA, PGV,
# and 5%-damped PSA at spectral periods between 0.01 s and 10.0 s.
# *Earthquake Spectra*, 24(1), 99-138.
