"""The citizen's request pages under ``/requests/`` (``nama.cases.urls``, namespace ``cases``).

``start``: pick the property, get a draft; ``drafts``: form, documents, review and submit,
confirmation; ``requests``: the list, a request's page, resubmit, withdraw, messages;
``inbox``: notifications; ``track``: public tracking by code and national ID.
"""
