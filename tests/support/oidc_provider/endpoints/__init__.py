"""The provider's HTTP endpoints, each a function `(ProviderState, Request) -> Response`."""
