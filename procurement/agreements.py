"""Bilingual starting points for the hard conversations: an NDA, a teaming agreement and IP clause options.

Each document is filled from the team's data and printed with English and Japanese side
by side. The wording is fixed in both languages whatever the reader's interface
language, since both parties sign the same text. These are starting points for counsel,
never legal advice: every page says so.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bid_checks import accepted_members
from .models import BidTeam, TeamMember, TeamStructure

KINDS = {
    "nda": gettext_lazy("Mutual non-disclosure agreement"),
    "teaming": gettext_lazy("Teaming agreement"),
    "ip": gettext_lazy("IP clause options"),
}
GOVERNING_LAW = {
    "new_york": ("the State of New York, United States", "米国ニューヨーク州法"),
    "delaware": ("the State of Delaware, United States", "米国デラウェア州法"),
    "japan": ("Japan", "日本法"),
    "england": ("England and Wales", "イングランド及びウェールズ法"),
}
FORUM = {
    "icc_singapore": (
        "arbitration under the ICC Rules seated in Singapore, in English",
        "シンガポールを仲裁地とし、英語で行うICC規則による仲裁",
    ),
    "jcaa_tokyo": (
        "arbitration under the JCAA Commercial Arbitration Rules seated in Tokyo, in English and Japanese",
        "東京を仲裁地とし、英語及び日本語で行う日本商事仲裁協会（JCAA）商事仲裁規則による仲裁",
    ),
    "courts": (
        "the courts of the governing law's jurisdiction",
        "準拠法の法域の裁判所",
    ),
}
FOREGROUND = {
    "creator": (
        "Foreground IP belongs to the member whose personnel create it.",
        "フォアグラウンドIPは、それを創出した従業者の所属するメンバーに帰属する。",
    ),
    "joint_by_share": (
        "Foreground IP created jointly is owned jointly, in proportion to the members' work shares.",
        "共同で創出したフォアグラウンドIPは、各メンバーの作業分担の割合に応じて共有する。",
    ),
    "prime": (
        "Foreground IP belongs to the prime contractor, which licenses it back to the other members.",
        "フォアグラウンドIPは元請に帰属し、元請は他のメンバーに実施許諾する。",
    ),
}


@dataclass
class Clause:
    heading_en: str
    heading_ja: str
    en: str
    ja: str


@dataclass
class Agreement:
    kind: str
    title_en: str
    title_ja: str
    parties: list[TeamMember]
    clauses: list[Clause]


def _name(member: TeamMember) -> tuple[str, str]:
    company = member.company
    return company.legal_name, company.name_ja or company.legal_name


def _missing(team: BidTeam, kind: str, governing_law: str, forum: str, foreground: str) -> list[str]:
    members = accepted_members(team)
    missing = []
    if len(members) < 2:
        missing.append(_("at least two companies that accepted their place on the team"))
    if governing_law not in GOVERNING_LAW:
        missing.append(_("the governing law"))
    if forum not in FORUM:
        missing.append(_("the dispute forum"))
    if kind in ("teaming", "ip"):
        if sum((member.share for member in members), Decimal(0)) != 100:
            missing.append(_("work shares that add up to 100%"))
        if team.structure == TeamStructure.PRIME and not any(m.role == TeamMember.Role.PRIME for m in members):
            missing.append(_("a named prime contractor"))
    if kind == "ip" and foreground not in FOREGROUND:
        missing.append(_("who owns foreground IP"))
    return missing


def agreement(
    team: BidTeam, *, kind: str, governing_law: str, forum: str, foreground: str = "", field_of_use: str = ""
) -> Agreement:
    """The filled document, or a ValidationError naming every piece of team data it still needs."""
    if kind not in KINDS:
        raise ValidationError({"kind": [_("Choose an NDA, a teaming agreement or IP clause options.")]})
    missing = _missing(team, kind, governing_law, forum, foreground)
    if missing:
        raise ValidationError(_("This document needs %(missing)s first.") % {"missing": "; ".join(missing)})
    members = accepted_members(team)
    opportunity = team.opportunity
    reference = opportunity.reference or opportunity.ocid
    project_en = f"{opportunity.title} ({reference}), {opportunity.buyer_name}"
    project_ja = f"{opportunity.title_translation or opportunity.title}（{reference}）、{opportunity.buyer_name}"
    law_en, law_ja = GOVERNING_LAW[governing_law]
    forum_en, forum_ja = FORUM[forum]
    names = [_name(member) for member in members]
    parties_en = "; ".join(en for en, _ja in names)
    parties_ja = "、".join(ja for _en, ja in names)
    clauses = [
        Clause(
            "Parties",
            "当事者",
            f"This agreement is made between {parties_en} (each a “Member”).",
            f"本契約は、{parties_ja}（以下それぞれ「メンバー」という。）の間で締結される。",
        ),
        Clause(
            "Purpose",
            "目的",
            f"The Members wish to evaluate and prepare a joint bid for {project_en} (the “Opportunity”).",
            f"メンバーは、{project_ja}（以下「本案件」という。）への共同入札を検討し準備することを目的とする。",
        ),
    ]
    if kind == "nda":
        clauses += [
            Clause(
                "Confidential information",
                "秘密情報",
                "Each Member keeps the other Members' non-public information confidential, uses it only for the "
                "Opportunity, and returns or destroys it on request. Obligations last three years after disclosure.",
                "各メンバーは、他のメンバーの非公開情報を秘密として保持し、本案件のためにのみ使用し、要請があれば返還又は"
                "破棄する。この義務は開示後3年間存続する。",
            ),
            Clause(
                "Export-controlled information",
                "輸出管理対象情報",
                "No Member discloses technical data controlled under ITAR or the EAR to another Member before the "
                "licence or TAA it requires has been granted; the disclosing Member marks such data as controlled.",
                "いずれのメンバーも、ITAR又はEARの規制対象となる技術データを、必要なライセンス又はTAAの取得前に他の"
                "メンバーへ開示しない。開示するメンバーは当該データに規制対象である旨を表示する。",
            ),
        ]
    if kind == "teaming":
        if team.structure == TeamStructure.PRIME:
            prime = next(m for m in members if m.role == TeamMember.Role.PRIME)
            prime_en, prime_ja = _name(prime)
            clauses.append(
                Clause(
                    "Roles (FAR 9.601(2))",
                    "役割（FAR 9.601(2)）",
                    f"{prime_en} acts as prime contractor and submits the bid; the other Members are its named "
                    "subcontractors for the work shares below.",
                    f"{prime_ja}が元請として入札書を提出し、他のメンバーは下記の作業分担について指名された下請となる。",
                )
            )
        else:
            clauses.append(
                Clause(
                    "Roles (FAR 9.601(1))",
                    "役割（FAR 9.601(1)）",
                    "The Members form a joint venture that bids as one offeror, each for the work share below.",
                    "メンバーは一つの入札者として入札する共同企業体を組成し、各メンバーは下記の作業分担を担う。",
                )
            )
        shares_en = "; ".join(
            f"{en}: {member.get_role_display()} {member.share.normalize():f}%"
            for member, (en, _ja) in zip(members, names, strict=True)
        )
        shares_ja = "、".join(
            f"{ja}：{member.share.normalize():f}%" for member, (_en, ja) in zip(members, names, strict=True)
        )
        clauses += [
            Clause("Work shares", "作業分担", f"{shares_en}.", f"{shares_ja}。"),
            Clause(
                "Exclusivity and term",
                "排他性及び期間",
                "No Member joins a competing bid for the Opportunity. This agreement ends on award to another "
                "bidder, cancellation of the Opportunity, or signature of the subcontracts or joint venture agreement.",
                "いずれのメンバーも本案件の競合する入札に参加しない。本契約は、他の入札者への落札決定、本案件の中止、"
                "又は下請契約若しくは共同企業体契約の締結により終了する。",
            ),
        ]
    if kind in ("teaming", "ip"):
        fore_en, fore_ja = FOREGROUND.get(foreground or "creator", FOREGROUND["creator"])
        use_en = field_of_use.strip() or "the Opportunity and follow-on work for the same buyer"
        use_ja = field_of_use.strip() or "本案件及び同一発注者の後続業務"
        clauses += [
            Clause(
                "Background IP",
                "バックグラウンドIP",
                "Each Member keeps the intellectual property it owned before this agreement or creates outside it.",
                "各メンバーは、本契約前に保有し又は本契約外で創出した知的財産権を引き続き保有する。",
            ),
            Clause("Foreground IP", "フォアグラウンドIP", fore_en, fore_ja),
            Clause(
                "Licence-back and field of use",
                "実施許諾（ライセンスバック）及び利用分野",
                f"Each Member grants the others a non-exclusive, royalty-free licence to use its foreground IP, and "
                f"its background IP as far as needed, within this field of use: {use_en}.",
                f"各メンバーは、他のメンバーに対し、次の利用分野において、自己のフォアグラウンドIP及び必要な範囲で"
                f"バックグラウンドIPを非独占的かつ無償で実施することを許諾する：{use_ja}。",
            ),
        ]
    clauses.append(
        Clause(
            "Governing law and disputes",
            "準拠法及び紛争解決",
            f"This agreement is governed by the law of {law_en}. Disputes are resolved by {forum_en}. "
            "The English and Japanese texts are equally authentic.",
            f"本契約は{law_ja}に準拠する。紛争は{forum_ja}により解決する。英語版及び日本語版はいずれも正文とする。",
        )
    )
    title_en, title_ja = {
        "nda": ("Mutual Non-Disclosure Agreement", "相互秘密保持契約書"),
        "teaming": ("Teaming Agreement", "チーミング契約書"),
        "ip": ("Intellectual Property Clauses", "知的財産条項"),
    }[kind]
    return Agreement(kind, title_en, title_ja, members, clauses)
