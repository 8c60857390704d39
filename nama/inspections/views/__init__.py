"""The inspection pages: the inspector's day and report (made for a phone), the desk
officer's figures, and the managers' discrepancies."""
