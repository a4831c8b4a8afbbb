"""Feature encoders for geoscience data: periodic values, coordinates, time."""

from ._cyclical import CyclicalEncoder
from ._latlon import LatLonEncoder
from ._solar_time import local_solar_hour

__all__ = ["CyclicalEncoder", "LatLonEncoder", "local_solar_hour"]
