"""Where the topics pages may be created in the page tree, as editors meet it in the admin.

A Django TestCase of its own module: when it ends, it closes the connection, which would end the transaction
other modules' tests share (tests/conftest.py)."""

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from topics.models import (
    ExpertGroupIndexPage,
    ExpertGroupPage,
    ResourceIndexPage,
    ResourcePage,
    TopicIndexPage,
    TopicPage,
)


class TestPageTree(WagtailPageTestCase):
    def test_topic_index_sits_under_the_home_page_and_holds_topics(self):
        self.assertCanCreateAt(HomePage, TopicIndexPage)
        self.assertAllowedParentPageTypes(TopicIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TopicIndexPage, {TopicPage})

    def test_topics_sit_only_in_the_topic_index_and_hold_nothing(self):
        self.assertCanCreateAt(TopicIndexPage, TopicPage)
        self.assertCanNotCreateAt(HomePage, TopicPage)
        self.assertAllowedParentPageTypes(TopicPage, {TopicIndexPage})
        self.assertAllowedSubpageTypes(TopicPage, set())

    def test_resource_library_sits_under_the_home_page_and_holds_resources(self):
        self.assertCanCreateAt(HomePage, ResourceIndexPage)
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})

    def test_resources_sit_only_in_the_library_and_hold_nothing(self):
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_expert_group_index_sits_under_the_home_page_and_holds_groups(self):
        self.assertCanCreateAt(HomePage, ExpertGroupIndexPage)
        self.assertAllowedParentPageTypes(ExpertGroupIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ExpertGroupIndexPage, {ExpertGroupPage})

    def test_expert_groups_sit_only_in_their_index_and_hold_nothing(self):
        self.assertCanCreateAt(ExpertGroupIndexPage, ExpertGroupPage)
        self.assertCanNotCreateAt(TopicIndexPage, ExpertGroupPage)
        self.assertAllowedParentPageTypes(ExpertGroupPage, {ExpertGroupIndexPage})
        self.assertAllowedSubpageTypes(ExpertGroupPage, set())
