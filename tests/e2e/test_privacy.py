"""/privacy through the real discord.py client: the notice, forget with a confirmation."""

from __future__ import annotations

from bot.privacy import read_schema


async def slash(fake, command: str, options: dict | None = None, user: str = "teacher"):
    rec = await fake.slash(command, options or {}, user=user)
    await rec.wait_done()
    return rec


def rows_about(thawbot, user_id: int) -> list[tuple[str, str]]:
    conn = thawbot.services.store.db.conn
    found = []
    for table, columns in read_schema(conn).columns.items():
        for column in columns:
            sql = f"select count(*) from {table} where {column.name} = ?"
            if conn.execute(sql, [user_id]).fetchone()[0]:
                found.append((table, column.name))
    return found


def test_privacy_group_is_synced(thawbot, fake_discord):
    [group] = [c for c in fake_discord.commands(fake_discord.guild_id) if c["name"] == "privacy"]
    assert {o["name"] for o in group["options"]} == {"notice", "forget", "retention"}


async def test_anyone_reads_the_notice_privately(thawbot, fake_discord):
    rec = await slash(fake_discord, "privacy notice", user="alice")
    text = rec.text()
    assert rec.ephemeral and "What Thawbot stores about students" in text
    assert "debate_participants" in text and "debate_votes" in text
    assert "Nothing is sent anywhere but Discord" in text


async def test_a_moderator_forgets_a_student_after_confirming(thawbot, fake_discord):
    await slash(fake_discord, "debate open")
    joined = await slash(fake_discord, "debate join", {"side": "sincere"}, user="alice")
    assert joined.ephemeral is not None
    alice = fake_discord.store.member("alice").id
    assert ("debate_participants", "member_id") in rows_about(thawbot, alice)
    refused = await slash(fake_discord, "privacy forget", {"user": "alice"}, user="bob")
    assert "Only a moderator" in refused.text() and refused.ephemeral
    ask = await slash(fake_discord, "privacy forget", {"user": "alice"})
    assert ask.ephemeral and "Delete this student's records?" in ask.text()
    assert rows_about(thawbot, alice)  # nothing happens before the confirmation
    button = f"privacy:forget:{fake_discord.guild_id}:{alice}"
    done = await fake_discord.click(ask, button, user="teacher")
    await done.wait_done()
    assert "Records deleted" in done.text() and "debate_participants: 1 deleted" in done.text()
    assert rows_about(thawbot, alice) == []


async def test_retention_is_set_by_moderators_only(thawbot, fake_discord):
    refused = await slash(fake_discord, "privacy retention", {"days": 30}, user="alice")
    assert "Only a moderator" in refused.text()
    shown = await slash(fake_discord, "privacy retention", user="alice")
    assert "retention off" in shown.text()
    rec = await slash(fake_discord, "privacy retention", {"days": 30})
    assert "deleted 30 days after they end" in rec.text()
