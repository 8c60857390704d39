from django.contrib import admin

from nama.districts.models import CityProfile, District


@admin.register(CityProfile)
class CityProfileAdmin(admin.ModelAdmin[CityProfile]):
    list_display = ["name", "municipality_name", "crs_epsg", "centre_lat", "centre_lon"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["name", "number", "kind", "is_pilot", "is_active"]
    list_filter = ["kind", "is_pilot", "is_active"]
    list_editable = ["is_pilot", "is_active"]
