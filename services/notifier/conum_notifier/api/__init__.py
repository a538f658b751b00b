"""HTTP routes (:mod:`.routes`) and answers (:mod:`.schemas`) of the notifier."""
