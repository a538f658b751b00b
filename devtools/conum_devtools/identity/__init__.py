"""A local OpenID Connect provider for development and tests (never a deployment's): the
authorization-code flow with PKCE (S256), a French sign-in form, JWT access tokens carrying the
claims the services read (decision 0023), RP-initiated logout; built on Authlib, bound to
127.0.0.1 (decision 0033). ``python -m conum_devtools.identity --state DIR --port P``."""
