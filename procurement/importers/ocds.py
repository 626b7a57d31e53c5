"""OCDS 1.1 release packages and record packages (AusTender, Find a Tender, Contracts Finder).

Releases that share an `ocid` describe one contracting process: they are merged in date
order (later values win; arrays of objects with an `id` merge by id) into one opportunity.
A release seen before with the same content changes nothing; an amendment adds a version.
"""

from functools import partial

from django.utils.translation import gettext as _
from django_countries import countries

from .. import classifications as labels
from . import BadRecord, Notice, Record, RecordError, clean, currency_code, parse_amount, parse_moment, record_digest
from .jsonstream import array_items, top_level_array

COMBINES = True
STATUSES = {
    "planning": "planned",
    "planned": "planned",
    "active": "active",
    "cancelled": "cancelled",
    "unsuccessful": "cancelled",
    "withdrawn": "cancelled",
    "complete": "closed",
}
METHODS = {"open", "selective", "limited", "direct"}
TREATIES = {
    "GPA": "wto_gpa",
    "WTO-GPA": "wto_gpa",
    "CPTPP": "",
    "JP-UK-CEPA": "japan_uk_cepa",
    "JP-EU-EPA": "japan_eu_epa",
}
COUNTRY_NAMES = {
    "united kingdom": "GB",
    "uk": "GB",
    "united states": "US",
    "usa": "US",
    "japan": "JP",
    "australia": "AU",
}


def read(stream):
    key = top_level_array(
        stream,
        ("releases", "records"),
        refusal=_("This is not an OCDS release package or record package: it has no “releases” or “records” list."),
    )
    noun = _("release") if key == "releases" else _("record")
    identified = _("%(noun)s %(number)d (ocid %(ocid)s)")  # translated once per file, not once per record
    for index, item in enumerate(array_items(stream, key), start=1):
        position = f"{noun} {index}"
        if not isinstance(item, dict):
            yield RecordError(position, _("is not a JSON object."))
            continue
        if clean(item.get("ocid")):
            position = identified % {"noun": noun, "number": index, "ocid": item["ocid"]}
        build = partial(_release_notice, item, position=position, is_release=key == "releases")
        yield Record(clean(item.get("ocid")), record_digest(item), position, build)


def _release_notice(item: dict, *, position: str, is_release: bool) -> Notice:
    return normalise([item] if is_release else _record_releases(item), position=position)


def combine(previous: dict, notice: Notice) -> Notice:
    """The notice for every release of the process known so far, this one's included."""
    by_id = {}
    for release in [*previous.get("releases", []), *notice.raw.get("releases", [])]:
        by_id[(clean(release.get("id")), clean(release.get("date")))] = release
    return normalise(list(by_id.values()), position=notice.position)


def _record_releases(record: dict) -> list[dict]:
    releases = [release for release in record.get("releases") or [] if isinstance(release, dict)]
    full = [release for release in releases if "tag" in release or "tender" in release]
    if full:
        return full
    compiled = record.get("compiledRelease")
    if isinstance(compiled, dict):
        return [compiled]
    raise BadRecord(_("has neither full releases nor a compiled release."))


def merge(base, update):
    """OCDS merge: objects merge key by key, arrays of objects with ids merge by id, the rest is replaced."""
    if isinstance(base, dict) and isinstance(update, dict):
        merged = dict(base)
        for key, value in update.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if (
        isinstance(base, list)
        and isinstance(update, list)
        and update
        and all(isinstance(item, dict) and "id" in item for item in base + update)
    ):
        merged = {str(item["id"]): item for item in base}
        for item in update:
            key = str(item["id"])
            merged[key] = merge(merged[key], item) if key in merged else item
        return list(merged.values())
    return update


def _country(party: dict) -> str:
    address = party.get("address") or {}
    name = clean(address.get("countryName"))
    if not name:
        return ""
    if len(name) == 2 and name.upper() in dict(countries):
        return name.upper()
    return COUNTRY_NAMES.get(name.lower()) or countries.by_name(name) or ""


def normalise(releases: list[dict], *, position: str = "") -> Notice:
    dated = []
    for release in releases:
        ocid = clean(release.get("ocid"))
        if not ocid:
            raise BadRecord(_("has no ocid."))
        if not clean(release.get("id")):
            raise BadRecord(_("has no release id."))
        dated.append((parse_moment(release.get("date"), what="date") or _missing("date"), release))
    if len({clean(release.get("ocid")) for release in releases}) > 1:
        raise BadRecord(_("mixes releases of different contracting processes."))
    dated.sort(key=lambda pair: (pair[0], clean(pair[1].get("id"))))
    compiled: dict = {}
    for _moment, release in dated:
        compiled = merge(compiled, release)
    ocid = clean(compiled["ocid"])
    tender = compiled.get("tender") or {}
    title = clean(tender.get("title")) or clean(compiled.get("planning", {}).get("budget", {}).get("description"))
    if not title:
        raise BadRecord(_("has no tender title."))
    parties = {clean(party.get("id")): party for party in compiled.get("parties") or [] if isinstance(party, dict)}
    buyer = compiled.get("buyer") or {}
    buyer_party = parties.get(clean(buyer.get("id"))) or next(
        (party for party in parties.values() if "buyer" in (party.get("roles") or [])), {}
    )
    country = _country(buyer_party)
    if not country:
        raise BadRecord(_("does not name the buyer's country (parties[].address.countryName)."))

    value = tender.get("value") or {}
    amount = parse_amount(value.get("amount"), what="tender.value.amount")
    currency = currency_code(value.get("currency"), amount=amount, what="tender.value")
    period = tender.get("tenderPeriod") or {}
    deadline_text = clean(period.get("endDate"))

    found = []
    for item in tender.get("items") or []:
        for scheme_entry in [item.get("classification"), *(item.get("additionalClassifications") or [])]:
            if not isinstance(scheme_entry, dict) or not clean(scheme_entry.get("id")):
                continue
            scheme = clean(scheme_entry.get("scheme")).upper()
            code = clean(scheme_entry.get("id"))
            if scheme not in {"CPV", "UNSPSC", "NAICS", "PSC"} or any(
                (c["scheme"], c["code"]) == (scheme, code) for c in found
            ):
                continue
            found.append(
                {
                    "scheme": scheme,
                    "code": code,
                    "label": clean(scheme_entry.get("description")) or labels.label(scheme, code),
                    "primary": not found,
                }
            )

    awards = []
    awarded = False
    for award in compiled.get("awards") or []:
        if not isinstance(award, dict):
            continue
        award_value = award.get("value") or {}
        award_amount = parse_amount(award_value.get("amount"), what=_("award %(id)s value") % {"id": award.get("id")})
        suppliers = []
        for supplier in award.get("suppliers") or []:
            party = parties.get(clean(supplier.get("id")), {})
            identifier = party.get("identifier") or {}
            suppliers.append(
                {
                    "name": clean(supplier.get("name")) or clean(party.get("name")),
                    "identifier": clean(identifier.get("id")),
                    "scheme": clean(identifier.get("scheme")),
                }
            )
        status = clean(award.get("status"))
        awarded = awarded or status in ("active", "")
        awards.append(
            {
                "award_id": clean(award.get("id")),
                "date": parse_moment(award.get("date"), what="award.date"),
                "value_amount": award_amount,
                "value_currency": currency_code(award_value.get("currency"), amount=award_amount, what="award.value"),
                "status": status,
                "suppliers": suppliers,
            }
        )

    status = STATUSES.get(clean(tender.get("status")), "active")
    if awards and awarded and status != "cancelled":
        status = "awarded"
    contact = buyer_party.get("contactPoint") or {}
    contacts = []
    if clean(contact.get("name")) or clean(contact.get("email")):
        contacts.append(
            {
                "name": clean(contact.get("name")),
                "email": clean(contact.get("email")),
                "phone": clean(contact.get("telephone")),
                "role": "",
            }
        )
    documents = [
        {
            "title": clean(doc.get("title")) or clean(doc.get("documentType")),
            "url": clean(doc.get("url")),
            "type": clean(doc.get("documentType")),
        }
        for doc in tender.get("documents") or []
        if isinstance(doc, dict) and clean(doc.get("url"))
    ]
    places = []
    for item in tender.get("items") or []:
        address = item.get("deliveryAddress") or {}
        place = ", ".join(
            filter(
                None, (clean(address.get("locality")), clean(address.get("region")), clean(address.get("countryName")))
            )
        )
        if place and place not in places:
            places.append(place)
    method = clean(tender.get("procurementMethod"))
    latest_tags = dated[-1][1].get("tag") or []
    treaties = [
        TREATIES[code] for code in (clean(code).upper() for code in tender.get("coveredBy") or []) if TREATIES.get(code)
    ]
    return Notice(
        source="ocds",
        source_id=ocid,
        ocid=ocid,
        position=position,
        title=title,
        description=clean(tender.get("description")),
        language=clean(compiled.get("language")) or "en",
        country=country,
        reference=clean(tender.get("id")),
        notice_type=", ".join(clean(tag) for tag in latest_tags),
        buyer_name=clean(buyer.get("name")) or clean(buyer_party.get("name")),
        buyer_id=clean(buyer.get("id")),
        procurement_method=method if method in METHODS else "",
        procurement_method_details=clean(tender.get("procurementMethodDetails")),
        value_amount=amount,
        value_currency=currency,
        posted_at=parse_moment(period.get("startDate"), what="tender.tenderPeriod.startDate") or dated[0][0],
        deadline=parse_moment(deadline_text, what="tender.tenderPeriod.endDate"),
        deadline_as_published=deadline_text,
        place_of_performance="; ".join(places),
        documents=documents,
        contacts=contacts,
        url=documents[0]["url"] if documents else "",
        status=status,
        treaties=sorted(set(treaties)),
        classifications=found,
        awards=awards,
        published_at=dated[-1][0],
        raw={"releases": [release for _moment, release in dated]},
    )


def _missing(field: str):
    raise BadRecord(_("has no %(field)s.") % {"field": field})
