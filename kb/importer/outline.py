"""A plain-text outline of a parsed tree: what `kb_import --dry-run` prints."""

from .tree import ArticleData, StepData


def outline(article: ArticleData) -> str:
    out = [f"Article {article.slug}: {article.title}"]
    if article.systems:
        out.append(f"  systems: {', '.join(article.systems)}")
    for issue in article.issues:
        flag = "  [needs a title]" if issue.title_inferred else ""
        out.append(f"  Issue {issue.slug}: {issue.title}{flag}")
        for scenario in issue.scenarios:
            flag = "  [needs a title]" if scenario.title_inferred else ""
            out.append(f"    Scenario {scenario.slug}: {scenario.title}{flag}")
            if scenario.symptom:
                out.append(f"      symptom: {scenario.symptom}")
            if scenario.systems:
                out.append(f"      systems: {', '.join(scenario.systems)}")
            for number, step in enumerate(scenario.steps, 1):
                out += _step(step, f"{number}", "      ")
                for sub, child in enumerate(step.children, 1):
                    out += _step(child, f"{number}.{sub}", "          ")
    return "\n".join(out)


def _step(step: StepData, number: str, indent: str) -> list[str]:
    out = [f"{indent}{number} ({step.kind_label}) {step.text}"]
    for label, values in (("menu", step.menu_paths), ("fields", step.fields)):
        if values:
            out.append(f"{indent}    {label}: {' | '.join(values)}")
    if step.link_url:
        out.append(f"{indent}    link: {step.link_url}")
    return out
