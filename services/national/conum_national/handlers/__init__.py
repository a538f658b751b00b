"""Use cases: the consumed events (the national view has no commands)."""
