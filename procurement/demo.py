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
    seed_teams(stdout)


STAFF_EMAIL = "staff@demo.accelerator.example"
# Fictional bid teams on the demo notices, one or more in every stage: (notice ocid or source id,
# team name, structure, [(company, role, share)], stage, days from posting to formed and to submitted).
TEAMS = [
    (
        "3c2b1a0f9e8d7c6b5a49382716f5e4d3",
        "Rad-hard OBC team",
        "prime",
        [
            ("Granite Avionics Inc.", "prime", 70),
            ("Hakata Radiation Hard Devices Co., Ltd.", "subcontractor", 30),
        ],
        "bidding",
        (9, None),
    ),
    (
        "b41d7e2c5a6f4b3c9d8e7f6a5b4c3d21",
        "Pacific SDA tracking team",
        "prime",
        [
            ("Sentinel Orbit Awareness Corp.", "prime", 60),
            ("Sora Orbital Tracking K.K.", "subcontractor", 40),
        ],
        "forming",
        (14, None),
    ),
    (
        "ocds-demo-au-ATM-ASA-2026-031",
        "Southern skies EO consortium",
        "joint_venture",
        [
            ("Southern Cross Ground Pty Ltd", "jv_member", 30),
            ("Orbitworks Analytics Inc.", "jv_member", 35),
            ("Hoshizora SAR K.K.", "jv_member", 35),
        ],
        "submitted",
        (12, 40),
    ),
    (
        "7c3f1e0a9b2d4e6f8a1b2c3d4e5f6a70",
        "Maritime SAR team",
        "prime",
        [("Orbitworks Analytics Inc.", "prime", 55), ("Hoshizora SAR K.K.", "subcontractor", 45)],
        "won",
        (6, 25),
    ),
    (
        "0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b",
        "Lunar mobility team",
        "prime",
        [("Lunar Freight Company", "prime", 65), ("Tsukuyomi Lunar Systems K.K.", "subcontractor", 35)],
        "lost",
        (21, 33),
    ),
    (
        "5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
        "Hall thruster SBIR team",
        "prime",
        [("Keystone Propulsion LLC", "prime", 80), ("Raiden Electric Propulsion K.K.", "subcontractor", 20)],
        "withdrawn",
        (18, None),
    ),
]
REGISTRATIONS = [
    ("Southern Cross Ground Pty Ltd", "abn", "51824753556", ""),
    ("Orbitworks Analytics Inc.", "sam", "ORBW4K7M2Q9L", ""),
    ("Granite Avionics Inc.", "sam", "GRAV8M3K2P7Q", ""),
    ("Hoshizora SAR K.K.", "corporate_number", "1010401099999", ""),
    ("Hoshizora SAR K.K.", "jp_unified", "0000421937", "B"),
]
STAGE_PATH = {
    "forming": [],
    "bidding": ["bidding"],
    "submitted": ["bidding", "submitted"],
    "won": ["bidding", "submitted", "won"],
    "lost": ["bidding", "submitted", "lost"],
    "withdrawn": ["withdrawn"],
}


def _owner(company):
    membership = company.memberships.filter(role="owner").select_related("user").first()
    return membership.user if membership else None


def seed_teams(stdout) -> None:
    """Demo bid teams built through the services, with posting-to-team and posting-to-bid times set."""
    from datetime import timedelta

    from django.db import transaction

    from accelerator.accounts.models import User

    from .models import BidTeam, Opportunity, Registration
    from .services import registrations, teams

    if BidTeam.objects.exists():
        stdout.write("procurement bid teams: already there")
        return
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    companies = {company.legal_name: company for company in Company.objects.all()}
    made = 0
    with transaction.atomic():
        for name, kind, identifier, grade in REGISTRATIONS:
            company = companies.get(name)
            if company is not None:
                Registration.objects.update_or_create(
                    company=company, kind=kind, defaults={"identifier": identifier, "grade": grade}
                )
        for key, team_name, structure, members, stage, (to_form, to_submit) in TEAMS:
            opportunity = (
                Opportunity.objects.filter(ocid=key).first() or Opportunity.objects.filter(source_id=key).first()
            )
            rows = [(companies.get(name), role, share) for name, role, share in members]
            owners = [_owner(company) if company else None for company, _role, _share in rows]
            if opportunity is None or not all(owners):
                continue
            lead, lead_owner = rows[0][0], owners[0]
            team = teams.form_team(
                actor=lead_owner, opportunity=opportunity, company=lead, name=team_name, structure=structure
            )
            for (company, _role, _share), owner in zip(rows[1:], owners[1:], strict=True):
                invited = teams.invite_company(actor=lead_owner, team=team, company=company)
                teams.answer_invitation(actor=owner, member=invited, accept=True)
            by_company = {member.company_id: member.pk for member in team.members.all()}
            teams.set_composition(
                actor=lead_owner,
                team=team,
                roles={by_company[company.pk]: role for company, role, _share in rows},
                shares={by_company[company.pk]: share for company, _role, share in rows},
            )
            for step in STAGE_PATH[stage]:
                teams.change_stage(actor=lead_owner, team=team, stage=step)
            if stage == "bidding" and staff is not None:
                japanese = team.members.get(company=rows[1][0])
                registrations.record_authorisation(
                    actor=staff,
                    team=team,
                    member=japanese,
                    kind="taa",
                    reference="TA-0412-26",
                    requested_on=(opportunity.posted_at or team.created_at).date() + timedelta(days=12),
                )
            posted = opportunity.posted_at
            if posted is not None:
                BidTeam.objects.filter(pk=team.pk).update(
                    created_at=posted + timedelta(days=max(to_form - 3, 1)),
                    formed_at=posted + timedelta(days=to_form),
                    submitted_at=posted + timedelta(days=to_submit) if to_submit else None,
                )
            made += 1
    stdout.write(f"procurement bid teams: {made}")
