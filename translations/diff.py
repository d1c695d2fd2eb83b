"""What changed in a source text, word by word: the project's one word diff, under the names
translations.selectors reads (kept until it imports cinterfor.wording itself)."""

from cinterfor.wording import Piece as DiffPart
from cinterfor.wording import word_diff

__all__ = ["DiffPart", "word_diff"]
