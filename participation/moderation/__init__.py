"""The one moderation queue every kind of resident content goes through: the adapter registry,
the items and reason codes, the services that decide and appeal, the staff screens."""
