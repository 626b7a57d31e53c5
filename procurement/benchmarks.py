"""Generated source records for the benchmarks: SAM.gov notices and OCDS releases, English and Japanese.

Shaped like the real feeds (the fields, nulls and offsets they publish), varied enough that
search, filters and the fit ranking meet the spread of words, codes, buyers and deadlines
they meet in production.
"""

import json
from pathlib import Path

PREFIX = "bench"
NAICS = ["336414", "336415", "336419", "517410", "927110", "541715"]
WORDS = [
    "SAR imagery",
    "launch services",
    "ground station",
    "star tracker",
    "debris tracking",
    "lunar rover",
    "electric propulsion",
    "satellite bus",
    "optical communications",
    "mission operations",
]


def sam_notice(index: int) -> dict:
    return {
        "noticeId": f"{PREFIX}-{index:08d}",
        "title": f"{WORDS[index % len(WORDS)].capitalize()} for program {index}",
        "solicitationNumber": f"BENCH-{index:08d}",
        "fullParentPathName": "NATIONAL AERONAUTICS AND SPACE ADMINISTRATION.GODDARD SPACE FLIGHT CENTER",
        "postedDate": "2026-11-20",
        "type": "Solicitation",
        "typeOfSetAside": "SBA" if index % 7 == 0 else None,
        "typeOfSetAsideDescription": "Total Small Business Set-Aside (FAR 19.5)" if index % 7 == 0 else "null",
        "responseDeadLine": f"2027-{1 + index % 12:02d}-{1 + index % 28:02d}T17:00:00-05:00",
        "naicsCode": NAICS[index % len(NAICS)],
        "classificationCode": "1810",
        "active": "Yes",
        "description": f"Generated notice {index}: {WORDS[(index * 3) % len(WORDS)]} and related services.",
        "pointOfContact": [{"fullName": "Bench Contact", "email": "bench@example.com", "type": "primary"}],
        "uiLink": f"https://sam.gov/opp/{PREFIX}-{index:08d}/view",
    }


def tender_release(index: int) -> dict:
    return {
        "ocid": f"ocds-{PREFIX}-{index:08d}",
        "id": f"{PREFIX}-{index:08d}-1",
        "date": "2026-11-05T09:00:00+11:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {
                "id": "AU-1",
                "name": "Australian Space Agency",
                "address": {"countryName": "Australia"},
                "roles": ["buyer"],
            }
        ],
        "buyer": {"id": "AU-1", "name": "Australian Space Agency"},
        "tender": {
            "id": f"ASA-{index}",
            "title": f"{WORDS[index % len(WORDS)].capitalize()} data services {index}",
            "description": "Generated release for the import benchmark.",
            "status": "active",
            "value": {"amount": 100000 + index, "currency": "AUD"},
            "procurementMethod": "open",
            "tenderPeriod": {"startDate": "2026-11-05T09:00:00+11:00", "endDate": "2027-02-03T14:00:00+11:00"},
            "items": [{"id": "1", "classification": {"scheme": "UNSPSC", "id": "81151600", "description": "x"}}],
        },
    }


def write_file(path: Path, key: str, count: int, build) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f'{{"version": "1.1", "{key}": [')
        for index in range(count):
            if index:
                handle.write(",")
            handle.write(json.dumps(build(index)))
        handle.write("]}")


JA_WORDS = [
    "衛星データ利用",
    "合成開口レーダ",
    "地上局運用",
    "スタートラッカ",
    "デブリ観測",
    "月面ローバー",
    "電気推進",
    "小型衛星バス",
    "光通信",
    "運用管制",
]
JA_BUYERS = ["国立研究開発法人宇宙航空研究開発機構", "内閣府宇宙開発戦略推進事務局", "文部科学省", "防衛装備庁"]


def japanese_release(index: int) -> dict:
    """A release of a Japanese buyer, in Japanese, through an OCDS publisher."""
    buyer = JA_BUYERS[index % len(JA_BUYERS)]
    return {
        "ocid": f"ocds-{PREFIX}-ja-{index:08d}",
        "id": f"{PREFIX}-ja-{index:08d}-1",
        "date": "2026-11-10T10:00:00+09:00",
        "language": "ja",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [{"id": f"JP-{index % 4}", "name": buyer, "address": {"countryName": "Japan"}, "roles": ["buyer"]}],
        "buyer": {"id": f"JP-{index % 4}", "name": buyer},
        "tender": {
            "id": f"JP-{index}",
            "title": f"{JA_WORDS[index % len(JA_WORDS)]}に関する業務 第{index}号",
            "description": f"{JA_WORDS[(index * 3) % len(JA_WORDS)]}の実証及び関連役務。全省庁統一資格「B」等級以上。",
            "status": "active",
            "value": {"amount": 10_000_000 + index, "currency": "JPY"},
            "procurementMethod": "open",
            "tenderPeriod": {
                "startDate": "2026-11-10T10:00:00+09:00",
                "endDate": f"2027-{1 + index % 12:02d}-{1 + index % 28:02d}T12:00:00+09:00",
            },
            "items": [{"id": "1", "classification": {"scheme": "UNSPSC", "id": "81151600", "description": "衛星画像"}}],
        },
    }
