"""How a payment moves, one concern per module (ADR 0031); ``nama.payments.services`` is the
entry point. ``journal`` makes every change a compare-and-set with its event, ``verification``
asks the bank and settles, ``refunds`` gives a duplicate back, ``recheck`` sweeps what was left.
"""
