from django.urls import path

from . import views

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
]
