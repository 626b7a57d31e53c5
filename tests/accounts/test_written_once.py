"""{% written_once %}: a part of a page written once per set of inputs, with each view's own CSRF token."""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from accelerator import written

PART = (
    "{% load i18n written %}{% written_once rows title %}"
    "{% translate 'Sign out' %}:{{ title }}:{% for row in rows %}[{{ row.name }}]{% endfor %}{% csrf_token %}"
    "{% endwritten_once %}"
)


@dataclass(frozen=True)
class Row:
    name: str


@pytest.fixture(autouse=True)
def _empty_store():
    written.forget()
    yield
    written.forget()


def _render(source: str, **context) -> tuple[str, str]:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    token = get_token(request)
    return engines["django"].from_string(source).render(context, request), token


def _field_value(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_part_is_written_once_and_carries_each_views_token():
    first, _ = _render(PART, rows=[Row("a"), Row("<b>")], title="T")
    second, _ = _render(PART, rows=[Row("a"), Row("<b>")], title="T")
    assert first.startswith("Sign out:T:[a][&lt;b&gt;]")
    assert len(written._written) == 1  # the second view used the part the first one wrote
    assert written.TOKEN_MARK not in second
    assert _field_value(first) != _field_value(second)
    assert first.replace(_field_value(first), "") == second.replace(_field_value(second), "")


def test_other_inputs_and_another_language_write_their_own_part():
    english, _ = _render(PART, rows=[Row("a")], title="T")
    changed, _ = _render(PART, rows=[Row("a"), Row("c")], title="T")
    retitled, _ = _render(PART, rows=[Row("a")], title="U")
    with translation.override("ja"):
        japanese, _ = _render(PART, rows=[Row("a")], title="T")
    assert "[a][c]" in changed and ":U:" in retitled
    assert japanese.startswith("ログアウト:T:[a]") and english.startswith("Sign out:T:[a]")
    assert len(written._written) == 4


def test_a_part_read_from_model_instances_or_unhashable_values_is_written_every_time(django_user_model):
    user = django_user_model(email="a@example.com", display_name="First")
    _render(PART, rows=[user], title="T")
    _render(PART, rows=[Row("a")], title={"not": "hashable"})
    _render(PART, rows=[Row("a")], title=Row(name=["a", "list"]))  # hashable type, unhashable value
    assert written._written == {}
    user.display_name = "Renamed"
    page, _ = _render(PART.replace("row.name", "row.display_name"), rows=[user], title="T")
    assert "[Renamed]" in page


def test_without_a_token_the_part_is_written_as_it_reads():
    page = engines["django"].from_string(PART).render({"rows": [Row("a")], "title": "T"})
    assert page == "Sign out:T:[a]" and written._written == {}


def test_rows_hashed_once_name_a_part_by_their_values():
    writes = []

    def write(text):
        def writer():
            writes.append(text)
            return text

        return writer

    first = written.Rows(((1, "Orbitworks", None), (2, "Hoshi", 3)))
    same = written.Rows(((1, "Orbitworks", None), (2, "Hoshi", 3)))
    other = written.Rows(((1, "Orbitworks", None), (2, "Hoshi", 4)))
    assert written.part(("rows", first), write("a")) == "a"
    assert written.part(("rows", same), write("b")) == "a"
    assert written.part(("rows", other), write("c")) == "c"
    assert writes == ["a", "c"]
    assert first != (first.rows,)
