from django.urls import path, re_path

from .services import RESERVED_SLUGS
from .views import public, secretariat

app_name = "councils"

COUNCIL_SLUG = r"(?!(?:" + "|".join(RESERVED_SLUGS) + r")/)(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    # The public and council people (views/public.py).
    path("", public.home, name="home"),
    path("tracker/", public.tracker, name="tracker"),
    path("actions/", public.actions, name="actions"),
    path("actions/<int:pk>/status/", public.action_status, name="action_status"),
    path("meetings/<int:pk>/", public.meeting, name="meeting"),
    path("meetings/<int:pk>/propose/", public.propose, name="propose"),
    path("meetings/<int:pk>/pack.zip", public.meeting_pack, name="pack"),
    path("meetings/<int:pk>/invitation.ics", public.meeting_ics, name="ics"),
    path("documents/<int:pk>/", public.document, name="document"),
    path("decisions/<int:pk>/", public.decision, name="decision"),
    # The secretariat (views/secretariat.py).
    path("secretariat/new/", secretariat.create_council, name="create"),
    path("secretariat/meetings/<int:pk>/", secretariat.manage, name="manage"),
    path("secretariat/meetings/<int:pk>/edit/", secretariat.edit_meeting, name="edit_meeting"),
    path("secretariat/meetings/<int:pk>/items/", secretariat.add_item, name="add_item"),
    path("secretariat/meetings/<int:pk>/items/<int:item_pk>/", secretariat.edit_item, name="edit_item"),
    path("secretariat/meetings/<int:pk>/items/<int:item_pk>/move/", secretariat.move_item, name="move_item"),
    path("secretariat/meetings/<int:pk>/items/<int:item_pk>/remove/", secretariat.remove_item, name="remove_item"),
    path("secretariat/meetings/<int:pk>/items/<int:item_pk>/respond/", secretariat.respond, name="respond"),
    path("secretariat/meetings/<int:pk>/items/<int:item_pk>/minute/", secretariat.save_minute, name="save_minute"),
    path("secretariat/meetings/<int:pk>/documents/", secretariat.add_document, name="add_document"),
    path(
        "secretariat/meetings/<int:pk>/documents/<int:document_pk>/remove/",
        secretariat.remove_document,
        name="remove_document",
    ),
    path("secretariat/meetings/<int:pk>/publish/", secretariat.publish, name="publish"),
    path("secretariat/meetings/<int:pk>/attendance/", secretariat.attendance, name="attendance"),
    path("secretariat/meetings/<int:pk>/minutes/approve/", secretariat.approve_minutes, name="approve_minutes"),
    path("secretariat/meetings/<int:pk>/motions/", secretariat.add_motion, name="add_motion"),
    path("secretariat/meetings/<int:pk>/motions/<int:motion_pk>/vote/", secretariat.vote, name="vote"),
    path("secretariat/meetings/<int:pk>/motions/<int:motion_pk>/close/", secretariat.close_motion, name="close_motion"),
    path("secretariat/meetings/<int:pk>/decisions/", secretariat.add_decision, name="add_decision"),
    path("secretariat/decisions/<int:pk>/", secretariat.manage_decision, name="manage_decision"),
    path("secretariat/decisions/<int:pk>/actions/", secretariat.add_action, name="add_action"),
    path("secretariat/decisions/<int:pk>/results/", secretariat.add_result, name="add_result"),
    path(
        "secretariat/decisions/<int:pk>/results/<int:result_pk>/progress/",
        secretariat.record_progress,
        name="record_progress",
    ),
    path(
        "secretariat/decisions/<int:pk>/results/<int:result_pk>/milestones/",
        secretariat.add_milestone,
        name="add_milestone",
    ),
    path(
        "secretariat/decisions/<int:pk>/milestones/<int:milestone_pk>/reached/",
        secretariat.reach_milestone,
        name="reach_milestone",
    ),
    re_path(rf"^secretariat/{COUNCIL_SLUG}/edit/$", secretariat.edit_council, name="edit"),
    re_path(rf"^secretariat/{COUNCIL_SLUG}/people/$", secretariat.people, name="people"),
    re_path(
        rf"^secretariat/{COUNCIL_SLUG}/people/(?P<membership_pk>[0-9]+)/remove/$",
        secretariat.remove_person,
        name="remove_person",
    ),
    re_path(rf"^secretariat/{COUNCIL_SLUG}/meetings/new/$", secretariat.schedule_meeting, name="schedule"),
    re_path(rf"^{COUNCIL_SLUG}/$", public.council, name="council"),
]
