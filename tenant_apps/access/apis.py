"""Tenant admin APIs: permissions catalogue, roles, members, ownership, invitations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import Membership
from tenant_apps.access import selectors, services
from tenant_apps.access.filters import InvitationFilter, MemberFilter, RoleFilter
from tenant_apps.access.models import Invitation, Role
from tenant_apps.access.permissions import MEMBER_EXPORT, OWNERSHIP_TRANSFER
from tenant_apps.access.registry import module_label, permissions_by_module
from tenant_apps.core.api.export import Column, ExportApiView, export_schema
from tenant_apps.core.api.permissions import (
    TenantAnyonePermission,
    TenantPermission,
    TenantUserPermission,
    member_access_require,
)

T = TypeVar("T")


def _or_404(read: Callable[..., T], **kwargs: Any) -> T:
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as exc:
        raise NotFound() from exc


def _link_base(request: Request) -> str:
    return f"{request.scheme}://{request.get_host()}"


# ---------------------------------------------------------------------------------------------
# The caller here: the app shell's user menu, company name and sidebar modules
# ---------------------------------------------------------------------------------------------
class MyUserOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()


class MyCompanyBriefOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    time_zone = serializers.CharField(
        help_text="The zone the company's business days are counted in (IANA name): "
        "'today' for document dates and report defaults is this zone's date."
    )
    today = serializers.DateField(help_text="The company's date now, in its time zone.")


class MyRoleOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MyAccessOutput(serializers.Serializer[Any]):
    user = MyUserOutput()
    company = MyCompanyBriefOutput()
    is_owner = serializers.BooleanField()
    roles = MyRoleOutput(many=True)
    permissions = serializers.ListField(
        child=serializers.CharField(), help_text="Effective permission codes (owner: all)."
    )


class MyAccessApi(APIView):
    """The signed-in member's user, company, roles and effective permissions on this host.

    Any active member may call it (no permission code): 404 for non-members, 403 suspended."""

    permission_classes = [TenantUserPermission]

    @extend_schema(responses=MyAccessOutput, operation_id="access_me")
    def get(self, request: Request) -> Response:
        access = member_access_require(request)
        user = request.user
        tenant = request.tenant  # type: ignore[attr-defined]
        data = {
            "user": {"id": user.pk, "email": user.email, "full_name": user.full_name},  # type: ignore[union-attr]
            "company": {
                "id": tenant.pk,
                "name": tenant.name,
                "time_zone": settings.TIME_ZONE,
                "today": timezone.localdate(),
            },
            **selectors.my_access_get(access=access),
        }
        return Response(MyAccessOutput(data).data)


# ---------------------------------------------------------------------------------------------
# Permission catalogue
# ---------------------------------------------------------------------------------------------
class PermissionOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    resource = serializers.CharField()
    action = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class PermissionModuleOutput(serializers.Serializer[Any]):
    module = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    permissions = PermissionOutput(many=True)


class PermissionListApi(APIView):
    """Every permission code, grouped by module: the role editor's grid."""

    permission_classes = [TenantPermission]
    required_permission = "access.role.view"

    @extend_schema(responses=PermissionModuleOutput(many=True), operation_id="access_permissions")
    def get(self, request: Request) -> Response:
        modules = [
            {"module": module, "label": module_label(module), "permissions": permissions}
            for module, permissions in permissions_by_module().items()
        ]
        return Response(PermissionModuleOutput(modules, many=True).data)


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
class RoleOutput(serializers.ModelSerializer[Role]):
    member_count = serializers.IntegerField(read_only=True)
    is_editable = serializers.BooleanField(source="can_edit", read_only=True)
    is_deletable = serializers.BooleanField(source="can_delete", read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "code",
            "name",
            "description",
            "is_builtin",
            "is_editable",
            "is_deletable",
            "permissions",
            "member_count",
            "updated_at",
        ]


class RoleCreateInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)
    code = serializers.RegexField(r"^[a-z][a-z0-9_]*$", max_length=64, required=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    permissions = serializers.ListField(
        child=serializers.CharField(max_length=100), allow_empty=True, max_length=1000
    )


class RoleUpdateInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    permissions = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=1000
    )


class RoleListApi(generics.ListAPIView[Role]):
    permission_classes = [TenantPermission]
    required_permission = {"GET": "access.role.view", "POST": "access.role.create"}
    serializer_class = RoleOutput
    filterset_class = RoleFilter
    search_fields = ["name", "code", "description"]
    ordering_fields = ["name", "code", "is_builtin"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.role_list()

    @extend_schema(request=RoleCreateInput, responses={201: RoleOutput})
    def post(self, request: Request) -> Response:
        data = RoleCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        role = services.role_create(
            actor=request.user, tenant=request.tenant, request=request, **data.validated_data
        )
        return Response(RoleOutput(role).data, status=status.HTTP_201_CREATED)


class RoleDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "access.role.view",
        "PATCH": "access.role.change",
        "DELETE": "access.role.delete",
    }

    @extend_schema(responses=RoleOutput)
    def get(self, request: Request, role_id: int) -> Response:
        return Response(RoleOutput(_or_404(selectors.role_get, role_id=role_id)).data)

    @extend_schema(request=RoleUpdateInput, responses=RoleOutput)
    def patch(self, request: Request, role_id: int) -> Response:
        role = _or_404(selectors.role_get, role_id=role_id)
        data = RoleUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        role = services.role_update(
            actor=request.user,
            tenant=request.tenant,
            role=role,
            data=data.validated_data,
            request=request,
        )
        return Response(RoleOutput(role).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, role_id: int) -> Response:
        role = _or_404(selectors.role_get, role_id=role_id)
        services.role_delete(actor=request.user, tenant=request.tenant, role=role, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------
class RoleSummaryOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MemberOutput(serializers.ModelSerializer[Membership]):
    user_id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    roles = RoleSummaryOutput(source="role_list", many=True, read_only=True)
    last_login = serializers.DateTimeField(read_only=True, allow_null=True)
    joined_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user_id",
            "email",
            "full_name",
            "roles",
            "is_owner",
            "status",
            "last_login",
            "joined_at",
        ]


class MemberRolesInput(serializers.Serializer[Any]):
    roles = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, max_length=100
    )


class MemberListApi(generics.ListAPIView[Membership]):
    """The company's members with their roles and last login. Search by e-mail or name."""

    permission_classes = [TenantPermission]
    required_permission = "access.member.view"
    serializer_class = MemberOutput
    filterset_class = MemberFilter
    search_fields = ["user__email", "user__full_name"]
    ordering_fields = ["email", "full_name", "last_login", "joined_at", "status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return Membership.objects.none()
        return selectors.member_list(tenant_id=self.request.tenant.pk)  # type: ignore[attr-defined]


def _role_names(member: Membership) -> str:
    return ", ".join(role["name"] for role in member.role_list)  # type: ignore[attr-defined]


class MemberExportApi(ExportApiView):
    """The members list's current filter, search and ordering as Excel (default) or CSV."""

    required_permission = MEMBER_EXPORT
    filterset_class = MemberFilter
    search_fields = MemberListApi.search_fields
    ordering_fields = MemberListApi.ordering_fields
    export_basename = "members"
    export_columns = [
        Column("Name", "full_name"),
        Column("E-mail", "email"),
        Column("Roles", _role_names),
        Column("Owner", "is_owner"),
        Column("Status", "status"),
        Column("Joined", "joined_at"),
        Column("Last sign-in", "last_login"),
    ]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation: no tenant
            return Membership.objects.none()
        return selectors.member_list(tenant_id=self.request.tenant.pk)  # type: ignore[attr-defined]

    @export_schema("access_members_export")
    def get(
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse | StreamingHttpResponse:
        return super().get(request, *args, **kwargs)


class MemberDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "access.member.view"

    @extend_schema(responses=MemberOutput)
    def get(self, request: Request, member_id: int) -> Response:
        member = _or_404(selectors.member_get, tenant_id=request.tenant.pk, member_id=member_id)
        return Response(MemberOutput(member).data)


class MemberRolesApi(APIView):
    """Replace a member's roles (the owner's cannot change: transfer ownership instead)."""

    permission_classes = [TenantPermission]
    required_permission = "access.member.change"

    @extend_schema(request=MemberRolesInput, responses=MemberOutput)
    def put(self, request: Request, member_id: int) -> Response:
        member = _or_404(selectors.member_get, tenant_id=request.tenant.pk, member_id=member_id)
        data = MemberRolesInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.member_roles_set(
            actor=request.user,
            tenant=request.tenant,
            member=member,
            role_ids=data.validated_data["roles"],
            request=request,
        )
        return Response(MemberOutput(member).data)


class _MemberActionApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "access.member.change"
    service: Callable[..., Membership]

    @extend_schema(request=None, responses=MemberOutput)
    def post(self, request: Request, member_id: int) -> Response:
        member = _or_404(selectors.member_get, tenant_id=request.tenant.pk, member_id=member_id)
        member = type(self).service(
            actor=request.user, tenant=request.tenant, member=member, request=request
        )
        return Response(MemberOutput(member).data)


class MemberDeactivateApi(_MemberActionApi):
    """Suspend a member's access to this company (not the owner)."""

    service = staticmethod(services.member_deactivate)


class MemberReactivateApi(_MemberActionApi):
    service = staticmethod(services.member_reactivate)


class OwnershipTransferApi(_MemberActionApi):
    """The owner hands the company to another active member and stays on as Administrator."""

    required_permission = OWNERSHIP_TRANSFER
    service = staticmethod(services.ownership_transfer)


# ---------------------------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------------------------
class InvitationOutput(serializers.ModelSerializer[Invitation]):
    roles = RoleSummaryOutput(many=True, read_only=True)
    status = serializers.ChoiceField(
        choices=["pending", "expired", "accepted", "revoked"], read_only=True
    )
    invited_by_email = serializers.EmailField(
        source="invited_by.email", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "roles",
            "status",
            "invited_by_email",
            "created_at",
            "sent_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]


class InvitationCreateInput(serializers.Serializer[Any]):
    email = serializers.EmailField()
    roles = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, max_length=100
    )


class InvitationListApi(generics.ListAPIView[Invitation]):
    permission_classes = [TenantPermission]
    required_permission = {"GET": "access.invitation.view", "POST": "access.invitation.create"}
    serializer_class = InvitationOutput
    filterset_class = InvitationFilter
    search_fields = ["email"]
    ordering_fields = ["email", "created_at", "expires_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.invitation_list()

    @extend_schema(request=InvitationCreateInput, responses={201: InvitationOutput})
    def post(self, request: Request) -> Response:
        data = InvitationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            actor=request.user,
            tenant=request.tenant,
            email=data.validated_data["email"],
            role_ids=data.validated_data["roles"],
            link_base=_link_base(request),
            request=request,
        )
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "access.invitation.view"

    @extend_schema(responses=InvitationOutput)
    def get(self, request: Request, invitation_id: int) -> Response:
        invitation = _or_404(selectors.invitation_get, invitation_id=invitation_id)
        return Response(InvitationOutput(invitation).data)


class InvitationResendApi(APIView):
    """A new link (the old one stops working) and a fresh expiry."""

    permission_classes = [TenantPermission]
    required_permission = "access.invitation.create"

    @extend_schema(request=None, responses=InvitationOutput)
    def post(self, request: Request, invitation_id: int) -> Response:
        invitation = _or_404(selectors.invitation_get, invitation_id=invitation_id)
        invitation = services.invitation_resend(
            actor=request.user,
            tenant=request.tenant,
            invitation=invitation,
            link_base=_link_base(request),
            request=request,
        )
        return Response(InvitationOutput(invitation).data)


class InvitationRevokeApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "access.invitation.delete"

    @extend_schema(request=None, responses=InvitationOutput)
    def post(self, request: Request, invitation_id: int) -> Response:
        invitation = _or_404(selectors.invitation_get, invitation_id=invitation_id)
        invitation = services.invitation_revoke(
            actor=request.user, tenant=request.tenant, invitation=invitation, request=request
        )
        return Response(InvitationOutput(invitation).data)


class InvitationTokenInput(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=500)


class InvitationLookupOutput(serializers.Serializer[Any]):
    company_name = serializers.CharField()
    email = serializers.EmailField()
    expires_at = serializers.DateTimeField()


class InvitationLookupApi(APIView):
    """For the accept page, before login: which company, which e-mail. Anonymous allowed."""

    authentication_classes: list[type] = []
    permission_classes = [TenantAnyonePermission]

    @extend_schema(
        parameters=[OpenApiParameter("token", str, required=True)],
        responses=InvitationLookupOutput,
        operation_id="access_invitation_lookup",
    )
    def get(self, request: Request) -> Response:
        data = InvitationTokenInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_check(
            tenant=request.tenant, token=data.validated_data["token"]
        )
        company = services.company_settings_get()
        output = {
            "company_name": company.name or company.legal_name or request.tenant.name,
            "email": invitation.email,
            "expires_at": invitation.expires_at,
        }
        return Response(InvitationLookupOutput(output).data)


class InvitationAcceptApi(APIView):
    """The logged-in invitee joins the company. Reachable by authenticated non-members."""

    permission_classes = [TenantUserPermission]

    @extend_schema(
        request=InvitationTokenInput,
        responses={201: MemberOutput},
        operation_id="access_invitation_accept",
    )
    def post(self, request: Request) -> Response:
        data = InvitationTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.invitation_accept(
            user=request.user,
            tenant=request.tenant,
            token=data.validated_data["token"],
            request=request,
        )
        return Response(MemberOutput(member).data, status=status.HTTP_201_CREATED)
