"""Editors and Moderators (Wagtail's default groups) may read and delete contact messages; nobody may edit them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Moderators"]
CODENAMES = ["view_contactsubmission", "delete_contactsubmission"]


def grant(apps, schema_editor):
    # Permissions are made after all migrations ran (post_migrate); make this app's now, to give them out.
    app_config = apps.get_app_config("cep_site")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="cep_site", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="cep_site", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cep_site", "0003_contact_page_and_privacy_notice"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # Wagtail's migrations make the Editors and Moderators groups.
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
