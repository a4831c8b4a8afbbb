"""
===================================
Mapping landforms on unseen terrain
===================================

A landform model is useful when it maps ground it was not trained on. Here a
neural network learns Weiss (2001) landform classes on the western half of a
generated scene and maps the eastern half, and the predicted map is set beside
the reference map. The whole model is one scikit-learn pipeline whose input is
nothing but point coordinates, (easting, northing):
:class:`~skgeo.terrain.TerrainFeatures` turns them into terrain attributes of
the DEM, a scaler standardises the attributes, and
:class:`~skgeo.neural_network.GeoMLPClassifier` classifies them.
"""

# %%
# A scene and its reference landforms
# -----------------------------------
# :func:`~skgeo.datasets.make_landforms` generates a fractal DEM of 120 x 200
# cells of 30 m (3.6 km north-south, 6 km east-west), labels each cell with
# Weiss's TPI-based landform classes (TPI radii 300 m and 1500 m) computed on
# the clean DEM, and keeps a copy of the DEM with 5 m of noise, ``dem_noisy``:
# the model only ever sees the noisy one, as it would only see a measured DEM.
# Cell-centre coordinates are in ``coordinates``, with the north-west corner
# of the raster at (0, 0), so northings are negative.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, LightSource, ListedColormap
from matplotlib.patches import Patch
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo import (
    GeoMLPClassifier,
    SpatialBlockShuffleSplit,
    TerrainFeatures,
    make_landforms,
)
from skgeo.plotting import LossCurveDisplay
from skgeo.terrain import WEISS_LANDFORMS

data = make_landforms(shape=(120, 200), spacing=30.0, random_state=1)
coordinates, reference = data.coordinates, data.target
n_rows, n_cols = data.dem.shape
spacing_e, spacing_n = data.spacing
print(f"{n_rows} x {n_cols} cells of {spacing_e:g} m, {reference.size} samples")

# %%
# West for training, east for mapping
# -----------------------------------
# The scene is cut in two along a north-south line at 3 km: the network
# trains on the western cells and never sees a label of the eastern ones.
# That is the situation of a map made beyond the surveyed area, and a
# harsher test than any random hold-out, where every test cell has labelled
# neighbours.
BOUNDARY = 3000.0  # metres east of the west edge
west = coordinates[:, 0] < BOUNDARY
east = ~west
print(f"training cells (west): {west.sum()}, mapped cells (east): {east.sum()}")

# %%
# The pipeline
# ------------
# :class:`~skgeo.terrain.TerrainFeatures` holds the noisy DEM and its
# georeferencing (cell size, and the north-west corner as ``origin``) and
# computes the attribute rasters once, in ``fit``: elevation, slope, aspect as
# northness and eastness, curvatures, ruggedness, and TPI and local relief at
# 90, 300 and 900 m. ``transform`` then reads the attributes of the cell under
# each point; ``attributes`` chooses which ones.
#
# The network stops early on a spatial validation set: 10 % of the training
# cells in blocks of 300 m, drawn by
# :class:`~skgeo.model_selection.SpatialBlockShuffleSplit`. By the time the
# features reach the network they no longer hold the coordinates, so the
# splitter gets them as ``groups``, passed to ``fit`` with the network step's
# prefix.


def landform_model(attributes=None):
    """Coordinates -> terrain attributes -> scaler -> network."""
    return make_pipeline(
        TerrainFeatures(
            dem=data.dem_noisy,
            spacing=data.spacing,
            origin=(0.0, 0.0),
            radii=(90.0, 300.0, 900.0),
            attributes=attributes,
        ),
        StandardScaler(),
        GeoMLPClassifier(
            hidden_layer_sizes=(32,),
            batch_size=256,
            learning_rate_init=0.01,
            max_iter=100,
            early_stopping=True,
            validation_split=SpatialBlockShuffleSplit(
                n_splits=1, block_size=300.0, test_size=0.1, random_state=0
            ),
            random_state=0,
        ),
    )


def fit_and_map(model):
    """Train on the west, predict every cell, print the accuracies."""
    model.fit(
        coordinates[west], reference[west], geomlpclassifier__groups=coordinates[west]
    )
    predicted = model.predict(coordinates)
    accuracy_west = accuracy_score(reference[west], predicted[west])
    accuracy_east = accuracy_score(reference[east], predicted[east])
    print(f"  {len(model[0].get_feature_names_out())} attributes")
    print(f"  accuracy, western half (training): {accuracy_west:.3f}")
    print(f"  accuracy, eastern half (unseen):   {accuracy_east:.3f}")
    return predicted, accuracy_east


baseline_east = np.bincount(reference[east]).max() / east.sum()
print(f"Majority-class baseline on the east: {baseline_east:.3f}")

# %%
# All attributes
# --------------
# A first model gets every attribute. Accuracy on the unseen east is the
# number that matters; on the west it only says how well the network fits
# what it was shown. A map that calls every cell "open slopes", the most
# common class of the east, sets the bar.
print("All attributes:")
predicted_all, accuracy_all = fit_and_map(landform_model())

# %%
# The network does well in the west and poorly in the east. The reason is
# one feature: elevation. In the west, the lowest ground is valley floor,
# and the network learns that low means valley. But the east holds a basin
# lower than anything in the west, and the network calls much of it
# "U-shaped valleys" (see the maps below). Weiss's classes are defined by
# *relative* position, TPI against the scene's spread, so absolute
# elevation is a shortcut that holds only where the training terrain was.
elevation = data.dem_noisy.ravel()
print(
    f"Elevation, west: {elevation[west].min():.0f} to {elevation[west].max():.0f} m;"
    f" east: {elevation[east].min():.0f} to {elevation[east].max():.0f} m"
)

# %%
# Relative attributes only
# ------------------------
# The second model drops elevation and keeps the attributes that describe
# the shape of the terrain around a cell. ``"tpi"`` and ``"local_relief"``
# stand for those attributes at every radius.
relative = [
    "slope",
    "northness",
    "eastness",
    "profile_curvature",
    "plan_curvature",
    "total_curvature",
    "tri",
    "roughness",
    "tpi",
    "local_relief",
]
print("Relative attributes:")
model = landform_model(relative)
predicted, accuracy_east = fit_and_map(model)
network = model[-1]
print(
    f"  stopped after {network.n_iter_} epochs; best validation accuracy "
    f"{network.best_validation_score_:.3f}"
)

# %%
# The fit to the west is a little worse and the map of the east much
# better. It is still below the 0.8 that spatial block cross-validation
# reports on a similar scene (see
# :ref:`sphx_glr_auto_examples_landforms_plot_spatial_vs_random_cv.py`):
# one half of a scene predicting the other is a longer extrapolation than
# 900 m blocks scattered over the scene.
#
# Per class, the share of its eastern cells that the network recognises (the
# recall) shows where the errors are. The two rare classes, a few dozen cells
# at most, are never recognised: the west shows the network too few of them
# to learn from.
for code in np.unique(reference[east]):
    cells = east & (reference == code)
    recall = np.mean(predicted[cells] == code)
    name = WEISS_LANDFORMS[code]
    print(f"  {name:<40s} {cells.sum():5d} cells  recall {recall:.2f}")

# %%
# Maps
# ----
# The hillshaded DEM gives the terrain, and the training record of the
# second network shows where early stopping kept its weights. Below, the
# reference map sits beside the two predicted maps, with one colour per
# class: valleys in blues and greens, slopes in neutral tones, crests in
# oranges and browns. The dashed line is the edge of the training area; the
# western half of each predicted map is washed out, being a fit rather than
# a prediction.
colours = [
    "#ffffff",  # 0 unclassified (absent from generated scenes)
    "#08306b",  # 1 canyons, deeply incised streams
    "#2171b5",  # 2 midslope drainages, shallow valleys
    "#6baed6",  # 3 upland drainages, headwaters
    "#41ab5d",  # 4 U-shaped valleys
    "#f7f4b9",  # 5 plains
    "#d9d9d9",  # 6 open slopes
    "#fdae6b",  # 7 upper slopes, mesas
    "#9e9ac8",  # 8 local ridges, hills in valleys
    "#e6550d",  # 9 midslope ridges, small hills in plains
    "#7f2704",  # 10 mountain tops, high ridges
]
map_style = dict(
    cmap=ListedColormap(colours),
    norm=BoundaryNorm(np.arange(-0.5, len(colours)), len(colours)),
    extent=(0.0, n_cols * spacing_e / 1000, -n_rows * spacing_n / 1000, 0.0),
    interpolation="nearest",
)

fig = plt.figure(figsize=(14, 7.5), layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.25])
ax_dem, ax_loss = top.subplots(1, 2)
ax_reference, ax_all, ax_relative = bottom.subplots(1, 3, sharey=True)

shaded = LightSource(azdeg=315, altdeg=45).shade(
    data.dem_noisy,
    cmap=plt.cm.gist_earth,
    blend_mode="soft",
    vert_exag=2,
    dx=spacing_e,
    dy=spacing_n,
)
ax_dem.imshow(shaded, extent=map_style["extent"])
ax_dem.set_title("Noisy DEM (hillshade, sun in the north-west)")
ax_dem.text(1.5, -0.1, "training", ha="center", va="top", color="w")
ax_dem.text(4.5, -0.1, "mapped", ha="center", va="top", color="w")

LossCurveDisplay.from_estimator(model, ax=ax_loss, name="relative attributes")
ax_loss.set_title("Training record (validation: 300 m blocks)")

ax_reference.imshow(reference.reshape(n_rows, n_cols), **map_style)
ax_reference.set_title("Reference (Weiss 2001, clean DEM)")
for ax, labels, title in [
    (ax_all, predicted_all, f"all attributes (east: {accuracy_all:.3f})"),
    (ax_relative, predicted, f"no elevation (east: {accuracy_east:.3f})"),
]:
    ax.imshow(labels.reshape(n_rows, n_cols), **map_style)
    ax.axvspan(0.0, BOUNDARY / 1000, color="white", alpha=0.55, linewidth=0)
    ax.set_title(f"Predicted, {title}")

for ax in (ax_dem, ax_reference, ax_all, ax_relative):
    ax.axvline(BOUNDARY / 1000, color="k", linestyle="--", linewidth=1)
    ax.set_xlabel("Easting (km)")
for ax in (ax_dem, ax_reference):
    ax.set_ylabel("Northing (km)")

present = np.union1d(reference, np.union1d(predicted_all, predicted))
bottom.legend(
    handles=[
        Patch(facecolor=colours[code], edgecolor="0.5", label=WEISS_LANDFORMS[code])
        for code in present
    ],
    loc="outside lower center",
    ncols=4,
    fontsize="small",
)
plt.show()

# %%
# Without elevation, the map of the unseen half keeps the drainage network
# and the crests in place. Most of its errors are cells called "open
# slopes", the class in the middle of Weiss's table: its neighbours in TPI
# (shallow valleys, U-shaped valleys, upper slopes) lose their edges to it,
# and so do the plains, which differ from open slopes only by a slope under
# 5 degrees, a threshold that 5 m of noise on 30 m cells blurs. Among the
# crests, midslope ridges and mountain tops are told apart by the 1500 m
# TPI, which no feature measures.
#
# References
# ----------
# * Weiss, A. D. (2001). Topographic position and landforms analysis.
#   Poster, ESRI International User Conference, San Diego, CA.
