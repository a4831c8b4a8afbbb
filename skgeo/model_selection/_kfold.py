"""K-fold cross-validation that holds out whole spatial blocks."""

import heapq

import numpy as np
from sklearn.utils import check_random_state

from ._base import _BaseSpatialBlockCV

__all__ = ["SpatialBlockKFold"]

# With balance=True, warn when the most populated fold holds more than this
# many times as many points as the least populated one.
_IMBALANCE_RATIO = 2.0


class SpatialBlockKFold(_BaseSpatialBlockCV):
    """K-fold cross-validation over blocks of a regular spatial grid.

    The plane is cut into square (or rectangular) blocks of side
    `block_size`; the non-empty blocks are dealt into `n_splits` folds, and
    each fold in turn is the test set while the other folds train. A block is
    never split between training and test sets, so a model cannot score well
    by looking up the neighbours of a test point, as it can under random
    K-fold on spatially autocorrelated data. An optional `buffer` also drops
    the training points closest to the test set.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds. Must be at least 2 and at most the number of
        non-empty blocks.
    block_size : float or tuple of (float, float)
        Side of the square blocks, in the units of the coordinates, or an
        (east, north) pair of sides. Choose it at least as large as the range
        of spatial autocorrelation (see the user guide).
    coords : tuple of (int, int) or tuple of (str, str), default=(0, 1)
        The (east, north) coordinate columns of `X`: column indices, or column
        names when `X` is a DataFrame. Ignored when coordinates are passed to
        :meth:`split` as `groups`.
    buffer : float, default=0.0
        Training points within this distance (inclusive, Euclidean, in the
        units of the coordinates) of any test point are dropped from that
        fold's training set. 0 keeps the training set the complement of the
        test set.
    shuffle : bool, default=False
        Whether to shuffle the blocks before dealing them into folds. Without
        shuffling the folds are a deterministic function of the point
        locations.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle. Only used when `shuffle` is True; as for
        scikit-learn's :class:`~sklearn.model_selection.KFold`, setting it
        while `shuffle` is False is an error. Pass an int for reproducible
        folds across calls.
    balance : bool, default=True
        If True, deal blocks so that the folds hold numbers of points as equal
        as possible. If False, give every fold the same number of blocks
        (to within one), whatever their point counts.

    coordinate_system : {"cartesian", "geographic"}, default="cartesian"
        ``"geographic"`` takes the coordinates as (longitude, latitude) in
        degrees: longitudes wrap at the antimeridian, so that points at
        179.95 E and 179.95 W share a block, and `block_size` and `buffer`
        are in degrees, the buffer measured with wrapped longitudes (see
        :func:`spatial_block_labels`). ``"cartesian"`` takes them as plane
        coordinates, and warns when they look like longitude/latitude
        straddling the antimeridian.

    See Also
    --------
    SpatialBlockShuffleSplit : Random train/test splits of spatial blocks.
    spatial_block_labels : Block label of each point, for use as ``groups``.
    sklearn.model_selection.GroupKFold : K-fold over precomputed groups.

    Notes
    -----
    **Coordinates.** They come from the columns of `X` named by `coords`,
    unless :meth:`split` receives ``groups``: a 2-D ``groups`` of shape
    (n_samples, 2) is taken as the (east, north) coordinates and has
    precedence over `coords`. A 1-D ``groups`` raises a ``ValueError``: it is
    ambiguous here, and precomputed labels belong in
    :class:`~sklearn.model_selection.GroupKFold`. Under scikit-learn's
    metadata routing the splitter requests ``groups`` by default, so
    ``cross_validate(..., params={"groups": coordinates})`` reaches it.

    **Blocks.** The grid starts at the south-west corner of the points'
    bounding box, and non-empty blocks are numbered row-major from the
    south-west, as in :func:`spatial_block_labels`.

    **Folds.** With ``balance=False`` the blocks, in label order (or shuffled
    order), are cut into `n_splits` runs of consecutive blocks, exactly as
    :class:`~sklearn.model_selection.KFold` cuts samples. With
    ``balance=True`` the blocks are dealt one at a time, each to the fold
    that holds the fewest points so far (ties to the lowest fold number):
    largest block first when `shuffle` is False (the longest-processing-time
    rule of Graham, 1969), in random order when `shuffle` is True. Either way
    the most and least populated folds differ by at most the point count of
    the largest block. A ``UserWarning`` is issued when the most populated
    fold still holds more than twice as many points as the least populated
    one: a few blocks hold most of the points, and a smaller `block_size`
    or fewer `n_splits` would help.

    **Buffer.** Following the "dead zone" of Pohjankukka et al. (2017) and
    buffered leave-one-out (Le Rest et al., 2014), a training point
    :math:`p` is dropped from a fold if :math:`\\min_{q \\in \\text{test}}
    \\lVert p - q \\rVert_2 \\le` `buffer`. The buffer uses plain Euclidean
    distance in the units of the coordinates, so use projected coordinates
    (metres) rather than degrees when the distance matters. With a buffer the
    training set is no longer the complement of the test set; the test sets
    still partition the samples.

    The first fold is deterministic for ``shuffle=False`` (or a fixed
    `random_state`), so it is a reproducible spatial validation set for early
    stopping.

    References
    ----------
    .. [1] Roberts, D. R., et al. (2017). Cross-validation strategies for
       data with temporal, spatial, hierarchical, or phylogenetic structure.
       Ecography, 40(8), 913-929. https://doi.org/10.1111/ecog.02881
    .. [2] Ploton, P., et al. (2020). Spatial validation reveals poor
       predictive performance of large-scale ecological mapping models.
       Nature Communications, 11, 4540.
       https://doi.org/10.1038/s41467-020-18321-y
    .. [3] Valavi, R., Elith, J., Lahoz-Monfort, J. J., & Guillera-Arroita,
       G. (2019). blockCV: An R package for generating spatially or
       environmentally separated folds for k-fold cross-validation of species
       distribution models. Methods in Ecology and Evolution, 10(2), 225-232.
       https://doi.org/10.1111/2041-210X.13107
    .. [4] Le Rest, K., Pinaud, D., Monestiez, P., Chadoeuf, J., &
       Bretagnolle, V. (2014). Spatial leave-one-out cross-validation for
       variable selection in the presence of spatial autocorrelation. Global
       Ecology and Biogeography, 23(7), 811-820.
    .. [5] Pohjankukka, J., Pahikkala, T., Nevalainen, P., & Heikkonen, J.
       (2017). Estimating the prediction performance of spatial models via
       spatial k-fold cross validation. International Journal of Geographical
       Information Science, 31(10), 2001-2019.
    .. [6] Graham, R. L. (1969). Bounds on multiprocessing timing anomalies.
       SIAM Journal on Applied Mathematics, 17(2), 416-429.

    Examples
    --------
    A 4 x 4 grid of points, one per unit cell, in blocks of 2 x 2 units: four
    blocks of four points, one block per fold. Each mask is printed with the
    north row on top; 1 marks the test points.

    >>> from skgeo.model_selection import SpatialBlockKFold
    >>> east, north = np.meshgrid(np.arange(4) + 0.5, np.arange(4) + 0.5)
    >>> X = np.column_stack([east.ravel(), north.ravel()])
    >>> cv = SpatialBlockKFold(n_splits=4, block_size=2.0)
    >>> cv.get_n_splits(X)
    4
    >>> for train, test in cv.split(X):
    ...     mask = np.zeros(len(X), dtype=int)
    ...     mask[test] = 1
    ...     print(mask.reshape(4, 4)[::-1])
    [[0 0 0 0]
     [0 0 0 0]
     [1 1 0 0]
     [1 1 0 0]]
    [[0 0 0 0]
     [0 0 0 0]
     [0 0 1 1]
     [0 0 1 1]]
    [[1 1 0 0]
     [1 1 0 0]
     [0 0 0 0]
     [0 0 0 0]]
    [[0 0 1 1]
     [0 0 1 1]
     [0 0 0 0]
     [0 0 0 0]]

    With a buffer of 1 unit, training points within 1 unit of the test block
    are dropped as well. Below, 1 marks test points, 2 dropped training
    points and 0 the training points kept, for the first fold:

    >>> cv = SpatialBlockKFold(n_splits=4, block_size=2.0, buffer=1.0)
    >>> train, test = next(cv.split(X))
    >>> mask = np.full(len(X), 2)
    >>> mask[test], mask[train] = 1, 0
    >>> print(mask.reshape(4, 4)[::-1])
    [[0 0 0 0]
     [2 2 0 0]
     [1 1 2 0]
     [1 1 2 0]]

    Named coordinate columns of a DataFrame, in a grid search:

    >>> import pandas as pd
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.neighbors import KNeighborsRegressor
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame(
    ...     rng.uniform(0, 100, size=(200, 2)), columns=["easting", "northing"]
    ... )
    >>> target = np.sin(data["easting"] / 20) + np.cos(data["northing"] / 20)
    >>> cv = SpatialBlockKFold(
    ...     n_splits=4, block_size=25.0, coords=("easting", "northing")
    ... )
    >>> search = GridSearchCV(
    ...     KNeighborsRegressor(), {"n_neighbors": [5, 20]}, cv=cv
    ... ).fit(data, target)
    >>> search.best_params_
    {'n_neighbors': 5}
    """

    def __init__(
        self,
        n_splits: int = 5,
        *,
        block_size: float | tuple[float, float],
        coords: tuple[int, int] | tuple[str, str] = (0, 1),
        buffer: float = 0.0,
        shuffle: bool = False,
        random_state: int | np.random.RandomState | None = None,
        balance: bool = True,
        coordinate_system: str = "cartesian",
    ) -> None:
        self.n_splits = n_splits
        self.block_size = block_size
        self.coords = coords
        self.buffer = buffer
        self.shuffle = shuffle
        self.random_state = random_state
        self.balance = balance
        self.coordinate_system = coordinate_system

    _min_splits = 2

    def _check_params(self) -> None:
        self.get_n_splits()
        for name in ("shuffle", "balance"):
            value = getattr(self, name)
            if not isinstance(value, bool | np.bool_):
                raise TypeError(f"{name} must be True or False; got {value!r}.")
        if not self.shuffle and self.random_state is not None:
            raise ValueError(
                "Setting a random_state has no effect since shuffle is False. "
                "Leave random_state to its default (None), or set shuffle=True."
            )

    def _block_splits(
        self, counts: np.ndarray
    ) -> tuple[list[tuple[np.ndarray, np.ndarray]], str | None]:
        n_blocks = counts.size
        if self.n_splits > n_blocks:
            raise ValueError(
                f"Number of k-fold splits ({self.n_splits}) cannot be greater than "
                f"the number of non-empty blocks ({n_blocks}). Either decrease "
                "n_splits or decrease block_size."
            )
        rng = check_random_state(self.random_state) if self.shuffle else None
        folds = _assign_folds(counts, self.n_splits, balance=self.balance, rng=rng)
        message = _imbalance_message(counts, folds, self.n_splits)
        splits = []
        for fold in range(self.n_splits):
            test_blocks = folds == fold
            splits.append((~test_blocks, test_blocks))
        return splits, message if self.balance else None


def _assign_folds(
    counts: np.ndarray,
    n_splits: int,
    *,
    balance: bool,
    rng: np.random.RandomState | None,
) -> np.ndarray:
    """Fold number of every block, given the point count of every block."""
    n_blocks = counts.size
    if rng is None:
        # Largest first is the LPT rule; the stable sort keeps label order
        # among equal counts so the folds depend on the locations only.
        order = np.argsort(-counts, kind="stable") if balance else np.arange(n_blocks)
    else:
        order = rng.permutation(n_blocks)
    folds = np.empty(n_blocks, dtype=np.int64)
    if not balance:
        # Consecutive runs of blocks, the first n_blocks % n_splits one longer,
        # which is how KFold cuts its (possibly shuffled) samples.
        sizes = np.full(n_splits, n_blocks // n_splits)
        sizes[: n_blocks % n_splits] += 1
        folds[order] = np.repeat(np.arange(n_splits), sizes)
        return folds
    # Greedy list scheduling: each block goes to the lightest fold so far.
    # The loop is over blocks, not points, and is sequential by nature: each
    # choice depends on the loads left by the previous ones.
    loads = [(0, fold) for fold in range(n_splits)]
    assigned = []
    for count in counts[order].tolist():
        load, fold = heapq.heappop(loads)
        assigned.append(fold)
        heapq.heappush(loads, (load + count, fold))
    folds[order] = assigned
    return folds


def _imbalance_message(
    counts: np.ndarray, folds: np.ndarray, n_splits: int
) -> str | None:
    """A warning when folds differ by more than `_IMBALANCE_RATIO`, else None."""
    sizes = np.bincount(folds, weights=counts, minlength=n_splits)
    largest, smallest = int(sizes.max()), int(sizes.min())
    if largest <= _IMBALANCE_RATIO * smallest:
        return None
    return (
        f"Could not balance the folds: the largest holds {largest} points and "
        f"the smallest {smallest} (ratio {largest / smallest:.1f}, more than "
        f"{_IMBALANCE_RATIO:g}), because a few blocks hold most of the points "
        f"(the largest block has {int(counts.max())} of {int(counts.sum())}). "
        "Decrease block_size or n_splits for more even folds."
    )
