"""OneID, the national single sign-on (sso.egov.uz), as an allauth provider (docs/identity.md)."""
