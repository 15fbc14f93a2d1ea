from django.http import Http404

from .media import SIZE_SUFFIX
from .redirects import redirect_response


def uploaded_file(request, name):
    """An old address in WordPress's uploads folder: to the file imported from it. WordPress also served resized
    copies of each image beside it (`photo-300x200.jpg`); those were not imported, and go to the image itself."""
    response = redirect_response(request, request.path) or redirect_response(request, SIZE_SUFFIX.sub("", request.path))
    if response is None:
        raise Http404("No file was imported from this address.")
    return response
