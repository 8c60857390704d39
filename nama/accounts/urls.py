from django.urls import path

from nama.accounts.views import (
    home,
    legal,
    recovery,
    registration,
    representation,
    security,
    signin,
    staff,
)

app_name = "accounts"
urlpatterns = [
    path("", home.home, name="home"),
    # Registration
    path("register/", registration.register, name="register"),
    path("register/confirm/", registration.register_confirm, name="register_confirm"),
    path("register/resend/", registration.register_resend, name="register_resend"),
    # Signing in and out
    path("login/", signin.login, name="login"),
    path("login/code/", signin.code_login, name="code_login"),
    path("login/code/confirm/", signin.code_login_confirm, name="code_login_confirm"),
    path("login/code/resend/", signin.code_login_resend, name="code_login_resend"),
    path("login/second-factor/", staff.second_factor, name="second_factor"),
    path("login/authenticator/", staff.enroll, name="enroll"),
    path("login/authenticator/resend/", staff.resend_enrollment, name="enroll_resend"),
    path("logout/", signin.logout, name="logout"),
    # Passwords and mobile
    path("password/reset/", recovery.password_reset, name="password_reset"),
    path(
        "password/reset/confirm/",
        recovery.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/resend/", recovery.password_reset_resend, name="password_reset_resend"),
    path("password/change/", recovery.password_change, name="password_change"),
    path("mobile/", recovery.mobile_change, name="mobile_change"),
    path("mobile/confirm/", recovery.mobile_change_confirm, name="mobile_change_confirm"),
    path("mobile/resend/", recovery.mobile_change_resend, name="mobile_change_resend"),
    # Security
    path("security/", security.security, name="security"),
    path("security/tokens/<int:token_id>/revoke/", security.token_revoke, name="token_revoke"),
    # Representatives
    path("representatives/", representation.representatives, name="representatives"),
    path(
        "representatives/confirm/",
        representation.representation_confirm,
        name="representation_confirm",
    ),
    path(
        "representatives/resend/",
        representation.representation_resend,
        name="representation_resend",
    ),
    path(
        "representatives/<int:representation_id>/revoke/",
        representation.representation_revoke,
        name="representation_revoke",
    ),
    # Companies
    path("companies/", legal.companies, name="companies"),
    path("companies/<int:company_id>/agents/", legal.agent_add, name="agent_add"),
    path("companies/agents/<int:agency_id>/revoke/", legal.agent_revoke, name="agent_revoke"),
]
