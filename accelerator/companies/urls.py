from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/capabilities/", views.edit_profile, name="edit_profile"),
    path("<slug:slug>/readiness/", views.edit_readiness, name="edit_readiness"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/", views.change_member, name="change_member"),
    path("<slug:slug>/invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel_invitation"),
]
