"""A real OpenID Connect provider (django-oauth-toolkit) for the identity tests, run on loopback
in its own process with its own settings: see `fixture.py`."""
