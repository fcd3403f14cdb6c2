"""Account URLs. `urlpatterns` goes under /accounts/ (ours first, then allauth's); `api_urlpatterns` under /api/."""

from django.urls import include, path

from paperkeep.accounts.views import api, login, logout, mfa, pages, profile, profile_details

urlpatterns = [
    path("profile/", profile.profile, name="profile"),
    path("profile/disconnect/<int:account_id>/", profile.disconnect, name="disconnect"),
    path("profile/tokens/", profile.create_token, name="create_token"),
    path("profile/tokens/<int:token_id>/revoke/", profile.revoke_token, name="revoke_token"),
    path("profile/details/", profile_details.update_details, name="profile_details"),
    path("profile/password/", profile_details.change_password, name="profile_password"),
    path("profile/2fa/setup/", mfa.setup, name="mfa_setup"),
    path("profile/2fa/recovery-codes/", mfa.recovery_codes, name="mfa_recovery_codes"),
    path("profile/2fa/recovery-codes/new/", mfa.regenerate, name="mfa_regenerate"),
    path("profile/2fa/deactivate/", mfa.deactivate, name="mfa_deactivate"),
    path("no-permissions/", pages.no_permissions, name="no_permissions"),
    path("sso/attempts/", pages.sso_attempts, name="sso_attempts"),
]

# Unnamespaced, so allauth's templates and redirects find them under allauth's names.
root_patterns = [
    path("login/", login.login, name="account_login"),
    path("logout/", logout.logout, name="account_logout"),
    path("", include((urlpatterns, "accounts"), namespace="accounts")),
    path("", include("paperkeep.accounts.allauth_urls")),
]

api_urlpatterns = [
    path("profile/social_account_providers/", api.SocialAccountProvidersView.as_view(),
         name="api-social-account-providers"),
    path("profile/disconnect_social_account/", api.DisconnectSocialAccountView.as_view(),
         name="api-disconnect-social-account"),
    path("profile/totp/", mfa.totp_api, name="api-profile-totp"),
    path("auth/login/", login.login, name="api-auth-login"),
    path("auth/logout/", logout.logout, name="api-auth-logout"),
    path("auth/tokens/", api.TokenListView.as_view(), name="api-auth-tokens"),
    path("auth/tokens/<int:token_id>/", api.TokenDetailView.as_view(), name="api-auth-token"),
]
