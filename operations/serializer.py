"""Django's JSON serialization, but times keep all six digits of their microseconds.

Django's own JSON encoder cuts them to milliseconds; an audit entry's hash covers its time to
the microsecond, so a dump made with it could never be verified after a restore. Registered as
the "json_exact" format (OperationsConfig.ready); `loaddata` reads it as ordinary JSON.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.timezone import is_aware


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = json.Deserializer
