"""Browser pages."""

from django.urls import path

from paperkeep.web import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
]
