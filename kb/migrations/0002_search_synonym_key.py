"""Synonym gets a natural key (`key`), so fixtures/synonyms.json loads idempotently."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Synonym = apps.get_model("kb", "Synonym")
    for synonym in Synonym.objects.filter(key__isnull=True):
        synonym.key = f"synonym-{synonym.pk}"
        synonym.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="synonym",
            name="key",
            field=models.SlugField(max_length=80, null=True, db_index=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="synonym",
            name="key",
            field=models.SlugField(
                help_text='A short name for the group, e.g. "practice-management" (fixtures use '
                "it).",
                max_length=80,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalsynonym",
            name="key",
            field=models.SlugField(
                db_index=True,
                default="",
                help_text='A short name for the group, e.g. "practice-management" (fixtures use '
                "it).",
                max_length=80,
            ),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="synonym",
            options={"ordering": ["key"]},
        ),
    ]
