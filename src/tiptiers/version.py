"""The package's version, in a module of its own so that any module can name it without
importing the package (whose ``__init__`` loads the Python API on first use)."""

__version__ = "0.1.0"  # keep equal to pyproject.toml's [project] version
