"""Random train/test splits that hold out whole spatial blocks."""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state

from ._base import _BaseSpatialBlockCV

__all__ = ["SpatialBlockShuffleSplit"]


class SpatialBlockShuffleSplit(_BaseSpatialBlockCV):
    """Random train/test splits over blocks of a regular spatial grid.

    The spatial counterpart of scikit-learn's
    :class:`~sklearn.model_selection.ShuffleSplit`: each split draws a random
    set of non-empty blocks for testing and another for training, so that no
    block is shared between them. Because blocks hold different numbers of
    points, each split is the best of `balancing` random draws: the one whose
    fractions of points in the test and training sets come closest to the
    requested `test_size` and `train_size`.

    Parameters
    ----------
    n_splits : int, default=10
        Number of re-shuffling and splitting iterations (at least 1).
    block_size : float or tuple of (float, float)
        Side of the square blocks, in the units of the coordinates, or an
        (east, north) pair of sides.
    coords : tuple of (int, int) or tuple of (str, str), default=(0, 1)
        The (east, north) coordinate columns of `X`: column indices, or column
        names when `X` is a DataFrame. Ignored when coordinates are passed to
        :meth:`split` as `groups`.
    test_size : float or int, default=0.1
        If float, in (0, 1): the fraction of blocks (and the target fraction
        of points) in the test set. If int: the number of test blocks. If
        None, the complement of `train_size`; if both are None, 0.1.
    train_size : float or int, default=None
        If float, in (0, 1): the fraction of blocks (and the target fraction
        of points) in the training set. If int: the number of training
        blocks. If None, the complement of `test_size`.
    buffer : float, default=0.0
        Training points within this distance (inclusive, Euclidean, in the
        units of the coordinates) of any test point are dropped from that
        split's training set.
    random_state : int, RandomState instance or None, default=None
        Controls the draws. Pass an int for the same splits on every call to
        :meth:`split`.
    balancing : int, default=10
        Number of random draws per split among which the best balanced one is
        kept. 1 gives a plain shuffle split of the blocks.

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
    SpatialBlockKFold : K-fold cross-validation over spatial blocks.
    spatial_block_labels : Block label of each point, for use as ``groups``.
    sklearn.model_selection.GroupShuffleSplit : Shuffle split over
        precomputed groups.

    Notes
    -----
    **Coordinates and blocks** are read and labelled as in
    :class:`SpatialBlockKFold`: from the columns of `X` named by `coords`, or
    from a ``groups`` array of shape (n_samples, 2), which takes precedence;
    a 1-D ``groups`` raises a ``ValueError``.

    **Sizes.** With :math:`B` non-empty blocks, a float `test_size` gives
    :math:`\\lceil t B \\rceil` test blocks and a float `train_size`
    :math:`\\lfloor t B \\rfloor` training blocks, as in ShuffleSplit. Each
    candidate draw is a random permutation of the blocks: the first blocks
    test, the next ones train. Among `balancing` draws, the split keeps the
    one minimising

    .. math::

        \\left| \\frac{N_\\text{test}}{N} - f_\\text{test} \\right|
        + \\left| \\frac{N_\\text{train}}{N} - f_\\text{train} \\right|,

    where :math:`N_\\text{test}`, :math:`N_\\text{train}` and :math:`N` count
    points, and :math:`f` is the requested fraction (the float size itself,
    or blocks over :math:`B` for an int size). This is the idea of
    Valavi et al. (2019), also used by verde's ``BlockShuffleSplit``. With
    ``balancing=1`` the block draws are those of ``ShuffleSplit`` over the
    block labels with the same `random_state`.

    **Buffer** as in :class:`SpatialBlockKFold`: training points within
    `buffer` of a test point are dropped.

    With an int `random_state` the first split is always the same, so it is
    a reproducible spatial validation set for early stopping.

    References
    ----------
    .. [1] Valavi, R., Elith, J., Lahoz-Monfort, J. J., & Guillera-Arroita,
       G. (2019). blockCV: An R package for generating spatially or
       environmentally separated folds for k-fold cross-validation of species
       distribution models. Methods in Ecology and Evolution, 10(2), 225-232.
       https://doi.org/10.1111/2041-210X.13107
    .. [2] Roberts, D. R., et al. (2017). Cross-validation strategies for
       data with temporal, spatial, hierarchical, or phylogenetic structure.
       Ecography, 40(8), 913-929. https://doi.org/10.1111/ecog.02881

    Examples
    --------
    A 4 x 4 grid of points in 2 x 2 blocks; each split holds out one of the
    four blocks (``test_size=0.25``). Masks are printed north row on top,
    1 marks the test points.

    >>> from skgeo.model_selection import SpatialBlockShuffleSplit
    >>> east, north = np.meshgrid(np.arange(4) + 0.5, np.arange(4) + 0.5)
    >>> X = np.column_stack([east.ravel(), north.ravel()])
    >>> cv = SpatialBlockShuffleSplit(
    ...     n_splits=3, block_size=2.0, test_size=0.25, random_state=0
    ... )
    >>> for train, test in cv.split(X):
    ...     mask = np.zeros(len(X), dtype=int)
    ...     mask[test] = 1
    ...     print(mask.reshape(4, 4)[::-1])
    [[1 1 0 0]
     [1 1 0 0]
     [0 0 0 0]
     [0 0 0 0]]
    [[0 0 0 0]
     [0 0 0 0]
     [1 1 0 0]
     [1 1 0 0]]
    [[0 0 0 0]
     [0 0 0 0]
     [0 0 1 1]
     [0 0 1 1]]

    On clustered points, blocks hold very different numbers of points. More
    candidate draws per split bring the test fraction of points closer to
    the requested 0.25:

    >>> rng = np.random.default_rng(1)
    >>> points = rng.gamma(2.0, 10.0, size=(2000, 2))
    >>> for balancing in (1, 50):
    ...     cv = SpatialBlockShuffleSplit(
    ...         n_splits=5, block_size=10.0, test_size=0.25,
    ...         random_state=0, balancing=balancing,
    ...     )
    ...     print([round(len(test) / len(points), 2) for _, test in cv.split(points)])
    [0.27, 0.26, 0.19, 0.25, 0.3]
    [0.25, 0.25, 0.25, 0.25, 0.25]
    """

    def __init__(
        self,
        n_splits: int = 10,
        *,
        block_size: float | tuple[float, float],
        coords: tuple[int, int] | tuple[str, str] = (0, 1),
        test_size: float | int | None = 0.1,
        train_size: float | int | None = None,
        buffer: float = 0.0,
        random_state: int | np.random.RandomState | None = None,
        balancing: int = 10,
        coordinate_system: str = "cartesian",
    ) -> None:
        self.n_splits = n_splits
        self.block_size = block_size
        self.coords = coords
        self.test_size = test_size
        self.train_size = train_size
        self.buffer = buffer
        self.random_state = random_state
        self.balancing = balancing
        self.coordinate_system = coordinate_system

    _min_splits = 1

    def _check_params(self) -> None:
        self.get_n_splits()
        if (
            not isinstance(self.balancing, Integral)
            or isinstance(self.balancing, bool)
            or self.balancing < 1
        ):
            raise ValueError(
                f"balancing must be an integer >= 1 (the number of random draws "
                f"per split); got {self.balancing!r}."
            )
        for name in ("test_size", "train_size"):
            _check_size(getattr(self, name), name)

    def _block_splits(
        self, counts: np.ndarray
    ) -> tuple[list[tuple[np.ndarray, np.ndarray]], None]:
        n_blocks = counts.size
        n_test, n_train, target_test, target_train = _split_sizes(
            n_blocks, self.test_size, self.train_size
        )
        rng = check_random_state(self.random_state)
        fractions = counts / counts.sum()
        splits = []
        for _ in range(self.n_splits):
            # One permutation per draw, in the order ShuffleSplit draws them,
            # so that balancing=1 reproduces ShuffleSplit over the blocks.
            draws = np.stack([rng.permutation(n_blocks) for _ in range(self.balancing)])
            test_fraction = fractions[draws[:, :n_test]].sum(axis=1)
            train_fraction = fractions[draws[:, n_test : n_test + n_train]].sum(axis=1)
            mismatch = np.abs(test_fraction - target_test) + np.abs(
                train_fraction - target_train
            )
            best = draws[np.argmin(mismatch)]
            test_blocks = np.zeros(n_blocks, dtype=bool)
            train_blocks = np.zeros(n_blocks, dtype=bool)
            test_blocks[best[:n_test]] = True
            train_blocks[best[n_test : n_test + n_train]] = True
            splits.append((train_blocks, test_blocks))
        return splits, None


def _check_size(size: object, name: str) -> None:
    """Validate a test_size or train_size before the number of blocks is known."""
    if size is None:
        return
    if isinstance(size, Integral) and not isinstance(size, bool):
        if size < 1:
            raise ValueError(
                f"{name} as an int is a number of blocks and must be >= 1; got "
                f"{size}. Pass a float in (0, 1) for a fraction."
            )
        return
    if isinstance(size, Real) and not isinstance(size, bool):
        if not 0 < size < 1:
            raise ValueError(
                f"{name} as a float is a fraction and must be in (0, 1); got "
                f"{size}. Pass an int for a number of blocks."
            )
        return
    raise ValueError(
        f"{name} must be a float in (0, 1), an int number of blocks or None; got "
        f"{size!r}."
    )


def _split_sizes(n_blocks: int, test_size, train_size) -> tuple[int, int, float, float]:
    """Numbers of test and train blocks and the target fractions of points."""
    if test_size is None and train_size is None:
        test_size = 0.1

    def blocks(size, rounding) -> int | None:
        if size is None:
            return None
        if isinstance(size, Integral):
            if size >= n_blocks:
                raise ValueError(
                    f"An int size is a number of blocks and must be smaller than "
                    f"the number of non-empty blocks ({n_blocks}); got {size}. "
                    "Decrease it, or decrease block_size."
                )
            return int(size)
        return int(rounding(size * n_blocks))

    n_test = blocks(test_size, math.ceil)
    n_train = blocks(train_size, math.floor)
    if n_train is None:
        n_train = n_blocks - n_test
    if n_test is None:
        n_test = n_blocks - n_train
    if n_test + n_train > n_blocks:
        raise ValueError(
            f"test_size={test_size!r} and train_size={train_size!r} ask for "
            f"{n_test} test and {n_train} training blocks, more than the "
            f"{n_blocks} non-empty blocks. Decrease test_size or train_size."
        )
    if n_train < 1 or n_test < 1:
        raise ValueError(
            f"With {n_blocks} non-empty blocks, test_size={test_size!r} and "
            f"train_size={train_size!r} leave {n_test} test and {n_train} training "
            "blocks; both need at least one. Decrease block_size for more blocks, "
            "or change test_size / train_size."
        )

    def target(size, n: int) -> float:
        if isinstance(size, Real) and not isinstance(size, Integral):
            return float(size)
        return n / n_blocks

    target_test = target(test_size, n_test)
    target_train = target(train_size, n_train)
    if train_size is None:
        target_train = 1.0 - target_test
    if test_size is None:
        target_test = 1.0 - target_train
    return n_test, n_train, target_test, target_train
