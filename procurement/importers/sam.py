"""SAM.gov Get Opportunities API v2: a response's `opportunitiesData[]`, one notice each.

Real responses hold nulls, the string "null", padded strings and award notices with no
response deadline; all are read as absent. A deadline must name its zone (SAM.gov writes
an offset such as -05:00); the posting date is a calendar date in Eastern time.
"""

from functools import partial

from django.conf import settings
from django.utils.translation import gettext as _

from .. import classifications
from . import EASTERN, BadRecord, Notice, Record, RecordError, clean, parse_amount, parse_moment, record_digest
from .jsonstream import array_items, top_level_array

PLANNED_TYPES = {"presolicitation", "sources sought", "special notice"}


def read(stream):
    key = top_level_array(
        stream,
        ("opportunitiesData",),
        refusal=_("This is not a SAM.gov opportunities response: it has no “opportunitiesData” list."),
    )
    # Translated once per file, not once per record.
    numbered, identified = _("notice %(number)d"), _("notice %(number)d (noticeId %(id)s)")
    for index, item in enumerate(array_items(stream, key), start=1):
        position = numbered % {"number": index}
        if not isinstance(item, dict):
            yield RecordError(position, _("is not a JSON object."))
            continue
        notice_id = clean(item.get("noticeId"))
        if notice_id:
            position = identified % {"number": index, "id": notice_id}
        yield Record(notice_id, record_digest(item), position, partial(notice, item, position=position))


def combine(previous: dict, notice: Notice) -> Notice:
    return notice


def _place(place) -> str:
    if not isinstance(place, dict):
        return ""
    parts = []
    for key in ("city", "state", "country"):
        part = place.get(key)
        if isinstance(part, dict):
            parts.append(clean(part.get("name")) or clean(part.get("code")))
        else:
            parts.append(clean(part))
    return ", ".join(part for part in parts if part)


def _codes(value) -> list[str]:
    if isinstance(value, list):
        return [clean(code) for code in value if clean(code)]
    return [clean(value)] if clean(value) else []


def notice(item: dict, *, position: str = "") -> Notice:
    notice_id = clean(item.get("noticeId"))
    if not notice_id:
        raise BadRecord(_("has no noticeId."))
    title = clean(item.get("title"))
    if not title:
        raise BadRecord(_("has no title."))
    kind = clean(item.get("type"))
    active = clean(item.get("active")).lower()
    if "award" in kind.lower():
        status = "awarded"
    elif "cancel" in kind.lower():
        status = "cancelled"
    elif active == "no":
        status = "closed"
    elif kind.lower() in PLANNED_TYPES:
        status = "planned"
    else:
        status = "active"
    deadline_text = clean(item.get("responseDeadLine"))
    deadline = parse_moment(deadline_text, what="responseDeadLine")
    posted = parse_moment(item.get("postedDate"), what="postedDate", default_zone=EASTERN)
    path = clean(item.get("fullParentPathName"))
    buyer = path.split(".")[-1].strip() if path else clean(item.get("department"))

    found = []
    for scheme, codes in (
        ("NAICS", _codes(item.get("naicsCode")) or _codes(item.get("naicsCodes"))),
        ("PSC", _codes(item.get("classificationCode"))),
    ):
        for code in codes:
            if (scheme, code) not in {(c["scheme"], c["code"]) for c in found}:
                found.append(
                    {"scheme": scheme, "code": code, "label": classifications.label(scheme, code), "primary": not found}
                )

    contacts = []
    for contact in item.get("pointOfContact") or []:
        if isinstance(contact, dict) and (clean(contact.get("fullName")) or clean(contact.get("email"))):
            contacts.append(
                {
                    "name": clean(contact.get("fullName")),
                    "email": clean(contact.get("email")),
                    "phone": clean(contact.get("phone")),
                    "role": clean(contact.get("type")),
                }
            )

    documents = []
    description = clean(item.get("description"))
    if description.startswith(("http://", "https://")):
        documents.append({"title": "Description", "url": description})
        description = ""
    for link in item.get("resourceLinks") or []:
        if clean(link):
            documents.append({"title": clean(link).rstrip("/").rsplit("/", 1)[-1], "url": clean(link)})

    awards = []
    award = item.get("award")
    if isinstance(award, dict) and (clean(award.get("number")) or isinstance(award.get("awardee"), dict)):
        awardee = award.get("awardee") or {}
        amount = parse_amount(award.get("amount"), what="award.amount")
        suppliers = []
        if clean(awardee.get("name")):
            suppliers.append(
                {
                    "name": clean(awardee.get("name")),
                    "identifier": clean(awardee.get("ueiSAM")),
                    "scheme": "US-SAM-UEI" if clean(awardee.get("ueiSAM")) else "",
                }
            )
        awards.append(
            {
                "award_id": clean(award.get("number")) or notice_id,
                "date": parse_moment(award.get("date"), what="award.date", default_zone=EASTERN),
                "value_amount": amount,
                "value_currency": "USD" if amount is not None else "",
                "status": "active",
                "suppliers": suppliers,
            }
        )

    eligibility = [{"kind": "sam_registration"}]
    set_aside = clean(item.get("typeOfSetAsideDescription"))
    if clean(item.get("typeOfSetAside")):
        eligibility.append({"kind": "set_aside", "value": set_aside or clean(item.get("typeOfSetAside"))})

    return Notice(
        source="sam",
        source_id=notice_id,
        ocid=f"{settings.OCDS_OCID_PREFIX}-sam-{notice_id}",
        position=position,
        title=title,
        description=description,
        language="en",
        country="US",
        reference=clean(item.get("solicitationNumber")),
        notice_type=kind or clean(item.get("baseType")),
        buyer_name=buyer,
        buyer_id=clean(item.get("fullParentPathCode")),
        buyer_path=" / ".join(part.strip() for part in path.split(".")[:-1] if part.strip()),
        set_aside_code=clean(item.get("typeOfSetAside")),
        set_aside=set_aside,
        posted_at=posted,
        deadline=deadline,
        deadline_as_published=deadline_text,
        place_of_performance=_place(item.get("placeOfPerformance")),
        documents=documents,
        contacts=contacts,
        url=clean(item.get("uiLink")),
        status=status,
        eligibility=eligibility,
        classifications=found,
        awards=awards,
        published_at=posted,
        raw=item,
    )
