"""Revenue staff pages (/revenue/)."""

app_name = "revenue"
urlpatterns: list[object] = []
