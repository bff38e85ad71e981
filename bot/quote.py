"""/quote: search results a student pages through, with context and sourcing."""

from __future__ import annotations

import hashlib

from bot import cards, marks, storage
from bot.actions import Context, action, command
from bot.auth import require_may_post
from bot.cooldown import Cooldown
from bot.errors import BadInput, NotAllowed, NotFound
from bot.models import Passage, SearchResult
from bot.presentation import Reply, fit
from bot.services import Services

RESULTS = 10
MAX_QUERY = 300
SUGGESTIONS = 25
POST_COOLDOWN = Cooldown(rate=2, per=30.0)  # sharing to the channel, per user
QUERIES = "quote_queries"
QUOTE_SCHEMA = storage.declare(
    storage.Schema(
        "quote",
        (
            storage.Migration(
                1,
                "searches behind paging buttons, by token",
                (f"create table if not exists {QUERIES} (token text primary key, query text)",),
            ),
        ),
    )
)


def quote(
    services: Services, query: str, server: int | None = None, moderator: bool = False
) -> Reply:
    """The best match for ``query`` with buttons to page, see context and sourcing.

    ``server``: the guild whose readings are searched (None: the shared view);
    ``moderator``: the asker may mark how the passage reads (a second row of buttons)."""
    text = (query or "").strip()
    if not text:
        raise BadInput("Type a few words to search for, e.g. “secret speech”.")
    if len(text) > MAX_QUERY:
        raise BadInput(f"That is {len(text)} characters; a search can be {MAX_QUERY} at most.")
    result = services.search.search(text, limit=RESULTS, server=server)
    if not result.hits:
        raise NotFound(result.hint or f"No passage matches “{fit(text, 80)}”.")
    token = _remember(services, text)
    return _reply(services, result, 0, token, server, moderator)


def _reply(
    services: Services,
    result: SearchResult,
    index: int,
    token: str,
    server: int | None,
    moderator: bool,
) -> Reply:
    """The answer card for one hit, with the teacher's mark and (moderators) mark buttons."""
    passage = result.hits[index].passage
    found = marks.marks_for(services.store, server).get(passage.id)
    marked = f"{found.stance} — {marks.MARKED}" if found else None
    current = found.stance if found else None
    marking = marks.buttons(passage.id, current) if moderator and server else None
    return cards.quote_reply(result.hits, index, token, note(result, index), marked, marking)


def note(result: SearchResult, index: int) -> str | None:
    """What the student should know about this match: corrections, what the readings
    do not mention, the words it matched and (for the first) the confidence.

    Typed words appear here only as normalised words (letters and digits), so the
    note cannot carry markup or mentions.
    """
    parts = [result.hint] if result.hint else []
    hit = result.hits[index]
    matched = f"Matched: {', '.join(hit.matched_terms)}" if hit.matched_terms else ""
    if index == 0 and result.confidence:
        matched = f"{matched} · " if matched else ""
        matched += f"confidence {round(result.confidence * 100)}%"
    if matched:
        parts.append(matched + ".")
    return " ".join(parts) or None


def suggestions(services: Services, typed: str, server: int | None = None) -> list[tuple[str, str]]:
    """Autocomplete choices (label, passage id) for what a student has typed so far."""
    text = (typed or "").strip()[:MAX_QUERY]
    if not text:
        passages = services.store.visible_passages(server)[:SUGGESTIONS]
        return [(_label(p.id, p.text), p.id) for p in passages]
    hits = services.search.search(text, limit=SUGGESTIONS, prefix=True, server=server).hits
    return [(_label(h.passage.id, h.passage.text), h.passage.id) for h in hits]


def _label(passage_id: str, text: str) -> str:
    return fit(f"{passage_id} · {text}", 100)


def _remember(services: Services, query: str) -> str:
    """Store the query under a short token so paging buttons survive a restart."""
    token = hashlib.sha1(query.encode()).hexdigest()[:12]
    db = services.store.sql
    db.migrate(QUOTE_SCHEMA)
    if db.one(f"select 1 from {QUERIES} where token = ?", [token]) is None:  # reads are free
        db.execute(
            f"insert into {QUERIES} (token, query) values (?, ?) on conflict (token) do nothing",
            [token, query],
        )
    return token


def _recall(services: Services, token: str) -> str:
    db = services.store.sql
    db.migrate(QUOTE_SCHEMA)
    row = db.one(f"select query from {QUERIES} where token = ?", [token])
    if row is None:
        raise NotFound("This search has expired. Run /quote again.")
    return str(row["query"])


@action("quote:nav")
def _nav(ctx: Context, parts: list[str]) -> Reply:
    token, index = parts[0], int(parts[1])
    query = _recall(ctx.services, token)
    result = ctx.services.search.search(query, limit=RESULTS, server=ctx.guild_id or None)
    if not 0 <= index < len(result.hits):
        raise BadInput("There is no match in that direction.")
    server, moderator = ctx.guild_id or None, ctx.actor.is_moderator
    reply = _reply(ctx.services, result, index, token, server, moderator)
    reply.edit = True
    return reply


def visible_passage(ctx: Context, passage_id: str) -> Passage:
    """The passage a button names, if this server sees its reading; else a clear refusal
    (a button copied from another server's message, or a reading removed since)."""
    store = ctx.services.store
    passage = store.passage(passage_id)
    if passage.source in store.hidden_sources(ctx.guild_id or None):
        raise NotAllowed(
            f"{passage.id} is from a reading another server added: it is not available here."
        )
    return passage


@action("quote:context")
def _context(ctx: Context, parts: list[str]) -> Reply:
    visible_passage(ctx, parts[0])
    return cards.context_reply(ctx.services.store.neighbours(parts[0], 2, 2), parts[0])


@action("quote:source")
def _source(ctx: Context, parts: list[str]) -> Reply:
    store = ctx.services.store
    source = store.source(visible_passage(ctx, parts[0]).source)
    count = dict((s.id, n) for s, n in store.sources())[source.id]
    return cards.source_reply(source, count, store.works_cited(source.id))


@action("quote:post")
def _post(ctx: Context, parts: list[str]) -> Reply:
    passage = visible_passage(ctx, parts[0])
    require_may_post(ctx.actor)
    POST_COOLDOWN.hit(ctx.actor.id, "shared a passage")
    card = cards.passage_card(passage)
    card.footer = fit(f"{card.footer} · shared by {ctx.actor.name}", 2048)
    return Reply(cards=[card], ephemeral=False, public=True)


@command("/quote", "/quote secret speech")
def _quote_command(ctx: Context, text: str) -> Reply:
    return quote(ctx.services, text, ctx.guild_id or None, ctx.actor.is_moderator)
