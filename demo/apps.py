from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content: the current CEP site's pages as data, and `manage.py load_demo_content` to load them.

    Nothing outside this app imports it; it imports the apps whose pages it makes.
    """

    name = "demo"
    verbose_name = "Demo content"
