from django.urls import path

from tenant_apps.audit import apis

app_name = "audit"

urlpatterns = [
    path("events/", apis.AuditEventListApi.as_view(), name="events"),
    path("events/daily/", apis.AuditEventDailyApi.as_view(), name="events-daily"),
    path("events/export/", apis.AuditEventExportApi.as_view(), name="events-export"),
]
