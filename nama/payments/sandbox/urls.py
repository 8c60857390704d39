"""The sandbox bank's pages and its Saman-style endpoints."""

app_name = "sandbox_psp"
urlpatterns: list[object] = []
