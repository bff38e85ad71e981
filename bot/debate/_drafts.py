"""An argument held back until its speaker confirms it: one that cites no passage.

Before an argument without evidence is posted (marked uncited), the front ends ask; the
typed claim and reasoning wait here meanwhile. Posting a draft removes it in the same
transaction, so two presses of "Post as uncited" post it once.
"""

from __future__ import annotations

from datetime import datetime

from bot.debate._floor import FloorMixin, check_argument_text
from bot.debate._models import Actor, Argument
from bot.errors import Conflict, NotAllowed


class DraftMixin(FloorMixin):
    """Saving an uncited argument for confirmation, and posting it once confirmed."""

    def save_draft(
        self,
        actor: Actor,
        debate_id: int,
        claim: str,
        reasoning: str = "",
        now: datetime | None = None,
    ) -> int:
        """Keep the speaker's argument until they confirm it; the draft's number."""
        claim, reasoning = check_argument_text(claim, reasoning)
        with self.repo.transaction():
            self.check_speaker(actor, debate_id)
            return self.repo.insert_draft(
                {
                    "debate_id": int(debate_id),
                    "author_id": actor.id,
                    "claim": claim,
                    "reasoning": reasoning,
                    "at": self._now(now),
                }
            )

    def draft_text(self, actor: Actor, debate_id: int, draft_id: int) -> tuple[str, str]:
        """The claim and reasoning of ``actor``'s draft (empty when it is gone)."""
        row = self.repo.draft(int(draft_id))
        if row is None or row["debate_id"] != int(debate_id) or row["author_id"] != actor.id:
            return "", ""
        return row["claim"], row["reasoning"]

    def post_draft(
        self, actor: Actor, debate_id: int, draft_id: int, now: datetime | None = None
    ) -> Argument:
        """Post a confirmed draft, uncited; Conflict when it was already posted."""
        with self.repo.transaction():  # the draft goes and the argument comes in one unit
            row = self.repo.draft(int(draft_id))
            if row is not None and row["author_id"] != actor.id:
                raise NotAllowed("Only the speaker who wrote this argument can post it.")
            if row is None or row["debate_id"] != int(debate_id):
                raise Conflict("That argument is already posted.")
            if not self.repo.take_draft(int(draft_id)):
                raise Conflict("That argument is already posted.")
            return self.argue(actor, debate_id, row["claim"], row["reasoning"], None, now)
