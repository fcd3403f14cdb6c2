"""Browser pages of the accounts app: login, logout, profile, SSO errors, staff diagnostics."""
