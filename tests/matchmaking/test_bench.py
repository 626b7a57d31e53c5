import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

LAST_LINE = re.compile(
    r"^companies=400 full_s=\d+\.\d+ floor_s=\d+\.\d+ ratio=\d+\.\d+ peak_mb=\d+ incremental_s=\d+\.\d+$"
)


def test_the_benchmark_prints_its_figures_on_the_last_line():
    out = StringIO()
    call_command("bench_matching", companies=400, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert LAST_LINE.match(lines[-1])
    assert any(re.match(r"^  glossary read in \d+\.\d+s, once per process$", line) for line in lines)


def test_the_benchmark_needs_two_companies():
    with pytest.raises(CommandError, match="at least 2"):
        call_command("bench_matching", companies=1)


RUN_LINE = re.compile(
    r"^companies=60 first_s=\d+\.\d+ nightly_s=\d+\.\d+ engine_s=\d+\.\d+ refresh_s=\d+\.\d+ ratio=\d+\.\d+$"
)


@pytest.mark.django_db
def test_the_run_benchmark_prints_its_figures_and_leaves_nothing_behind(settings):
    from accelerator.companies.models import Company
    from matchmaking.models import MatchRun, Suggestion

    out = StringIO()
    call_command("bench_match_run", companies=60, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert RUN_LINE.match(lines[-1])
    assert any("nightly run" in line and "(0 new)" in line for line in lines)
    assert not Company.objects.exists() and not MatchRun.objects.exists() and not Suggestion.objects.exists()
    run_dir = settings.MATCHMAKING_RUN_DIR
    assert not run_dir.exists() or not any(run_dir.iterdir())
