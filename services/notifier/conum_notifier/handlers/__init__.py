"""Use cases: sending the notifications (:mod:`.commands`) and consumed events (:mod:`.events`)."""
