"""CoNum national view: the coordinators' view of the whole network, its dashboard and
exports."""
