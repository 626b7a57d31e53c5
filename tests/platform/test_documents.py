"""Uploaded private documents: safe stored names and one set of upload checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accelerator import documents


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("Teaming plan.pdf", "Teaming_plan.pdf"),
        ("C:\\Users\\dana\\export plan.docx", "export_plan.docx"),
        ("../../etc/passwd", "passwd"),
        ("..", "document"),
        ("", "document"),
        ("plan\x00.pdf", "plan.pdf"),
    ],
)
def test_stored_names_keep_only_the_files_own_safe_name(uploaded, stored):
    assert documents.document_name(uploaded) == stored


def test_the_title_defaults_to_the_files_name_and_bad_uploads_are_named_by_field():
    title, errors = documents.checked_upload(SimpleUploadedFile("Gate memo.pdf", b"%PDF-1.7"), "  ")
    assert (title, errors) == ("Gate_memo.pdf", {})

    title, errors = documents.checked_upload(SimpleUploadedFile("empty.pdf", b""), "Memo\x00")
    assert set(errors) == {"title", "file"}
    assert errors["file"] == ["Choose a file that is not empty."]


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 4)
    _title, errors = documents.checked_upload(SimpleUploadedFile("big.pdf", b"%PDF-1.7"), "Big")
    assert errors == {"file": ["A document can be at most 25 MB."]}
