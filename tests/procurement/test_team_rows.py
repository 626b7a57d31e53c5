"""The bid team list reads the teams the permissions let each reader see, through a kept statement."""

from django.contrib.auth.models import Group

from procurement import permissions, selectors
from procurement.selectors import TEAM_ORDER, team_rows, visible_teams_statement

from .teams import accepted_team, sam_opportunity


def test_each_reader_gets_the_teams_the_permissions_give(
    staff, us_owner, us_company, jp_owner, jp_company, outsider, member
):
    for number in range(3):
        accepted_team(sam_opportunity(f"rows{number}"), us_owner, us_company, jp_owner, jp_company)
    for reader in (staff, us_owner, jp_owner, outsider, member):
        expected = list(permissions.visible_teams(reader).order_by(*TEAM_ORDER).values_list("pk", flat=True))
        assert [team.pk for team in team_rows(reader, 200)] == expected
        assert [team.pk for team in team_rows(reader, 2)] == expected[:2]
    assert team_rows(outsider, 200) == []


def test_the_kept_statement_is_the_one_the_permissions_compile(staff, us_owner, outsider):
    selectors._visible_statements.clear()
    for reader in (staff, us_owner, outsider):
        compiled = permissions.visible_teams(reader).order_by().values("pk").query.sql_with_params()
        assert visible_teams_statement(reader) == compiled
        assert visible_teams_statement(reader) == compiled  # kept


def test_a_reader_who_becomes_staff_sees_every_team(us_owner, us_company, jp_owner, jp_company, outsider):
    accepted_team(sam_opportunity("rows-staff"), us_owner, us_company, jp_owner, jp_company)
    assert team_rows(outsider, 200) == []
    group, _created = Group.objects.get_or_create(name="staff")
    outsider.groups.add(group)
    outsider = type(outsider).objects.get(pk=outsider.pk)
    assert permissions.visible_teams(outsider).count() == 1
    assert len(team_rows(outsider, 200)) == 1
