"""Sphinx configuration for the skgeo documentation."""

import importlib
import os
import pkgutil
import re
import warnings
from pathlib import Path

from docutils import nodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging

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
# References to scikit-learn and NumPy names stay plain text (see intersphinx
# below); nitpicky mode would turn each of them into a warning.
nitpicky = False

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/sg_execution_times.rst"]

html_theme = "pydata_sphinx_theme"
html_title = f"skgeo {release}"
html_static_path = ["_static"]
html_css_files = ["skgeo.css"]
html_theme_options = {"navigation_with_keys": False}
# A signature longer than this is set one parameter per line, so that the
# estimators' thirty-odd parameters wrap instead of scrolling sideways.
maximum_signature_line_length = 80
# The in-page table of contents lists methods as fit(), not
# GeoMLPRegressor.fit(): shorter entries that fit the sidebar.
toc_object_entries_show_parents = "hide"

# Nothing may reach the network during the build: intersphinx inventories are
# not fetched, so cross-references to other projects stay plain text.
intersphinx_mapping = {}

# SKGEO_DOCS_SKIP_GALLERY=1 builds the gallery pages without running the
# examples (no figures, no outputs): a quick check of the rest of the docs.
# CI leaves it unset, so every example runs there.
_skip_gallery = os.environ.get("SKGEO_DOCS_SKIP_GALLERY", "").strip().lower()
_run_gallery = _skip_gallery in ("", "0", "false", "no")

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "plot_gallery": _run_gallery,
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

logger = logging.getLogger("skgeo.docs")

SUBPACKAGES = (
    "neural_network",
    "model_selection",
    "datasets",
    "seismology",
    "terrain",
    "preprocessing",
    "plotting",
    "blockwise",
)
API_INDEX = Path(__file__).parent / "api" / "index.rst"


def _public_module(obj) -> str | None:
    """The public subpackage that re-exports ``obj`` (its module minus ``_x``)."""
    module = getattr(obj, "__module__", None)
    if not module or not module.startswith("skgeo."):
        return None
    parts = [part for part in module.split(".") if not part.startswith("_")]
    return ".".join(parts)


def resolve_top_level_alias(app, env, node, contnode):
    """Link ``skgeo.Name`` to the page of ``skgeo.<subpackage>.Name``.

    The API reference documents each object once, under the subpackage that
    defines it; the top-level re-exports (``from skgeo import
    GeoMLPRegressor``) would otherwise be dead links in the prose.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    if not target.startswith("skgeo.") and node.get("py:module") == "skgeo":
        target = f"skgeo.{target}"
    head, _, rest = target.removeprefix("skgeo.").partition(".")
    if not target.startswith("skgeo.") or head not in skgeo.__all__:
        return None
    module = _public_module(getattr(skgeo, head))
    if module is None or module == "skgeo":
        return None
    canonical = f"{module}.{head}" + (f".{rest}" if rest else "")
    return env.domains["py"].resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode
    )


def sklearn_references_as_text(app, env, node, contnode):
    """Render scikit-learn's glossary and user-guide references as plain text.

    Methods inherited from scikit-learn (``score``, ``set_fit_request``,
    ...) keep their docstrings, which cite scikit-learn's glossary
    (``:term:``) and user guide (``:ref:``). Intersphinx would link them, but
    the build is offline. skgeo has no glossary, and its own docstrings use no
    ``:ref:``, so a dangling one on an API page comes from scikit-learn.
    """
    if node.get("refdomain") != "std":
        return None
    if node["reftype"] == "term" or (
        node["reftype"] == "ref" and node["refdoc"].startswith("api/generated/")
    ):
        if node.get("refexplicit"):
            return contnode
        # A bare label such as sphx_glr_auto_examples_..._plot_set_output.py
        # would be printed as is.
        return nodes.inline(text="scikit-learn's documentation")
    return None


_TYPE_LINE = re.compile(r"^(\*{0,2}\w+(?:, \*{0,2}\w+)*) : (.+)$")
_TRAILING_UNDERSCORE = re.compile(r"(?<![`\w])([A-Za-z]\w*_)(?![`\w])")


def literal_names_in_types(app, what, name, obj, options, lines):
    """Quote fitted-attribute names in numpydoc type specs as literals.

    In ``feature_names_in_ : ndarray of shape (n_features_in_,)`` the bare
    ``n_features_in_`` is reStructuredText for a link to a target that does
    not exist, an error under -W. A name in a type spec is never a link, so
    it is quoted here (before numpydoc reads the docstring) whether or not
    the docstring already quotes it.
    """
    for i, line in enumerate(lines):
        if match := _TYPE_LINE.match(line):
            literal = _TRAILING_UNDERSCORE.sub(r"``\1``", match[2])
            lines[i] = f"{match[1]} : {literal}"


def skip_builtin_members(app, what, name, obj, skip, options):
    """Leave out methods every tuple or object has (a NamedTuple's count/index)."""
    if getattr(obj, "__objclass__", None) in (tuple, object):
        return True
    return None


def _constant_comment(subpackage: str, name: str) -> list[str]:
    """The ``#:`` comment above ``name`` in the private module defining it."""
    package = importlib.import_module(subpackage)
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            continue
        module = f"{subpackage}.{info.name}"
        docs = ModuleAnalyzer.for_module(module).find_attr_docs()
        if ("", name) in docs:
            return [line for line in docs["", name] if line.strip()]
    return []


def document_constants(app, what, name, obj, options, lines):
    """Describe a public constant by its ``#:`` comment and a table of values.

    Constants are re-exported by a subpackage's ``__init__``, where autodoc
    looks for their comment in vain; the comment lives beside the definition.
    """
    if what != "data" or not name.startswith("skgeo."):
        return
    subpackage, _, attr = name.rpartition(".")
    lines[:] = _constant_comment(subpackage, attr)
    items = obj.items() if isinstance(obj, dict) else enumerate(obj)
    lines += ["", ".. list-table::", "   :header-rows: 1", ""]
    lines += ["   * - Code", "     - Name"]
    for code, label in items:
        lines += [f"   * - ``{code!r}``", f"     - {label}"]


def check_api_reference_is_complete(app):
    """Warn (an error under -W) about public names missing from api/index.rst."""
    documented, top_level = set(), set()
    module = None
    for line in API_INDEX.read_text().splitlines():
        if match := re.match(r"\.\. (?:currentmodule|automodule):: (\S+)", line):
            module = match[1]
        elif match := re.fullmatch(r" {3}~?([A-Za-z_][\w.]*)", line):
            entry = match[1]
            full = entry if entry.startswith("skgeo.") else f"{module}.{entry}"
            documented.add(full)
            if module == "skgeo":
                top_level.add(full.rpartition(".")[2])
    for sub in SUBPACKAGES:
        for name in importlib.import_module(f"skgeo.{sub}").__all__:
            if f"skgeo.{sub}.{name}" not in documented:
                logger.warning(
                    "skgeo.%s.%s is public but missing from %s; add it to the "
                    "autosummary of its subpackage.",
                    sub,
                    name,
                    API_INDEX,
                )
    for name in skgeo.__all__:
        obj = getattr(skgeo, name)
        if name == "__version__" or type(obj) is type(skgeo):
            continue
        if name not in top_level:
            logger.warning(
                "skgeo.%s is re-exported at the top level but missing from the "
                "top-level table of %s.",
                name,
                API_INDEX,
            )


def setup(app):
    app.connect("builder-inited", check_api_reference_is_complete)
    app.connect("missing-reference", resolve_top_level_alias)
    app.connect("missing-reference", sklearn_references_as_text)
    app.connect("autodoc-skip-member", skip_builtin_members)
    app.connect("autodoc-process-docstring", document_constants)
    # Before numpydoc (priority 500) turns the sections into markup.
    app.connect("autodoc-process-docstring", literal_names_in_types, priority=400)
