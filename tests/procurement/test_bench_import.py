import re

from django.core.management import call_command

from procurement.models import Opportunity


def test_bench_import_prints_its_figures_last_and_leaves_nothing_behind(db, capsys):
    call_command("bench_import", "--notices", "20")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"notices=20 import_s=[\d.]+ per_s=\d+ peak_mb=\d+ reimport_s=[\d.]+ reimport_per_s=\d+ "
        r"cpu_per_s=\d+ cpu_reimport_per_s=\d+",
        last,
    ), last
    assert not Opportunity.objects.exists()
