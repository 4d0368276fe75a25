"""URLs of this part of the portal; included without a namespace of its own."""

urlpatterns: list = []
