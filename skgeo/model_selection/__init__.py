"""Cross-validation that respects space: spatial block splitters and labels."""

from ._blocks import spatial_block_labels
from ._kfold import SpatialBlockKFold
from ._shuffle_split import SpatialBlockShuffleSplit

__all__ = [
    "SpatialBlockKFold",
    "SpatialBlockShuffleSplit",
    "spatial_block_labels",
]
