"""Build a multilingual report archive from plain-text seeds."""
