"""`manage.py export_document` for scripts, and the benchmark behind `make bench`."""

import zipfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from .readers import docx_numbered_paragraphs, open_docx, open_xlsx, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_the_command_writes_the_same_export_as_a_job(proposal_2020_21, tmp_path, fmt, capsys):
    out = tmp_path / f"proposal.{fmt}"
    call_command("export_document", "2020-21", "--format", fmt, "--out", str(out))
    data = out.read_bytes()
    if fmt == "docx":
        assert len(docx_numbered_paragraphs(open_docx(data))) == 31
    elif fmt == "pdf":
        assert "31. The Governing Body approved" in pdf_text(data, min_size=10)
    else:
        assert open_xlsx(data).sheetnames == ["Appendix I", "Appendix II"]
    assert f"Wrote {out}" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_the_command_replaces_an_existing_file_whole(proposal_2020_21, tmp_path):
    out = tmp_path / "proposal.docx"
    out.write_bytes(b"an older export")
    call_command("export_document", "2020-21", "--format", "docx", "--out", str(out))
    assert zipfile.is_zipfile(out)


def test_the_command_names_a_biennium_that_does_not_exist(db, tmp_path):
    with pytest.raises(CommandError, match="2030-31"):
        call_command("export_document", "2030-31", "--format", "pdf", "--out", str(tmp_path / "x"))


def test_the_benchmark_prints_a_table_of_the_three_formats(proposal_2020_21, capsys):
    call_command("bench_exports", "2020-21", "--repeat", "1", "--without-libreoffice")
    out = capsys.readouterr().out
    assert "Format" in out and "Renderer alone (s)" in out
    for row in ("DOCX", "PDF", "XLSX", "All three"):
        assert any(line.startswith(row) for line in out.splitlines()), row


def test_a_spanish_export_writes_figures_as_each_text_is_written(
    proposal_2020_21, manager, tmp_path
):
    out = tmp_path / "propuesta.docx"

    def paragraph_24() -> str:
        call_command(
            "export_document", "2020-21", "--format", "docx", "--language", "es", "--out", str(out)
        )
        return docx_numbered_paragraphs(open_docx(out.read_bytes()))[23]

    # Untranslated, the paragraph is printed in English, with its figures as English writes them.
    assert "US$2,462,895" in paragraph_24()
    spanish = settings.BASE_DIR / "data" / "translations" / "proposal-2020-21.es.json"
    call_command("import_xliff", "2020-21", str(spanish), "--by", manager.username, verbosity=0)
    # Translated, Spanish text with Spanish figures, grouped by a (no-break) space.
    assert "2 462 895 dólares" in paragraph_24()
