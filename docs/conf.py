"""Sphinx configuration for the skgeo documentation."""

import os
import warnings

import skgeo

os.environ.setdefault("MPLBACKEND", "Agg")

project = "skgeo"
author = "The skgeo developers"
copyright = "2026, the skgeo developers"
release = skgeo.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/sg_execution_times.rst"]

html_theme = "pydata_sphinx_theme"
html_title = f"skgeo {release}"
html_static_path = ["_static"]
html_theme_options = {"navigation_with_keys": False}

# Nothing may reach the network during the build: intersphinx inventories are
# not fetched, so cross-references to other projects stay plain text.
intersphinx_mapping = {}

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "within_subsection_order": "FileNameSortKey",
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
}

warnings.filterwarnings(
    "ignore",
    category=UserWarning,
    message="Matplotlib is currently using agg",
)
