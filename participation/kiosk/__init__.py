"""Kiosk mode for mahalla self-service zones (docs/kiosk.md).

A manager registers a browser as a kiosk of a service centre in their territory; the browser
then carries a signed cookie naming the kiosk and a secret whose hash only the database keeps.
On a kiosk (``participation.kiosk.middleware``) the pages are large and simple, sign-in is by
phone code only, every act is recorded through the kiosk channel, and the person is signed out
after each completed act and after two minutes idle, with nothing left for the next person.
"""
