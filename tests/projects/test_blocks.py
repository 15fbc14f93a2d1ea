import pytest

from wagtail.blocks import StructBlockValidationError

from projects.models import ProjectOutputBlock
from tests.topics.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource(demo_site):
    resources = ResourceIndexPageFactory(parent=demo_site, slug="project-test-resources")
    return ResourcePageFactory(parent=resources, title="Training handbook")


def cleaned(**value):
    output = ProjectOutputBlock()
    return output.clean(output.to_python({"label": "Training handbook", "languages": ["en"], **value}))


def test_a_result_with_an_address_is_valid():
    assert cleaned(url="https://example.org/handbook", document=None)["url"] == "https://example.org/handbook"


def test_a_result_with_a_resource_is_valid(resource):
    assert cleaned(url="", document=resource.pk)["document"] == resource


@pytest.mark.parametrize("gives_both", [True, False], ids=["both", "neither"])
def test_a_result_needs_exactly_one_of_an_address_or_a_resource(resource, gives_both):
    value = {"url": "https://example.org/handbook", "document": resource.pk} if gives_both else {"url": ""}
    with pytest.raises(StructBlockValidationError) as error:
        cleaned(**value)
    assert "url" in error.value.block_errors
