import uuid

from stegvis.audit import context
from stegvis.security.client_ip import client_ip


class RequestContextMiddleware:
    """Give each request an id (echoed as X-Request-ID) and bind it for audit recording."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = context.bind(
            context.RequestContext(
                request_id=request.request_id, ip_address=client_ip(request) or None
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
