from django.urls import path

from tenant_apps.apitokens import apis

app_name = "apitokens"

urlpatterns = [
    path("", apis.ApiTokenListCreateApi.as_view(), name="tokens"),
    path("<int:token_id>/", apis.ApiTokenRevokeApi.as_view(), name="token"),
]
