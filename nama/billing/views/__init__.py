"""Web pages of billing: the citizen's bills, duties, vehicles, receipts and settlement letters,
and a request's fees for its applicant and for staff (case_fees, staff_fees)."""
