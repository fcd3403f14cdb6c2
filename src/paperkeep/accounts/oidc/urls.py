"""OpenID Connect URLs, under /accounts/oidc/<provider_id>/ (allauth includes this module for our provider)."""

from django.urls import include, path

from paperkeep.accounts.oidc import views

urlpatterns = [
    path("oidc/<str:provider_id>/", include([
        path("login/", views.login, name="openid_connect_login"),
        path("login/callback/", views.callback, name="openid_connect_callback"),
        path("backchannel-logout/", views.backchannel_logout, name="openid_connect_backchannel_logout"),
    ])),
]
