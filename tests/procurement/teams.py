"""Bid team test data: notices with and without export-control wording, teams built through the services."""

import pytest
from django.core.files.storage import storages

from accelerator.companies.models import CapabilityProfile
from procurement.models import Opportunity, Registration, TeamDocument
from procurement.services import teams
from procurement.services.importing import import_file
from tests.factories import make_company, make_user

from .conftest import release, release_package, sam_notice, sam_response

ITAR_WORDING = (
    "Radiation-hardened avionics. Deliverables are ITAR-controlled (USML Category XV). "
    "Teaming with allied suppliers requires a Technical Assistance Agreement."
)


@pytest.fixture(autouse=True)
def private_team_files(private_files, monkeypatch):
    """Bid room documents and registration evidence go to the test's private folder."""
    monkeypatch.setattr(TeamDocument._meta.get_field("file"), "storage", storages["private"])
    monkeypatch.setattr(Registration._meta.get_field("evidence"), "storage", storages["private"])
    return private_files


def sam_opportunity(notice_id="itar1", **fields) -> Opportunity:
    import_file(source="sam", stream=sam_response(sam_notice(notice_id, **fields)))
    return Opportunity.objects.get(source="sam", source_id=notice_id)


@pytest.fixture
def itar_notice(db) -> Opportunity:
    return sam_opportunity("itar1", title="Radiation-hardened on-board computers", description=ITAR_WORDING)


@pytest.fixture
def plain_notice(db) -> Opportunity:
    return sam_opportunity("plain1")


@pytest.fixture
def au_notice(db) -> Opportunity:
    import_file(source="ocds", stream=release_package(release("ocds-au-1")))
    return Opportunity.objects.get(ocid="ocds-au-1")


@pytest.fixture
def au_owner(db):
    return make_user("owner@southerncross.example", display_name="Kylie Ng", time_zone="Australia/Sydney")


@pytest.fixture
def au_company(au_owner):
    return make_company(
        owner=au_owner,
        legal_name="Southern Cross Ground Stations Pty Ltd",
        country="AU",
        description_en="Ground stations in Western Australia.",
    )


def accepted_team(opportunity, us_owner, us_company, jp_owner, jp_company, *, shares=(60, 40)):
    """A prime-led team: the U.S. company as prime, the Japanese company as accepted subcontractor."""
    team = teams.form_team(actor=us_owner, opportunity=opportunity, company=us_company, name="Orbitworks–Hoshi")
    member = teams.invite_company(actor=us_owner, team=team, company=jp_company)
    teams.answer_invitation(actor=jp_owner, member=member, accept=True)
    prime, sub = team.members.order_by("pk")
    teams.set_composition(actor=us_owner, team=team, roles={}, shares={prime.pk: shares[0], sub.pk: shares[1]})
    return team


@pytest.fixture
def itar_team(itar_notice, us_owner, us_company, jp_owner, jp_company):
    return accepted_team(itar_notice, us_owner, us_company, jp_owner, jp_company)


@pytest.fixture
def plain_team(plain_notice, us_owner, us_company, jp_owner, jp_company):
    return accepted_team(plain_notice, us_owner, us_company, jp_owner, jp_company)


def compliance(company, **fields) -> None:
    CapabilityProfile.objects.filter(company=company).update(**fields)
