"""
==========================================================
Random versus spatial cross-validation of a landform model
==========================================================

Neighbouring cells of a DEM look alike: their terrain attributes are computed
from overlapping windows, and they usually belong to the same landform. Random
K-fold therefore puts an almost identical twin of nearly every test cell in
the training set, and the score it reports is the score of a model that may
look its answers up next door. A map, though, is used on ground the model has
not seen. Here a neural network learns Weiss (2001) landform classes from
terrain attributes of a generated scene, and we score it twice: with shuffled
K-fold, and with :class:`~skgeo.model_selection.SpatialBlockKFold`, which
holds out whole blocks of terrain. The difference between the two is the
*optimism gap* of random cross-validation (Roberts et al., 2017).
"""

# %%
# A labelled scene
# ----------------
# :func:`~skgeo.datasets.make_landforms` generates a fractal DEM of 120 x 120
# cells of 30 m (3.6 km on a side), labels every cell with Weiss's ten
# TPI-based landforms (TPI radii of 300 m and 1500 m) on the clean surface,
# adds 5 m of noise, and computes the terrain attributes of the noisy DEM:
# slope, aspect, curvatures, ruggedness, and TPI and local relief at 90, 300
# and 900 m. One cell is one sample; the cell-centre coordinates come apart
# from the features, in ``coordinates``.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from sklearn.model_selection import KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo import (
    GeoMLPClassifier,
    SpatialBlockKFold,
    SpatialBlockShuffleSplit,
    make_landforms,
)

RADII = (90.0, 300.0, 900.0)
data = make_landforms(shape=(120, 120), spacing=30.0, radii=RADII, random_state=0)
X, y, coordinates = data.data, data.target, data.coordinates
n_rows, n_cols = data.dem.shape

counts = np.bincount(y, minlength=len(data.target_names))
shares = counts / y.size
print(f"{X.shape[0]} cells, {X.shape[1]} features")
for code in np.flatnonzero(counts):
    name = data.target_names[code]
    print(f"  {code:2d} {name:<40s} {counts[code]:5d} cells {shares[code]:6.1%}")

# %%
# Two of the ten classes are (nearly) absent: "upland drainages" and "local
# ridges" need a small-scale hollow high up or a small-scale crest low down,
# which this scene hardly has. Open slopes cover half of it, so a model that
# always answers "open slopes" is already right half the time: that is the
# baseline the accuracies below must be read against.
baseline = shares.max()
print(f"Majority-class baseline accuracy: {baseline:.3f}")

# %%
# The model
# ---------
# A small network behind a scaler. Fifteen of them are trained below (three
# splitters, five folds each), so each is kept quick: 32 hidden units,
# batches of 256, a learning rate of 0.01, and early stopping after 5 epochs
# without progress on a validation set. That validation set is itself
# spatial: one draw of
# :class:`~skgeo.model_selection.SpatialBlockShuffleSplit` sets aside 10 % of
# the training cells in blocks of 300 m, so that early stopping does not
# reward the same neighbour look-up that random K-fold does. The splitter
# needs the cell coordinates, which are not among the features: ``fit``
# receives them as ``groups``, routed to the network's step of the pipeline.
model = make_pipeline(
    StandardScaler(),
    GeoMLPClassifier(
        hidden_layer_sizes=(32,),
        batch_size=256,
        learning_rate_init=0.01,
        max_iter=100,
        early_stopping=True,
        n_iter_no_change=5,
        validation_split=SpatialBlockShuffleSplit(
            n_splits=1, block_size=300.0, test_size=0.1, random_state=0
        ),
        random_state=0,
    ),
)
fit_params = {"geomlpclassifier__groups": coordinates}

# %%
# Two ways to make folds (and a third)
# ------------------------------------
# Shuffled :class:`~sklearn.model_selection.KFold` scatters each fold over the
# whole scene. :class:`~skgeo.model_selection.SpatialBlockKFold` cuts the
# scene into square blocks and deals whole blocks to the folds. The blocks
# must be at least as large as the largest neighbourhood of the features,
# 900 m here: a TPI at radius 900 m sees 900 m across a block border. Blocks
# of 900 m make a 4 x 4 grid, 16 blocks for 5 folds.
#
# Even then, training cells just outside a test block have features
# computed partly from the test block's terrain. The ``buffer`` option
# drops every training cell within a given distance of a test cell. A
# buffer of the largest radius, 900 m, would leave no training window
# overlapping a test cell, but on a scene this small it would also remove
# two thirds of the training cells (counted below), and the score would
# then mostly measure the lack of data. We use 300 m, the middle radius.
BLOCK = 900.0
splitters = {
    "random K-fold": (KFold(n_splits=5, shuffle=True, random_state=0), None),
    "spatial blocks": (SpatialBlockKFold(n_splits=5, block_size=BLOCK), coordinates),
    "blocks + 300 m buffer": (
        SpatialBlockKFold(n_splits=5, block_size=BLOCK, buffer=300.0),
        coordinates,
    ),
}

# %%
# Cross-validate
# --------------
# The same model, the same data, three splitters. ``groups`` carries the
# coordinates to the spatial splitters; ``params`` carries them, fold by
# fold, to the network's early-stopping split.
scores = {}
train_sizes = {}
for name, (cv, groups) in splitters.items():
    result = cross_validate(
        model, X, y, cv=cv, groups=groups, params=fit_params, scoring="accuracy"
    )
    scores[name] = result["test_score"]
    train_sizes[name] = np.mean([len(train) for train, _ in cv.split(X, y, groups)])

print(f"{'splitter':<24s} {'accuracy':>14s} {'training cells':>15s}")
for name, accuracy in scores.items():
    print(
        f"{name:<24s} {accuracy.mean():7.3f} ± {accuracy.std():.3f}"
        f" {train_sizes[name]:15.0f}"
    )

gap = scores["random K-fold"].mean() - scores["spatial blocks"].mean()
print(f"Optimism gap of random K-fold: {gap:.3f} accuracy")

wide_buffer = SpatialBlockKFold(n_splits=5, block_size=BLOCK, buffer=900.0)
kept = np.mean([len(train) for train, _ in wide_buffer.split(X, y, coordinates)])
print(f"A 900 m buffer would leave {kept:.0f} training cells per fold")

# %%
# Random K-fold reports the highest accuracy, with the smallest spread: each
# of its folds is a thin sample of the whole scene, so the folds agree with
# each other. Whole blocks of unseen terrain are harder, and they differ
# from one another, so the spatial folds spread more. The spatial score is
# the honest estimate of how well the model maps a new 900 m patch; the
# buffer lowers it a little more, as it removes the training cells that
# share the most terrain with the test blocks (and a quarter of the training
# set with them).
#
# Where the folds are
# -------------------
# The fold of each test cell, drawn as a map, shows the blocks; the second
# map shows one buffered fold: its test blocks, the training cells that the
# buffer removes around them, and the training cells that remain.
spatial_cv = splitters["spatial blocks"][0]
fold_of_cell = np.empty(y.size, dtype=int)
for fold, (_, test) in enumerate(spatial_cv.split(X, y, coordinates)):
    fold_of_cell[test] = fold

buffered_cv = splitters["blocks + 300 m buffer"][0]
train, test = list(buffered_cv.split(X, y, coordinates))[1]
role = np.ones(y.size, dtype=int)  # 1: dropped by the buffer
role[train] = 0
role[test] = 2

extent_km = (0.0, n_cols * 30.0 / 1000, -n_rows * 30.0 / 1000, 0.0)
# Block edges start at the south-west cell centre, as the splitter puts them.
block_edges_e = coordinates[:, 0].min() + BLOCK * np.arange(5)
block_edges_n = coordinates[:, 1].min() + BLOCK * np.arange(5)

fig, (ax_folds, ax_buffer, ax_bars) = plt.subplots(
    1, 3, figsize=(13, 4.2), layout="constrained"
)
image = ax_folds.imshow(
    fold_of_cell.reshape(n_rows, n_cols),
    cmap=ListedColormap(plt.cm.tab10.colors[:5]),
    norm=BoundaryNorm(np.arange(-0.5, 5), 5),
    extent=extent_km,
    interpolation="nearest",
)
fig.colorbar(image, ax=ax_folds, ticks=range(5), label="test fold", shrink=0.8)
ax_folds.set_title("SpatialBlockKFold: fold of each 900 m block")

ax_buffer.imshow(
    role.reshape(n_rows, n_cols),
    cmap=ListedColormap(["#9ecae1", "#d9d9d9", "#e6550d"]),
    extent=extent_km,
    interpolation="nearest",
)
ax_buffer.legend(
    handles=[
        plt.Rectangle((0, 0), 1, 1, color=color, label=label)
        for color, label in [
            ("#e6550d", "test"),
            ("#d9d9d9", "dropped by buffer"),
            ("#9ecae1", "training"),
        ]
    ],
    loc="upper left",
    fontsize="small",
    framealpha=0.9,
)
ax_buffer.set_title("Fold 1 with a 300 m buffer")

for ax in (ax_folds, ax_buffer):
    for edge in block_edges_e:
        ax.axvline(edge / 1000, color="k", linewidth=0.6)
    for edge in block_edges_n:
        ax.axhline(edge / 1000, color="k", linewidth=0.6)
    ax.set_xlim(extent_km[:2])
    ax.set_ylim(extent_km[2:])
    ax.set_xlabel("Easting (km)")
    ax.set_ylabel("Northing (km)")

names = list(scores)
means = [scores[name].mean() for name in names]
stds = [scores[name].std() for name in names]
ax_bars.bar(
    range(len(names)),
    means,
    yerr=stds,
    capsize=6,
    color=["#9ecae1", "#e6550d", "#a63603"],
)
ax_bars.axhline(
    baseline, color="0.3", linestyle="--", linewidth=1, label="majority class"
)
ax_bars.legend(loc="upper right")
ax_bars.set_xticks(range(len(names)), [name.replace(" + ", "\n+ ") for name in names])
ax_bars.set_ylim(0.4, 1.0)
ax_bars.set_ylabel("Accuracy (mean ± std over 5 folds)")
ax_bars.set_title(f"Optimism gap of random K-fold: {gap:.3f}")
plt.show()

# %%
# References
# ----------
# * Roberts, D. R., et al. (2017). Cross-validation strategies for data with
#   temporal, spatial, hierarchical, or phylogenetic structure. *Ecography*,
#   40(8), 913-929. doi:10.1111/ecog.02881
# * Weiss, A. D. (2001). Topographic position and landforms analysis.
#   Poster, ESRI International User Conference, San Diego, CA.
