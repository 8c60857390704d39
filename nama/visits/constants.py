"""Field-visit booking: the day's slots and the Persian texts people read."""

from __future__ import annotations

from typing import Final

# Two-hour slots from 08:00 to 18:00, Tehran time: 08–10, 10–12, 12–14, 14–16, 16–18.
SLOT_HOURS: Final = 2
SLOT_STARTS: Final = (8, 10, 12, 14, 16)

# The workflow states the field_visit pattern adds (nama.workflow.builtins.field_visit).
BOOKING_STATE: Final = "visit_booking"
VISIT_STATE: Final = "visit"
BOOK_ACTION: Final = "book_visit"

# How often a booking retries when another one took the seat it was about to take.
MAX_SEAT_ATTEMPTS: Final = 5

NOT_FOUND: Final = "این درخواست پیدا نشد."
NO_INSPECTORS: Final = (
    "برای {district} هنوز مامور بازدیدی تعریف نشده است و نوبتی نمی‌توان داد. "
    "لطفاً بعداً دوباره سر بزنید یا با پیشخوان شهرسازی منطقه تماس بگیرید."
)
NO_WORKING_DAYS: Final = (
    "در {days} روز آینده روز کاری‌ای برای بازدید نیست (تعطیلات). پس از تعطیلات دوباره سر بزنید."
)
ALL_TAKEN: Final = (
    "همهٔ نوبت‌های بازدید {days} روز آینده پر شده است. "
    "فردا دوباره سر بزنید یا با پیشخوان شهرسازی منطقه تماس بگیرید."
)
