"""Opportunities written as OCDS 1.1 releases and release packages.

Notices that arrived as OCDS keep their ocid; SAM.gov and Japan's portals get one under the
platform's prefix. Codes follow OCDS's closed code lists, so the output validates against
the OCDS 1.1 release schema shipped in `procurement/schema/`.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .models import Opportunity, Status

TENDER_STATUS = {
    Status.PLANNED: "planned",
    Status.ACTIVE: "active",
    Status.CANCELLED: "cancelled",
    Status.CLOSED: "complete",
    Status.AWARDED: "complete",
}
AWARD_STATUS = {"pending", "active", "cancelled", "unsuccessful"}
PUBLISHER = "U.S.–Japan Space Accelerator"


def _moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def _amount(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _value(amount: Decimal | None, currency: str) -> dict | None:
    if amount is None or not currency:
        return None
    return {"amount": _amount(amount), "currency": currency}


def _tags(opportunity: Opportunity) -> list[str]:
    if opportunity.status == Status.PLANNED:
        return ["planning"]
    if opportunity.status == Status.CANCELLED:
        return ["tenderCancellation"]
    if opportunity.status == Status.AWARDED:
        return ["award"]
    return ["tenderAmendment"] if opportunity.version > 1 else ["tender"]


def _clean(data):
    """Drops empty values: OCDS omits what is unknown rather than writing null."""
    if isinstance(data, dict):
        cleaned = {key: _clean(value) for key, value in data.items()}
        return {key: value for key, value in cleaned.items() if value not in (None, "", [], {})}
    if isinstance(data, list):
        return [_clean(item) for item in data if item not in (None, "", [], {})]
    return data


def release(opportunity: Opportunity) -> dict:
    """The opportunity as it stands now, as one OCDS release (uses prefetched classifications and awards)."""
    buyer_id = f"{opportunity.source}-buyer-{opportunity.buyer_id or opportunity.buyer_name}"[:200]
    parties = {
        buyer_id: {
            "id": buyer_id,
            "name": opportunity.buyer_name,
            "address": {"countryName": opportunity.country.name},
            "roles": ["buyer"],
        }
    }
    awards = []
    for award in opportunity.awards.all():
        suppliers = []
        for supplier in award.suppliers.all():
            party_id = (
                f"{supplier.scheme}-{supplier.identifier}" if supplier.identifier else f"supplier-{supplier.name}"
            )
            party = parties.setdefault(party_id, {"id": party_id, "name": supplier.name, "roles": []})
            if "supplier" not in party["roles"]:
                party["roles"].append("supplier")
            if supplier.identifier:
                party["identifier"] = {"scheme": supplier.scheme, "id": supplier.identifier}
            suppliers.append({"id": party_id, "name": supplier.name})
        awards.append(
            {
                "id": award.award_id,
                "date": _moment(award.date),
                "status": award.status if award.status in AWARD_STATUS else None,
                "value": _value(award.value_amount, award.value_currency),
                "suppliers": suppliers,
            }
        )
    classifications = [
        {"scheme": c.scheme, "id": c.code, "description": c.label} for c in opportunity.classifications.all()
    ]
    items = []
    if classifications:
        items.append(
            {
                "id": "1",
                "description": opportunity.title,
                "classification": classifications[0],
                "additionalClassifications": classifications[1:],
                "deliveryAddress": {"streetAddress": opportunity.place_of_performance},
            }
        )
    documents = [
        {
            "id": str(number),
            "title": document.get("title"),
            "url": document.get("url"),
            "documentType": document.get("type") or None,
        }
        for number, document in enumerate(opportunity.documents, start=1)
    ]
    tender = {
        "id": opportunity.reference or opportunity.source_id,
        "title": opportunity.title,
        "description": opportunity.description,
        "status": TENDER_STATUS.get(opportunity.status),
        "value": _value(opportunity.value_amount, opportunity.value_currency),
        "procurementMethod": opportunity.procurement_method or None,
        "procurementMethodDetails": opportunity.procurement_method_details,
        "tenderPeriod": {"startDate": _moment(opportunity.posted_at), "endDate": _moment(opportunity.deadline)},
        "items": items,
        "documents": documents,
    }
    contact = next(iter(opportunity.contacts), None)
    if contact:
        parties[buyer_id]["contactPoint"] = {
            "name": contact.get("name"),
            "email": contact.get("email"),
            "telephone": contact.get("phone"),
        }
    return _clean(
        {
            "ocid": opportunity.ocid,
            "id": f"{opportunity.ocid}-v{opportunity.version}",
            "date": _moment(opportunity.amended_at or opportunity.updated_at),
            "tag": _tags(opportunity),
            "initiationType": "tender",
            "language": opportunity.language,
            "parties": list(parties.values()),
            "buyer": {"id": buyer_id, "name": opportunity.buyer_name},
            "tender": tender,
            "awards": awards,
        }
    )


def release_package(opportunities, *, uri: str) -> dict:
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _moment(timezone.now()),
        "publisher": {"name": PUBLISHER, "uri": settings.SITE_URL},
        "releases": [release(opportunity) for opportunity in opportunities],
    }


IDENTIFIER_SCHEMES = {"sam": "US-SAM-UEI", "corporate_number": "JP-JCN", "abn": "AU-ABN"}


def team_release(team) -> dict:
    """The opportunity's release with the team as its tenderer: a consortium whose members keep their roles and shares.

    OCDS 1.1 names tenderers but not how they are organised, so the consortium party
    carries its structure, and each member party its role, work share and membership,
    under `details` (an open object in the release schema).
    """
    document = release(team.opportunity)
    consortium_id = f"{team.opportunity.ocid}-team-{team.pk}"
    members = [member for member in team.members.all() if member.status == "accepted"]
    member_parties = []
    for member in members:
        company = member.company
        party = {
            "id": f"company-{company.pk}",
            "name": company.legal_name,
            "address": {"countryName": company.country.name},
            "roles": ["tenderer"] if member.role != "subcontractor" else ["interestedParty"],
            "details": {
                "memberOf": [{"id": consortium_id, "name": team.name}],
                "teamRole": member.role,
                "workSharePercent": _amount(member.share),
            },
        }
        registration = next((r for r in company.procurement_registrations.all() if r.kind in IDENTIFIER_SCHEMES), None)
        if registration is not None:
            party["identifier"] = {"scheme": IDENTIFIER_SCHEMES[registration.kind], "id": registration.identifier}
        member_parties.append(party)
    consortium = {
        "id": consortium_id,
        "name": team.name,
        "roles": ["tenderer"],
        "details": {
            "consortium": True,
            "structure": team.structure,
            "members": [{"id": party["id"], "name": party["name"]} for party in member_parties],
        },
    }
    document["parties"] = [*document.get("parties", []), consortium, *member_parties]
    tender = document.setdefault("tender", {"id": team.opportunity.reference or team.opportunity.source_id})
    tender["tenderers"] = [{"id": consortium_id, "name": team.name}]
    tender["numberOfTenderers"] = 1
    document["id"] = f"{document['id']}-team-{team.pk}"
    document["date"] = _moment(team.submitted_at) or document.get("date")
    return _clean(document)
