from django.utils.translation import get_language, get_language_from_path

from participation.languages import LANGUAGES, NAME_LOCAL, bcp47, document_language


def language_versions(request) -> tuple[list[dict], str]:
    """The same page in every interface language, for the switcher and ``hreflang`` links,
    and the unprefixed URL that picks a language for the visitor (``x-default``).

    Pages live under ``/<language>/…``; a path without a language prefix (admin, feeds)
    has no language versions.
    """
    current = get_language_from_path(request.path_info)
    if current is None:
        return [], ""
    # One leading slash only: "/uz//evil.example/" leaves "//evil.example/", which
    # build_absolute_uri reads as another host and the page would announce as its alternate.
    rest = "/" + request.path_info[len(current) + 1 :].lstrip("/")
    query = request.GET.urlencode()  # re-encoded: the raw QUERY_STRING may hold undecoded bytes
    versions = []
    for code, _label in LANGUAGES:
        path = f"/{code}{rest}"
        versions.append(
            {
                "code": code,
                "bcp47": bcp47(code),
                "name_local": NAME_LOCAL[code],
                "path": path + (f"?{query}" if query else ""),
                "absolute_url": request.build_absolute_uri(path),
                "is_current": code == current,
            }
        )
    return versions, request.build_absolute_uri(rest)


def languages(request) -> dict:
    language = get_language() or "uz"
    versions, x_default = language_versions(request)
    return {
        # The language the page's text is really in: Karakalpak pages are Uzbek until translated.
        "html_lang": document_language(language),
        "language_versions": versions,
        "x_default_url": x_default,
    }
