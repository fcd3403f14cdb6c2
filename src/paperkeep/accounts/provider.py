"""allauth finds providers in `<app>.provider`; Paperkeep's OpenID Connect provider replaces allauth's own."""

from paperkeep.accounts.oidc.provider import PaperkeepOidcProvider

provider_classes = [PaperkeepOidcProvider]
