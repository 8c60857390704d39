"""Revenue staff pages (/revenue/)."""

from django.urls import path

from nama.billing.revenue import bills, ledger, payments, reconciliation

app_name = "revenue"
urlpatterns = [
    path("", bills.bill_list, name="bills"),
    path("bills/<int:pk>/", bills.bill_detail, name="bill"),
    path("bills/<int:pk>/reissue/", bills.reissue, name="reissue"),
    path("bills/<int:pk>/refund/", bills.refund, name="refund"),
    path("payments/", payments.payment_list, name="payments"),
    path("refunds/", payments.refund_list, name="refunds"),
    path("reconciliation/", reconciliation.imports, name="reconciliation"),
    path("reconciliation/<int:pk>/", reconciliation.import_report, name="bank_import"),
    path("ledger/", ledger.ledger, name="ledger"),
]
