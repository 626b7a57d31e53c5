"""The XML of Japan's 官公需情報ポータル search API: `Results/SearchResults/SearchResult`.

Most fields may be missing. Dates without a zone are Japan's (the portal publishes for
Japanese buyers only). The portal's documentation describes `TenderSubmissionDeadline` as
the day bids start to be accepted, not a deadline, so it is kept as such; `PeriodEndTime`
and `OpeningTendersEvent` are kept as published. An `<Error>` document is refused with its
message. XML is parsed with defusedxml: entity declarations (XML bombs) are refused.
"""

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.utils.translation import gettext as _

from .. import classifications
from . import JST, BadRecord, FileRefused, Notice, RecordError, clean, parse_moment

FIELDS = (
    "ResultId",
    "Key",
    "ExternalDocumentURI",
    "ProjectName",
    "Date",
    "LgCode",
    "PrefectureName",
    "CityCode",
    "CityName",
    "OrganizationName",
    "Certification",
    "CftIssueDate",
    "PeriodEndTime",
    "Category",
    "ProcedureType",
    "Location",
    "TenderSubmissionDeadline",
    "OpeningTendersEvent",
    "ItemCode",
    "ProjectDescription",
)
METHODS = {
    "一般競争入札": "open",
    "指名競争入札": "selective",
    "随意契約": "direct",
    "企画競争": "selective",
    "公募": "open",
    "オープンカウンター": "open",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read(stream):
    events = iterparse(stream, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    path: list[str] = []
    parents: list = []
    index = 0
    seen_results = False
    try:
        for event, element in events:
            name = _local(element.tag)
            if event == "start":
                if not path and name != "Results":
                    raise FileRefused(
                        _("This is not a KKJ search response: its root element is <%(name)s>, not <Results>.")
                        % {"name": name}
                    )
                path.append(name)
                parents.append(element)
                if name == "SearchResults":
                    seen_results = True
                continue
            path.pop()
            parents.pop()
            if name == "Error" and len(path) <= 1:
                raise FileRefused(
                    _("The portal answered with an error: %(message)s")
                    % {"message": " ".join("".join(element.itertext()).split()) or "—"}
                )
            if name == "SearchResult" and path[-1:] == ["SearchResults"]:
                index += 1
                record = _record(element)
                parents[-1].remove(element)  # constant memory: nothing read stays in the tree
                position = _("result %(number)d") % {"number": index}
                if record.get("Key"):
                    position = _("result %(number)d (Key %(key)s)") % {"number": index, "key": record["Key"]}
                try:
                    yield notice(record, position=position)
                except BadRecord as error:
                    yield RecordError(position, str(error))
    except DefusedXmlException:
        raise FileRefused(
            _("The file declares XML entities or a document type, which are refused (they can hide an XML bomb).")
        ) from None
    except SyntaxError as error:  # ElementTree.ParseError
        raise FileRefused(_("The file is not well-formed XML (%(error)s).") % {"error": error}) from None
    if not seen_results:
        raise FileRefused(_("This is not a KKJ search response: it has no <SearchResults>."))


def combine(previous: dict, notice: Notice) -> Notice:
    return notice


def _record(element) -> dict:
    record = {}
    for child in element:
        name = _local(child.tag)
        if name == "Attachments":
            record["Attachments"] = [
                {_local(part.tag): clean(part.text) for part in attachment} for attachment in child
            ]
        else:
            record[name] = clean(child.text)
    return record


def notice(record: dict, *, position: str = "") -> Notice:
    key = record.get("Key") or ""
    if not key:
        raise BadRecord(_("has no Key."))
    title = record.get("ProjectName") or ""
    if not title:
        raise BadRecord(_("has no ProjectName."))
    documents = []
    if record.get("ExternalDocumentURI"):
        documents.append({"title": "公告", "url": record["ExternalDocumentURI"]})
    for attachment in record.get("Attachments") or []:
        if attachment.get("Uri"):
            documents.append({"title": attachment.get("Name") or attachment["Uri"], "url": attachment["Uri"]})
    found = []
    category = record.get("Category") or ""
    if category:
        found.append(
            {
                "scheme": "JP-CATEGORY",
                "code": category,
                "label": classifications.label("JP-CATEGORY", category) or category,
                "primary": True,
            }
        )
    for code in (record.get("ItemCode") or "").replace("、", ",").split(","):
        if clean(code):
            found.append({"scheme": "JP-ITEM", "code": clean(code), "label": "", "primary": not found})
    eligibility = []
    grades = [grade for grade in (record.get("Certification") or "").replace("、", ",").split(",") if clean(grade)]
    if grades:
        eligibility.append({"kind": "unified_qualification", "value": ",".join(clean(g) for g in grades)})
    place = " ".join(filter(None, (record.get("PrefectureName"), record.get("CityName"))))
    if record.get("Location"):
        place = f"{record['Location']} ({place})" if place else record["Location"]
    method_text = record.get("ProcedureType") or ""
    posted = parse_moment(record.get("CftIssueDate") or record.get("Date"), what="CftIssueDate", default_zone=JST)
    return Notice(
        source="kkj",
        source_id=key,
        ocid=f"{settings.OCDS_OCID_PREFIX}-kkj-{key}",
        position=position,
        title=title,
        description=record.get("ProjectDescription") or "",
        language="ja",
        country="JP",
        notice_type="公告",
        buyer_name=record.get("OrganizationName") or "",
        buyer_id=record.get("LgCode") or "",
        procurement_method=next((code for text, code in METHODS.items() if text in method_text), ""),
        procurement_method_details=method_text,
        posted_at=posted,
        bids_open_at=parse_moment(
            record.get("TenderSubmissionDeadline"), what="TenderSubmissionDeadline", default_zone=JST
        ),
        tenders_opened_at=parse_moment(record.get("OpeningTendersEvent"), what="OpeningTendersEvent", default_zone=JST),
        place_of_performance=place,
        documents=documents,
        url=record.get("ExternalDocumentURI") or "",
        status="active",
        eligibility=eligibility,
        classifications=found,
        published_at=parse_moment(record.get("Date"), what="Date", default_zone=JST) or posted,
        raw=record,
    )
