"""Tenant hosts: the login hand-off after signup, and the user's own data for the switcher."""

from django.urls import path

from shared_apps.accounts import apis

urlpatterns = [
    path("auth/handoff/", apis.login_handoff, name="login-handoff"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/companies/", apis.MyCompaniesApi.as_view(), name="me-companies"),
]
