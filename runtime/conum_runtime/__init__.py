"""What every CoNum service runs on, and nothing domain-specific."""
