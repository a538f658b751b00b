"""What operators run against a CoNum network from outside its services: the reconciliation
of what each service holds of every conseiller (``./conum reconcile``). It reads the services
over HTTP and the topics over Kafka, and imports no service."""
