"""API tokens of the signed-in user: list, create (the token is shown once), revoke."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.apitokens import selectors, services
from tenant_apps.apitokens.models import ApiToken
from tenant_apps.apitokens.permissions import (
    APITOKENS_TOKEN_CREATE,
    APITOKENS_TOKEN_DELETE,
    APITOKENS_TOKEN_VIEW,
)
from tenant_apps.core.api.permissions import TenantPermission

TOKEN_FIELDS = ["id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]


class ApiTokenOutput(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = TOKEN_FIELDS


class ApiTokenCreatedOutput(ApiTokenOutput):
    token = serializers.CharField(
        read_only=True, help_text="The token. Shown only in this response; store it now."
    )

    class Meta(ApiTokenOutput.Meta):
        fields = [*TOKEN_FIELDS, "token"]


class ApiTokenInput(serializers.Serializer[dict]):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ApiTokenListCreateApi(generics.ListAPIView[ApiToken]):
    permission_classes = [TenantPermission]
    required_permission = {"GET": APITOKENS_TOKEN_VIEW, "POST": APITOKENS_TOKEN_CREATE}
    serializer_class = ApiTokenOutput
    filterset_fields: list[str] = []
    ordering_fields = ["created_at", "last_used_at", "name"]
    search_fields = ["name", "prefix"]

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ApiToken.objects.none()
        return selectors.api_token_list(user=self.request.user)

    @extend_schema(
        request=ApiTokenInput,
        responses={201: ApiTokenCreatedOutput},
        operation_id="tokens_create",
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            # A leaked token must not be able to mint its own successors.
            raise PermissionDenied("Create API tokens from a signed-in session, not with a token.")
        data = ApiTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.api_token_create(
            user=request.user,
            name=data.validated_data["name"],
            expires_at=data.validated_data.get("expires_at"),
            request=request._request,
        )
        body = ApiTokenCreatedOutput(created.token).data
        body["token"] = created.secret
        return Response(body, status=status.HTTP_201_CREATED)


class ApiTokenRevokeApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"DELETE": APITOKENS_TOKEN_DELETE}

    @extend_schema(responses={204: None}, operation_id="tokens_revoke")
    def delete(self, request: Request, token_id: int) -> Response:
        token = selectors.api_token_get(user=request.user, token_id=token_id)
        services.api_token_revoke(token=token, user=request.user, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
