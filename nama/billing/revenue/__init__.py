"""The revenue staff pages (/revenue/): bills, payments, refunds, bank reconciliation, ledger."""
