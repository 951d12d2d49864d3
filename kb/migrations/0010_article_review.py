"""Review dates on articles; existing articles are first due one interval after their last
change (newest version, else publication, else creation), so long-untouched ones are due now."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Max, Q
from django.utils import timezone

import kb.models.freshness
from kb.conf import review_interval_days


def first_due_dates(apps, schema_editor):
    Article = apps.get_model("kb", "Article")
    ArticleVersion = apps.get_model("kb", "ArticleVersion")
    interval = datetime.timedelta(days=review_interval_days())
    changed = dict(
        ArticleVersion.objects.filter(~Q(kind="baseline"))
        .values_list("article_id")
        .annotate(last=Max("created_at"))
    )
    articles = list(Article.objects.only("pk", "created_at", "published_at"))
    for article in articles:
        last = changed.get(article.pk) or article.published_at or article.created_at
        article.review_due_on = timezone.localdate(last) + interval
    Article.objects.bulk_update(articles, ["review_due_on"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('kb', '0009_step_archive_article_versions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='last_reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='last_reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='article',
            name='review_due_on',
            field=models.DateField(db_index=True, default=kb.models.freshness.default_review_due, help_text='Listed under “Due for review” from a while before this date.'),
        ),
        migrations.AddField(
            model_name='article',
            name='review_interval_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Days between reviews; empty: the site default. Shorter for volatile content.', null=True),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='last_reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='last_reviewed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='review_due_on',
            field=models.DateField(db_index=True, default=kb.models.freshness.default_review_due, help_text='Listed under “Due for review” from a while before this date.'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='review_interval_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Days between reviews; empty: the site default. Shorter for volatile content.', null=True),
        ),
        migrations.RunPython(first_due_dates, migrations.RunPython.noop),
    ]
