"""Private documents people upload (council agenda papers, bid-room files): one size limit,
one rule for stored names, and one way to store them that leaves no orphan file behind."""

from pathlib import PurePath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
NUL = "\x00"


def document_name(name: str) -> str:
    """The uploaded file's own name, safe to store: no folders, no null character, at most 150 characters."""
    stem = PurePath((name or "").replace("\\", "/")).name.replace(NUL, "")
    try:
        return get_valid_filename(stem)[-150:] or "document"
    except SuspiciousFileOperation:
        return "document"


def checked_upload(file: UploadedFile | None, title: str) -> tuple[str, dict[str, list[str]]]:
    """The document's title (the file's name when none is given) and what is wrong, by field."""
    errors: dict[str, list[str]] = {}
    title = (title or "").strip() or (document_name(file.name or "") if file else "")
    if NUL in title:
        errors.setdefault("title", []).append(_("Remove the null character from this text."))
    if file is None or not file.size:
        errors.setdefault("file", []).append(_("Choose a file that is not empty."))
    elif file.size > MAX_DOCUMENT_BYTES:
        errors.setdefault("file", []).append(_("A document can be at most 25 MB."))
    return title[:200], errors


def store(document: models.Model, file: UploadedFile) -> None:
    """Saves `file` under its safe name in `document.file`, then the row; a failed row removes the file."""
    field = document.file  # type: ignore[attr-defined]
    field.save(document_name(file.name or ""), file, save=False)
    try:
        document.save()
    except Exception:
        field.delete(save=False)
        raise
