from django.urls import path

from . import views

app_name = "matchmaking"

urlpatterns = [
    path("", views.matches, name="matches"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/introduce/", views.request_introduction, name="request_introduction"),
    path("introductions/", views.introductions, name="introductions"),
    path("introductions/<int:pk>/", views.introduction, name="introduction"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.open_inbox_item, name="inbox_open"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/cancel/", views.cancel_run, name="cancel_run"),
    path("runs/<int:pk>/restart/", views.restart_run, name="restart_run"),
    path("itar-bridge/", views.itar_bridge, name="itar_bridge"),
]
