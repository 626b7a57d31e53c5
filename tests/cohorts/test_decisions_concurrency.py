"""Two staff members accept the last seat at the same moment: one wins, the other is told why."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from cohorts.models import Application
from cohorts.services.decisions import stage_decision

from .conftest import make_cohort, make_submitted


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_accepting_at_once_never_exceed_the_seats(vocabularies, staff, us_company, jp_company):
    cohort = make_cohort(seats=1)
    applications = [make_submitted(cohort, us_company), make_submitted(cohort, jp_company)]
    barrier = threading.Barrier(len(applications))
    outcomes: dict[int, str] = {}

    def accept(application):
        try:
            barrier.wait(timeout=10)
            stage_decision(application=application, decision="accept", by=staff)
            outcomes[application.pk] = "staged"
        except ValidationError as error:
            outcomes[application.pk] = " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values(), key=len) == [
        "staged",
        "No seat is left (seats: 1; accepted: 0; staged to accept: 1). Clear a staged acceptance or add seats first.",
    ]
    assert Application.objects.filter(cohort=cohort, pending_decision="accept").count() == 1
