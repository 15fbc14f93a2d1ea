from django.urls import path

from . import views

app_name = "fees"
urlpatterns = [path("<str:number>.pdf", views.invoice_download, name="invoice_pdf")]
