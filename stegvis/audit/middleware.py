import uuid

from stegvis.audit import context


class RequestContextMiddleware:
    """Give each request an id (echoed as X-Request-ID) and bind it for audit recording."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = context.bind(
            context.RequestContext(
                request_id=request.request_id, ip_address=request.META.get("REMOTE_ADDR")
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
