def active_unit(request) -> dict:
    return {"workplace": getattr(request, "workplace", None)}
