"""Feature encoders for geoscience data: periodic values, coordinates, time."""

from ._cyclical import CyclicalEncoder
from ._datetime import DateTimeEncoder
from ._latlon import LatLonEncoder
from ._solar_time import local_solar_hour
from ._tables import COMCAT_FEATURES, make_comcat_transformer, make_table_transformer

__all__ = [
    "COMCAT_FEATURES",
    "CyclicalEncoder",
    "DateTimeEncoder",
    "LatLonEncoder",
    "local_solar_hour",
    "make_comcat_transformer",
    "make_table_transformer",
]
