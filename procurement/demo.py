"""Demo procurement data: fictional, format-true source files loaded through the real importers."""

from pathlib import Path

from accelerator.companies.models import Company

from .models import ProcurementProfile
from .services.importing import import_file

FILES = Path(__file__).resolve().parent / "demo_files"
SOURCES = [
    ("sam", "sam-opportunities.json"),
    ("ocds", "ocds-austender.json"),
    ("ocds", "ocds-find-a-tender.json"),
    ("kkj", "kkj-search-results.xml"),
    ("pportal", "pportal-awards.csv"),
]
# Procurement details of demo companies: the codes they work under and their registrations.
PROFILES = {
    "Orbitworks Analytics Inc.": {"naics_codes": ["541370", "518210"], "uei": "ORBW4K7M2Q9L"},
    "Prime Meridian Space Systems Inc.": {
        "naics_codes": ["336414", "517410"],
        "psc_codes": ["1810", "1830"],
        "uei": "PMSS7Q2LK8N4",
    },
    "Hoshizora SAR K.K.": {"corporate_number": "1010401099999", "unified_qualification_grade": "B"},
}


def seed(stdout) -> None:
    for source, name in SOURCES:
        with open(FILES / name, "rb") as stream:
            result = import_file(source=source, stream=stream)
        stdout.write(f"procurement {name}: {result.summary}")
    for legal_name, fields in PROFILES.items():
        company = Company.objects.filter(legal_name=legal_name).first()
        if company is not None:
            ProcurementProfile.objects.update_or_create(company=company, defaults=fields)
