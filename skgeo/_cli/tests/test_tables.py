"""Tests of how train and predict read their tables (encodings, bad lines)."""

import gzip

import pandas as pd
import pytest

from .conftest import one_error_line, run


def _predictions(out):
    from io import StringIO

    return pd.read_csv(StringIO(out))


@pytest.mark.parametrize("kind", ["utf-16", "gzip"])
def test_predict_reads_utf16_and_gzip_catalogs(kind, catalogs, comcat_model, tmp_path):
    """A UTF-16 or gzip-compressed ComCat file predicts like the plain one."""
    text = catalogs[1].read_text(encoding="utf-8")
    if kind == "utf-16":
        path = tmp_path / "month.csv"
        path.write_text(text, encoding="utf-16")
    else:
        path = tmp_path / "month.csv.gz"
        path.write_bytes(gzip.compress(text.encode()))
    return_code, expected, _ = _run_predict(comcat_model, catalogs[1])
    code, out, _ = _run_predict(comcat_model, path)
    assert return_code == 0 and code == 0
    pd.testing.assert_frame_equal(_predictions(out), _predictions(expected))


def _run_predict(model, data, *extra):
    import contextlib
    import io

    from skgeo._cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["predict", "--model", str(model), "--data", str(data), *extra])
    return code, out.getvalue(), err.getvalue()


def test_predict_truncated_catalog_is_an_error_or_a_counted_warning(
    catalogs, comcat_model, tmp_path, capsys
):
    """A row cut short stops predict with its line; --on-bad-lines warn drops it."""
    lines = catalogs[1].read_text().splitlines()
    path = tmp_path / "cut.csv"
    path.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:13] + "\n")
    code, _, err = run(capsys, "predict", "--model", comcat_model, "--data", path)
    assert code == 1
    line = one_error_line(err)
    assert f"line {len(lines)}" in line and "--on-bad-lines warn" in line
    code, out, err = run(
        capsys, "predict", "--model", comcat_model, "--data", path,
        "--on-bad-lines", "warn",
    )  # fmt: skip
    assert code == 0 and "skgeo: warning:" in err and "Skipped 1 line" in err
    assert len(_predictions(out)) == len(lines) - 2


def test_unknown_or_wrong_encoding_is_one_line(catalogs, comcat_model, capsys):
    """An unknown codec, or one that does not fit the bytes, is a one-line error."""
    code, _, err = run(
        capsys, "predict", "--model", comcat_model, "--data", catalogs[1],
        "--encoding", "no-such-codec",
    )  # fmt: skip
    assert code == 1
    assert "unknown encoding 'no-such-codec'" in one_error_line(err)
