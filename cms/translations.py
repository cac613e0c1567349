"""Translations go through the same review as any page.

wagtail-localize makes a translation live at once when its source is live (unless
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is off, as in config/settings.py), and its
"Update existing translations" form publishes them with "Publish immediately" whoever asks.
An editor who may not publish must not be able to publish by translating: this view is the
same form without that choice for them, served at wagtail-localize's own address.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page
from wagtail_localize.views.update_translations import (
    UpdateTranslationsForm,
    UpdateTranslationsView,
)


def may_publish_translations(user, source) -> bool:
    """Whether ``user`` may publish the source page and every translation of it."""
    instance = source.get_source_instance()
    if not isinstance(instance, Page):
        return user.has_perm(f"{instance._meta.app_label}.publish_{instance._meta.model_name}")
    pages = [instance, *instance.get_translations()]
    return all(page.permissions_for_user(user).can_publish() for page in pages)


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    def get_form(self) -> UpdateTranslationsForm:
        form = super().get_form()
        if not may_publish_translations(self.request.user, self.object):
            del form.fields["publish_translations"]
        return form

    def form_valid(self, form: UpdateTranslationsForm) -> HttpResponse:
        # The field is gone for those who may not publish; form_valid reads it by name.
        form.cleaned_data.setdefault("publish_translations", False)
        return super().form_valid(form)

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        if request.POST.get("publish_translations") and not may_publish_translations(
            request.user, self.object
        ):
            raise PermissionDenied
        return super().post(request, **kwargs)
