"""Typed clients: openapi-python-client (pinned) driven from Python, with our templates."""
