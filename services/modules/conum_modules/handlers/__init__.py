"""Use cases: HTTP commands (:mod:`.commands`) and consumed events (:mod:`.events`)."""
