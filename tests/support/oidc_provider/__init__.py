"""A real OpenID Connect provider process for tests, laid out like authentik, that misbehaves
on demand.

    from tests.support.oidc_provider import Client, User, start_provider

    with start_provider(slug="paperless", clients=[Client("paperkeep", "s3cret",
                        redirect_uris=["http://127.0.0.1:8000/accounts/oidc/authentik/login/callback/"])],
                        users=[User("alice", "pw", email="alice@example.org", groups=["staff"])]) as op:
        op.issuer         # http://127.0.0.1:PORT/application/o/paperless/
        op.misbehave(wrong_nonce=True)

See handle.py for the handle's API, model.py for the misbehaviour switches, and
endpoints/authorize.py for how tests sign in (the browser form, or HTTP Basic at authorize).
"""

from .handle import AccessTokens, BackchannelResult, ProviderError, ProviderHandle, start_provider
from .model import Client, Event, Misbehaviour, User
from .tokens import BACKCHANNEL_EVENT

__all__ = [
    "BACKCHANNEL_EVENT",
    "AccessTokens",
    "BackchannelResult",
    "Client",
    "Event",
    "Misbehaviour",
    "ProviderError",
    "ProviderHandle",
    "User",
    "start_provider",
]
