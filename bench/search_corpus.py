"""A generated document corpus for search benchmarks: Zipf-distributed words, realistic fields and owners.

Owners are spread so that the benchmark's restricted viewer (user 1, member of group 10) sees exactly half of the
documents: a quarter are theirs, a quarter belong to user 2 and are shared with group 10, the rest are hidden.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from paperkeep.search import DocRecord, Viewer

RESTRICTED = Viewer(user_id=1, group_ids=(10,))
SUPERUSER = Viewer.root()

COMMON = """invoice payment amount total due date account number bank transfer tax return insurance policy
contract agreement customer reference order delivery receipt statement balance credit debit interest rate
salary payslip employer employee pension health doctor hospital prescription pharmacy rent landlord tenant
deposit electricity water gas heating meter reading tariff energy supplier phone internet mobile subscription
car vehicle registration repair garage fuel ticket train flight hotel booking travel holiday school university
tuition certificate diploma application letter request reminder notice warning final overdue cancellation
confirmation renewal annual monthly quarterly yearly period january february march april may june july august
september october november december please find attached regards sincerely dear madam sir thank you for your
the and of to in for with on at by from this that which is are was were will be has have been not our we you
rechnung zahlung betrag konto steuer versicherung vertrag kunde bestellung lieferung quittung miete strom
gesamt datum nummer frist mahnung kündigung bestätigung jährlich monatlich bitte anbei grüße""".split()  # noqa: SIM905
PHRASES = ("payment reminder", "account number", "final notice", "due date", "tax return", "meter reading")
TAGS = ("bank", "tax", "insurance", "health", "car", "home", "work", "travel", "school", "utilities", "inbox")
TYPES = ("Invoice", "Letter", "Receipt", "Contract", "Statement", "Payslip", "Policy", "Reminder", "Certificate")
SYLLABLES = "ka ri to me su na lo pe vi da re mo ti ba ne ru fa go li sa pa de mi ko ta no be ra fe".split()  # noqa: SIM905


class Vocabulary:
    """Real document words first, then invented ones, drawn with Zipf-like frequencies."""

    def __init__(self, chooser: random.Random, size: int = 30_000) -> None:
        invented: set[str] = set()
        while len(invented) < size:
            invented.add("".join(chooser.choice(SYLLABLES) for _ in range(chooser.randint(2, 4))))
        self.words = list(dict.fromkeys(COMMON)) + sorted(invented - set(COMMON))
        weights = [1.0 / (rank + 2) ** 1.05 for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.chooser = chooser

    def sample(self, count: int) -> list[str]:
        """Return `count` words drawn by frequency."""
        total = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, self.chooser.random() * total)] for _ in range(count)]


def _owner(doc_id: int) -> tuple[int | None, tuple[int, ...], tuple[int, ...]]:
    kind = doc_id % 4
    if kind == 0:
        return 1, (), ()
    if kind == 1:
        return 2, (), (10,)
    return (2, (), ()) if kind == 2 else (3, (4,), ())


def _content(vocabulary: Vocabulary, chooser: random.Random) -> str:
    words = vocabulary.sample(chooser.randint(120, 600))
    for _ in range(chooser.randint(0, 3)):
        words.insert(chooser.randrange(len(words) + 1), chooser.choice(PHRASES))
    lines = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, len(words), 12)]
    return "\n".join(lines)


def generate(count: int, seed: int = 7) -> Iterator[DocRecord]:
    """Yield `count` records, the same ones for the same seed."""
    chooser = random.Random(seed)
    vocabulary = Vocabulary(chooser)
    correspondents = [" ".join(vocabulary.sample(2)).title() for _ in range(200)]
    start = date(2015, 1, 1)
    for doc_id in range(1, count + 1):
        owner, users, groups = _owner(doc_id)
        tag_ids = tuple(sorted(chooser.sample(range(len(TAGS)), chooser.randint(0, 3))))
        type_id = chooser.randrange(len(TYPES))
        correspondent_id = chooser.randrange(len(correspondents))
        created = start + timedelta(days=chooser.randrange(365 * 10))
        added = datetime(created.year, created.month, created.day, tzinfo=UTC) + timedelta(days=chooser.randint(0, 30))
        notes = tuple(" ".join(vocabulary.sample(8)) for _ in range(chooser.choice((0, 0, 0, 1, 2))))
        yield DocRecord(
            id=doc_id,
            title=f"{TYPES[type_id]} " + " ".join(vocabulary.sample(chooser.randint(2, 5))).title(),
            content=_content(vocabulary, chooser),
            notes=notes,
            correspondent=correspondents[correspondent_id],
            correspondent_id=correspondent_id + 1,
            document_type=TYPES[type_id],
            document_type_id=type_id + 1,
            tags=tuple(TAGS[i] for i in tag_ids),
            tag_ids=tuple(i + 1 for i in tag_ids),
            asn=doc_id if doc_id % 3 == 0 else None,
            created=created,
            added=added,
            modified=added,
            page_count=chooser.randint(1, 12),
            mime_type="application/pdf",
            original_filename=f"scan_{doc_id:06d}.pdf",
            owner_id=owner,
            viewer_user_ids=users,
            viewer_group_ids=groups,
        )
