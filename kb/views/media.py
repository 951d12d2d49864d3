"""Screenshots served by the site itself, read through the storage API (`default_storage`).

Whatever storage holds the files (a local folder, object storage), pages load images from this
site only, so the Content-Security-Policy keeps `img-src 'self'`. Only names of screenshot rows
are served, with the Content-Type of the format they were stored in (checked at upload) and
`nosniff`; an image of a draft or archived article, or one no step shows any more, is a 404 to
anyone who is not staff. A file never changes under its name, so a published image is cached
for a day and revalidated by its ETag.
"""

import hashlib

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from kb.models import StepImage
from kb.models.images import PREFIX, content_type_of

PUBLIC_MAX_AGE = 24 * 3600


@require_GET
def media(request, name):
    content_type = content_type_of(name)
    if not name.startswith(PREFIX) or not content_type or ".." in name.split("/"):
        raise Http404("No such image.")
    images = StepImage.objects.filter(file=name)
    public = images.public().exists()
    if not public and not (request.user.is_staff and _known(name, images)):
        raise Http404("No such image.")
    etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            stream = default_storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404("No such image.") from None
        response = FileResponse(stream, content_type=content_type)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    # An image is shown in a page, never opened as a document that could run anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _known(name, images) -> bool:
    """Staff may also open a file that only an article version still names (to compare)."""
    return images.exists() or default_storage.exists(name)
