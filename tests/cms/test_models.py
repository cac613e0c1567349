"""Validation of the content model: through ``full_clean()`` and through the admin forms.

Model-level messages are checked in English (the message ids in the code); the admin
renders them in Vietnamese, so admin tests look for the translation of the same message.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import Agency, LegalDocument, ProcedurePage, Topic
from cms.validation import flatten_validation_error
from core.text import vietnamese_slugify
from tests.factories import (
    AgencyFactory,
    LegalDocumentFactory,
    ProcedurePageFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def shown_in_admin(message: str, **params) -> str:
    """``message`` as the (Vietnamese) admin renders it in HTML."""
    with translation.override("vi"):
        text = gettext(message)
    return escape(text % params if params else text)


def clean_errors(instance) -> dict[str, list[str]]:
    """The message dict of ``full_clean()``; fails the test when the instance is valid."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


@pytest.fixture
def procedure(site):
    return ProcedurePageFactory(parent=site["vi"].procedure_index, code="1.001193")


# Procedure guides


def test_factory_procedure_is_valid(procedure):
    procedure.full_clean()
    assert procedure.live
    assert procedure.locale.language_code == "vi"


def test_duplicate_procedure_code_in_one_locale_is_rejected(site, procedure):
    other = ProcedurePageFactory(parent=site["vi"].procedure_index, code="2.000001")
    other.code = procedure.code
    errors = clean_errors(other)
    assert errors["code"] == ["Another procedure already uses the code 1.001193."]


def test_saving_a_live_duplicate_through_the_tree_is_rejected(site, procedure):
    # Wagtail runs full_clean() when a live page is saved (drafts get a minimal clean).
    twin = ProcedurePageFactory.build(code=procedure.code, title="Thủ tục trùng mã", live=True)
    with pytest.raises(ValidationError) as excinfo:
        site["vi"].procedure_index.add_child(instance=twin)
    assert "code" in excinfo.value.message_dict
    assert ProcedurePage.objects.filter(code=procedure.code).count() == 1


def test_same_code_in_the_english_translation_is_allowed(site, procedure):
    translation = procedure.copy_for_translation(site["en"].locale)
    translation.title = "Birth registration"
    translation.full_clean()
    translation.save_revision().publish()
    codes = ProcedurePage.objects.filter(code=procedure.code)
    assert sorted(codes.values_list("locale__language_code", flat=True)) == ["en", "vi"]


def test_editing_a_procedure_keeps_its_own_code(procedure):
    procedure.title = "Đăng ký khai sinh (sửa)"
    procedure.full_clean()


@pytest.mark.parametrize("level", [0, 5, 10])
def test_service_level_outside_1_to_4_is_rejected(procedure, level):
    procedure.service_level = level
    errors = clean_errors(procedure)
    assert errors["service_level"] == ["The online service level must be 1, 2, 3 or 4."]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_service_levels_1_to_4_are_accepted(procedure, level):
    procedure.service_level = level
    procedure.full_clean()


def test_negative_fee_is_rejected_with_a_clear_message(procedure):
    procedure.fees = [
        {"type": "fee", "value": {"amount_vnd": 50000, "description": "Lệ phí"}},
        {"type": "fee", "value": {"amount_vnd": -1000, "description": "Phí sai"}},
    ]
    with pytest.raises(ValidationError) as excinfo:
        procedure.full_clean()
    # The path names the second fee; the message says what to enter instead.
    assert flatten_validation_error(excinfo.value) == [
        "fees[1].amount_vnd: A fee cannot be negative; enter 0 for a free procedure."
    ]


def test_every_streamfield_is_validated_block_by_block_by_full_clean(procedure):
    # Not only fees: full_clean() runs each StreamField's own block validation.
    procedure.required_documents = [
        {"type": "document", "value": {"name": "Tờ khai", "form": "original", "copies": 0}}
    ]
    procedure.steps = []
    with pytest.raises(ValidationError) as excinfo:
        procedure.full_clean()
    messages = flatten_validation_error(excinfo.value)
    assert "steps: The minimum number of items is 1" in messages
    assert (
        "required_documents[0].copies: Ensure this value is greater than or equal to 1." in messages
    )


def test_free_procedure_has_one_zero_fee(procedure):
    procedure.fees = [{"type": "fee", "value": {"amount_vnd": 0, "description": "Miễn phí"}}]
    procedure.full_clean()
    assert procedure.is_free


@pytest.mark.parametrize("level", [3, 4])
def test_levels_3_and_4_need_the_online_channel(procedure, level):
    procedure.service_level = level
    procedure.channels = [ProcedurePage.Channel.IN_PERSON]
    errors = clean_errors(procedure)
    assert errors["channels"] == ["Level 3 and 4 services must be offered online."]
    assert "online_service_url" not in errors


@pytest.mark.parametrize("level", [3, 4])
def test_levels_3_and_4_need_the_online_service_url(procedure, level):
    procedure.service_level = level
    procedure.online_service_url = ""
    errors = clean_errors(procedure)
    assert errors["online_service_url"] == [
        "Level 3 and 4 services need the link to the online service."
    ]


def test_level_2_needs_neither_online_channel_nor_url(procedure):
    procedure.service_level = 2
    procedure.channels = [ProcedurePage.Channel.IN_PERSON, ProcedurePage.Channel.POST]
    procedure.online_service_url = ""
    procedure.full_clean()


def test_unknown_applicant_type_is_rejected(procedure):
    procedure.applicant_types = ["citizen", "alien"]
    errors = clean_errors(procedure)
    assert len(errors["applicant_types"]) == 1
    assert errors["applicant_types"][0].startswith("Unknown value(s) alien; allowed:")


def test_unknown_channel_is_rejected(procedure):
    procedure.channels = ["online", "fax"]
    errors = clean_errors(procedure)
    assert errors["channels"][0].startswith("Unknown value(s) fax; allowed:")


def test_repeated_channel_is_rejected(procedure):
    procedure.channels = ["online", "online"]
    assert clean_errors(procedure)["channels"] == ["A value is repeated."]


def test_empty_applicant_types_are_rejected(procedure):
    procedure.applicant_types = []
    assert "applicant_types" in clean_errors(procedure)


# Reference data


def test_legal_document_cannot_take_effect_before_it_is_signed():
    document = LegalDocumentFactory.build(
        issuer=AgencyFactory(),
        signed_on=datetime.date(2024, 5, 1),
        effective_on=datetime.date(2024, 4, 30),
    )
    errors = clean_errors(document)
    assert errors["effective_on"] == ["A document cannot take effect before it is signed."]


def test_legal_document_may_take_effect_on_the_day_it_is_signed():
    day = datetime.date(2024, 5, 1)
    LegalDocumentFactory.build(issuer=AgencyFactory(), signed_on=day, effective_on=day).full_clean()


@pytest.mark.parametrize("number", ["942/QĐ-TTg", "942/qđ-ttg", "942/QĐ - TTg", " 942/Qđ-TTG "])
def test_duplicate_legal_document_number_is_rejected_case_insensitively(number):
    existing = LegalDocumentFactory(number="942/QĐ-TTg")
    duplicate = LegalDocumentFactory.build(number=number, issuer=existing.issuer)
    errors = clean_errors(duplicate)
    assert errors["number"] == ["A legal document with this number exists."]


def test_duplicate_legal_document_number_is_refused_by_the_database_too():
    LegalDocumentFactory(number="17/NQ-CP")
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalDocumentFactory(number="17/nq-cp")


def test_legal_document_keeps_its_own_number_when_edited():
    document = LegalDocumentFactory(number="17/NQ-CP")
    document.title = "Nghị quyết sửa đổi"
    document.full_clean()


def test_agency_cannot_be_its_own_parent():
    agency = AgencyFactory()
    agency.parent = agency
    assert clean_errors(agency)["parent"] == ["An agency cannot be its own ancestor."]


def test_agency_parent_cycle_is_rejected():
    ministry = AgencyFactory(kind=Agency.Kind.MINISTRY)
    department = AgencyFactory(kind=Agency.Kind.UNIT, parent=ministry)
    office = AgencyFactory(kind=Agency.Kind.UNIT, parent=department)
    office.full_clean()  # a chain without a cycle is fine
    ministry.parent = office
    assert clean_errors(ministry)["parent"] == ["An agency cannot be its own ancestor."]


# Slugs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đăng ký khai sinh", "dang-ky-khai-sinh"),
        ("ĐỔI GIẤY PHÉP LÁI XE", "doi-giay-phep-lai-xe"),
        ("đường bộ, đường thủy", "duong-bo-duong-thuy"),
        ("Hỗ trợ ưu đãi \u2013 thuế", "ho-tro-uu-dai-thue"),
        ("Cấp phiếu lý lịch tư pháp số 1", "cap-phieu-ly-lich-tu-phap-so-1"),
        ("  ", ""),
    ],
)
def test_vietnamese_slugify(text, slug):
    assert vietnamese_slugify(text) == slug


def test_vietnamese_slugify_respects_max_length_without_trailing_dash():
    assert vietnamese_slugify("Đăng ký khai sinh", max_length=6) == "dang-k"
    assert vietnamese_slugify("Đăng ký khai sinh", max_length=5) == "dang"


def test_page_created_without_a_slug_gets_a_transliterated_one(site):
    index = site["vi"].procedure_index
    first = ProcedurePageFactory.build(title="Đăng ký khai sinh", slug="")
    index.add_child(instance=first)
    assert first.slug == "dang-ky-khai-sinh"
    second = ProcedurePageFactory.build(title="Đăng ký khai sinh", slug="")
    index.add_child(instance=second)
    assert second.slug == "dang-ky-khai-sinh-2"


def test_full_clean_fills_an_emptied_slug(procedure):
    procedure.title = "Đăng ký khai sinh"
    procedure.slug = ""
    procedure.full_clean()
    assert procedure.slug == "dang-ky-khai-sinh"


def test_topic_slug_is_generated_from_its_name():
    topic = Topic(name="Đô thị thông minh")
    topic.full_clean()
    topic.save()
    assert Topic.objects.get(pk=topic.pk).slug == "do-thi-thong-minh"


def test_topic_name_without_letters_is_rejected():
    assert "name" in clean_errors(Topic(name="!!!"))


# Through the admin forms (what an editor sees)


def procedure_form_data(page: ProcedurePage, **overrides) -> dict:
    """The edit form as the admin posts it; multiple-choice lists stay lists."""
    choices = {
        "applicant_types": overrides.pop("applicant_types", page.applicant_types),
        "channels": overrides.pop("channels", page.channels),
    }
    data = {
        "title": page.title,
        "slug": page.slug,
        "code": page.code,
        "agency": page.agency_id,
        "sector": page.sector_id,
        "service_level": page.service_level,
        "online_service_url": page.online_service_url,
        "steps": streamfield([("step", {"title": "Nộp hồ sơ", "description": ""})]),
        "required_documents": streamfield([]),
        "processing_time_value": page.processing_time_value,
        "processing_time_unit": page.processing_time_unit,
        "fees": streamfield([("fee", {"amount_vnd": 8000, "description": "", "note": ""})]),
        "result": page.result,
        "comments": inline_formset([]),
        "legal_basis_links": inline_formset([]),
    }
    data.update(overrides)
    return {**nested_form_data(data), **choices}


def test_admin_edit_saves_a_valid_procedure(admin_client, procedure):
    url = reverse("wagtailadmin_pages:edit", args=[procedure.pk])
    response = admin_client.post(url, procedure_form_data(procedure, result="Bản sao trích lục"))
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.get_latest_revision_as_object().result == "Bản sao trích lục"


def test_admin_edit_refuses_a_negative_fee(admin_client, procedure):
    url = reverse("wagtailadmin_pages:edit", args=[procedure.pk])
    fees = streamfield([("fee", {"amount_vnd": -5, "description": "", "note": ""})])
    revisions = procedure.revisions.count()
    response = admin_client.post(url, procedure_form_data(procedure, fees=fees))
    assert response.status_code == 200  # the form again, with errors
    assert procedure.revisions.count() == revisions
    assert "fees" in response.context["form"].errors


def test_admin_edit_refuses_a_duplicate_code(admin_client, site, procedure):
    other = ProcedurePageFactory(parent=site["vi"].procedure_index, code="2.000001")
    url = reverse("wagtailadmin_pages:edit", args=[other.pk])
    response = admin_client.post(url, procedure_form_data(other, code=procedure.code))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    message = "Another procedure already uses the code %(code)s."
    assert shown_in_admin(message, code="1.001193") in response.content.decode()


def test_admin_edit_refuses_level_4_without_the_online_channel(admin_client, procedure):
    url = reverse("wagtailadmin_pages:edit", args=[procedure.pk])
    data = procedure_form_data(procedure, channels=["in_person"], online_service_url="")
    response = admin_client.post(url, data)
    assert set(response.context["form"].errors) == {"channels", "online_service_url"}
    html = response.content.decode()
    assert shown_in_admin("Level 3 and 4 services must be offered online.") in html
    assert shown_in_admin("Level 3 and 4 services need the link to the online service.") in html


def test_admin_snippet_refuses_a_duplicate_legal_document_number(admin_client):
    existing = LegalDocumentFactory(number="942/QĐ-TTg")
    response = admin_client.post(
        reverse("wagtailsnippets_cms_legaldocument:add"),
        {
            "number": "942/qđ-ttg",
            "document_type": "decision",
            "title": "Quyết định trùng số",
            "issuer": existing.issuer_id,
            "signed_on": "2024-01-02",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["number"]
    assert shown_in_admin("A legal document with this number exists.") in response.content.decode()
    assert LegalDocument.objects.count() == 1


def test_admin_snippet_refuses_an_agency_cycle(admin_client):
    parent = AgencyFactory(code="BTTTT")
    child = AgencyFactory(code="CUC-CDS", parent=parent)
    response = admin_client.post(
        reverse("wagtailsnippets_cms_agency:edit", args=[parent.pk]),
        {"name": parent.name, "code": parent.code, "kind": parent.kind, "parent": child.pk},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
    assert shown_in_admin("An agency cannot be its own ancestor.") in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent_id is None


def test_admin_snippet_creates_a_sector_with_a_generated_slug(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_cms_sector:add"), {"name": "Đất đai", "name_en": "Land"}
    )
    assert response.status_code == 302
    assert SectorFactory._meta.model.objects.get(name="Đất đai").slug == "dat-dai"
