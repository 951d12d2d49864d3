"""Import troubleshooting articles from plain text (and kb_export Markdown); export them back.

    read_article(data: bytes, source, mapping=None) -> ArticleData   # decode + parse + map
    plan(article) -> Plan; save(article, publish=False) -> Plan        # kb.importer.writer
    export_markdown(article_model) -> str                              # kb.importer.exporter

Everything the editor can get wrong raises ImportFailed with a message meant for them.
"""

from .errors import ImportFailed
from .mapping import Mapping
from .parser import parse
from .reading import decode
from .tree import ArticleData, IssueData, ScenarioData, StepData


def read_article(data: bytes, source: str = "", mapping: Mapping | None = None) -> ArticleData:
    text, notes = decode(data)
    if mapping is not None:
        text = mapping.fix_text(source, text)
    article = parse(text, source=source)
    if mapping is not None:
        mapping.apply(article)
    article.notes = notes + article.notes
    return article


__all__ = [
    "ArticleData",
    "ImportFailed",
    "IssueData",
    "Mapping",
    "ScenarioData",
    "StepData",
    "decode",
    "parse",
    "read_article",
]
