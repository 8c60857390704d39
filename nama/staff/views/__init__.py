"""The district staff's pages under ``/staff/`` (``nama.staff.urls``, namespace ``staff``).

``queue``: the work queue (کارتابل) with filters, search and pages; ``holds``: claim,
release, assign, a manager's bulk reassignment; ``requests``: a request's page for staff, its
workflow actions and internal notes. ``common`` guards them (verified staff only) and
``_data``/``case_data`` prepare what they show.
"""
