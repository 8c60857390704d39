"""Web pages of visit booking: the applicant's slot picker and the staff's reschedule page."""
