"""The floor during speeches: points of information, arguments and counter-passages.

Only the current speaker submits an argument. Points of information come from the other
side, only in rounds that take them and outside protected time; the speaker (or a
moderator) accepts or declines. Opponents answer an argument with a counter-passage.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.debate._core import Core, require_status
from bot.debate._evidence import MAX_EVIDENCE, ids_in_text, parse_ids, validate
from bot.debate._models import (
    ACCEPTED,
    ARGUMENT,
    COUNTER,
    DECLINED,
    FLOOR,
    LOBBY,
    OFFERED,
    OTHER_SIDE,
    RUNNING,
    VOTING,
    Actor,
    Argument,
    Debate,
    Evidence,
    Poi,
    Speech,
    Tip,
)
from bot.debate._timer import PROTECTED_SECONDS, elapsed, poi_allowed
from bot.debate._transcript import md_escape
from bot.errors import BadInput, Conflict, NotAllowed, NotFound

MAX_CLAIM = 200
MAX_REASONING = 1000
MAX_NOTE = 300


class FloorMixin(Core):
    """Points of information, arguments and counters."""

    def offer_poi(self, actor: Actor, debate_id: int, now: datetime | None = None) -> Poi:
        """A member of the other side offers a point of information to the speaker."""
        now = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (RUNNING,), "offer a point of information")
            speech = _live(debate)
            member = debate.participant(actor.id)
            if member is None or member.side == speech.side:
                raise NotAllowed("Only the other side can offer a point of information.")
            if not speech.pois_allowed:
                raise Conflict(f"Points of information are not taken in the {speech.round_name}.")
            timer = speech.timer
            assert timer is not None
            if not poi_allowed(timer, now, speech.pois_allowed):
                raise Conflict(
                    f"Protected time: points of information are allowed after the first "
                    f"{PROTECTED_SECONDS} seconds and before the last {PROTECTED_SECONDS}."
                )
            if debate.pending_poi is not None:
                raise Conflict("Another point of information is waiting for an answer.")
            into_speech = elapsed(timer, now)  # kept: later pauses must not change it
            row = {
                "debate_id": debate.id,
                "speech_id": speech.id,
                "member_id": actor.id,
                "name": actor.name,
                "side": member.side,
                "offered_at": now,
                "status": OFFERED,
                "speech_seconds": into_speech,
            }
            poi_id = self.repo.insert_poi(row)
            offered = Poi(
                poi_id,
                debate.id,
                speech.id,
                actor.id,
                actor.name,
                member.side,
                now,
                OFFERED,
                None,
                into_speech,
            )
            self._keep(replace(debate, pending_poi=offered))
        return offered

    def answer_poi(
        self, actor: Actor, debate_id: int, accept: bool, now: datetime | None = None
    ) -> Poi:
        """The speaker (or a moderator) accepts or declines the waiting point."""
        now = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, FLOOR, "answer a point of information")
            speech = _live(debate)
            poi = debate.pending_poi
            if poi is None:
                raise Conflict("No point of information is waiting for an answer.")
            if actor.id != speech.speaker_id and not actor.is_moderator:
                raise NotAllowed(
                    f"Only the speaker, {md_escape(speech.speaker_name)}, or a moderator can "
                    "accept or decline a point of information."
                )
            status = ACCEPTED if accept else DECLINED
            self._close_poi(debate, poi.id, status=status, answered_at=now)
        return Poi(
            poi.id,
            poi.debate_id,
            poi.speech_id,
            poi.member_id,
            poi.name,
            poi.side,
            poi.offered_at,
            status,
            now,
            poi.speech_seconds,
        )

    def argue(
        self,
        actor: Actor,
        debate_id: int,
        claim: str,
        reasoning: str = "",
        evidence: str | list[str] | None = None,
        now: datetime | None = None,
    ) -> Argument:
        """The current speaker's argument; each cited passage is checked and kept word for word.

        Passage ids typed in the claim or reasoning are cited too. An argument without
        evidence is accepted and shown as uncited (the front ends ask first).
        """
        claim, reasoning = check_argument_text(claim, reasoning)
        cited = self.cited_for(evidence, claim, reasoning, self.get(debate_id).guild_id)
        now = self._now(now)
        with self.repo.transaction():
            speech = self.check_speaker(actor, debate_id)
            debate = self.get(debate_id)
            row = _argument_row(debate, speech.id, speech.side, actor, claim, reasoning, now)
            argument_id = self.repo.insert_argument(row, cited)
        return Argument(
            argument_id,
            debate.id,
            speech.id,
            speech.side,
            actor.id,
            actor.name,
            claim,
            reasoning,
            now,
            ARGUMENT,
            None,
            tuple(cited),
        )

    def counter(
        self,
        actor: Actor,
        debate_id: int,
        argument_id: int,
        passage_id: str,
        note: str = "",
        now: datetime | None = None,
    ) -> Argument:
        """An opponent answers an argument with one passage (and an optional note)."""
        ids, note = _one_passage(
            passage_id, note, "Answer with exactly one passage id, e.g. mycustomessay-013."
        )
        cited = validate(self.store, ids, self.get(debate_id).guild_id)
        now = self._now(now)
        with self.repo.transaction():
            answered = self.check_opponent(actor, debate_id, argument_id)
            debate = self.get(debate_id)
            member = debate.participant(actor.id)
            assert member is not None
            speech_id = debate.current.id if debate.current else answered.speech_id
            claim = note or f"Counter-passage to {answered.author_name}'s argument"
            row = _argument_row(debate, speech_id, member.side, actor, claim, "", now)
            row.update(kind=COUNTER, answers_id=answered.id)
            new_id = self.repo.insert_argument(row, cited)
        return Argument(
            new_id,
            debate.id,
            speech_id,
            member.side,
            actor.id,
            actor.name,
            claim,
            "",
            now,
            COUNTER,
            answered.id,
            tuple(cited),
        )

    def suggest_to_speaker(
        self,
        actor: Actor,
        debate_id: int,
        passage_id: str,
        note: str = "",
        now: datetime | None = None,
    ) -> Tip:
        """A member suggests a passage to their side's speaker (kept in the record)."""
        ids, note = _one_passage(
            passage_id, note, "Suggest exactly one passage id, e.g. listenit-010."
        )
        [cited] = validate(self.store, ids, self.get(debate_id).guild_id)
        now = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY, *FLOOR), "suggest evidence")
            member = debate.participant(actor.id)
            if member is None:
                raise NotAllowed("Join a side first: evidence is suggested to your side's speaker.")
            live = debate.current
            live_id = live.id if live else None
            row = {
                "debate_id": debate.id,
                "side": member.side,
                "member_id": actor.id,
                "name": actor.name,
                "passage_id": cited.passage_id,
                "note": note,
                "at": now,
                "speech_id": live_id,
            }
            tip_id = self.repo.insert_tip(row)
        return Tip(
            tip_id,
            debate.id,
            member.side,
            actor.id,
            actor.name,
            cited.passage_id,
            note,
            now,
            live_id,
        )

    def tips(self, debate_id: int, side: str | None = None) -> list[Tip]:
        """Passages suggested to a side's speaker (every side's when ``side`` is None)."""
        return [t for t in self.repo.tips(int(debate_id)) if side in (None, t.side)]

    def cited_for(
        self,
        evidence: str | list[str] | None,
        claim: str = "",
        reasoning: str = "",
        server: int | None = None,
    ) -> list[Evidence]:
        """The passages an argument cites: the ids given, then ids named in its text
        (``server``: refuse passages of readings another server added)."""
        cited = validate(self.store, parse_ids(evidence), server)
        have = {item.passage_id for item in cited}
        named = [i for i in ids_in_text(self.store, claim, reasoning) if i not in have]
        return cited + validate(self.store, named[: max(0, MAX_EVIDENCE - len(cited))], server)

    def check_evidence(
        self, evidence: str | list[str] | None, server: int | None = None
    ) -> list[Evidence]:
        """The cited passages; BadInput (too many) or NotFound naming every bad id."""
        return validate(self.store, parse_ids(evidence), server)

    def check_speaker(self, actor: Actor, debate_id: int) -> Speech:
        """The live speech if ``actor`` may argue now (checked before a form is shown)."""
        debate = self.get(debate_id)
        require_status(debate, FLOOR, "submit an argument")
        speech = _live(debate)
        if actor.id != speech.speaker_id:
            raise NotAllowed(
                f"Only the current speaker, {md_escape(speech.speaker_name)}, "
                "can submit an argument now."
            )
        return speech

    def check_opponent(self, actor: Actor, debate_id: int, argument_id: int) -> Argument:
        """The argument if ``actor`` may answer it (checked before a form is shown)."""
        debate = self.get(debate_id)
        require_status(debate, (*FLOOR, VOTING), "answer an argument")
        answered = self._argument(debate.id, int(argument_id))
        member = debate.participant(actor.id)
        if member is None or member.side != OTHER_SIDE[answered.side]:
            raise NotAllowed(
                f"Only the {debate.label(OTHER_SIDE[answered.side])} side can answer this argument."
            )
        return answered

    def arguments(self, debate_id: int) -> list[Argument]:
        """Every argument and counter of a debate, in the order given."""
        return self.repo.arguments(int(debate_id))

    def argument(self, debate_id: int, argument_id: int) -> Argument:
        """One argument of a debate; NotFound otherwise."""
        return self._argument(int(debate_id), int(argument_id))

    def _argument(self, debate_id: int, argument_id: int) -> Argument:
        for argument in self.repo.arguments(debate_id):
            if argument.id == argument_id and argument.kind == ARGUMENT:
                return argument
        raise NotFound("That argument is not part of this debate.")


def _live(debate: Debate) -> Speech:
    speech = debate.current
    if speech is None:
        raise Conflict("No speech is live right now.")
    return speech


def check_argument_text(claim: str | None, reasoning: str | None) -> tuple[str, str]:
    """The claim (required) and reasoning, trimmed; BadInput when too long."""
    claim, reasoning = _text(claim, "claim", MAX_CLAIM), (reasoning or "").strip()
    if len(reasoning) > MAX_REASONING:
        raise BadInput(f"Keep the reasoning under {MAX_REASONING} characters.")
    return claim, reasoning


def _text(value: str | None, what: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise BadInput(f"Write your {what} first.")
    if len(text) > limit:
        raise BadInput(f"Keep the {what} under {limit} characters (it has {len(text)}).")
    return text


def _argument_row(
    debate: Debate,
    speech_id: int | None,
    side: str,
    actor: Actor,
    claim: str,
    reasoning: str,
    now: datetime,
) -> dict:
    return {
        "debate_id": debate.id,
        "speech_id": speech_id,
        "side": side,
        "author_id": actor.id,
        "author_name": actor.name,
        "kind": ARGUMENT,
        "answers_id": None,
        "claim": claim,
        "reasoning": reasoning,
        "created_at": now,
    }


def _one_passage(passage_id: str, note: str, not_one: str) -> tuple[list[str], str]:
    """The one passage id and the stripped note that a counter or a suggestion takes;
    BadInput ``not_one`` when the text holds no id or several, or the note is too long."""
    ids = parse_ids(passage_id)
    if len(ids) != 1:
        raise BadInput(not_one)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise BadInput(f"Keep the note under {MAX_NOTE} characters.")
    return ids, note
