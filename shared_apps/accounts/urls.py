"""Public host: business signup, more companies, the signed-in user and their companies."""

from django.urls import path

from shared_apps.accounts import apis

urlpatterns = [
    path("signup/", apis.SignupApi.as_view(), name="signup"),
    path("companies/", apis.CompanyCreateApi.as_view(), name="company-create"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/companies/", apis.MyCompaniesApi.as_view(), name="me-companies"),
]
