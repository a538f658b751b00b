"""The CoNum web application (a backend for frontend): one space per party."""
