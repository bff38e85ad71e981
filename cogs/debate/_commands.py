"""/debate: the slash commands.

Thin on purpose: every command calls :mod:`bot.debate` (which checks who may do what)
and hands the outcome to :class:`cogs.debate._effects.Effects`, which edits the lobby
and each speech's timer message, posts in the debate's thread and runs the votes.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot import limits
from bot.debate import (
    Actor,
    Debate,
    argue,
    assign,
    control,
    counter,
    evidence,
    join,
    leave,
    open_debate,
    poi,
    side_choices,
    status,
    suggest,
    transcript,
    vote,
)
from bot.debate import _grading as grading
from bot.debate._export import export
from bot.debate._formats import PRESETS, describe
from bot.debate._help import help_reply
from bot.debate._rubric import CRITERIA
from bot.errors import NotAllowed, ThawbotError
from cogs.context import actor_for
from cogs.debate._effects import missing_permissions, refusal
from cogs.debate._live import Live
from cogs.render import respond

POI_CHOICES = [
    app_commands.Choice(name=n.capitalize(), value=n) for n in ("offer", "accept", "decline")
]
CRITERION_CHOICES = [
    *(app_commands.Choice(name=k.capitalize(), value=k) for k in CRITERIA),
    app_commands.Choice(name="Reset to the default rubric", value=grading.RESET),
]
FORMAT_CHOICES = {name: describe(fmt) for name, fmt in PRESETS.items()}  # bot.debate._formats


class Debates(Live):
    """Structured debates on the motion."""

    debate = app_commands.Group(
        name="debate", description="Structured debates on the motion", guild_only=True
    )

    # slash commands

    @debate.command(name="open")
    @app_commands.describe(
        motion="The motion (default: De-Stalinization was a sincere break with Stalinism...)",
        format="classroom, short, or your own rounds, e.g. opening 4 poi, rebuttal 3, closing 2",
        start_in="Minutes until the planned start (the bot reminds the moderator)",
        sides="Your motion's two sides, e.g. Yes | No (default For | Against)",
    )
    async def open(
        self,
        interaction: discord.Interaction,
        motion: app_commands.Range[str, 1, 200] | None = None,
        format: app_commands.Range[str, 1, 200] | None = None,
        start_in: app_commands.Range[int, 0, 240] | None = None,
        sides: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Moderators: open a debate here; the bot makes a thread for it."""
        in_thread = isinstance(interaction.channel, discord.Thread)
        missing = missing_permissions(interaction.app_permissions, in_thread)
        if missing:
            raise NotAllowed(refusal(missing))
        outcome = open_debate(
            self.service,
            actor_for(interaction),
            interaction.guild_id or 0,
            interaction.channel_id or 0,
            motion,
            format,
            start_in,
            sides,
        )
        await self._finish(interaction, outcome)

    @open.autocomplete("format")
    async def _format_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        choices = [
            app_commands.Choice(name=label, value=name)
            for name, label in FORMAT_CHOICES.items()
            if current.lower() in label.lower()
        ]
        if current and not any(c.value == current for c in choices):
            choices.insert(0, app_commands.Choice(name=current[:100], value=current[:100]))
        return choices[: limits.CHOICES]

    @debate.command(name="join")
    @app_commands.describe(side="Leave empty to be put on the smaller side")
    async def join_(
        self, interaction: discord.Interaction, side: app_commands.Range[str, 1, 40] | None = None
    ) -> None:
        """Join a side of the debate in this channel."""
        outcome = join(
            self.service,
            actor_for(interaction),
            self._here(interaction),
            side,
        )
        await self._finish(interaction, outcome)

    @debate.command(name="leave")
    async def leave_(self, interaction: discord.Interaction) -> None:
        """Leave your side before the debate starts."""
        await self._finish(
            interaction, leave(self.service, actor_for(interaction), self._here(interaction))
        )

    @debate.command(name="assign")
    @app_commands.describe(member="The student", side="The side to put them on")
    async def assign_(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        side: app_commands.Range[str, 1, 40],
    ) -> None:
        """Moderators: put a student on a side."""
        student = Actor(member.id, member.display_name)
        outcome = assign(
            self.service, actor_for(interaction), self._here(interaction), student, side
        )
        await self._finish(interaction, outcome)

    async def _control(self, interaction: discord.Interaction, op: str, seconds: int = 60) -> None:
        outcome = control(
            self.service, actor_for(interaction), self._here(interaction), op, seconds
        )
        await self._finish(interaction, outcome)

    @debate.command(name="balance")
    async def balance(self, interaction: discord.Interaction) -> None:
        """Moderators: even out the sides."""
        await self._control(interaction, "balance")

    @debate.command(name="start")
    @app_commands.describe(prep="Minutes of preparation before the first speech (default none)")
    async def start(
        self, interaction: discord.Interaction, prep: app_commands.Range[int, 1, 30] | None = None
    ) -> None:
        """Moderators: close the vote before and start the first speech (or preparation)."""
        outcome = control(
            self.service, actor_for(interaction), self._here(interaction), "start", prep=prep
        )
        await self._finish(interaction, outcome)

    @debate.command(name="next")
    async def next_(self, interaction: discord.Interaction) -> None:
        """Moderators: end this speech and start the next."""
        await self._control(interaction, "next")

    @debate.command(name="skip")
    async def skip(self, interaction: discord.Interaction) -> None:
        """Moderators: skip the current speaker."""
        await self._control(interaction, "skip")

    @debate.command(name="pause")
    async def pause(self, interaction: discord.Interaction) -> None:
        """Moderators: stop the speaker's clock."""
        await self._control(interaction, "pause")

    @debate.command(name="resume")
    async def resume(self, interaction: discord.Interaction) -> None:
        """Moderators: restart the speaker's clock."""
        await self._control(interaction, "resume")

    @debate.command(name="extend")
    @app_commands.describe(seconds="Extra time for the current speaker (default 60)")
    async def extend(
        self, interaction: discord.Interaction, seconds: app_commands.Range[int, 10, 600] = 60
    ) -> None:
        """Moderators: give the speaker extra time."""
        await self._control(interaction, "extend", seconds)

    @debate.command(name="end")
    async def end(self, interaction: discord.Interaction) -> None:
        """Moderators: end the debate; the summary and transcript follow."""
        await self._control(interaction, "end")

    @debate.command(name="argue")
    @app_commands.describe(
        evidence="A passage to cite (type to search)",
        evidence2="Another passage",
        evidence3="A third passage",
    )
    async def argue_(
        self,
        interaction: discord.Interaction,
        evidence: str | None = None,
        evidence2: str | None = None,
        evidence3: str | None = None,
    ) -> None:
        """Speakers: submit your argument (claim, reasoning, evidence)."""
        chosen = tuple(e for e in (evidence, evidence2, evidence3) if e)
        outcome = argue(self.service, actor_for(interaction), self._here(interaction), None, chosen)
        await self._finish(interaction, outcome)

    @debate.command(name="counter")
    @app_commands.describe(
        argument="The argument's number (on its card)",
        passage="The passage that answers it",
        note="Why it answers the argument",
    )
    async def counter_(
        self,
        interaction: discord.Interaction,
        argument: int,
        passage: str,
        note: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        """Answer the other side's argument with a passage."""
        values = {"passage": passage, "note": note or ""}
        outcome = counter(
            self.service, actor_for(interaction), self._here(interaction), argument, values
        )
        await self._finish(interaction, outcome)

    @debate.command(name="suggest")
    @app_commands.describe(
        passage="The passage for your side's speaker (type to search)",
        note="Why it helps (optional)",
    )
    async def suggest_(
        self,
        interaction: discord.Interaction,
        passage: str,
        note: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        """Suggest evidence to your side's speaker (every member of a side can)."""
        outcome = suggest(
            self.service, actor_for(interaction), self._here(interaction), passage, note or ""
        )
        await self._finish(interaction, outcome)

    @argue_.autocomplete("evidence")
    @argue_.autocomplete("evidence2")
    @argue_.autocomplete("evidence3")
    @counter_.autocomplete("passage")
    @suggest_.autocomplete("passage")
    async def _passage_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = self.service.repo.open_in(interaction.channel_id or 0)
        debate = self.service.get(found) if found is not None else None
        side = self._side_of(interaction)
        choices = self.service.evidence_choices(side, current, debate, interaction.guild_id)
        return [
            app_commands.Choice(name=label[: limits.CHOICE_NAME], value=value)
            for label, value in choices[: limits.CHOICES]
        ]

    def _side_of(self, interaction: discord.Interaction) -> str | None:
        found = self.service.repo.open_in(interaction.channel_id or 0)
        if found is None:
            return None
        member = self.service.get(found).participant(interaction.user.id)
        return member.side if member else None

    @debate.command(name="poi")
    @app_commands.choices(action=POI_CHOICES)
    async def poi_(
        self, interaction: discord.Interaction, action: app_commands.Choice[str]
    ) -> None:
        """Offer a point of information, or (speaker) accept or decline one."""
        outcome = poi(self.service, actor_for(interaction), self._here(interaction), action.value)
        await self._finish(interaction, outcome)

    @debate.command(name="vote")
    @app_commands.describe(side="The side you vote for")
    async def vote_(
        self, interaction: discord.Interaction, side: app_commands.Range[str, 1, 40]
    ) -> None:
        """Vote before or after the debate (you can change it until the vote closes)."""
        outcome = vote(self.service, actor_for(interaction), self._here(interaction), side)
        await self._finish(interaction, outcome)

    @debate.command(name="evidence")
    @app_commands.describe(side="Whose evidence (default: your side)", theme="e.g. prisoners")
    async def evidence_(
        self,
        interaction: discord.Interaction,
        side: app_commands.Range[str, 1, 40] | None = None,
        theme: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """The strongest passages for a side, with why each reads that way."""
        found = self.service.repo.open_in(interaction.channel_id or 0)
        debate = self.service.get(found) if found is not None else None
        actor, guild = actor_for(interaction), interaction.guild_id or 0
        outcome = evidence(self.service, actor, debate, side, theme or "", guild)
        await self._finish(interaction, outcome)

    @join_.autocomplete("side")
    @assign_.autocomplete("side")
    @vote_.autocomplete("side")
    @evidence_.autocomplete("side")
    async def _side_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The two sides of the debate here, by the names its motion gives them."""
        return [
            app_commands.Choice(name=name, value=key)
            for name, key in side_choices(self.service, interaction.channel_id or 0, current)
        ]

    @debate.command(name="status")
    async def status_(self, interaction: discord.Interaction) -> None:
        """The debate here: roster or timer, and the votes."""
        here = self._here(interaction)
        await self._finish(interaction, status(self.service, here, timestamps=True))

    @debate.command(name="help")
    async def help_(self, interaction: discord.Interaction) -> None:
        """Every debate command, for students and moderators (no debate needs to be open)."""
        await respond(interaction, help_reply())

    @debate.command(name="transcript")
    async def transcript_(self, interaction: discord.Interaction) -> None:
        """The Markdown transcript of this channel's latest debate."""
        debate = self.service.latest_in(interaction.channel_id or 0)
        await self._finish(interaction, transcript(self.service, debate))

    @debate.command(name="export")
    @app_commands.describe(
        format="csv (default) or xlsx (Excel)",
        debate="Only this debate number (default: every debate on this server)",
    )
    @app_commands.choices(
        format=[app_commands.Choice(name=n.upper(), value=n) for n in ("csv", "xlsx")]
    )
    async def export_(
        self,
        interaction: discord.Interaction,
        format: app_commands.Choice[str] | None = None,
        debate: app_commands.Range[int, 1] | None = None,
    ) -> None:
        """Moderators: the students' records as a gradebook file, privately."""
        fmt = format.value if format else "csv"
        outcome = export(
            self.service, actor_for(interaction), interaction.guild_id or 0, fmt, debate
        )
        await self._finish(interaction, outcome)

    # grading: ballots, their release, a student's feedback and (top level) the rubric

    @debate.command(name="ballot")
    @app_commands.describe(
        student="The student (type to search the debate's students; empty: all, with buttons)",
        debate="The debate number (default: this channel's latest debate)",
    )
    async def ballot_(
        self,
        interaction: discord.Interaction,
        student: app_commands.Range[str, 1, 100] | None = None,
        debate: app_commands.Range[int, 1] | None = None,
    ) -> None:
        """Moderators: score a student on the rubric and write feedback (after the speeches)."""
        here = self._graded(interaction, debate)
        outcome = grading.ballot(self.service, actor_for(interaction), here, student)
        await respond(interaction, outcome.reply)

    @ballot_.autocomplete("student")
    async def _student_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            here = self._graded(interaction, getattr(interaction.namespace, "debate", None))
        except ThawbotError:  # no debate here yet: nobody to offer
            return []
        return [
            app_commands.Choice(name=label[: limits.CHOICE_NAME], value=value)
            for label, value in grading.student_choices(here, current)
        ]

    @debate.command(name="release")
    @app_commands.describe(debate="The debate number (default: this channel's latest debate)")
    async def release_(
        self, interaction: discord.Interaction, debate: app_commands.Range[int, 1] | None = None
    ) -> None:
        """Moderators: let the debate's students read their ballots (/debate feedback)."""
        here = self._graded(interaction, debate)
        outcome = grading.release(self.service, actor_for(interaction), here)
        await respond(interaction, outcome.reply)

    @debate.command(name="feedback")
    @app_commands.describe(debate="The debate number (default: your latest ballot)")
    async def feedback_(
        self, interaction: discord.Interaction, debate: app_commands.Range[int, 1] | None = None
    ) -> None:
        """Your own ballot (scores and feedback), privately, once the moderator releases it."""
        actor = actor_for(interaction)
        outcome = grading.feedback(self.service, actor, interaction.guild_id or 0, debate)
        await respond(interaction, outcome.reply)

    @app_commands.command(name="rubric")  # /debate has Discord's 25 subcommands already
    @app_commands.guild_only()
    @app_commands.describe(criterion="Moderators: a criterion to reword (or reset the rubric)")
    @app_commands.choices(criterion=CRITERION_CHOICES)
    async def rubric_(
        self,
        interaction: discord.Interaction,
        criterion: app_commands.Choice[str] | None = None,
    ) -> None:
        """The rubric debate ballots score (moderators reword it for this server)."""
        key = criterion.value if criterion else None
        actor = actor_for(interaction)
        outcome = grading.rubric(self.service, actor, interaction.guild_id or 0, key)
        await respond(interaction, outcome.reply)

    def _graded(self, interaction: discord.Interaction, number: int | None) -> Debate:
        guild, channel = interaction.guild_id or 0, interaction.channel_id or 0
        return grading.which_debate(self.service, guild, channel, number)
