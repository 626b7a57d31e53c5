"""Streaming readers of procurement source files, one module per format.

Each module's `read(stream)` takes a binary file object and yields `Notice`s (one
normalised record each, or a `Record` that makes one on demand) and `RecordError`s (a
record it could not read, with its position and why), in file order, holding only the
current record in memory. A file of the wrong structure raises `FileRefused` before any
record is yielded. `combine(previous, notice)` folds a new record into what an earlier one
of the same process held (OCDS releases of one `ocid`, award rows of one procurement
number); formats whose records stand alone return the notice as it is.

`procurement.services.importing` writes what they yield.
"""

import datetime as dt
import decimal
import hashlib
import json
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from typing import Protocol

from django.utils.translation import gettext as _

JST = zoneinfo.ZoneInfo("Asia/Tokyo")
EASTERN = zoneinfo.ZoneInfo("America/New_York")


class FileRefused(Exception):
    """The file is not of the format asked for; nothing of it is saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RecordError:
    position: str
    reason: str

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


class BadRecord(Exception):
    """Raised inside a reader for one record; the reader turns it into a RecordError."""


@dataclass
class Notice:
    """One opportunity as a source describes it, in the fields the model keeps."""

    source: str
    source_id: str
    ocid: str
    title: str
    country: str
    position: str = ""
    reference: str = ""
    notice_type: str = ""
    buyer_name: str = ""
    buyer_id: str = ""
    buyer_path: str = ""
    language: str = "en"
    description: str = ""
    title_translation: str = ""
    description_translation: str = ""
    procurement_method: str = ""
    procurement_method_details: str = ""
    set_aside_code: str = ""
    set_aside: str = ""
    value_amount: Decimal | None = None
    value_currency: str = ""
    posted_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    deadline_as_published: str = ""
    bids_open_at: dt.datetime | None = None
    tenders_opened_at: dt.datetime | None = None
    place_of_performance: str = ""
    documents: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    url: str = ""
    status: str = "active"
    eligibility: list[dict] = field(default_factory=list)
    treaties: list[str] = field(default_factory=list)
    classifications: list[dict] = field(default_factory=list)  # scheme, code, label, primary
    awards: list[dict] = field(default_factory=list)  # award_id, date, value_amount, value_currency, status, suppliers
    published_at: dt.datetime | None = None
    raw: dict = field(default_factory=dict)


@dataclass
class Record:
    """A source record as read, before it is normalised.

    Its digest (of the record exactly as published) lets an import pass over a record it has
    already taken without normalising it again; `build()` makes its `Notice` or raises BadRecord.
    """

    source_id: str
    digest: str
    position: str
    build: Callable[[], Notice]


# Raised when a reader's normalisation changes, so records read before are read again.
NORMALISATION = "1"


def record_digest(item) -> str:
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.blake2b(f"{NORMALISATION}:{text}".encode(), digest_size=16).hexdigest()


class Reader(Protocol):
    def read(self, stream): ...

    def combine(self, previous: dict, notice: Notice) -> Notice: ...


FORMATS = ("sam", "ocds", "kkj", "pportal")


def reader_for(source: str) -> Reader:
    if source not in FORMATS:
        raise ValueError(source)
    return import_module(f"{__name__}.{source}")


# Field parsing shared by the formats -------------------------------------------------------


def clean(value) -> str:
    """Text as a source gives it, with nulls, "null" and padding removed."""
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("null", "none") else text


def parse_moment(value, *, what: str, default_zone: dt.tzinfo | None = None) -> dt.datetime | None:
    """An ISO 8601 date or date-time; refused without a zone unless the format fixes one."""
    text = clean(value)
    if not text:
        return None
    candidate = text.replace("Z", "+00:00").replace(" ", "T", 1)
    if len(candidate) == 10:
        candidate += "T00:00:00"
    # SAM.gov writes offsets as -04 or -0400 as well as -04:00.
    if len(candidate) >= 3 and candidate[-3] in "+-" and candidate[-2:].isdigit() and "T" in candidate:
        candidate += ":00"
    try:
        moment = dt.datetime.fromisoformat(candidate)
    except ValueError:
        raise BadRecord(_("%(what)s “%(value)s” is not a date.") % {"what": what, "value": text}) from None
    if moment.tzinfo is None:
        if default_zone is None:
            raise BadRecord(
                _("%(what)s “%(value)s” has no time zone, so the moment it names is unknown.")
                % {"what": what, "value": text}
            )
        moment = moment.replace(tzinfo=default_zone)
    return moment


def parse_amount(value, *, what: str) -> Decimal | None:
    text = clean(value).replace(",", "").replace("$", "").replace("¥", "").replace("円", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except decimal.InvalidOperation:
        raise BadRecord(_("%(what)s “%(value)s” is not a number.") % {"what": what, "value": clean(value)}) from None
    if not amount.is_finite() or abs(amount) >= Decimal(10) ** 18:
        raise BadRecord(_("%(what)s “%(value)s” is not a number.") % {"what": what, "value": clean(value)})
    return amount.quantize(Decimal("0.01"))


def currency_code(value, *, amount: Decimal | None, what: str) -> str:
    code = clean(value).upper()
    if amount is not None and not code:
        raise BadRecord(_("%(what)s has an amount but no currency.") % {"what": what})
    if code and (len(code) != 3 or not code.isalpha()):
        raise BadRecord(
            _("%(what)s has the currency “%(value)s”, which is not an ISO 4217 code.") % {"what": what, "value": code}
        )
    return code
