"""Reads of meetings for pages, calendars, staff screens and reports; never imports services."""

from participation.models import StaffRoleKind

# Who runs a khokimiyat's meetings: announces, checks in, minutes, follows up.
MEETING_STAFF_ROLES = (StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER)
