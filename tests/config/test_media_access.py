"""Nothing in a restricted collection leaks through ``/media/``: the leak matrix.

Rows: the collection's state (public, log-in, password, groups); columns: the document's
file, the original image, a rendition; for an anonymous visitor, a logged-in citizen who is
not in the group, and an editor (who may use the admin). Documents are never served at
/media/ (Wagtail's /documents/<id>/<file> view checks them and is checked here too).
"""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

STATES = ("public", "login", "password", "groups")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Wagtail keeps renditions in the cache, which outlives each test's rolled-back rows.
    cache.clear()


def collection(state: str) -> Collection:
    child = Collection.get_first_root_node().add_child(name=f"Bộ sưu tập {state}")
    if state != "public":
        restriction = CollectionViewRestriction.objects.create(
            collection=child, restriction_type=state, password="mat-khau"
        )
        if state == "groups":
            restriction.groups.add(Group.objects.get(name="Approvers"))
    return child


def urls(state: str) -> dict[str, str]:
    where = collection(state)
    image = ImageFactory(collection=where)
    document = DocumentFactory(collection=where)
    return {
        "document file": f"/media/{document.file.name}",
        "original image": f"/media/{image.file.name}",
        "rendition": f"/media/{image.get_rendition('width-4').file.name}",
        "document view": document.url,
    }


def visitor(kind: str, editor_client) -> Client:
    if kind == "anonymous":
        return Client()
    if kind == "citizen":
        client = Client()
        client.force_login(User.objects.create_user("cong-dan"))
        return client
    return editor_client


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", ["anonymous", "citizen", "editor"])
def test_the_leak_matrix(state, kind, editor_client):
    client = visitor(kind, editor_client)
    responses = {what: client.get(url) for what, url in urls(state).items()}
    served = {what: response.status_code for what, response in responses.items()}

    # The file of a document, whatever its collection: never at /media/.
    assert served["document file"] == 404
    images_visible = (
        state == "public" or kind == "editor" or (state == "login" and kind != "anonymous")
    )
    expected = 200 if images_visible else 404
    assert (served["original image"], served["rendition"]) == (expected, expected), served
    # Wagtail's own document view: the bytes only past the restriction (the editor is not
    # in the group, and has not given the password), else its log-in or password page.
    passes = state == "public" or (state == "login" and kind != "anonymous")
    view = responses["document view"]
    gives_the_file = view.status_code == 200 and view.get("Content-Disposition", "") != ""
    assert gives_the_file is passes, served


def test_a_file_no_image_owns_is_not_served(client, settings):
    (settings.MEDIA_ROOT / "original_images").mkdir()
    (settings.MEDIA_ROOT / "original_images" / "khong-ai-biet.png").write_bytes(b"x")
    (settings.MEDIA_ROOT / "secret.txt").write_bytes(b"x")
    assert client.get("/media/original_images/khong-ai-biet.png").status_code == 404
    assert client.get("/media/secret.txt").status_code == 404
