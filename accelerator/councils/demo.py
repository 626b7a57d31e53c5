"""The demo council for `seed_demo`: the U.S.–Japan Space Business Council.

Three past meetings with bilingual minutes, attendance, votes and decisions; actions in
every state (one overdue, owned by the demo council member); results with progress; and a
meeting in two weeks whose agenda is published and holds an item the council member
proposed. Written through the services, with dates moved into the past where the story
needs them. Safe to run again: an existing council is left as it is.
"""

from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accelerator.accounts.models import Role, User
from accelerator.companies.models import Company

from . import services
from .models import ActionItem, Attendance, Council, Meeting, Result

SLUG = "usj-space"
TOKYO = ZoneInfo("Asia/Tokyo")
STAFF_EMAIL = "staff@demo.accelerator.example"
COUNCIL_MEMBER_EMAIL = "council@demo.accelerator.example"
PARTNER_EMAIL = "partner@demo.accelerator.example"

# email, display name, language, zone, role on the council, affiliation
EXTRA_PEOPLE = [
    (
        "chair@demo.accelerator.example",
        "Elizabeth Grant",
        "en",
        "America/New_York",
        "chair",
        "Former U.S. trade official",
    ),
    ("yamamoto@demo.accelerator.example", "山本 健", "ja", "Asia/Tokyo", "member", "宇宙産業政策アドバイザー"),
    ("observer@demo.accelerator.example", "Rina Sato", "en", "Asia/Tokyo", "observer", "Embassy science attaché"),
]

MEETINGS = [
    # days ago, English title, Japanese title, items: (en, ja, minutes, children)
    (
        95,
        "Inaugural plenary",
        "第1回総会",
        [
            ("Opening and council charter", "開会と協議会規約", 15, []),
            (
                "Export-control capacity",
                "輸出管理の対応力",
                40,
                [("ITAR and EAR classification help", "ITAR・EAR該非判定の支援", 20)],
            ),
            ("Priorities for 2027", "2027年の優先課題", 30, []),
        ],
    ),
    (
        63,
        "Second plenary: co-development",
        "第2回総会：共同開発",
        [
            ("Approval of the last minutes", "前回議事録の承認", 5, []),
            ("Bilingual IP templates", "日英の知財テンプレート", 45, []),
            ("FEFTA and CFIUS screening", "外為法とCFIUSの審査", 30, []),
        ],
    ),
    (
        30,
        "Third plenary: third-country markets",
        "第3回総会：第三国市場",
        [
            ("Approval of the last minutes", "前回議事録の承認", 5, []),
            ("Joint Earth-observation exports to Australia", "豪州への地球観測の共同輸出", 40, []),
            ("Progress of earlier decisions", "過去の決定の進捗", 25, []),
        ],
    ),
]

MINUTES = [
    (
        "The council adopted its charter and agreed to meet every two months, alternating the chair's language.",
        "協議会は規約を採択し、2か月ごとに開催すること、議事の言語を交互にすることで合意した。",
    ),
    (
        "Members reported that small firms drop cross-border deals because nobody can classify their items "
        "under ITAR or EAR.",
        "中小企業はITARやEARの該非判定ができる人材がいないため、日米案件を見送っているとの報告があった。",
    ),
    (
        "The council asked the secretariat for a shared list of classification questions.",
        "協議会は事務局に該非判定に関する質問の共通リストを求めた。",
    ),
    (
        "Priorities: export-control capacity, co-development contracts, and joint exports to third countries.",
        "優先課題：輸出管理の対応力、共同開発契約、第三国への共同輸出。",
    ),
]

DECISIONS = [
    (
        "Open an export-control bridge desk that answers ITAR and EAR classification questions for startups "
        "of both countries within ten working days.",
        "日米のスタートアップからのITAR・EAR該非判定に関する質問に10営業日以内に回答する輸出管理ブリッジ窓口を開設する。",
    ),
    (
        "Publish bilingual templates for co-development agreements and IP ownership, reviewed by counsel "
        "in both countries.",
        "日米双方の弁護士が確認した、共同開発契約と知的財産の帰属に関する日英テンプレートを公表する。",
    ),
    (
        "Run a pilot of joint Earth-observation service exports to Australia with two U.S.–Japan teams.",
        "日米の2チームによる豪州向け地球観測サービスの共同輸出を試行する。",
    ),
]


def _person(email: str, name: str, language: str, zone: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, display_name=name, preferred_language=language, time_zone=zone
        )
    user.groups.add(Group.objects.get_or_create(name=Role.COUNCIL_MEMBER)[0])
    return user


def _at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate(timezone.now(), TOKYO) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)), TOKYO)


def _meeting(council: Council, days: int, title_en: str, title_ja: str) -> Meeting:
    meeting = Meeting.objects.create(
        council=council,
        title_en=title_en,
        title_ja=title_ja,
        starts_at=_at(days),
        ends_at=_at(days) + timedelta(hours=2),
        time_zone="Asia/Tokyo",
        place="Toranomon, Tokyo / online",
        online_url="https://meet.accelerator.example/usj-space",
        agenda_published_at=_at(days - 10),
        sequence=1,
    )
    return meeting


def _agenda(staff: User, meeting: Meeting, items: list, presenter: User) -> list:
    added = []
    for title_en, title_ja, minutes, children in items:
        parent = services.add_agenda_item(
            actor=staff,
            meeting=meeting,
            title_en=title_en,
            title_ja=title_ja,
            duration_minutes=minutes,
            presenter=presenter,
        )
        added.append(parent)
        for child_en, child_ja, child_minutes in children:
            added.append(
                services.add_agenda_item(
                    actor=staff,
                    meeting=meeting,
                    parent=parent,
                    title_en=child_en,
                    title_ja=child_ja,
                    duration_minutes=child_minutes,
                )
            )
    return added


def _moved(model, pk: int, **moments) -> None:
    """Puts a record's timestamps where the story has them."""
    model.objects.filter(pk=pk).update(**moments)


def seed(stdout) -> None:
    if Council.objects.filter(slug=SLUG).exists():
        stdout.write("Council: U.S.–Japan Space Business Council (already there)")
        return
    with transaction.atomic():
        staff = User.objects.get(email=STAFF_EMAIL)
        member = User.objects.get(email=COUNCIL_MEMBER_EMAIL)
        partner = User.objects.get(email=PARTNER_EMAIL)
        council = services.create_council(
            actor=staff,
            slug=SLUG,
            name_en="U.S.–Japan Space Business Council",
            name_ja="日米宇宙ビジネス協議会",
            description_en=(
                "Industry leaders and policy officials from both countries set the priorities of U.S.–Japan space "
                "business: export-control capacity, co-development contracts and joint exports to third countries. "
                "Its decisions and their progress are public."
            ),
            description_ja=(
                "日米の産業界のリーダーと政策担当者が、日米宇宙ビジネスの優先課題（輸出管理の対応力、共同開発契約、"
                "第三国への共同輸出）を定めます。決定とその進捗は公開されます。"
            ),
            visibility=Council.Visibility.PUBLIC,
            quorum=3,
        )
        people = {}
        for email, name, language, zone, role, affiliation in EXTRA_PEOPLE:
            people[role] = _person(email, name, language, zone)
            services.set_council_role(
                actor=staff, council=council, user=people[role], role=role, affiliation=affiliation
            )
        chair, yamamoto, observer = people["chair"], people["member"], people["observer"]
        services.set_council_role(
            actor=staff, council=council, user=member, role="member", affiliation="宇宙スタートアップ協会"
        )
        services.set_council_role(
            actor=staff, council=council, user=partner, role="member", affiliation="Prime Meridian Space Systems"
        )
        voters = [chair, member, yamamoto, partner]

        past = []
        for index, (days_ago, title_en, title_ja, items) in enumerate(MEETINGS):
            meeting = _meeting(council, -days_ago, title_en, title_ja)
            agenda = _agenda(staff, meeting, items, chair)
            for person in voters:
                status = (
                    Attendance.Status.APOLOGIES if (person == partner and index == 1) else Attendance.Status.PRESENT
                )
                services.record_attendance(actor=staff, meeting=meeting, user=person, status=status)
            services.record_attendance(actor=staff, meeting=meeting, user=observer, status=Attendance.Status.REMOTE)
            for number, item in enumerate(agenda):
                text_en, text_ja = MINUTES[(index + number) % len(MINUTES)]
                services.save_minute(
                    actor=staff,
                    item=item,
                    text_en=text_en,
                    text_ja=text_ja,
                    authoritative_language="ja" if number % 2 else "en",
                )
            decision_item = agenda[-1] if index else agenda[1]
            text_en, text_ja = DECISIONS[index]
            motion = services.propose_motion(
                actor=staff, item=decision_item, text_en=text_en, text_ja=text_ja, moved_by=voters[index % 3]
            )
            present = [person for person in voters if not (person == partner and index == 1)]
            for position, person in enumerate(present):
                choice = "abstain" if (index == 2 and position == 0) else "for"
                if index == 1 and position == 2:
                    choice = "against"
                services.record_vote(actor=staff, motion=motion, member=person, choice=choice)
            motion = services.close_motion(actor=staff, motion=motion)
            decision = services.record_decision(
                actor=staff, meeting=meeting, motion=motion, text_en=text_en, text_ja=text_ja
            )
            past.append((meeting, decision))
        for (earlier, _decision), (later, _other) in pairwise(past):
            services.approve_minutes(actor=staff, meeting=earlier, at_meeting=later)

        today = timezone.localdate()
        hoshizora = Company.objects.filter(legal_name="Hoshizora SAR K.K.").first()
        prime = Company.objects.filter(legal_name="Prime Meridian Space Systems Inc.").first()
        (_m1, desk), (_m2, templates), (_m3, pilot) = past

        def action(decision, title_en, title_ja, due_in, status, *, user=None, company=None, started_after=None):
            item = services.add_action_item(
                actor=staff,
                decision=decision,
                title_en=title_en,
                title_ja=title_ja,
                owner_user=user,
                owner_company=company,
                due_on=today + timedelta(days=due_in),
            )
            if status != ActionItem.Status.OPEN:
                services.set_action_status(actor=staff, action=item, status=status)
            if started_after is not None:
                started = timezone.make_aware(datetime.combine(decision.decided_on, time(9)), TOKYO)
                started += timedelta(days=started_after)
                fields = {"started_at": started}
                if status in ActionItem.CLOSED:
                    fields["completed_at"] = started + timedelta(days=10)
                _moved(ActionItem, item.pk, **fields)
            return item

        action(desk, "Staff the bridge desk", "ブリッジ窓口の人員を配置", -50, "done", user=chair, started_after=6)
        action(
            desk,
            "Publish the classification question list",
            "該非判定の質問リストを公開",
            20,
            "in_progress",
            company=prime,
            user=None if prime else chair,
            started_after=12,
        )
        action(
            templates,
            "Circulate the draft IP templates for comment",
            "知財テンプレート案を意見募集のため回覧",
            -9,
            "open",
            user=member,
        )
        action(
            templates,
            "Commission a U.S. law firm review",
            "米国法律事務所によるレビューを依頼",
            -20,
            "cancelled",
            user=chair,
        )
        action(
            pilot,
            "Form the two pilot teams",
            "試行チーム2組を編成",
            25,
            "in_progress",
            company=hoshizora,
            user=None if hoshizora else yamamoto,
            started_after=4,
        )
        action(pilot, "Brief the Australian space agency", "豪州宇宙庁への説明", 40, "open", user=yamamoto)

        desk_result = services.add_result(
            actor=staff,
            decision=desk,
            title_en="Bridge desk answers questions",
            title_ja="ブリッジ窓口が質問に回答",
            weight=2,
        )
        staffed = services.add_result(
            actor=staff, decision=desk, parent=desk_result, title_en="Desk staffed", title_ja="窓口の人員配置", weight=1
        )
        answered = services.add_result(
            actor=staff,
            decision=desk,
            parent=desk_result,
            title_en="Questions answered within ten days",
            title_ja="10営業日以内の回答",
            weight=3,
            review_on=today + timedelta(days=14),
        )
        services.add_result(actor=staff, decision=desk, title_en="Guide published", title_ja="ガイドの公表", weight=1)
        services.record_progress(actor=staff, result=staffed, progress=100, status=Result.Status.ACHIEVED)
        services.record_progress(actor=staff, result=answered, progress=40, status=Result.Status.ON_TRACK)
        services.add_milestone(
            actor=staff, result=answered, title_en="First 20 answers", title_ja="最初の20件の回答", due_on=today
        )
        template_result = services.add_result(
            actor=staff, decision=templates, title_en="Templates published", title_ja="テンプレートの公表", weight=1
        )
        services.record_progress(actor=staff, result=template_result, progress=15, status=Result.Status.AT_RISK)
        pilot_result = services.add_result(
            actor=staff, decision=pilot, title_en="Pilot contracts signed", title_ja="試行契約の締結", weight=1
        )
        for result, days_after in ((staffed, 9), (answered, 20), (template_result, 25)):
            decided = result.decision.decided_on
            _moved(
                Result,
                result.pk,
                first_progress_at=timezone.make_aware(datetime.combine(decided, time(9)), TOKYO)
                + timedelta(days=days_after),
            )
        services.add_milestone(
            actor=staff,
            result=pilot_result,
            title_en="Teams formed",
            title_ja="チーム編成",
            due_on=today + timedelta(days=25),
        )

        upcoming = services.schedule_meeting(
            actor=staff,
            council=council,
            title_en="Fourth plenary: space domain awareness",
            title_ja="第4回総会：宇宙状況把握",
            starts_at=_at(14),
            ends_at=_at(14) + timedelta(hours=2),
            time_zone="Asia/Tokyo",
            place="Toranomon, Tokyo / online",
            online_url="https://meet.accelerator.example/usj-space",
        )
        _agenda(
            staff,
            upcoming,
            [
                ("Opening", "開会", 5, []),
                ("Approval of the last minutes", "前回議事録の承認", 5, []),
                (
                    "Progress of decisions",
                    "決定事項の進捗",
                    35,
                    [
                        ("Bridge desk: first quarter", "ブリッジ窓口：最初の四半期", 15),
                        ("IP templates: overdue draft", "知財テンプレート：遅れている草案", 10),
                    ],
                ),
                ("Space domain awareness data sharing", "宇宙状況把握データの共有", 40, []),
            ],
            chair,
        )
        services.propose_agenda_item(
            actor=member,
            meeting=upcoming,
            title_en="Shared test facilities for small satellite makers",
            title_ja="小型衛星メーカー向け試験設備の共同利用",
            description_ja="日米の中小メーカーが環境試験設備を相互に利用できる仕組みを議論したい。",
            duration_minutes=20,
        )
        Meeting.objects.filter(pk=upcoming.pk).update(agenda_published_at=timezone.now(), sequence=1)
    stdout.write(
        "Council: U.S.–Japan Space Business Council (3 past meetings, 3 decisions, 6 actions, 1 upcoming meeting)"
    )
