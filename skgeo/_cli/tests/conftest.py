"""Tables, catalogs and a trained model shared by the command-line tests."""

import numpy as np
import pandas as pd
import pytest

from skgeo._cli import main
from skgeo.datasets import make_earthquake_catalog, write_comcat_csv

# Small and fast: the tests check the command, not the model's quality.
FAST = ["--hidden", "4", "--max-iter", "5"]


def run(capsys, *argv):
    """Run ``skgeo argv``; return the exit code, stdout and stderr."""
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    """The single stderr line of a failed command (warnings may precede it)."""
    lines = [line for line in err.splitlines() if not line.startswith("skgeo: warn")]
    assert len(lines) == 1, err
    assert lines[0].startswith("skgeo: error: "), err
    return lines[0]


@pytest.fixture
def table(tmp_path):
    """A ground-motion-like table: numbers, a text category, groups, targets."""
    rng = np.random.default_rng(0)
    n = 200
    frame = pd.DataFrame(
        {
            "magnitude": rng.uniform(5, 7, n),
            "distance": rng.uniform(1, 100, n),
            "east": rng.uniform(0, 100, n),
            "north": rng.uniform(0, 100, n),
            "event": np.repeat(np.arange(20), 10),
            "site": rng.choice(["rock", "soil"], n),
        }
    )
    frame["ln_pga"] = frame.magnitude - np.log(frame.distance) + rng.normal(0, 0.1, n)
    frame["size"] = np.where(frame.magnitude > 6, "large", "small")
    path = tmp_path / "records.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    """Two synthetic ComCat months written as ComCat CSV files."""
    folder = tmp_path_factory.mktemp("catalogs")
    paths = []
    for seed, start in ((0, "2024-01-01T00:00:00Z"), (1, "2024-02-01T00:00:00Z")):
        catalog = make_earthquake_catalog(30, start_time=start, random_state=seed)
        path = folder / f"month{seed}.csv"
        write_comcat_csv(catalog, path)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def comcat_model(catalogs, tmp_path_factory):
    """A classifier of event type trained by ``skgeo train`` on a catalog."""
    path = tmp_path_factory.mktemp("models") / "type.skops"
    code = main(
        ["train", "--data", str(catalogs[0]), "--target", "type", "--model", str(path)]
        + ["--class-weight", "balanced", "--cv", "0", *FAST]
    )
    assert code == 0
    return path
