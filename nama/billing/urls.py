"""The citizen's bills and duties pages (/bills/)."""

from django.urls import path

from nama.billing.views import bills, duties, receipts, settlement, vehicles

app_name = "billing"
urlpatterns = [
    path("", bills.mine, name="mine"),
    path("<int:pk>/", bills.detail, name="bill"),
    path("<int:pk>/receipt/", receipts.receipt, name="receipt"),
    path("<int:pk>/receipt/pdf/", receipts.receipt_pdf, name="receipt_pdf"),
    path("duties/renewal/", duties.renewal_duty, name="renewal_duty"),
    path("duties/business/", duties.business_duty, name="business_duty"),
    path("duties/vehicles/", duties.vehicle_duty, name="vehicle_duty"),
    path("vehicles/add/", vehicles.add, name="vehicle_add"),
    path("vehicles/<int:pk>/remove/", vehicles.remove, name="vehicle_remove"),
    path("settlement/<int:pk>/", settlement.status, name="settlement"),
    path("settlement/letters/<int:pk>/", settlement.letter, name="settlement_letter"),
    path("settlement/letters/<int:pk>/pdf/", settlement.letter_pdf, name="settlement_letter_pdf"),
]
