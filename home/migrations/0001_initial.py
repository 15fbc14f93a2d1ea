"""The home page's model, moved here from the shared app (label cep_site): its table `cep_site_homepage` stays, and
the content type of the existing home page is handed over, so the page, its revisions and permissions keep it."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def hand_over_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="cep_site", model="homepage").update(app_label="home")


def hand_back_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="home", model="homepage").update(app_label="cep_site")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('cep_site', '0007_hero_image'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('body', wagtail.fields.StreamField([('hero', 7), ('highlighted_events', 11), ('latest_news', 13), ('text_section', 22), ('upcoming_events', 24), ('topics', 25), ('newsletter_signup', 29), ('call_to_action', 35)], block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "CEP's mission in one sentence, shown large.", 'max_length': 255}), 1: ('wagtail.blocks.TextBlock', (), {'help_text': 'A paragraph under the tagline; 140 characters or fewer read best.'}), 2: ('wagtail.images.blocks.ImageChooserBlock', (), {'help_text': 'A 16:9 picture beside the text (2400 px wide or more; set its focal point). Shown without alt text: it is decorative here.', 'required': False}), 3: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Where the button leads.'}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': "Say where it leads, e.g. 'About CEP'.", 'max_length': 40}), 5: ('wagtail.blocks.StructBlock', [[('page', 3), ('label', 4)]], {}), 6: ('wagtail.blocks.ListBlock', (5,), {'default': [], 'help_text': 'One or two buttons: the first is the main one.', 'max_num': 2}), 7: ('wagtail.blocks.StructBlock', [[('tagline', 0), ('introduction', 1), ('image', 2), ('buttons', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'help_text': "The section's heading.", 'max_length': 255}), 9: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences under the heading.', 'required': False}), 10: ('wagtail.blocks.IntegerBlock', (), {'default': 3, 'help_text': 'How many events to show.', 'max_value': 12, 'min_value': 1}), 11: ('wagtail.blocks.StructBlock', [[('heading', 8), ('introduction', 9), ('count', 10)]], {}), 12: ('wagtail.blocks.IntegerBlock', (), {'default': 6, 'help_text': 'How many news items to show.', 'max_value': 12, 'min_value': 1}), 13: ('wagtail.blocks.StructBlock', [[('heading', 8), ('introduction', 9), ('count', 12)]], {}), 14: ('wagtail.blocks.CharBlock', (), {'help_text': "The section's heading, e.g. 'We are CEP'.", 'max_length': 255}), 15: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link']}), 16: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Optional page to read more.', 'required': False}), 17: ('wagtail.blocks.BooleanBlock', (), {'default': False, 'help_text': 'Show the number of member organisations and their countries, counted from the membership records.', 'required': False}), 18: ('wagtail.blocks.CharBlock', (), {'help_text': "As it should read, e.g. '1981'. Only figures you can source.", 'max_length': 12}), 19: ('wagtail.blocks.CharBlock', (), {'help_text': "What it counts, e.g. 'the year CEP was founded'.", 'max_length': 60}), 20: ('wagtail.blocks.StructBlock', [[('number', 18), ('label', 19)]], {}), 21: ('wagtail.blocks.ListBlock', (20,), {'default': [], 'help_text': 'Key figures shown beside the text, after the counted ones.', 'max_num': 4}), 22: ('wagtail.blocks.StructBlock', [[('heading', 14), ('text', 15), ('link_page', 16), ('membership_figures', 17), ('figures', 21)]], {}), 23: ('wagtail.blocks.IntegerBlock', (), {'default': 4, 'help_text': 'How many events to show.', 'max_value': 12, 'min_value': 1}), 24: ('wagtail.blocks.StructBlock', [[('heading', 8), ('introduction', 9), ('count', 23)]], {}), 25: ('wagtail.blocks.StructBlock', [[('heading', 8), ('introduction', 9)]], {}), 26: ('wagtail.blocks.CharBlock', (), {'help_text': "E.g. 'Subscribe to our bi-monthly email newsletter!'", 'max_length': 255}), 27: ('wagtail.blocks.CharBlock', (), {'max_length': 255}), 28: ('wagtail.blocks.ListBlock', (27,), {'help_text': 'Why subscribe, one reason per item.'}), 29: ('wagtail.blocks.StructBlock', [[('heading', 26), ('points', 28)]], {}), 30: ('wagtail.blocks.CharBlock', (), {'help_text': "A short invitation, e.g. 'Become a member'.", 'max_length': 255}), 31: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link'], 'required': False}), 32: ('wagtail.blocks.CharBlock', (), {'help_text': "Say what happens, e.g. 'Read how to apply'.", 'max_length': 60}), 33: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site…', 'required': False}), 34: ('wagtail.blocks.URLBlock', (), {'help_text': '…or an address elsewhere.', 'required': False}), 35: ('wagtail.blocks.StructBlock', [[('heading', 30), ('text', 31), ('button_label', 32), ('link_page', 33), ('link_url', 34)]], {})}, help_text='The sections of the home page, top to bottom.')),
                        ('social_image', models.ForeignKey(blank=True, help_text='Shown when the page is shared on social media (1200×630 works best).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                    ],
                    options={
                        'verbose_name': 'home page',
                        'db_table': 'cep_site_homepage',
                    },
                    bases=('wagtailcore.page', models.Model),
                ),
            ],
        ),
        migrations.RunPython(hand_over_content_type, hand_back_content_type),
    ]
