"""The award CSV of 調達ポータル (Japan's government procurement portal): past awards.

No header row; eight columns per award: 調達案件番号 (procurement number), 案件名称 (title),
落札日 (award date), 落札金額 (award amount, yen), 調達種別コード (procurement category
code), 機関コード (agency code), 落札者名 (supplier), 法人番号 (supplier's corporate number).
The portal publishes UTF-8 or Shift_JIS; any other encoding is refused. Rows that share a
procurement number are one procurement with several awards.
"""

import codecs
import csv
import io

from django.conf import settings
from django.utils.translation import gettext as _

from .. import classifications
from . import JST, BadRecord, FileRefused, Notice, RecordError, clean, parse_amount, parse_moment

COMBINES = True
COLUMNS = 8
SAMPLE_BYTES = 64 * 1024


def _encoding(head: bytes) -> str:
    if b"\x00" in head:
        raise FileRefused(_("The file is neither UTF-8 nor Shift_JIS text (it looks like UTF-16 or binary)."))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileRefused(_("The file is neither UTF-8 nor Shift_JIS text."))


def _date(value: str, what: str):
    return parse_moment(clean(value).replace("/", "-").replace(".", "-"), what=what, default_zone=JST)


def read(stream):
    head = stream.read(SAMPLE_BYTES)
    if not head.strip():
        raise FileRefused(_("The file is empty."))
    encoding = _encoding(head)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    rows = csv.reader(text)
    checked = False
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            position = _("line %(number)d") % {"number": rows.line_num}
            if not checked:
                _check_first(row)
                checked = True
            try:
                yield notice(row, position=position)
            except BadRecord as error:
                yield RecordError(position, str(error))
    except UnicodeDecodeError:
        raise FileRefused(
            _("Line %(number)d is not %(encoding)s text like the lines before it.")
            % {"number": rows.line_num + 1, "encoding": "UTF-8" if encoding == "utf-8-sig" else "Shift_JIS"}
        ) from None
    except csv.Error as error:
        raise FileRefused(
            _("Line %(number)d is not valid CSV (%(error)s).") % {"number": rows.line_num, "error": error}
        ) from None
    finally:
        text.detach()
    if not checked:
        raise FileRefused(_("The file is empty."))


def _check_first(row: list[str]) -> None:
    refusal = _(
        "This is not the procurement portal's award CSV: its rows have eight columns without a header "
        "(procurement number, title, award date, amount, category code, agency code, supplier, corporate number)."
    )
    if len(row) != COLUMNS:
        raise FileRefused(refusal)
    try:
        _date(row[2], "落札日")
    except BadRecord:
        raise FileRefused(refusal) from None


def combine(previous: dict, notice: Notice) -> Notice:
    rows = {tuple(row[:1] + row[6:8]): row for row in previous.get("rows", [])}
    for row in notice.raw["rows"]:
        rows[tuple(row[:1] + row[6:8])] = row
    return _notice_from_rows(list(rows.values()), position=notice.position)


def notice(row: list[str], *, position: str = "") -> Notice:
    if len(row) != COLUMNS:
        raise BadRecord(_("has %(count)d columns, not 8.") % {"count": len(row)})
    return _notice_from_rows([[clean(cell) for cell in row]], position=position)


def _notice_from_rows(rows: list[list[str]], *, position: str) -> Notice:
    number, title, _date_text, _amount, category, agency, _supplier, _corporate = rows[-1]
    if not number:
        raise BadRecord(_("has no procurement number (調達案件番号)."))
    if not title:
        raise BadRecord(_("has no title (案件名称)."))
    awards = []
    for row in rows:
        amount = parse_amount(row[3], what="落札金額")
        if not row[6]:
            raise BadRecord(_("names no supplier (落札者名)."))
        awards.append(
            {
                "award_id": f"{row[0]}-{row[7] or row[6]}",
                "date": _date(row[2], "落札日"),
                "value_amount": amount,
                "value_currency": "JPY" if amount is not None else "",
                "status": "active",
                "suppliers": [{"name": row[6], "identifier": row[7], "scheme": "JP-JCN" if row[7] else ""}],
            }
        )
    awards.sort(key=lambda award: (award["date"], award["award_id"]))
    return Notice(
        source="pportal",
        source_id=number,
        ocid=f"{settings.OCDS_OCID_PREFIX}-pportal-{number}",
        position=position,
        title=title,
        language="ja",
        country="JP",
        notice_type="落札結果",
        buyer_name=f"機関コード {agency}" if agency else "",
        buyer_id=agency,
        reference=number,
        status="awarded",
        classifications=[
            {
                "scheme": "JP-CATEGORY",
                "code": category,
                "label": classifications.label("JP-CATEGORY", category),
                "primary": True,
            }
        ]
        if category
        else [],
        awards=awards,
        posted_at=awards[0]["date"],
        published_at=awards[-1]["date"],
        raw={"rows": rows},
    )
