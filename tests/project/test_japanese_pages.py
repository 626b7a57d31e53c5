"""The main pages, rendered for Japanese users, show no English interface text.

What a page shows from data (company names, e-mail addresses) is made Japanese or listed
below; everything else that reads as an English word is a string someone forgot to
translate.
"""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.services.reviews import assign_reviewer
from matchmaking.services.inbox import Delivery, deliver
from procurement.models import Alert, Opportunity

from ..cohorts.conftest import make_cohort, make_submitted
from ..factories import make_company, make_user

pytestmark = pytest.mark.django_db

# Names, codes and abbreviations that stay in Latin letters in Japanese too.
ALLOWED = {
    "API",
    "CSV",
    "PDF",
    "TRL",
    "NASA",
    "SAR",
    "UTC",
    "JST",
    "ET",
    "URL",
    "ID",
    "ITAR",
    "EAR",
    "CFIUS",
    "FEFTA",
    "ISO",
    "AS",
    "JIS",
    "Q",
    "EN",
    "JA",
    "English",
    "NDA",
    "CEO",
    "CTO",
    "GNSS",
    "AIS",
    "RF",
    "Hoshi",
    "Orbitworks",
    "Analytics",
    "Inc",
    "Dana",
    "Whitfield",
    "Sam",
    "Ortiz",
    "Program",
    "Staff",
    "Rae",
    "Reviewer",
    "Admin",
    "Sora",
    "Space",
    "Tokyo",
    "Japan",
    "JP",
    "US",
    "USD",
    "JPY",
    "LEO",
    "GEO",
    "Kumo",
    "Labs",
    "Binational",
    "Cohort",
    "SBIR",
    "JAXA",
    "Arm",
    "Ltd",
    "example",
    "com",
    "orbitworks",
    "accelerator",
    "hoshi",
    "owner",
    "staff",
    "reviewer",
    "member",
    "Swagger",
    "OpenAPI",
    "ROS",
    "IoT",
    # Procurement sources and programmes, named as their publishers name them.
    "gov",
    "AusTender",
    "Find",
    "Tender",
    "Shift",
    "HUBZone",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


SKIPPED = ("script", "style", "code", "pre", "textarea")
VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")


class VisibleText(HTMLParser):
    """Text a person reads as interface: element text, and the labels in title, placeholder,
    aria-label and alt. Not what they typed into a text area, nor what a page shows on
    purpose in another language (an element with lang="en", such as the English original
    of a company's description or the language switcher)."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._open: list[tuple[str, bool]] = []

    @property
    def _skip(self) -> bool:
        return any(skipped for _tag, skipped in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in VOID:
            other_language = attributes.get("lang", "ja") != "ja"
            self._open.append((tag, tag in SKIPPED or other_language))
        if self._skip or attributes.get("lang", "ja") != "ja":
            return
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.chunks.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def english_left(html: str, *, also_allowed: set[str] = frozenset()) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        if "@" in chunk or chunk.startswith(("http://", "https://", "/")):
            continue
        # Acronyms and codes (TRL, TX08, EST, MIL-STD) read the same in Japanese.
        words = [w for w in WORD.findall(chunk) if w not in ALLOWED and w not in also_allowed and not w.isupper()]
        if words:
            found.append(chunk)
    return found


@pytest.fixture
def world(jp_owner, jp_company, staff, reviewer):
    staff.preferred_language = reviewer.preferred_language = "ja"
    staff.time_zone = reviewer.time_zone = "Asia/Tokyo"
    staff.save()
    reviewer.save()
    cohort = make_cohort()
    application = make_submitted(cohort, jp_company, by=jp_owner)
    assign_reviewer(application=application, reviewer=reviewer, by=staff)
    partner_company = make_company(
        owner=make_user(preferred_language="ja"),
        legal_name="Sora Space",
        name_ja="株式会社そらスペース",
        country="JP",
        description_ja="月面探査ローバーを開発しています。",
    )
    opportunity = Opportunity.objects.create(
        source="sam",
        source_id="jp-1",
        ocid="ocds-test-jp-1",
        title="衛星画像の調達",
        language="ja",
        country="JP",
        deadline=timezone.now() + dt.timedelta(days=6),
    )
    deliver(
        Delivery(jp_owner.pk, kind, opportunity, f"procurement:{kind}:{opportunity.pk}", payload)
        for kind, payload in ((Alert.Kind.NEW_MATCH, {"saved_search": "衛星画像"}), (Alert.Kind.DEADLINE_7_DAYS, None))
    )
    return {"cohort": cohort, "application": application, "company": jp_company, "partner": partner_company}


def pages(world):
    cohort, application, company = world["cohort"], world["application"], world["company"]
    return {
        "jp_owner": [
            reverse("home"),
            reverse("companies:directory"),
            reverse("companies:detail", args=[company.slug]),
            reverse("companies:mine"),
            reverse("companies:edit", args=[company.slug]),
            reverse("companies:edit_profile", args=[company.slug]),
            reverse("companies:edit_readiness", args=[company.slug]),
            reverse("companies:members", args=[company.slug]),
            reverse("cohorts:list"),
            reverse("cohorts:detail", args=[cohort.slug]),
            reverse("cohorts:my_applications"),
            reverse("cohorts:application", args=[application.pk]),
            reverse("matchmaking:matches"),
            reverse("matchmaking:introductions"),
            reverse("matchmaking:inbox"),
            reverse("account_profile"),
        ],
        "reviewer": [reverse("cohorts:reviews"), reverse("cohorts:review", args=[application.pk])],
        "staff": [
            reverse("cohorts:staff_list"),
            reverse("cohorts:dashboard", args=[cohort.slug]),
            reverse("cohorts:applications", args=[cohort.slug]),
            reverse("cohorts:assignments", args=[cohort.slug]),
            reverse("cohorts:decisions", args=[cohort.slug]),
            reverse("cohorts:edit", args=[cohort.slug]),
            reverse("cohorts:create"),
            reverse("matchmaking:runs"),
            reverse("procurement:imports"),
            reverse("procurement:list") + "?ordering=deadline",
            reverse("companies:directory"),
        ],
    }


def test_main_pages_have_no_english_left(client, request, world):
    left = {}
    for who, urls in pages(world).items():
        client.force_login(request.getfixturevalue(who))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert '<html lang="ja">' in response.text, url
            english = english_left(response.text)
            if english:
                left[url] = english
    assert not left, "\n".join(f"{url}: {chunks}" for url, chunks in left.items())


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_have_no_english_left(client, url_name):
    response = client.get(reverse(url_name), headers={"accept-language": "ja"})
    assert english_left(response.text) == []


def test_the_check_catches_an_english_string():
    assert english_left("<p>保存しました</p><button>Save changes</button>") == ["Save changes"]
    assert english_left('<input placeholder="Search companies">') == ["Search companies"]
