"""Meetings: announced, registered, attended, minuted and followed up in public. Same rooms
as every feature; action items use the core's ``answers`` deadlines."""
