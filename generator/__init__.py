"""soundspec: hand-written OpenAPI 3.1 specs drive typed clients, mock servers, contract checks and docs."""

__version__ = "0.1.0"
