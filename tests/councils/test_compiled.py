"""The councils' lists read with the permissions' querysets compiled once per kind of reader:
what each view runs is what compiling its own queryset would give."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accelerator.councils import compiled, selectors

from ..factories import make_user
from .conftest import make_council

STATEMENTS = [
    (selectors._home_councils, {}),
    (selectors._home_meetings, {"now": timezone.now()}),  # read for signed-in readers only
    (selectors._home_actions, {}),
    (selectors._tracker_decisions, {}),
    (selectors._overdue_actions, {"on": timezone.localdate()}),
    (selectors.actions_of, {}),
]


@pytest.mark.parametrize(("build", "values"), STATEMENTS, ids=[build.__name__ for build, _ in STATEMENTS])
def test_each_reader_gets_the_statement_of_their_own_queryset(
    build, values, staff, admin_user, jp_owner, us_owner, outsider
):
    make_council(staff, people=[(jp_owner, "chair")])
    other_staff = make_user("staff2@example.com", roles=("staff",))
    later = {name: value + timedelta(days=3) for name, value in values.items()}
    # Two readers of each kind, so the second reads what was compiled for the first.
    readers = [jp_owner, us_owner, outsider, staff, other_staff, admin_user]
    if build is not selectors._home_meetings:
        readers.insert(0, AnonymousUser())
    for reader in readers:
        for given in (values, later):
            assert compiled.ids(build, reader, **given) == compiled.fresh(build, reader, **given)


def test_a_queryset_that_depends_on_more_than_the_values_given_fails_to_compile(jp_owner):
    def by_name(user):
        return selectors.actions_of(user).filter(title_en=user.email)

    with pytest.raises(ValueError, match="not one of the values given"):
        compiled.ids(by_name, jp_owner)
