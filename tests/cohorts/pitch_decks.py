"""Pitch decks, and a private file store in a temporary folder for every test (a pytest plugin of tests/conftest.py)."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from cohorts.models import Application, Question

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "orbitworks-deck.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def png_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("deck.pdf", PNG_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path, monkeypatch):
    """Pitch decks go to a temporary folder, never into the repository.

    The model field resolved its storage when the model was loaded, so it is pointed at
    the overridden one as well.
    """
    location = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(location), "base_url": None}},
    }
    monkeypatch.setattr(Application._meta.get_field("pitch_deck"), "storage", storages["private"])
    return location


def question(cohort, position: int) -> Question:
    return cohort.questions.get(position=position)


def answer_key(cohort, position: int) -> str:
    return str(question(cohort, position).pk)
