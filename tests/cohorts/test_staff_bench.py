import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.models import Application, Cohort, Message

# The benchmark signs its staff member in as the real command does, second factor included.
pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

LAST_LINE = re.compile(
    r"^applications=30 dashboard_median_ms=\d+\.\d dashboard_p95_ms=\d+\.\d dashboard_queries=\d+ "
    r"list_median_ms=\d+\.\d list_p95_ms=\d+\.\d list_queries=\d+$"
)


def test_the_benchmark_prints_its_figures_and_leaves_nothing_behind():
    out = StringIO()
    call_command("bench_dashboard", applications=30, repeat=2, force=True, stdout=out)
    assert LAST_LINE.match(out.getvalue().strip().splitlines()[-1])
    assert not Cohort.objects.exists() and not Application.objects.exists()


def test_the_benchmark_times_message_threads_on_analysed_tables():
    with CaptureQueriesContext(connection) as captured:
        call_command("bench_dashboard", applications=30, repeat=1, force=True, stdout=StringIO())
    statements = [query["sql"] for query in captured.captured_queries]
    messages_written = next(
        index for index, sql in enumerate(statements) if sql.startswith('INSERT INTO "cohorts_message"')
    )
    analysed = [index for index, sql in enumerate(statements) if sql.startswith("ANALYZE")]
    first_request = next(index for index, sql in enumerate(statements) if "django_session" in sql)
    assert len(analysed) == 6 and messages_written < analysed[0] and analysed[-1] < first_request
    assert not Message.objects.exists()


def test_the_benchmark_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("bench_dashboard", applications=30, repeat=2)
