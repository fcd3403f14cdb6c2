"""Input validation (DRF serializers) and output shapes for the REST API."""
