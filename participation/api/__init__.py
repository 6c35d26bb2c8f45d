"""The read-only public API (``/api/v1/``), the machinery shared by every feature's endpoints.

Core never imports a feature: each feature declares its serializers and viewsets in its own
``api.py`` and registers them here from its ``AppConfig.ready()`` (``registry.register``);
``participation.config.api`` mounts whatever was registered. Everything here answers anonymous
GETs only, from the same public selectors the site's pages and CSV exports read, so what the
API shows is exactly what the site shows.
"""
