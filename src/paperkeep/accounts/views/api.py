"""JSON endpoints: `/api/profile/social_account_providers/`, `/api/profile/disconnect_social_account/`
(as Paperless-ngx), and `/api/auth/tokens/` for personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep.accounts import social, tokens
from paperkeep.accounts.models import ApiToken


class SocialAccountProvidersView(APIView):
    permission_classes = (permissions.IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response([{"name": option.name, "login_url": option.login_url} for option in social.connect_options()])


class DisconnectSocialAccountView(APIView):
    permission_classes = (permissions.IsAuthenticated,)

    def post(self, request: Request) -> Response:
        try:
            pk = social.disconnect(request._request, request.data.get("id"))
        except social.DisconnectError as exc:
            return Response(exc.message, status=status.HTTP_400_BAD_REQUEST)
        return Response(pk)


def _token_json(token: ApiToken) -> dict[str, Any]:
    return {"id": token.pk, "name": token.name, "prefix": token.prefix, "created": token.created,
            "expires_at": token.expires_at, "last_used_at": token.last_used_at, "revoked": token.revoked_at is not None}


class TokenListView(APIView):
    permission_classes = (permissions.IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response([_token_json(token) for token in tokens.user_tokens(request.user)])

    def post(self, request: Request) -> Response:
        raw_expiry = request.data.get("expires_at")
        expires_at: datetime | None = parse_datetime(str(raw_expiry)) if raw_expiry else None
        if raw_expiry and expires_at is None:
            return Response({"expires_at": ["Not an ISO 8601 date-time."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            issued = tokens.create_token(request.user, str(request.data.get("name", "")), expires_at)
        except tokens.TokenError as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
        return Response({**_token_json(issued.token), "token": issued.secret}, status=status.HTTP_201_CREATED)


class TokenDetailView(APIView):
    permission_classes = (permissions.IsAuthenticated,)

    def delete(self, request: Request, token_id: int) -> Response:
        token = ApiToken.objects.filter(pk=token_id, user_id=int(request.user.pk or 0)).first()
        if token is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        tokens.revoke_token(token)
        return Response(status=status.HTTP_204_NO_CONTENT)
