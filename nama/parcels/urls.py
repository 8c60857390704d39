from django.urls import path

from nama.parcels.views import maps, properties

app_name = "parcels"
urlpatterns = [
    path("map/", maps.city_map, name="map"),
    path("mine/", properties.property_list, name="property_list"),
    path("setback/", properties.setback, name="setback"),
    path("remaining-area/", properties.remaining_area, name="remaining_area"),
    path("property/<str:renewal_code>/", properties.property_detail, name="property"),
]
