from django.urls import path

from participation.identity import views

app_name = "identity"

urlpatterns = [
    path("", views.PhoneAddView.as_view(), name="phone_add"),
    path("confirm/", views.PhoneConfirmView.as_view(), name="phone_confirm"),
    path("sign-in/", views.PhoneSignInView.as_view(), name="phone_sign_in"),
    path("sign-in/code/", views.PhoneSignInCodeView.as_view(), name="phone_sign_in_code"),
]
