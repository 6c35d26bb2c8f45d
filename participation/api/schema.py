"""The OpenAPI description: every operation also documents the errors any request may get.

A 400 (a malformed filter), a 404 (no such public row), 429 (the address's limit, with
``Retry-After``) and 503 (the counters are unreachable, with ``Retry-After``) share one body,
DRF's ``{"detail": ...}`` or a field's list of messages; documenting them keeps schemathesis'
"every response conforms to the schema" true for them too.
"""

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before asking again."}}
ERRORS = {
    "400": ("A filter's value is malformed.", False),
    "404": ("No public row has this id, or no such page of the list.", False),
    "429": ("Too many requests from this address; wait Retry-After seconds.", True),
    "503": ("The limit cannot be counted right now; wait Retry-After seconds.", True),
}


class PublicAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, (description, retry) in ERRORS.items():
            response = {"description": description, "content": {"application/json": {"schema": ERROR}}}
            if retry:
                response["headers"] = RETRY_AFTER
            responses.setdefault(code, response)
        return responses


def only_v1(endpoints):
    """The schema describes ``/api/v1/`` only (Wagtail's ``/api/v2/`` documents itself)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
