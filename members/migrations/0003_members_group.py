"""The "Members" group that Wagtail's view restrictions check; members.services.members_group_sync fills it."""

from django.db import migrations

MEMBERS_GROUP_NAME = "Members"


def members_group_create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=MEMBERS_GROUP_NAME)


def members_group_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=MEMBERS_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("members", "0002_membership"),
    ]

    operations = [migrations.RunPython(members_group_create, members_group_delete)]
