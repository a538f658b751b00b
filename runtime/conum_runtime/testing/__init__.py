"""Helpers for the services' integration tests; the test servers live in conum_devtools."""
