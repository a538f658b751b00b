"""Documents written from the code and committed: each service's AsyncAPI document
(``services/<service>/asyncapi.yaml``) and the event catalogue (``docs/design/events.md``).

``./conum docs`` (``python -m conum_devtools.docs``) writes them; ``--check`` only says which
are stale. Tests fail when a committed document differs from what the code gives.
"""
