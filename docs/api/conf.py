"""Sphinx configuration of the API reference (`make docs` → build/docs/html/index.html)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))

import relcore  # noqa: E402  (the built extension must be importable: make docs builds it first)

project = "relcore"
author = "The relcore authors"
copyright = "2026, The relcore authors"
release = version = relcore.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Optional dependencies are imported on use; documenting the modules must not need them.
autodoc_mock_imports = ["pandas", "matplotlib", "numpy", "networkx", "tqdm", "dask", "distributed"]
nitpicky = False
html_theme = "alabaster"
html_theme_options = {"description": "who is mentioned with whom, fast and right", "fixed_sidebar": True}
exclude_patterns = ["_build"]
