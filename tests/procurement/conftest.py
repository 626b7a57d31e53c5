"""Procurement test data: the demo source files, imported through the real importers."""

import io
import json
from pathlib import Path

import pytest

from procurement.models import Opportunity
from procurement.services.importing import import_file

DEMO = Path(__file__).resolve().parents[2] / "procurement" / "demo_files"


def sam_response(*notices) -> io.BytesIO:
    return io.BytesIO(json.dumps({"totalRecords": len(notices), "opportunitiesData": list(notices)}).encode())


def sam_notice(notice_id="n1", **fields) -> dict:
    notice = {
        "noticeId": notice_id,
        "title": "Commercial SAR imagery for maritime awareness",
        "solicitationNumber": "80NSSC27R0001",
        "fullParentPathName": "NATIONAL AERONAUTICS AND SPACE ADMINISTRATION.NASA HEADQUARTERS",
        "postedDate": "2026-11-20",
        "type": "Solicitation",
        "responseDeadLine": "2027-01-14T17:00:00-05:00",
        "naicsCode": "541370",
        "classificationCode": "1810",
        "active": "Yes",
        "description": "Synthetic aperture radar imagery over the Pacific.",
        "uiLink": f"https://sam.gov/opp/{notice_id}/view",
    }
    notice.update(fields)
    return notice


def release(ocid="ocds-test-1", release_id="r1", date="2026-11-05T09:00:00+11:00", **tender) -> dict:
    body = {
        "title": "Earth observation data services",
        "status": "active",
        "value": {"amount": 1000, "currency": "AUD"},
        "tenderPeriod": {"endDate": "2027-01-20T14:00:00+11:00"},
    }
    body.update(tender)
    return {
        "ocid": ocid,
        "id": release_id,
        "date": date,
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {
                "id": "AU-1",
                "name": "Australian Space Agency",
                "address": {"countryName": "Australia"},
                "roles": ["buyer"],
            }
        ],
        "buyer": {"id": "AU-1", "name": "Australian Space Agency"},
        "tender": body,
    }


def release_package(*releases) -> io.BytesIO:
    package = {
        "uri": "https://example.com/p.json",
        "version": "1.1",
        "publishedDate": "2026-11-30T00:00:00Z",
        "publisher": {"name": "Test"},
        "releases": list(releases),
    }
    return io.BytesIO(json.dumps(package).encode())


def import_demo() -> None:
    for source, name in (
        ("sam", "sam-opportunities.json"),
        ("ocds", "ocds-austender.json"),
        ("ocds", "ocds-find-a-tender.json"),
        ("kkj", "kkj-search-results.xml"),
        ("pportal", "pportal-awards.csv"),
    ):
        with open(DEMO / name, "rb") as stream:
            import_file(source=source, stream=stream)


@pytest.fixture
def demo_opportunities(db) -> None:
    import_demo()


@pytest.fixture
def sar_notice(demo_opportunities) -> Opportunity:
    return Opportunity.objects.get(source="sam", title__startswith="Commercial SAR Imagery")


@pytest.fixture
def austender_notice(demo_opportunities) -> Opportunity:
    return Opportunity.objects.get(ocid="ocds-demo-au-ATM-ASA-2026-031")


@pytest.fixture
def kkj_notice(demo_opportunities) -> Opportunity:
    return Opportunity.objects.get(source_id="demo-kkj-0001-jaxa-sar")
