"""Serializers for Wagtail's REST API v2 (``api_fields`` of the page models)."""

from rest_framework import serializers

from cms.models.snippets import Agency, LegalDocument


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "name_en", "kind"]


class TermSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class LegalDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalDocument
        fields = ["number", "document_type", "title", "signed_on", "effective_on", "url"]
