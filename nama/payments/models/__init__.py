"""Payments through card gateways, their raw messages, and the built-in sandbox bank."""

from nama.payments.models.payments import Payment, PaymentEvent
from nama.payments.models.sandbox import SandboxTransaction

__all__ = ["Payment", "PaymentEvent", "SandboxTransaction"]
