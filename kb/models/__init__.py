from .content import (
    Article,
    ArticleQuerySet,
    ArticleSlugRedirect,
    Issue,
    Scenario,
    ScenarioQuerySet,
    SlugRedirect,
    SolutionStep,
    Status,
    StepKind,
    System,
)
from .feedback import (
    Outcome,
    PageView,
    RateLimitBucket,
    SearchLog,
    StepCheck,
    StepOutcome,
    Vote,
    VoteReason,
)
from .images import StepImage
from .learning import DismissedSuggestion, LearnedBoost
from .review import Review, ReviewState
from .search import IndexChange, Synonym
from .support import SupportClick, SupportRequest, SupportStatus
from .versions import ArticleVersion, VersionKind

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleSlugRedirect",
    "DismissedSuggestion",
    "ArticleVersion",
    "IndexChange",
    "Issue",
    "LearnedBoost",
    "Outcome",
    "PageView",
    "RateLimitBucket",
    "Review",
    "ReviewState",
    "Scenario",
    "ScenarioQuerySet",
    "SearchLog",
    "SlugRedirect",
    "SolutionStep",
    "Status",
    "StepCheck",
    "StepImage",
    "StepKind",
    "StepOutcome",
    "SupportClick",
    "SupportRequest",
    "SupportStatus",
    "Synonym",
    "System",
    "VersionKind",
    "Vote",
    "VoteReason",
]
