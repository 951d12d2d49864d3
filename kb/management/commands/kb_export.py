"""Export an article as Markdown that `kb_import` reads back to the same structure.

python manage.py kb_export legal-accounting-integration -o la.md
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.importer.exporter import export_markdown
from kb.importer.reading import max_bytes
from kb.models import Article


class Command(BaseCommand):
    help = "Write an article (by slug) as Markdown that kb_import reads back unchanged."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The article's slug.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, slug, output, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No article with the slug {slug!r}.")
        text = export_markdown(article)
        if len(text.encode("utf-8")) > max_bytes():
            self.stderr.write(
                "Warning: this export is larger than KB_IMPORT_MAX_BYTES; raise the limit "
                "before importing it again."
            )
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
