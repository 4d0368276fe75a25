"""Statistics, treatment outcomes and research exports; included in the "clinic" namespace."""

urlpatterns: list = []
