"""medbrief: cited, checkable evidence briefs for clinical questions, offline.

Public API: the functions of `medbrief.pipeline`, `Settings`, the records and the error tree.
"""

from .errors import MedbriefError
from .records import Document, Hit, Passage, Section
from .settings import Settings

__all__ = ["Document", "Hit", "MedbriefError", "Passage", "Section", "Settings", "__version__"]


def __getattr__(name: str) -> str:
    """`medbrief.__version__`: the installed distribution's version (pyproject.toml's, through importlib.metadata),
    read on first use so that every start does not pay for importlib.metadata; "0+unknown" when medbrief runs
    from a source tree that was never installed."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("medbrief")
    except PackageNotFoundError:
        value = "0+unknown"
    globals()["__version__"] = value
    return value
