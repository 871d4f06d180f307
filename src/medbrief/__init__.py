"""medbrief: cited, checkable evidence briefs for clinical questions, offline.

Public API: the functions of `medbrief.pipeline`, `Settings`, the records and the error tree.
"""

from .errors import MedbriefError
from .records import Document, Hit, Passage, Section
from .settings import Settings

__all__ = ["Document", "Hit", "MedbriefError", "Passage", "Section", "Settings"]
__version__ = "0.1.0"
