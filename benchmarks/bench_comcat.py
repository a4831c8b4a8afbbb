"""Time and memory of read_comcat_csv against pandas.read_csv on a large catalog.

A user with a big ComCat file would otherwise call ``pandas.read_csv`` and
convert the times themselves, so that is the reference; the target is
within 1.5x of its time and peak memory.

The catalog (about 100 MB, 543,000 rows by default) is built in a temporary
folder from the real month of ComCat data beside the repository
(``../shared/data/usgs_comcat_all_month_*.csv``) when it is there, or from
``make_earthquake_catalog`` otherwise: the rows are repeated with their
times shifted by a month per copy and unique ids, then written with
``write_comcat_csv``. Nothing is downloaded and the file is deleted at the
end.

Time: the contenders run alternately in this process, ``--rounds`` times
each; the table gives medians and the ratio. Memory: each contender reads
the file once in a fresh subprocess per round (alternating), which resets
its peak resident set size after the imports (``/proc/self/clear_refs``,
Linux) and reports the peak (``VmHWM``) minus the size before the read; the
table gives medians and the ratio.

Run::

    python benchmarks/bench_comcat.py                 # 543k rows, 3 rounds
    python benchmarks/bench_comcat.py --rows 50000 --rounds 2   # quick
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _harness import alternate, machine_info, render_table, timed

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_DATA = REPOSITORY.parent / "shared" / "data"

# Run in a fresh interpreter: import, note the RSS, read once, print the
# peak RSS growth in bytes.
_MEMORY_PROBE = """
import sys
import pandas as pd
from skgeo.datasets import read_comcat_csv

def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024

# Reset the peak (VmHWM) to the current size, so that the imports' own
# peak is not counted (Linux >= 4.0).
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status("VmRSS:")
path, contender = sys.argv[1], sys.argv[2]
if contender == "pandas.read_csv":
    frame = pd.read_csv(path)
else:
    frame = read_comcat_csv(path)
print(status("VmHWM:") - before)
"""


def base_catalog() -> tuple[pd.DataFrame, str]:
    """The real ComCat month when present, else a synthetic catalog."""
    from skgeo.datasets import make_earthquake_catalog, read_comcat_csv

    months = sorted(SHARED_DATA.glob("usgs_comcat_all_month_*.csv"))
    if os.environ.get("SKGEO_COMCAT_MONTH"):
        months = [Path(os.environ["SKGEO_COMCAT_MONTH"])]
    if months:
        return read_comcat_csv(months[0]), f"real month {months[0].name}"
    catalog = make_earthquake_catalog(
        30.0, background_rate=300.0, n_quarries=5, random_state=0
    )
    return catalog, "make_earthquake_catalog(30 days)"


def build_file(path: Path, n_rows: int) -> str:
    """Write a catalog of `n_rows` rows to `path`; return where it came from."""
    from skgeo.datasets import write_comcat_csv

    base, origin = base_catalog()
    copies = int(np.ceil(n_rows / len(base)))
    parts = []
    for copy in range(copies):
        part = base.copy()
        shift = pd.Timedelta(days=30 * copy)
        part["time"] = part["time"] + shift
        part["updated"] = part["updated"] + shift
        part["id"] = part["id"] + f"c{copy}"
        parts.append(part)
    catalog = pd.concat(parts, ignore_index=True).iloc[:n_rows]
    write_comcat_csv(catalog, path)
    return origin


def peak_rss_growth(path: Path, contender: str) -> int:
    """Peak RSS growth (bytes) of one read in a fresh interpreter."""
    environment = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path), contender],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=543_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from skgeo.datasets import read_comcat_csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.csv"
        start = time.perf_counter()
        origin = build_file(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        print(
            f"{args.rows} rows from the {origin}: {size_mb:.1f} MB "
            f"(built in {time.perf_counter() - start:.1f} s)"
        )

        # The reference parses times as a user would after reading.
        def pandas_with_times():
            frame = pd.read_csv(path)
            for name in ("time", "updated"):
                frame[name] = pd.to_datetime(frame[name], format="ISO8601", utc=True)
            return frame

        contenders = {
            "read_comcat_csv": timed(lambda: read_comcat_csv(path)),
            "pandas.read_csv": timed(lambda: pd.read_csv(path)),
            "pandas.read_csv + to_datetime": timed(pandas_with_times),
        }
        times = alternate(contenders, args.rounds)
        memory = {"read_comcat_csv": [], "pandas.read_csv": []}
        for _ in range(args.rounds):
            for name in memory:
                memory[name].append(peak_rss_growth(path, name))

    seconds = {name: statistics.median(values) for name, values in times.items()}
    print("peak RSS growth per round (bytes):", memory)
    peak = {name: statistics.median(values) for name, values in memory.items()}
    reference = seconds["pandas.read_csv"]
    rows = [
        [name, f"{value:.2f}", f"{value / reference:.2f}"]
        for name, value in seconds.items()
    ]
    print(render_table(["reader", "median time (s)", "ratio to pandas"], rows))
    print()
    rows = [
        [name, f"{value / 1e6:.0f}", f"{value / peak['pandas.read_csv']:.2f}"]
        for name, value in peak.items()
    ]
    print(render_table(["reader", "median peak RSS growth (MB)", "ratio"], rows))
    info = machine_info()
    print(
        f"\n{info['cpu_model']}, {info['cores']} usable cores, load "
        f"{info['load_average_1_5_15']}; pandas {pd.__version__}; "
        f"{args.rounds} rounds"
    )


if __name__ == "__main__":
    main()
