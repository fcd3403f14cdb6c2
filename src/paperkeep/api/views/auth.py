"""`POST /api/token/`: a user's API token for a username and password (and TOTP code when MFA is on)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from paperkeep.api import accounts_compat


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password, plus `code` when the user has MFA."""

    code = serializers.CharField(label="MFA Code", write_only=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        user = attrs["user"]
        if accounts_compat.is_mfa_enabled(user):
            code = attrs.get("code")
            if not code:
                raise serializers.ValidationError("MFA code is required")
            if not accounts_compat.verify_totp(user, code):
                raise serializers.ValidationError("Invalid MFA code")
        return attrs


class ObtainTokenView(APIView):
    """Return `{"token": key}`, creating the user's one token on first use; throttled by `login`."""

    authentication_classes: list[Any] = []
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"
    versioning_class = None

    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
