"""bench_fit: ranks generated companies against the stored opportunities and leaves nothing behind."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accelerator.companies.models import Company

pytestmark = pytest.mark.django_db


def test_it_prints_its_figures_and_rolls_back(demo_opportunities):
    companies = Company.objects.count()
    out = StringIO()
    call_command("bench_fit", companies=40, top=5, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"companies=40 opportunities=\d+ rank_s=\d+\.\d pairs=\d+ peak_mb=\d+", last), last
    assert int(re.search(r"pairs=(\d+)", last).group(1)) > 0
    assert Company.objects.count() == companies


def test_it_needs_opportunities_to_rank():
    with pytest.raises(CommandError, match="No opportunities to rank"):
        call_command("bench_fit", companies=5, stdout=StringIO())
