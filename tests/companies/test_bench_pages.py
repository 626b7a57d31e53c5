import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_refuses_an_empty_database():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench_pages", "--requests", "1")
