from django.urls import path

from . import team_views, views

app_name = "procurement"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("<int:pk>/", views.opportunity_detail, name="detail"),
    path("<int:pk>/save/", views.toggle_saved, name="toggle_saved"),
    path("fit/", views.company_fit, name="fit"),
    path("companies/<slug:slug>/", views.procurement_profile, name="procurement_profile"),
    path("saved/", views.saved, name="saved"),
    path("searches/", views.save_search, name="save_search"),
    path("searches/<int:pk>/", views.change_search, name="change_search"),
    path("alerts/", views.alerts, name="alerts"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_run, name="import_run"),
    path("imports/fetch/", views.fetch_now, name="fetch_now"),
    path("<int:pk>/teams/new/", team_views.form_team, name="form_team"),
    path("teams/", team_views.team_list, name="teams"),
    path("teams/pipeline/", team_views.pipeline_dashboard, name="pipeline"),
    path("teams/<int:pk>/", team_views.team_detail, name="team"),
    path("teams/<int:pk>/invite/", team_views.invite, name="team_invite"),
    path("teams/<int:pk>/members/<int:member>/answer/", team_views.answer, name="team_answer"),
    path("teams/<int:pk>/members/<int:member>/leave/", team_views.leave, name="team_leave"),
    path("teams/<int:pk>/composition/", team_views.composition, name="team_composition"),
    path("teams/<int:pk>/stage/", team_views.stage, name="team_stage"),
    path("teams/<int:pk>/edit/", team_views.edit_team, name="team_edit"),
    path("teams/<int:pk>/gate/", team_views.gate, name="team_gate"),
    path("teams/<int:pk>/room/", team_views.room, name="team_room"),
    path("teams/<int:pk>/agreements/", team_views.agreement, name="team_agreement"),
    path("teams/<int:pk>/documents/<int:document>/", team_views.document, name="team_document"),
    path("companies/<slug:slug>/registrations/", team_views.company_registrations, name="registrations"),
    path(
        "companies/<slug:slug>/registrations/<int:pk>/evidence/",
        team_views.registration_evidence,
        name="registration_evidence",
    ),
]
