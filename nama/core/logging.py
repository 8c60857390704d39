"""Logging helpers: every record carries the request id (``-`` outside a request)."""

from __future__ import annotations

import logging

from nama.core.request_context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
