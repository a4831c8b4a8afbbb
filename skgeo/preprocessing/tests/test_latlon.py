"""Tests of LatLonEncoder."""

import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from skgeo.preprocessing import LatLonEncoder


@parametrize_with_checks(
    [LatLonEncoder(check_range=False), LatLonEncoder(columns=(1, 0), check_range=False)]
)
def test_latlon_encoder_check_estimator(estimator, check):
    """LatLonEncoder passes every scikit-learn check.

    The checks feed generic data (latitudes near 100 degrees in some of
    them), so the instances skip the range check, which has tests of its own.
    """
    check(estimator)


def test_latlon_encoder_range_check_can_be_disabled():
    """check_range=False encodes any angle with the same formulas."""
    X = np.array([[10.0, 100.0]])
    with pytest.raises(ValueError, match="Latitude must lie in"):
        LatLonEncoder().fit(X)
    encoded = LatLonEncoder(check_range=False).fit_transform(X)
    np.testing.assert_allclose(np.linalg.norm(encoded, axis=1), 1.0)


def _haversine_chord(lon1, lat1, lon2, lat2):
    """Chord length on the unit sphere from the haversine formula."""
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * np.sqrt(a)


def test_latlon_encoder_axes():
    """The axes point to (0E, 0N), (90E, 0N) and the North Pole."""
    X = np.array([[0.0, 0.0], [90.0, 0.0], [123.0, 90.0], [180.0, 0.0], [0.0, -90.0]])
    expected = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0], [0, 0, -1]]
    np.testing.assert_allclose(LatLonEncoder().fit_transform(X), expected, atol=1e-12)


def test_latlon_encoder_distances_are_chords():
    """Euclidean distances between codes equal great-circle chord lengths."""
    rng = np.random.default_rng(0)
    a = np.column_stack([rng.uniform(-180, 180, 200), rng.uniform(-90, 90, 200)])
    b = np.column_stack([rng.uniform(0, 360, 200), rng.uniform(-90, 90, 200)])
    encoder = LatLonEncoder().fit(a)
    chord = np.linalg.norm(encoder.transform(a) - encoder.transform(b), axis=1)
    np.testing.assert_allclose(
        chord, _haversine_chord(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    )


def test_latlon_encoder_antimeridian_and_0_360():
    """Longitudes 179.9 and -179.9 are neighbours; 270 equals -90."""
    codes = LatLonEncoder().fit_transform(
        [[179.9, 10.0], [-179.9, 10.0], [270.0, 5.0], [-90.0, 5.0]]
    )
    assert np.linalg.norm(codes[0] - codes[1]) < 0.004
    np.testing.assert_allclose(codes[2], codes[3], atol=1e-12)


def test_latlon_encoder_columns_and_passthrough():
    """Named columns are found in a DataFrame and other columns pass through."""
    frame = pd.DataFrame(
        {
            "mag": [3.0, 4.0],
            "latitude": [0.0, 90.0],
            "depth": [5.0, 7.0],
            "longitude": [90.0, 0.0],
        }
    )
    encoder = LatLonEncoder(columns=("longitude", "latitude")).set_output(
        transform="pandas"
    )
    out = encoder.fit_transform(frame)
    assert list(out.columns) == [
        "geocentric_x",
        "geocentric_y",
        "geocentric_z",
        "mag",
        "depth",
    ]
    np.testing.assert_allclose(
        out.to_numpy(), [[0, 1, 0, 3, 5], [0, 0, 1, 4, 7]], atol=1e-12
    )
    by_position = LatLonEncoder(columns=(-1, 1)).fit_transform(frame.to_numpy())
    np.testing.assert_allclose(by_position, out.to_numpy())


def test_latlon_encoder_preserves_float32():
    """float32 input gives float32 output."""
    X = np.array([[10.0, 20.0, 1.0]], dtype=np.float32)
    assert LatLonEncoder().fit_transform(X).dtype == np.float32


@pytest.mark.parametrize(
    ("X", "columns", "match"),
    [
        (
            [[10.0, 95.0]],
            (0, 1),
            r"Latitude must lie in \[-90, 90\] degrees; got 95 in row 0",
        ),
        (
            [[-200.0, 0.0]],
            (0, 1),
            r"Longitude must lie in \[-180, 360\] degrees; got -200",
        ),
        ([[0.0, 0.0], [0.0, -91.0], [0.0, 99.0]], (0, 1), r"got -91 in row 1 \(1 more"),
        ([[1.0], [2.0]], (0, 1), r"got 1 feature\(s\)"),
        ([[0.0, 0.0]], (0, 0), r"must differ; both are column 0"),
        ([[0.0, 0.0]], (0, 2), r"Column position 2 is out of range"),
        ([[0.0, 0.0]], (0,), r"exactly two columns"),
        ([[0.0, 0.0]], ("lon", "lat"), r"Column 'lon' is not among the feature names"),
        ([[0.0, 0.0]], (0.0, 1.0), r"column positions \(int\) or names \(str\)"),
    ],
    ids=[
        "latitude",
        "longitude",
        "counts-more",
        "one-column",
        "same-column",
        "position-range",
        "one-name",
        "names-without-frame",
        "float-positions",
    ],
)
def test_latlon_encoder_bad_input(X, columns, match):
    """Out-of-range coordinates and bad column choices raise a ValueError."""
    with pytest.raises(ValueError, match=match):
        LatLonEncoder(columns=columns).fit(np.asarray(X))


def test_latlon_encoder_checks_range_at_transform():
    """transform also rejects out-of-range latitudes."""
    encoder = LatLonEncoder().fit([[0.0, 0.0]])
    with pytest.raises(ValueError, match="Latitude must lie"):
        encoder.transform([[0.0, 120.0]])
