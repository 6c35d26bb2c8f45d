"""Ways a person proves who they are beyond an e-mail address (docs/identity.md)."""
