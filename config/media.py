"""``/media/``: uploaded images for whoever may see their collection, never documents.

Wagtail checks a collection's view restrictions in its document view
(``/documents/<id>/<file>``), but a file under MEDIA_ROOT is also reachable at
``/media/<its path>``, where nothing checks anything. Here:

- ``documents/``: never; documents are served by Wagtail's view, which asks for the log-in,
  password or group their collection requires;
- ``original_images/`` and ``images/`` (renditions): only when the image's collection has no
  view restriction the request fails (as Wagtail judges it for documents), or to people
  who may use the admin (its thumbnails);
- ``avatar_images/``: the admin's user pictures, as they are;
- anything else (a file no image or rendition owns): 404.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve as serve_static_file
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

IMAGE_FOLDERS = ("original_images", "images")
OPEN_FOLDERS = ("avatar_images",)


def may_see(request: HttpRequest, collection: Collection) -> bool:
    if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
        return True
    restrictions = CollectionViewRestriction.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    )
    return all(restriction.accept_request(request) for restriction in restrictions)


def _collection_of(folder: str, path: str) -> Collection | None:
    Image = get_image_model()
    if folder == "original_images":
        image = Image.objects.filter(file=path).select_related("collection").first()
        return image.collection if image else None
    rendition = (
        Image.get_rendition_model()
        .objects.filter(file=path)
        .select_related("image__collection")
        .first()
    )
    return rendition.image.collection if rendition else None


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    folder = path.split("/", 1)[0]
    if folder in IMAGE_FOLDERS:
        collection = _collection_of(folder, path)
        if collection is None or not may_see(request, collection):
            raise Http404("No such file.")
    elif folder not in OPEN_FOLDERS:
        raise Http404("No such file.")
    return serve_static_file(request, path, document_root=settings.MEDIA_ROOT)
