"""Write the model file that later versions of skgeo must still load.

Run once per file format version, from any folder::

    python skgeo/io/tests/data/make_model_v0_1.py

It writes, beside this script, ``model_v0_1.skops`` (a ComCat classifier
Pipeline of the kind ``skgeo train`` saves: ColumnTransformer with imputers,
one-hot, DateTimeEncoder, LatLonEncoder, and a GeoMLPClassifier),
``model_v0_1_input.csv`` (20 events) and ``model_v0_1_expected.csv`` (their
class probabilities). ``test_models.py`` loads the file with the current
loader and compares its predictions. Never regenerate an existing version:
add a new one.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from skgeo import GeoMLPClassifier, make_earthquake_catalog
from skgeo.datasets import write_comcat_csv
from skgeo.io import save_model
from skgeo.preprocessing import make_comcat_transformer

HERE = Path(__file__).resolve().parent


def main() -> None:
    catalog = make_earthquake_catalog(60, random_state=0)
    catalog.loc[3, "mag"] = np.nan  # so that a missing-value indicator is saved
    model = Pipeline(
        [
            ("features", make_comcat_transformer()),
            (
                "network",
                GeoMLPClassifier(
                    hidden_layer_sizes=(4,),
                    max_iter=30,
                    class_weight="balanced",
                    early_stopping=True,
                    random_state=0,
                ),
            ),
        ]
    )
    model.fit(catalog, catalog["type"])
    save_model(model, HERE / "model_v0_1.skops")
    sample = catalog.iloc[:20]
    write_comcat_csv(sample, HERE / "model_v0_1_input.csv")
    probabilities = model.predict_proba(sample)
    pd.DataFrame(probabilities, columns=model.classes_).to_csv(
        HERE / "model_v0_1_expected.csv", index=False, float_format="%.17g"
    )


if __name__ == "__main__":
    main()
