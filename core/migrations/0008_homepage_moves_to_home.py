"""The home page's model moves to the home app (home 0001): only Django's idea of it moves; its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cep_site", "0007_hero_image"),
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="HomePage")]),
    ]
