"""VIII.2 for a district's video management system: may this person view this school's video now?

    POST /<agreement>/video/api/access/
    Authorization: Bearer svt_...
    {"username": "sro", "school": "Staples High School", "kind": "live", "reason": "Hallway check"}

    200 {"allowed": true, "reason": "...", "access": 17, "at": "2026-11-24T12:00:00+00:00"}

The answer is for the moment of asking, and every question is an access attempt, logged allowed or
refused. No session: the agreement's API token (only its hash is kept) is the key. A request
without a valid token gets 401; bad input gets 400 with a message, and nothing is logged.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from audit.log import Actor, client_ip
from lib import ratelimit
from schoolvideo import actions
from schoolvideo.models import VideoAccess

PER_ADDRESS_PER_MINUTE = 120
PER_TOKEN_PER_MINUTE = 600
MAX_BODY = 8 * 1024


def _refuse(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="school video"'
    return response


@csrf_exempt
@never_cache
@require_POST
def access(request: HttpRequest, slug: str) -> JsonResponse:
    ip = client_ip(request)
    if not ratelimit.allow(f"schoolvideo-api:{ip}", PER_ADDRESS_PER_MINUTE):
        return _refuse(429, "Too many requests; try again in a minute.")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, presented = header.partition(" ")
    agreement = Agreement.objects.filter(slug=slug).first()
    token = actions.token_for(agreement, presented.strip()) if agreement and scheme.lower() == "bearer" else None
    if token is None:
        return _refuse(401, "A valid API token for this agreement is needed (Authorization: Bearer ...).")
    if not ratelimit.allow(f"schoolvideo-api-token:{token.pk}", PER_TOKEN_PER_MINUTE):
        return _refuse(429, "Too many requests with this token; try again in a minute.")
    if len(request.body) > MAX_BODY:
        return _refuse(400, "The request is too large.")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _refuse(400, 'Send JSON: {"username": ..., "school": ..., "kind": "live" or "recorded", "reason": ...}.')
    if not isinstance(data, dict):
        return _refuse(400, "Send one JSON object.")
    fields = {}
    for name in ("username", "school", "kind", "reason"):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            return _refuse(400, f"“{name}” is needed, as text.")
        fields[name] = value
    actor = Actor(user=None, source=ip, label=f"video-api:{token.label}"[:150])
    try:
        logged, verdict = actions.do_log_access(
            actor, agreement, channel=VideoAccess.Channel.API, token=token, **fields
        )
    except ValidationError as e:
        return _refuse(400, " ".join(e.messages))
    return JsonResponse(
        {"allowed": verdict.allowed, "reason": verdict.reason, "access": logged.pk, "at": logged.at.isoformat()}
    )
