"""Feature preparation of whole tables: a ColumnTransformer built from the data.

Numbers are imputed and scaled, text is one-hot encoded, dates become
cyclical codes and coordinates points on the sphere, every missing value is
flagged; the result is one scikit-learn ``ColumnTransformer`` that goes in
front of a network in a Pipeline, so prediction repeats exactly the steps of
training.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from ._datetime import DateTimeEncoder
from ._latlon import LatLonEncoder

__all__ = ["COMCAT_FEATURES", "make_comcat_transformer", "make_table_transformer"]

#: The ComCat columns that :func:`make_comcat_transformer` builds features of
#: by default: those that describe an event rather than its bookkeeping (the
#: others are identifiers, free text, or quality figures that depend on the
#: network's processing more than on the event).
COMCAT_FEATURES = ("time", "latitude", "longitude", "depth", "mag", "magType", "net")
# The kind of every standard ComCat column, as read_comcat_csv returns it.
_COMCAT_KINDS = {
    "time": "date", "latitude": "lonlat", "longitude": "lonlat",
    "depth": "numeric", "mag": "numeric", "magType": "categorical",
    "nst": "numeric", "gap": "numeric", "dmin": "numeric", "rms": "numeric",
    "net": "categorical", "id": "identifier", "updated": "date",
    "place": "identifier", "type": "categorical", "horizontalError": "numeric",
    "depthError": "numeric", "magError": "numeric", "magNst": "numeric",
    "status": "categorical", "locationSource": "categorical",
    "magSource": "categorical",
}  # fmt: skip

# A text column with more distinct values than this (or than half its
# rows) is an identifier or free text, not a category.
_MAX_CATEGORIES = 50
# A text column is taken for dates when at least this share of its
# values parse as dates.
_DATE_SHARE = 0.9


def _numeric_branch():
    # Scale first (StandardScaler passes NaN through), so that the missing
    # value indicators stay 0 and 1.
    return Pipeline(
        [
            ("scale", StandardScaler()),
            ("impute", SimpleImputer(strategy="median", add_indicator=True)),
        ]
    )


def _categorical_branch():
    return OneHotEncoder(handle_unknown="ignore", sparse_output=False)


def _date_branch(longitude):
    return Pipeline(
        [
            ("encode", DateTimeEncoder(longitude=longitude)),
            ("impute", SimpleImputer(strategy="mean", add_indicator=True)),
        ]
    )


def _lonlat_branch():
    return Pipeline(
        [("encode", LatLonEncoder(columns=(0, 1))), ("scale", StandardScaler())]
    )


def _check_text_in_numbers(frame: pd.DataFrame, name) -> None:
    """Refuse a column of numbers with a few text cells; name the first one."""
    values = frame[name]
    present = values.notna().to_numpy()
    numbers = pd.to_numeric(values, errors="coerce").notna().to_numpy()
    text = present & ~numbers
    if numbers.any() and text.sum() <= 0.1 * present.sum():
        row = int(np.flatnonzero(text)[0])
        raise ValueError(
            f"Column {name!r} holds numbers and also text: {values.iloc[row]!r} in "
            f"row {row} ({int(text.sum())} text cell(s) in all). Fix or empty those "
            "cells, or declare the column categorical (categorical=[...], or "
            "--categorical on the command line)."
        )


def _check_one_type(frame: pd.DataFrame, name) -> None:
    """Refuse a category column that mixes numbers and text objects.

    A CSV read by pandas never has one (such a column is all text), but a
    frame built in Python can, and the one-hot encoder cannot sort it.
    """
    values = frame[name].dropna()
    if values.dtype.kind != "O":
        return
    kinds = {"text" if isinstance(value, str) else "number" for value in values}
    if len(kinds) > 1:
        raise ValueError(
            f"Column {name!r} mixes numbers and text, e.g. "
            f"{values[values.map(lambda v: isinstance(v, str))].iloc[0]!r}. Make it "
            f"text (frame[{name!r}].astype(str)) to use it as categories, or "
            f"numbers (pd.to_numeric(frame[{name!r}], errors='coerce'))."
        )


def _looks_like_dates(values: pd.Series) -> bool:
    present = values.dropna()
    if present.empty:
        return False
    sample = present.astype(str).iloc[:200]
    parsed = pd.to_datetime(sample, errors="coerce", utc=True, format="mixed")
    return bool(parsed.notna().mean() >= _DATE_SHARE)


def _unknown_columns(frame, names, parameter):
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(
            f"{parameter} names column(s) {missing} that are not in the table; its "
            f"columns are {list(frame.columns)}."
        )


def make_table_transformer(
    frame: pd.DataFrame,
    *,
    categorical: Sequence[str] = (),
    dates: Sequence[str] | None = None,
    lonlat: tuple[str, str] | None = None,
    max_categories: int = _MAX_CATEGORIES,
) -> ColumnTransformer:
    """Build the feature preparation of a table from its columns.

    Every column of `frame` becomes features by its kind, in one
    :class:`~sklearn.compose.ColumnTransformer` to put in front of a
    network in a :class:`~sklearn.pipeline.Pipeline`:

    - numbers: standardised, then missing values imputed by the median
      with an indicator column (:class:`~sklearn.impute.SimpleImputer`
      with ``add_indicator=True``);
    - categories (the `categorical` columns, and text columns with few
      distinct values): one-hot encoded, with a category of their own for
      missing values and all zeros for a category not seen in training
      (:class:`~sklearn.preprocessing.OneHotEncoder` with
      ``handle_unknown="ignore"``);
    - dates and times: hour of day and day of week as sines and cosines
      (:class:`DateTimeEncoder`), in local mean solar time when `lonlat`
      is given, missing times imputed and flagged;
    - longitude and latitude (`lonlat`): a unit vector on the sphere
      (:class:`LatLonEncoder`).

    Parameters
    ----------
    frame : pandas.DataFrame
        The feature columns (the target and any column to ignore already
        removed). Only the column names and kinds are used; nothing is
        fitted.
    categorical : sequence of str, default=()
        Columns to one-hot encode, even if they hold numbers (station
        codes, class numbers).
    dates : sequence of str or None, default=None
        Columns of dates and times. ``None`` takes the datetime columns and
        the text columns whose values are at least 90% dates.
    lonlat : tuple of (str, str) or None, default=None
        The (longitude, latitude) columns, in degrees, to encode on the
        sphere. Their longitude also turns the dates into local solar time.
    max_categories : int, default=50
        A text column not named in `categorical` with more distinct values
        than this, or than half its rows, is refused as an identifier or
        free text.

    Returns
    -------
    transformer : sklearn.compose.ColumnTransformer
        Unfitted, with branches named ``"numeric"``, ``"categorical"``,
        ``"dates"`` and ``"lonlat"`` (those with columns); columns of `frame`
        not listed are dropped.

    Raises
    ------
    ValueError
        If a named column is not in `frame`, a column of numbers holds a few
        text cells (it would otherwise be lost or mis-read), a text column
        looks like an identifier or free text, or `frame` has no columns.
    TypeError
        If `frame` is not a pandas DataFrame.

    See Also
    --------
    make_comcat_transformer : The same for a USGS ComCat catalog, with its
        columns chosen.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.pipeline import make_pipeline
    >>> from skgeo import GeoMLPRegressor
    >>> from skgeo.preprocessing import make_table_transformer
    >>> table = pd.DataFrame({
    ...     "distance": [12.0, None, 40.0, 7.5] * 10,
    ...     "site": ["rock", "soil", "soil", "rock"] * 10,
    ...     "ln_pga": [-2.0, -3.1, -3.5, -1.8] * 10,
    ... })
    >>> features = make_table_transformer(table.drop(columns="ln_pga"))
    >>> model = make_pipeline(features, GeoMLPRegressor(max_iter=5, random_state=0))
    >>> model = model.fit(table.drop(columns="ln_pga"), table["ln_pga"])
    >>> model[0].get_feature_names_out().tolist()
    ['numeric__distance', 'numeric__missingindicator_distance', \
'categorical__site_rock', 'categorical__site_soil']
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"frame must be a pandas DataFrame; got {type(frame).__name__}. "
            "Read the table with pandas.read_csv first."
        )
    if frame.shape[1] == 0:
        raise ValueError("frame has no columns: there is nothing to build features of.")
    categorical = list(categorical)
    _unknown_columns(frame, categorical, "categorical")
    if lonlat is not None:
        lonlat = tuple(lonlat)
        if len(lonlat) != 2:
            raise ValueError(
                f"lonlat must name two columns, (longitude, latitude); got {lonlat!r}."
            )
        _unknown_columns(frame, lonlat, "lonlat")
    if dates is not None:
        dates = list(dates)
        _unknown_columns(frame, dates, "dates")
    numeric, found_dates, text = [], [], []
    for name in frame.columns:
        if name in categorical or (lonlat is not None and name in lonlat):
            continue
        column = frame[name]
        if dates is not None and name in dates:
            found_dates.append(name)
        elif column.dtype.kind == "M" or isinstance(column.dtype, pd.DatetimeTZDtype):
            found_dates.append(name)
        elif column.dtype.kind in "iufb":
            numeric.append(name)
        else:
            _check_text_in_numbers(frame, name)
            if dates is None and _looks_like_dates(column):
                found_dates.append(name)
            else:
                text.append(name)
    for name in categorical + text:
        _check_one_type(frame, name)
    for name in text:
        n_distinct = frame[name].nunique(dropna=True)
        if n_distinct > max_categories or n_distinct > max(len(frame) // 2, 1):
            raise ValueError(
                f"Column {name!r} holds text with {n_distinct} distinct values in "
                f"{len(frame)} rows: an identifier or free text rather than a "
                "category. Leave it out of the features (--drop on the command "
                "line), or declare it categorical to one-hot encode it anyway."
            )
    return _column_transformer(numeric, categorical + text, found_dates, lonlat)


def _column_transformer(numeric, categorical, dates, lonlat) -> ColumnTransformer:
    """One branch per kind of column, each only when it has columns."""
    branches = []
    if numeric:
        branches.append(("numeric", _numeric_branch(), list(numeric)))
    if categorical:
        branches.append(("categorical", _categorical_branch(), list(categorical)))
    if dates:
        # The longitude goes last: the date encoder takes its position.
        longitude = len(dates) if lonlat is not None else None
        columns = list(dates) + ([lonlat[0]] if lonlat is not None else [])
        branches.append(("dates", _date_branch(longitude), columns))
    if lonlat is not None:
        branches.append(("lonlat", _lonlat_branch(), list(lonlat)))
    return ColumnTransformer(branches, remainder="drop", verbose_feature_names_out=True)


def make_comcat_transformer(
    features: Sequence[str] = COMCAT_FEATURES, *, exclude: Sequence[str] = ()
) -> ColumnTransformer:
    """Feature preparation of a USGS ComCat catalog.

    By default the features that describe an event
    (:data:`COMCAT_FEATURES`): magnitude and depth (imputed, flagged when
    missing, standardised), the epicentre as a unit vector on the sphere,
    the local mean solar hour and day of week as sines and cosines (quarry
    blasts happen in working hours on working days), and the magnitude
    type and network one-hot. Identifiers, free text and the network's
    quality figures are left out unless named in `features`.

    Parameters
    ----------
    features : sequence of str, default=COMCAT_FEATURES
        ComCat columns to build features of. Each standard column has a
        known kind: ``time`` and ``updated`` are dates, ``longitude`` with
        ``latitude`` a point on the sphere (and the longitude of the local
        solar time), the text columns categories, the others numbers.
        ``id`` and ``place`` are identifiers and free text, not features.
    exclude : sequence of str, default=()
        Columns of `features` to leave out, such as the target
        (``exclude=["mag"]`` to predict the magnitude).

    Returns
    -------
    transformer : sklearn.compose.ColumnTransformer
        Unfitted; it selects its columns by name, so it takes the whole
        catalog that :func:`skgeo.datasets.read_comcat_csv` returns.

    Raises
    ------
    ValueError
        If a name is not a ComCat column, is ``id`` or ``place``, or no
        feature is left.

    See Also
    --------
    make_table_transformer : The same for any table.
    skgeo.datasets.read_comcat_csv : Read a catalog.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from skgeo import GeoMLPClassifier, make_earthquake_catalog
    >>> from skgeo.preprocessing import make_comcat_transformer
    >>> catalog = make_earthquake_catalog(60, random_state=0)
    >>> model = make_pipeline(
    ...     make_comcat_transformer(),
    ...     GeoMLPClassifier(max_iter=5, class_weight="balanced", random_state=0),
    ... )
    >>> model = model.fit(catalog, catalog["type"])
    >>> model[0].get_feature_names_out()[:4].tolist()
    ['numeric__depth', 'numeric__mag', 'categorical__magType_ml', \
'categorical__magType_mw']
    """
    features, exclude = list(features), list(exclude)
    for parameter, names in (("features", features), ("exclude", exclude)):
        unknown = [name for name in names if name not in _COMCAT_KINDS]
        if unknown:
            raise ValueError(
                f"{parameter} names {unknown}, which are not ComCat columns; the "
                f"columns are {list(_COMCAT_KINDS)}."
            )
    identifiers = [name for name in features if _COMCAT_KINDS[name] == "identifier"]
    if identifiers:
        raise ValueError(
            f"{identifiers} identify events or describe them in free text; they "
            "cannot be features. Leave them out of features."
        )
    kept = [name for name in features if name not in exclude]
    if not kept:
        raise ValueError(
            f"No feature is left: features {features} minus exclude {exclude}."
        )
    lonlat = ("longitude", "latitude")
    has_lonlat = all(name in kept for name in lonlat)
    kinds = {name: _COMCAT_KINDS[name] for name in kept}
    if not has_lonlat:
        # A lone coordinate is an ordinary number.
        kinds.update({name: "numeric" for name in lonlat if name in kinds})
    return _column_transformer(
        [name for name, kind in kinds.items() if kind == "numeric"],
        [name for name, kind in kinds.items() if kind == "categorical"],
        [name for name, kind in kinds.items() if kind == "date"],
        lonlat if has_lonlat else None,
    )
