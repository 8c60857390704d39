"""Workflow facts billing answers: fees assessed, fees paid, renewal duty settled."""
