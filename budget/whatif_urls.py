from django.urls import path

from .views import whatif

app_name = "whatif"
urlpatterns = [
    path("", whatif.panel, name="panel"),
    path("scenarios/", whatif.scenario_list, name="scenarios"),
    path("scenarios/keep/", whatif.scenario_keep, name="scenario_keep"),
    path("scenarios/<int:pk>/apply/", whatif.scenario_apply, name="scenario_apply"),
    path("scenarios/<int:pk>/discard/", whatif.scenario_discard, name="scenario_discard"),
]
