"""The whole network on one machine: Kafka, Jaeger, Prometheus and every service instance as
local processes (``python -m conum_devtools.network up|down|status|restart|wave``)."""
