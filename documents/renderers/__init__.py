"""One renderer per format: each takes the document model and returns the file's bytes."""

from collections.abc import Callable
from dataclasses import dataclass

from .. import model as m


@dataclass(frozen=True)
class Format:
    key: str
    extension: str
    media_type: str
    render: Callable[[m.Document], bytes]


def formats() -> dict[str, Format]:
    """The formats by key; renderers are imported when first asked for (the PDF one is heavy)."""
    from . import docx, pdf, xlsx

    return {
        module.EXTENSION: Format(
            module.EXTENSION, module.EXTENSION, module.MEDIA_TYPE, module.render
        )
        for module in (docx, pdf, xlsx)
    }


def renderer(key: str) -> Format:
    return formats()[key]
