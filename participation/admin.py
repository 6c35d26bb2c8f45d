from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from participation.exceptions import ServiceError
from participation.models import IdentityVerification, StaffRole, Territory, User
from participation.services.roles import staff_role_grant, staff_role_revoke
from participation.services.users import user_verify_in_person


@admin.register(Territory)
class TerritoryAdmin(TreeAdmin):
    form = movenodeform_factory(Territory)
    list_display = ("name_uz", "kind", "code", "name_ru", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name_uz", "name_uz_cyrl", "name_ru", "name_en", "code")


class StaffRoleInline(admin.TabularInline):
    """Read-only here: roles are granted on the Staff roles page, through the service."""

    model = StaffRole
    fk_name = "user"
    extra = 0
    can_delete = False
    readonly_fields = ("territory", "role", "granted_by", "granted_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "territory", "granted_by", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "territory__name_uz")
    autocomplete_fields = ("user", "territory")
    fields = ("user", "territory", "role")
    list_select_related = ("user", "territory", "granted_by")

    def has_change_permission(self, request, obj=None):
        return False  # a role is granted or revoked, never edited in place

    def save_model(self, request, obj, form, change):
        staff_role = staff_role_grant(user=obj.user, territory=obj.territory, role=obj.role, granted_by=request.user)
        obj.pk = staff_role.pk

    def delete_model(self, request, obj):
        staff_role_revoke(staff_role=obj, revoked_by=request.user)

    def delete_queryset(self, request, queryset):
        for staff_role in queryset.select_related("user", "territory"):
            staff_role_revoke(staff_role=staff_role, revoked_by=request.user)


class IdentityVerificationInline(admin.TabularInline):
    model = IdentityVerification
    fk_name = "user"
    extra = 0
    can_delete = False
    readonly_fields = ("level", "method", "document_type", "verified_by", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False  # append-only, written by services


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("__str__", "email", "verification_level", "home_territory", "is_staff", "date_joined")
    list_filter = ("verification_level", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name", "phone")
    autocomplete_fields = ("home_territory",)
    readonly_fields = ("verification_level", "date_joined", "last_login", "demographics_consent_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language", "home_territory", "verification_level")}),
        (_("Statistics (with consent)"), {"fields": ("gender", "birth_year", "demographics_consent_at")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    inlines = (StaffRoleInline, IdentityVerificationInline)
    actions = ("verify_in_person",)

    @admin.action(description=_("Mark as verified in person"))
    def verify_in_person(self, request, queryset):
        for user in queryset:
            try:
                user_verify_in_person(user=user, verified_by=request.user, note="Django admin")
            except ServiceError as error:
                self.message_user(request, f"{user}: {error.message}", messages.WARNING)
            else:
                self.message_user(request, f"{user}: {_('verified in person')}", messages.SUCCESS)
