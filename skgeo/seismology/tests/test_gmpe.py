"""Tests of the Boore & Atkinson (2008) ground-motion model."""

import numpy as np
import pytest

from skgeo.seismology import (
    MECHANISMS,
    boore_atkinson_2008,
    boore_atkinson_2008_std,
    mechanism_from_rake,
)
from skgeo.seismology._gmpe import _COEFFS, _nonlinear_site_term

# GEO-REFERENCE.md section 1.3: BA08 median PGA in g, unspecified mechanism,
# linear site term only, computed by hand from the published formulas.
ORACLE = [
    (5.5, 10.0, 760.0, 0.0897),
    (6.5, 10.0, 760.0, 0.1837),
    (6.5, 10.0, 360.0, 0.2404),
    (7.0, 30.0, 760.0, 0.1223),
    (7.5, 100.0, 760.0, 0.0466),
    (8.0, 1.0, 760.0, 0.5111),
]


@pytest.mark.parametrize(
    ("magnitude", "rjb", "vs30", "expected"),
    ORACLE,
    ids=[f"M{m}-R{r:g}-V{v:g}" for m, r, v, _ in ORACLE],
)
def test_boore_atkinson_2008_matches_oracle_table(magnitude, rjb, vs30, expected):
    """The linear-site median PGA reproduces the reference table to 1e-3."""
    ln_pga = boore_atkinson_2008(magnitude, rjb, vs30, nonlinear_site=False)
    # The table is rounded to 4 decimals, so allow that rounding on top.
    assert np.exp(ln_pga) == pytest.approx(expected, rel=1e-3, abs=5e-5)


def test_boore_atkinson_2008_nonlinear_term_at_soft_site():
    """At M6.5, 10 km and 360 m/s the nonlinear site term is about -0.068."""
    full = boore_atkinson_2008(6.5, 10.0, 360.0)
    linear = boore_atkinson_2008(6.5, 10.0, 360.0, nonlinear_site=False)
    assert full - linear == pytest.approx(-0.068, abs=5e-4)


def test_boore_atkinson_2008_nonlinear_term_vanishes_on_rock():
    """For Vs30 >= 760 m/s the nonlinear slope is zero, so F_NL is zero."""
    magnitude = np.linspace(5.0, 8.0, 7)
    for vs30 in (760.0, 1000.0, 1300.0):
        np.testing.assert_allclose(
            boore_atkinson_2008(magnitude, 5.0, vs30),
            boore_atkinson_2008(magnitude, 5.0, vs30, nonlinear_site=False),
        )


@pytest.mark.parametrize("corner", [0.03, 0.09], ids=["a1", "a2"])
def test_nonlinear_site_term_is_smooth_at_pga_corners(corner):
    """F_NL and its slope in ln(pga4nl) are continuous at a1 and a2."""
    coeffs = _COEFFS["PGA"]
    vs30 = np.array([200.0, 250.0, 400.0])
    step = 1e-7
    pga = corner * np.exp(np.array([-step, step]))[:, None]
    values = _nonlinear_site_term(vs30, pga, coeffs)
    np.testing.assert_allclose(values[0], values[1], atol=1e-6)
    # One-sided slopes from each side must agree (C1 continuity).
    far = corner * np.exp(np.array([-2 * step, 2 * step]))[:, None]
    outer = _nonlinear_site_term(vs30, far, coeffs)
    left_slope = (values[0] - outer[0]) / step
    right_slope = (outer[1] - values[1]) / step
    np.testing.assert_allclose(left_slope, right_slope, atol=1e-4)


def test_nonlinear_site_term_above_a2_is_log_linear():
    """Above a2, F_NL equals b_nl ln(pga4nl / 0.1) with b_nl = b1 below 180 m/s."""
    coeffs = _COEFFS["PGA"]
    pga = np.array([0.1, 0.3, 0.8])
    values = _nonlinear_site_term(np.full(3, 150.0), pga, coeffs)
    np.testing.assert_allclose(values, coeffs["b1"] * np.log(pga / 0.1))


@pytest.mark.parametrize("breakpoint", [180.0, 300.0, 760.0], ids=str)
@pytest.mark.parametrize("imt", ["PGA", "PGV", "SA(0.2)", "SA(1.0)"])
def test_boore_atkinson_2008_continuous_at_vs30_breakpoints(breakpoint, imt):
    """The median has no jump where the nonlinear slope changes formula."""
    vs30 = breakpoint * np.array([1 - 1e-9, 1 + 1e-9])
    magnitude = np.array([[5.0], [6.5], [7.5]])
    ln_y = boore_atkinson_2008(magnitude, 3.0, vs30, imt=imt)
    np.testing.assert_allclose(ln_y[:, 0], ln_y[:, 1], atol=1e-7)


@pytest.mark.parametrize("imt", ["PGA", "SA(1.0)"])
def test_boore_atkinson_2008_magnitude_saturation(imt):
    """Above Mh, ln Y is linear in M with slope e7 + c2 ln(R / 1 km)."""
    coeffs = _COEFFS[imt]
    rjb = 20.0
    r = np.hypot(rjb, coeffs["h"])
    magnitude = coeffs["Mh"] + np.array([0.1, 0.5, 1.0])
    ln_y = boore_atkinson_2008(magnitude, rjb, 760.0, imt=imt)
    slopes = np.diff(ln_y) / np.diff(magnitude)
    expected = coeffs["e7"] + coeffs["c2"] * np.log(r)
    np.testing.assert_allclose(slopes, expected, rtol=1e-10)
    # Below the hinge the e6 curvature makes the slope steeper than above.
    below = boore_atkinson_2008(coeffs["Mh"] - np.array([0.2, 0.1]), rjb, 760.0)
    assert np.diff(below)[0] / 0.1 > expected


def test_boore_atkinson_2008_linear_site_term():
    """Without F_NL, ln Y(Vs30) - ln Y(760) equals blin ln(Vs30 / 760)."""
    vs30 = np.array([180.0, 400.0, 1300.0])
    ln_y = boore_atkinson_2008(6.0, 15.0, vs30, imt="PGV", nonlinear_site=False)
    ln_ref = boore_atkinson_2008(6.0, 15.0, 760.0, imt="PGV", nonlinear_site=False)
    np.testing.assert_allclose(ln_y - ln_ref, -0.60 * np.log(vs30 / 760.0))


def test_boore_atkinson_2008_mechanism_offsets():
    """Mechanisms shift ln Y by the differences of the e1..e4 constants."""
    e = np.asarray(_COEFFS["SA(0.2)"]["e"])
    ln_y = boore_atkinson_2008(6.0, 10.0, 760.0, list(MECHANISMS), imt="SA(0.2)")
    np.testing.assert_allclose(ln_y - ln_y[0], e - e[0])


def test_boore_atkinson_2008_codes_equal_names():
    """Integer (and integral float) codes give the same medians as names."""
    names = ["strike-slip", "normal", "reverse", "unspecified"]
    by_name = boore_atkinson_2008(6.0, 10.0, 500.0, names)
    np.testing.assert_array_equal(
        boore_atkinson_2008(6.0, 10.0, 500.0, [1, 2, 3, 0]), by_name
    )
    np.testing.assert_array_equal(
        boore_atkinson_2008(6.0, 10.0, 500.0, np.array([1.0, 2.0, 3.0, 0.0])),
        by_name,
    )
    assert boore_atkinson_2008(6.0, 10.0, 500.0, "Strike_Slip") == by_name[0]


def test_boore_atkinson_2008_broadcasts_and_returns_float_for_scalars():
    """Scalars give a float; arrays broadcast to their common shape."""
    assert isinstance(boore_atkinson_2008(6.0, 10.0, 500.0), float)
    out = boore_atkinson_2008(np.full((2, 1), 6.0), np.arange(3.0), 500.0)
    assert out.shape == (2, 3)
    # Attenuation with distance: monotone decrease along the distance axis.
    assert np.all(np.diff(out, axis=1) < 0)


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("pga", "PGA"),
        ("SA(1)", "SA(1.0)"),
        ("sa 0.2", "SA(0.2)"),
        ("SA(1.0s)", "SA(1.0)"),
    ],
    ids=["lower", "sa1", "space", "seconds"],
)
def test_boore_atkinson_2008_imt_aliases(alias, canonical):
    """Case, spaces and the period spelling of the IMT name do not matter."""
    assert boore_atkinson_2008(6.0, 10.0, 500.0, imt=alias) == boore_atkinson_2008(
        6.0, 10.0, 500.0, imt=canonical
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"magnitude": -1.0}, r"magnitude must be >= 0; got -1"),
        ({"rjb": [1.0, -2.0, -3.0]}, r"rjb must be >= 0 km; got -2 \(and 1 more\)"),
        ({"vs30": 0.0}, r"vs30 must be > 0 m/s; got 0"),
        ({"magnitude": np.nan}, r"magnitude must be finite; got nan"),
        ({"rjb": "far"}, r"rjb must be numeric"),
        ({"mechanism": "thrust"}, r"Unknown mechanism 'thrust'. Valid mechanisms"),
        ({"mechanism": "reversed"}, r"Did you mean 'reverse'\?"),
        ({"mechanism": 4}, r"Unknown mechanism code 4"),
        ({"mechanism": 1.5}, r"Unknown mechanism code 1.5"),
        ({"imt": "SA(0.5)"}, r"Unknown intensity measure imt='SA\(0.5\)'"),
        ({"imt": 3}, r"imt must be one of"),
        ({"rjb": [1.0, 2.0], "vs30": [300.0, 400.0, 500.0]}, r"must broadcast"),
    ],
    ids=[
        "negative-magnitude",
        "negative-rjb",
        "zero-vs30",
        "nan",
        "non-numeric",
        "unknown-mechanism",
        "mechanism-hint",
        "bad-code",
        "fractional-code",
        "unknown-imt",
        "non-string-imt",
        "shape-mismatch",
    ],
)
def test_boore_atkinson_2008_bad_input(kwargs, match):
    """Invalid inputs raise a ValueError naming the value and the valid range."""
    arguments = {"magnitude": 6.0, "rjb": 10.0, "vs30": 400.0, "mechanism": "normal"}
    imt = kwargs.pop("imt", "PGA")
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=match):
        boore_atkinson_2008(**arguments, imt=imt)


@pytest.mark.parametrize(
    ("imt", "mechanism", "tau", "phi"),
    [
        ("PGA", "specified", 0.260, 0.502),
        ("PGA", "unspecified", 0.265, 0.502),
        ("PGV", "reverse", 0.256, 0.500),
        ("SA(0.2)", "unspecified", 0.283, 0.523),
        ("SA(1.0)", "normal", 0.302, 0.573),
    ],
    ids=["pga", "pga-u", "pgv", "sa02-u", "sa10"],
)
def test_boore_atkinson_2008_std_table(imt, mechanism, tau, phi):
    """The standard deviations are BA08 Table 8, sigma their quadratic sum."""
    std = boore_atkinson_2008_std(imt, mechanism)
    assert (std.tau, std.phi) == (tau, phi)
    assert std.sigma == pytest.approx(np.hypot(tau, phi))


def test_boore_atkinson_2008_std_bad_mechanism():
    """An unknown mechanism or a non-string raises a ValueError."""
    with pytest.raises(ValueError, match="Unknown mechanism 'oblique'"):
        boore_atkinson_2008_std("PGA", "oblique")
    with pytest.raises(ValueError, match="mechanism must be 'specified'"):
        boore_atkinson_2008_std("PGA", 1)


@pytest.mark.parametrize(
    ("rake", "expected"),
    [
        (0.0, "strike-slip"),
        (30.0, "strike-slip"),
        (30.5, "reverse"),
        (90.0, "reverse"),
        (149.5, "reverse"),
        (150.0, "strike-slip"),
        (180.0, "strike-slip"),
        (-30.0, "strike-slip"),
        (-30.5, "normal"),
        (-149.5, "normal"),
        (-150.0, "strike-slip"),
        (-180.0, "strike-slip"),
    ],
    ids=str,
)
def test_mechanism_from_rake_rule(rake, expected):
    """The BA08 rake rule puts the 30/150 degree boundaries in strike-slip."""
    assert mechanism_from_rake(rake) == expected


def test_mechanism_from_rake_array_feeds_the_gmpe():
    """An array of rakes gives an array of names usable as BA08 mechanism."""
    names = mechanism_from_rake(np.array([[10.0, 60.0], [-60.0, 170.0]]))
    assert names.shape == (2, 2)
    expected = boore_atkinson_2008(6.0, 10.0, 500.0, [[1, 3], [2, 1]])
    np.testing.assert_array_equal(
        boore_atkinson_2008(6.0, 10.0, 500.0, names), expected
    )


@pytest.mark.parametrize(
    ("rake", "match"),
    [(190.0, r"rake must lie in \[-180, 180\] degrees; got 190"), (np.inf, "finite")],
    ids=["out-of-range", "infinite"],
)
def test_mechanism_from_rake_bad_input(rake, match):
    """Rakes outside [-180, 180] or not finite raise a ValueError."""
    with pytest.raises(ValueError, match=match):
        mechanism_from_rake(rake)


@pytest.mark.parametrize(
    ("magnitude", "rjb", "match"),
    [
        (6.0, 1e155, r"rjb must be <= 20040 km; got 1e\+155"),
        (1e200, 10.0, r"magnitude must be <= 10; got 1e\+200"),
    ],
    ids=["huge-distance", "huge-magnitude"],
)
def test_boore_atkinson_2008_refuses_overflowing_inputs(magnitude, rjb, match):
    """Inputs whose squares overflow are refused instead of giving -inf."""
    with pytest.raises(ValueError, match=match):
        boore_atkinson_2008(magnitude, rjb, 400.0)


def test_boore_atkinson_2008_far_distance_is_finite():
    """Half the Earth's circumference away, the median is small but finite."""
    assert np.isfinite(boore_atkinson_2008(6.0, 20_000.0, 400.0))
