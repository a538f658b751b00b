"""Servers for development and tests (Kafka, PostgreSQL, Jaeger, Prometheus); never deployed."""
