"""OpenID Connect relying party: discovery, keys, token checks, the code flow, logout, API tokens."""
