"""Save and load fitted models with skops, trusting only skgeo's own types.

A pickle runs whatever code it contains when it is loaded, so a model file
received from someone else can take over the machine. skops stores the
objects as data and loads only the types it is told to trust; skgeo trusts
exactly the types that its own models and pipelines are made of, so a file
holding anything else is refused before a single object is created.
"""

import os
import pickle
import warnings
import zipfile
from pathlib import Path

from sklearn import model_selection as _sk_model_selection
from sklearn.base import BaseEstimator

__all__ = ["TRUSTED_TYPES", "UntrustedModelError", "load_model", "save_model"]


class UntrustedModelError(ValueError):
    """A model file holds code or types that skgeo does not load by itself."""


def _qualified_name(cls: type) -> str:
    # The name skops reports in get_untrusted_types: module path and class.
    return f"{cls.__module__}.{cls.__qualname__}"


def _trusted_types() -> tuple[str, ...]:
    from ..model_selection import SpatialBlockKFold, SpatialBlockShuffleSplit
    from ..neural_network import GeoMLPClassifier, GeoMLPRegressor
    from ..preprocessing import CyclicalEncoder, DateTimeEncoder, LatLonEncoder
    from ..terrain import TerrainFeatures

    skgeo_types = [
        GeoMLPClassifier,
        GeoMLPRegressor,
        CyclicalEncoder,
        DateTimeEncoder,
        LatLonEncoder,
        TerrainFeatures,
        SpatialBlockKFold,
        SpatialBlockShuffleSplit,
    ]
    # A network's early-stopping split (validation_split) may be any of
    # scikit-learn's splitters; skops does not trust them by default.
    sklearn_splitters = [
        getattr(_sk_model_selection, name)
        for name in (
            "GroupKFold",
            "GroupShuffleSplit",
            "KFold",
            "PredefinedSplit",
            "ShuffleSplit",
            "StratifiedGroupKFold",
            "StratifiedKFold",
            "StratifiedShuffleSplit",
        )
    ]
    names = [_qualified_name(cls) for cls in skgeo_types + sklearn_splitters]
    # dtype objects appear as parameters (OneHotEncoder(dtype=np.float64)).
    return tuple(sorted([*names, "numpy.dtype"]))


#: The types that :func:`load_model` trusts beyond skops' defaults (NumPy
#: arrays, built-in types, scikit-learn's estimators): skgeo's public
#: estimators, transformers and splitters, scikit-learn's splitters (a
#: network's ``validation_split``) and ``numpy.dtype``, named as
#: ``skops.io.get_untrusted_types`` reports them.
TRUSTED_TYPES: tuple[str, ...] = _trusted_types()

# First bytes of the two formats: a skops file is a zip archive; a pickle of
# protocol 2 or later starts with the PROTO opcode.
_ZIP_MAGIC = b"PK\x03\x04"
_PICKLE_MAGIC = b"\x80"


def save_model(model, path: str | os.PathLike) -> Path:
    """Save a fitted model to a skops file that :func:`load_model` can open.

    Parameters
    ----------
    model : estimator
        A fitted estimator or Pipeline.
    path : str or os.PathLike
        Where to write; by convention the name ends in ``.skops``.

    Returns
    -------
    path : pathlib.Path
        The path written.

    Raises
    ------
    TypeError
        If `model` is not a scikit-learn estimator.

    See Also
    --------
    load_model : The inverse operation.
    skops.io.dump : The format's own writer.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from skgeo import GeoMLPRegressor
    >>> from skgeo.io import load_model, save_model
    >>> X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    >>> model = GeoMLPRegressor(hidden_layer_sizes=(4,), max_iter=5).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save_model(model, Path(folder) / "model.skops")
    ...     loaded = load_model(path)
    >>> bool(np.allclose(loaded.predict(X), model.predict(X)))
    True
    """
    if not isinstance(model, BaseEstimator):
        raise TypeError(
            f"model must be a scikit-learn estimator (a fitted network or Pipeline); "
            f"got {type(model).__name__}."
        )
    import skops.io  # on first use: importing skops costs about a second

    path = Path(path)
    # skops stores by default; its JSON schema shrinks about tenfold deflated.
    skops.io.dump(model, path, compression=zipfile.ZIP_DEFLATED)
    return path


def load_model(
    path: str | os.PathLike,
    *,
    trusted: list[str] | tuple[str, ...] = (),
    allow_pickle: bool = False,
):
    """Load a model saved by :func:`save_model` (or ``skgeo train``), safely.

    The file is checked before any object in it is created: every type it
    holds must be one that skops trusts by default (NumPy, built-ins,
    scikit-learn estimators), one of :data:`TRUSTED_TYPES`, or one of
    `trusted`. Pickles are refused unless `allow_pickle` is True.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.skops`` file (or, with `allow_pickle`, a pickle).
    trusted : sequence of str, default=()
        More type names to trust, as :func:`skops.io.get_untrusted_types`
        lists them; for pipelines with your own transformers. Review each
        before trusting it.
    allow_pickle : bool, default=False
        Load a pickle file. A pickle runs any code it contains while it is
        loaded: allow it only for a file you made yourself, and save the
        model again with :func:`save_model`.

    Returns
    -------
    model : estimator
        The fitted model.

    Raises
    ------
    UntrustedModelError
        (a ``ValueError``) If the file holds types that are not trusted
        (they are listed), or is a pickle and `allow_pickle` is False.
    ValueError
        If the file is empty, truncated, not a model file, or holds
        something other than an estimator.
    FileNotFoundError
        If there is no file at `path`.

    Warns
    -----
    UserWarning
        When a pickle is loaded with ``allow_pickle=True``.

    See Also
    --------
    save_model : The inverse operation.
    TRUSTED_TYPES : The types trusted beyond skops' defaults.
    """
    import skops.io

    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(_PICKLE_MAGIC):
        return _load_pickle(path, allow_pickle)
    if head != _ZIP_MAGIC:
        what = "is empty" if not head else f"starts with the bytes {head!r}"
        raise ValueError(
            f"{path} is not a model file: it {what}, while a skops model file is "
            "a zip archive. Give the .skops file written by skgeo train or "
            "skgeo.io.save_model."
        )
    allowed = set(TRUSTED_TYPES) | {str(name) for name in trusted}
    try:
        found = skops.io.get_untrusted_types(file=path)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as exc:
        raise ValueError(
            f"{path} is not a complete skops model file ({type(exc).__name__}: "
            f"{exc}); it may be truncated or damaged. Save or download it again."
        ) from exc
    untrusted = sorted(set(found) - allowed)
    if untrusted:
        raise UntrustedModelError(
            f"{path} holds types that skgeo does not trust: {untrusted}. It was "
            "not made by skgeo alone; load it only if you trust its source, with "
            "skgeo.io.load_model(path, trusted=[...]) naming those types."
        )
    try:
        model = skops.io.load(path, trusted=sorted(allowed & set(found)))
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        raise ValueError(
            f"{path} is not a complete skops model file ({type(exc).__name__}: "
            f"{exc}); it may be truncated or damaged. Save or download it again."
        ) from exc
    return _check_model(model, path)


def _load_pickle(path: Path, allow_pickle: bool):
    if not allow_pickle:
        raise UntrustedModelError(
            f"{path} is a pickle, and loading a pickle runs any code it contains. "
            "skgeo saves models as .skops files; if you made this file yourself, "
            "load it once with allow_pickle=True (skgeo predict --allow-pickle) "
            "and save it again as .skops."
        )
    warnings.warn(
        f"Loading the pickle {path}: this runs any code the file contains. Do it "
        "only for a file you made yourself, and save the model again with "
        "skgeo.io.save_model to get a .skops file that is safe to share.",
        UserWarning,
        stacklevel=3,
    )
    try:
        with path.open("rb") as handle:
            model = pickle.load(handle)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise ValueError(
            f"{path} is not a readable pickle ({type(exc).__name__}: {exc}); it "
            "may be truncated or made by other software."
        ) from exc
    return _check_model(model, path)


def _check_model(model, path: Path):
    if not (isinstance(model, BaseEstimator) and hasattr(model, "predict")):
        raise ValueError(
            f"{path} holds a {type(model).__name__}, not a model with a predict "
            "method. Give the file written by skgeo train or skgeo.io.save_model."
        )
    return model
