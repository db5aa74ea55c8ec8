from django.urls import path

from tenant_apps.access import apis

app_name = "access"

urlpatterns = [
    path("me/", apis.MyAccessApi.as_view(), name="me"),
    path("permissions/", apis.PermissionListApi.as_view(), name="permissions"),
    path("roles/", apis.RoleListApi.as_view(), name="roles"),
    path("roles/<int:role_id>/", apis.RoleDetailApi.as_view(), name="role"),
    path("members/", apis.MemberListApi.as_view(), name="members"),
    path("members/export/", apis.MemberExportApi.as_view(), name="members-export"),
    path("members/<int:member_id>/", apis.MemberDetailApi.as_view(), name="member"),
    path("members/<int:member_id>/roles/", apis.MemberRolesApi.as_view(), name="member-roles"),
    path(
        "members/<int:member_id>/deactivate/",
        apis.MemberDeactivateApi.as_view(),
        name="member-deactivate",
    ),
    path(
        "members/<int:member_id>/reactivate/",
        apis.MemberReactivateApi.as_view(),
        name="member-reactivate",
    ),
    path(
        "members/<int:member_id>/transfer-ownership/",
        apis.OwnershipTransferApi.as_view(),
        name="member-transfer-ownership",
    ),
    path("invitations/", apis.InvitationListApi.as_view(), name="invitations"),
    path("invitations/accept/", apis.InvitationAcceptApi.as_view(), name="invitation-accept"),
    path("invitations/lookup/", apis.InvitationLookupApi.as_view(), name="invitation-lookup"),
    path("invitations/<int:invitation_id>/", apis.InvitationDetailApi.as_view(), name="invitation"),
    path(
        "invitations/<int:invitation_id>/resend/",
        apis.InvitationResendApi.as_view(),
        name="invitation-resend",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        apis.InvitationRevokeApi.as_view(),
        name="invitation-revoke",
    ),
]
