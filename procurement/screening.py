"""What a notice's own words say about export control, eligibility and treaty coverage.

Markers are found, not judged: each keeps the wording that raised it, so a reader sees
why a notice is flagged and decides with the documents in hand.
"""

import re

from .importers import Notice

MARKERS = {
    "itar": re.compile(r"\bITAR\b|International Traffic in Arms|\bUSML\b|22 CFR (?:Parts? )?12\d", re.I),
    "ear": re.compile(r"\bEAR(?:99)?\b|(?i:Export Administration Regulations)|\bECCN\b|\b\d[A-E]\d{3}\b"),
    "us_persons_only": re.compile(
        r"U\.?S\.? (?:persons|citizens) only|only U\.?S\.? (?:persons|citizens)|restricted to U\.?S\.? "
        r"(?:persons|citizens)|米国人(?:のみ|に限る)",
        re.I,
    ),
    "controlled_documents": re.compile(
        r"export[- ]controlled (?:attachments?|documents?|drawings?|data|files?)|Controlled Unclassified "
        r"Information|\bCUI\b|DD Form 2345|Joint Certification Program|輸出管理(?:対象)?の?(?:資料|図面|文書)",
        re.I,
    ),
}
UEI = re.compile(r"\bUEI\b|Unique Entity ID", re.I)
UNIFIED = re.compile(r"全省庁統一資格|統一資格")
GRADE = re.compile(r"[「“\"]?([A-D])[」”\"]?\s*(?:等級|ランク|の等級)")
TREATIES = {
    "wto_gpa": re.compile(r"\bWTO\b|Government Procurement Agreement|政府調達に関する協定|特定調達契約"),
    "japan_uk_cepa": re.compile(r"Japan[-–‐ ]UK (?:CEPA|Comprehensive)|日英包括的経済連携協定"),
    "japan_eu_epa": re.compile(r"Japan[-–‐ ]EU (?:EPA|Economic)|日EU経済連携協定|日・?EU・?EPA"),
}


def notice_text(notice: Notice) -> str:
    titles = " ".join(document.get("title", "") for document in notice.documents)
    return "\n".join(
        (notice.title, notice.description, notice.title_translation, notice.description_translation, titles)
    )


def screen(notice: Notice) -> dict:
    """Export-control flags and the wording behind them; adds eligibility and treaty notes to `notice`."""
    text = notice_text(notice)
    flags, evidence = {}, []
    for field, pattern in MARKERS.items():
        found = pattern.findall(text)
        flags[field] = bool(found)
        evidence.extend(phrase for phrase in dict.fromkeys(found) if phrase not in evidence)
    kinds = {note["kind"] for note in notice.eligibility}
    if UEI.search(text) and "uei" not in kinds:
        notice.eligibility.append({"kind": "uei"})
    if UNIFIED.search(text) and "unified_qualification" not in kinds:
        grades = sorted(set(GRADE.findall(text)))
        notice.eligibility.append({"kind": "unified_qualification", "value": ",".join(grades)})
    treaties = set(notice.treaties)
    treaties.update(code for code, pattern in TREATIES.items() if pattern.search(text))
    notice.treaties = sorted(treaties)
    flags["export_evidence"] = evidence[:8]
    return flags
