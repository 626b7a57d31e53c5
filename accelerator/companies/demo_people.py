"""The people of the demo companies: one to three members each, named as people in their
country are, with their language and time zone, so that every demo email reaches someone."""

import random
from dataclasses import dataclass

from django.utils.text import slugify

US_GIVEN = (
    "Avery",
    "Blake",
    "Camila",
    "Daniel",
    "Elena",
    "Farah",
    "Grace",
    "Hector",
    "Isaac",
    "Jasmine",
    "Kevin",
    "Laura",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tara",
    "Victor",
    "Wendy",
)
US_FAMILY = (
    "Anderson",
    "Brooks",
    "Castillo",
    "Delgado",
    "Edwards",
    "Fischer",
    "Garcia",
    "Hughes",
    "Iverson",
    "Jensen",
    "Kim",
    "Lopez",
    "Mitchell",
    "Nguyen",
    "O'Brien",
    "Patel",
    "Reyes",
    "Sullivan",
    "Thompson",
    "Walker",
)
# (kanji, romaji)
JP_FAMILY = (
    ("佐々木", "sasaki"),
    ("鈴木", "suzuki"),
    ("高橋", "takahashi"),
    ("田中", "tanaka"),
    ("伊藤", "ito"),
    ("渡辺", "watanabe"),
    ("山本", "yamamoto"),
    ("中村", "nakamura"),
    ("小林", "kobayashi"),
    ("加藤", "kato"),
    ("吉田", "yoshida"),
    ("山田", "yamada"),
    ("松本", "matsumoto"),
    ("井上", "inoue"),
    ("木村", "kimura"),
    ("林", "hayashi"),
    ("清水", "shimizu"),
    ("森", "mori"),
    ("池田", "ikeda"),
    ("橋本", "hashimoto"),
)
JP_GIVEN = (
    ("翔太", "shota"),
    ("陽菜", "hina"),
    ("大輝", "daiki"),
    ("美咲", "misaki"),
    ("健一", "kenichi"),
    ("由美", "yumi"),
    ("拓海", "takumi"),
    ("彩", "aya"),
    ("直樹", "naoki"),
    ("真理子", "mariko"),
    ("亮", "ryo"),
    ("千尋", "chihiro"),
    ("浩二", "koji"),
    ("愛", "ai"),
    ("悠人", "yuto"),
    ("恵子", "keiko"),
)
TIME_ZONES = {
    "US": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "JP": ("Asia/Tokyo",),
    "AU": ("Australia/Sydney",),
    "GB": ("Europe/London",),
    "IN": ("Asia/Kolkata",),
}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    language: str
    time_zone: str
    owner: bool


def people_of(index: int, legal_name: str, country: str) -> list[DemoPerson]:
    """The same people for the same company on every run (seeded by its position)."""
    chance = random.Random(f"{index}:{legal_name}")
    domain = f"{slugify(legal_name)}.example"
    zone = chance.choice(TIME_ZONES.get(country, ("UTC",)))
    people, used = [], set()
    for position in range(chance.randint(1, 3)):
        if country == "JP":
            (family, family_latin), (given, given_latin) = chance.choice(JP_FAMILY), chance.choice(JP_GIVEN)
            name, local, language = f"{family} {given}", f"{given_latin}.{family_latin}", "ja"
        else:
            given, family = chance.choice(US_GIVEN), chance.choice(US_FAMILY)
            name, local, language = f"{given} {family}", f"{given}.{family}".lower().replace("'", ""), "en"
        if local in used:
            continue
        used.add(local)
        people.append(DemoPerson(f"{local}@{domain}", name, language, zone, owner=position == 0))
    return people
