"""`/api/profile/` (GET, PATCH) and `/api/profile/generate_auth_token/` (§2.10)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep.api import accounts_compat
from paperkeep.api.views.accounts import OBFUSCATED, _real_password


class ProfileSerializer(serializers.Serializer[dict[str, Any]]):
    email = serializers.EmailField(allow_blank=True, required=False)
    password = serializers.CharField(required=False, allow_blank=False)
    first_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    last_name = serializers.CharField(max_length=150, allow_blank=True, required=False)

    def validate_password(self, value: str) -> str:
        if _real_password(value):
            validate_password(value, self.context["request"].user)
        return value


def profile(user: Any) -> dict[str, Any]:
    token = Token.objects.filter(user=user).values_list("key", flat=True).first()
    return {
        "email": user.email,
        "password": OBFUSCATED,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "auth_token": token,
        "social_accounts": accounts_compat.social_accounts(user),
        "has_usable_password": user.has_usable_password(),
        "is_mfa_enabled": accounts_compat.is_mfa_enabled(user),
    }


class ProfileView(APIView):
    """The signed-in user's own profile."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response(profile(request.user))

    def patch(self, request: Request) -> Response:
        serializer = ProfileSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        user = request.user
        password = values.pop("password", None)
        with transaction.atomic():
            for name, value in values.items():
                setattr(user, name, value)
            if _real_password(password):
                user.set_password(password)
            user.save()
        return Response(profile(user))


class GenerateAuthTokenView(APIView):
    """Replace the user's API token and return the new key as a bare JSON string."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Response:
        user: Any = request.user
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            token = Token.objects.create(user=user)
        return Response(token.key)
