"""The sandbox bank's pages and its Saman-style endpoints (under /payments/sandbox/).

The endpoint paths are SEP's, so ``NAMA_SAMAN_BASE_URL=http://127.0.0.1:8000/payments/sandbox``
points the Saman adapter at the sandbox in a demo.
"""

from django.urls import path

from nama.payments.providers.saman import PAY_PATH, REVERSE_PATH, TOKEN_PATH, VERIFY_PATH
from nama.payments.sandbox import views

app_name = "sandbox_psp"
urlpatterns = [
    path("pay/<str:token>/", views.pay, name="pay"),
    path(TOKEN_PATH, views.token, name="token"),
    path(PAY_PATH, views.gateway, name="gateway"),
    path(VERIFY_PATH, views.verify, name="verify"),
    path(REVERSE_PATH, views.reverse, name="reverse"),
]
