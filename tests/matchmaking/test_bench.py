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
    assert LAST_LINE.match(out.getvalue().strip().splitlines()[-1])


def test_the_benchmark_needs_two_companies():
    with pytest.raises(CommandError, match="at least 2"):
        call_command("bench_matching", companies=1)
