"""The DOCX renderer looks styles up once per document, not once per paragraph (issue 9).

python-docx finds a style by name by scanning every style in the document; done for each of
the document's ~150 paragraphs and table cells it was most of the DOCX export's time.
"""

import pytest
from docx.oxml.ns import qn
from docx.styles.styles import Styles

from documents.builder import build_document
from documents.renderers import docx

from .readers import open_docx

pytestmark = pytest.mark.django_db


def test_styles_are_looked_up_a_fixed_number_of_times_whatever_the_length(
    proposal_2020_21, monkeypatch
):
    lookups = []
    by_name = Styles.__getitem__
    default = Styles.default

    def count(name):
        def counted(self, *args):
            lookups.append(name)
            return (by_name if name == "name" else default)(self, *args)

        return counted

    monkeypatch.setattr(Styles, "__getitem__", count("name"))
    monkeypatch.setattr(Styles, "default", count("default"))
    data = docx.render(build_document(proposal_2020_21))
    monkeypatch.undo()
    paragraphs = open_docx(data).element.body.findall(".//" + qn("w:p"))
    assert len(paragraphs) > 150
    assert len(lookups) < 40
