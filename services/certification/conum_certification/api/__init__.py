"""The HTTP edge of the certification service: routes (:mod:`.routes`) and their request and
answer models (:mod:`.schemas`)."""
