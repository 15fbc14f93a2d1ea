"""Wagtail's `{% picture %}` tag, with the filters of each tag made once rather than on every render.

Making a `Filter` asks every `register_image_operations` hook and parses the spec by introspection, about 0.3 ms per
spec; a card's picture has six specs and the home page ten pictures, so Wagtail's own tag spent a third of the home
page's render time there. A `Filter` keeps no state of the image it is used on, so one set serves every render.
"""

from functools import cached_property

from django import template

from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


class PictureNode(wagtailimages_tags.PictureNode):
    @cached_property
    def filters(self):
        return super().get_filters()

    def get_filters(self):
        return self.filters


@register.tag
def picture(parser, token):
    node = wagtailimages_tags.image(parser, token)
    return PictureNode(node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs)
