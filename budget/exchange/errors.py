from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: the field's path (sections[0].paragraphs[2].text) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProposalFileError(Exception):
    """A proposal file that cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def dotted(location: tuple) -> str:
    """('sections', 0, 'title') -> 'sections[0].title'."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path
