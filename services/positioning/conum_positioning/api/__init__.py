"""The HTTP edge of the positioning service: routes (:mod:`.routes`) and their request and
answer models (:mod:`.schemas`)."""
