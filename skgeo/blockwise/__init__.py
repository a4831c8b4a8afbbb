"""Training and prediction over the blocks of Dask collections.

For data larger than memory: :func:`partial_fit_blocks` trains an estimator
with ``partial_fit`` over the row blocks of a Dask array or the partitions of
a Dask DataFrame (e.g. a Parquet dataset), one block in memory at a time, and
:func:`predict_blocks` applies a fitted estimator block by block, lazily.
Both need the ``distributed`` extra (Dask); importing this module does not.
"""

from ._partial_fit import BlockFitResult, partial_fit_blocks
from ._predict import predict_blocks

__all__ = ["BlockFitResult", "partial_fit_blocks", "predict_blocks"]
