from django.shortcuts import render

from cms.selectors.search import site_search


def search(request):
    """Works without JavaScript: a GET form in the header of every page."""
    results = site_search(request.GET.get("q", ""))
    return render(request, "cms/search.html", {"results": results, "search_query": results.query})
