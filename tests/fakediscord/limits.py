"""Every Discord limit the fake enforces, in one place.

Values follow Discord's API documentation (v10).  The validator in
:mod:`tests.fakediscord.validate` reads only from this module, so when Discord
changes a limit there is exactly one line to edit.
"""

from __future__ import annotations

from typing import Final

# --- messages ---------------------------------------------------------------
CONTENT_MAX: Final = 2000
EMBEDS_PER_MESSAGE_MAX: Final = 10
EMBED_TOTAL_CHARS_MAX: Final = 6000  # title+description+field names/values+footer+author
EMBED_TITLE_MAX: Final = 256
EMBED_DESCRIPTION_MAX: Final = 4096
EMBED_FIELDS_MAX: Final = 25
EMBED_FIELD_NAME_MAX: Final = 256
EMBED_FIELD_VALUE_MAX: Final = 1024
EMBED_FOOTER_TEXT_MAX: Final = 2048
EMBED_AUTHOR_NAME_MAX: Final = 256
ATTACHMENTS_PER_MESSAGE_MAX: Final = 10
ATTACHMENT_SIZE_LIMIT: Final = 10 * 1024 * 1024  # bytes, non-boosted guild

# Message flags a request may set (Create Message; interaction responses and follow-ups
# may also set EPHEMERAL).  Edits ignore unsupported flags, so they are not checked.
SUPPRESS_EMBEDS_FLAG: Final = 1 << 2
SUPPRESS_NOTIFICATIONS_FLAG: Final = 1 << 12
IS_VOICE_MESSAGE_FLAG: Final = 1 << 13
MESSAGE_CREATE_FLAGS: Final = (
    SUPPRESS_EMBEDS_FLAG | SUPPRESS_NOTIFICATIONS_FLAG | IS_VOICE_MESSAGE_FLAG | (1 << 15)
)
INTERACTION_MESSAGE_FLAGS: Final = MESSAGE_CREATE_FLAGS | (1 << 6)

# --- allowed mentions ---------------------------------------------------------
# Parse types a bot may never enable (it would ping @everyone/@here or whole roles).
FORBIDDEN_MENTION_PARSE: Final = frozenset({"everyone", "roles"})
ALLOWED_MENTION_IDS_MAX: Final = 100
ALLOWED_MENTION_PARSE_TYPES: Final = frozenset({"users", "roles", "everyone"})

# --- message components -------------------------------------------------------
ACTION_ROWS_MAX: Final = 5
COMPONENTS_PER_ROW_MAX: Final = 5
CUSTOM_ID_MIN: Final = 1
CUSTOM_ID_MAX: Final = 100
BUTTON_LABEL_MAX: Final = 80
SELECT_OPTIONS_MAX: Final = 25
SELECT_OPTION_LABEL_MAX: Final = 100
SELECT_OPTION_VALUE_MAX: Final = 100
SELECT_OPTION_DESCRIPTION_MAX: Final = 100
SELECT_PLACEHOLDER_MAX: Final = 150
SELECT_MAX_VALUES_MAX: Final = 25
COMPONENTS_V2_TOTAL_MAX: Final = 40  # only when the IS_COMPONENTS_V2 flag is set
# Component types that are selects and therefore fill a whole action row.
SELECT_COMPONENT_TYPES: Final = frozenset({3, 5, 6, 7, 8})
BUTTON_STYLE_LINK: Final = 5
BUTTON_STYLE_PREMIUM: Final = 6
BUTTON_STYLES: Final = frozenset({1, 2, 3, 4, 5, 6})
BUTTON_URL_MAX: Final = 512
SELECT_MIN_VALUES_MAX: Final = 25
LABEL_DESCRIPTION_MAX: Final = 100  # the modal Label component's description

# --- modals ---------------------------------------------------------------------
MODAL_TITLE_MAX: Final = 45
MODAL_COMPONENTS_MAX: Final = 5
TEXT_INPUT_LABEL_MAX: Final = 45
TEXT_INPUT_PLACEHOLDER_MAX: Final = 100
TEXT_INPUT_VALUE_MAX: Final = 4000  # also the most min_length/max_length may be
TEXT_INPUT_STYLES: Final = frozenset({1, 2})  # short, paragraph

# --- autocomplete ---------------------------------------------------------------
AUTOCOMPLETE_CHOICES_MAX: Final = 25
CHOICE_NAME_MAX: Final = 100
CHOICE_VALUE_MAX: Final = 100

# --- polls ------------------------------------------------------------------------
POLL_QUESTION_MAX: Final = 300
POLL_ANSWERS_MAX: Final = 10
POLL_ANSWER_TEXT_MAX: Final = 55
POLL_DURATION_HOURS_MIN: Final = 1
POLL_DURATION_HOURS_MAX: Final = 768

# --- threads ------------------------------------------------------------------------
THREAD_NAME_MAX: Final = 100
THREAD_AUTO_ARCHIVE_DURATIONS: Final = frozenset({60, 1440, 4320, 10080})

# --- application commands -----------------------------------------------------------
# Chat-input command and option names: ``^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$``
# (unicode), lowercase where a letter has a lowercase form.  ``re`` has no \p{...}, so
# validate.chat_input_name_ok spells the classes out; these are the punctuation allowed.
COMMAND_NAME_PUNCTUATION: Final = frozenset("-_'")
DEVANAGARI: Final = (0x0900, 0x097F)
THAI: Final = (0x0E00, 0x0E7F)
COMMAND_NAME_MAX: Final = 32
COMMAND_DESCRIPTION_MIN: Final = 1
COMMAND_DESCRIPTION_MAX: Final = 100
COMMAND_OPTIONS_MAX: Final = 25
COMMAND_CHOICES_MAX: Final = 25
COMMAND_TOTAL_CHARS_MAX: Final = 8000  # names, descriptions and choice values, all levels
OPTION_STRING_LENGTH_MAX: Final = 6000  # min_length 0..6000, max_length 1..6000
CHOICE_OPTION_TYPES: Final = frozenset({3, 4, 10})  # string, integer, number
CHAT_INPUT_COMMANDS_MAX: Final = 100
CONTEXT_MENU_COMMANDS_MAX: Final = 15  # per type: 15 USER and 15 MESSAGE commands

# --- interactions ---------------------------------------------------------------------
INTERACTION_RESPONSE_DEADLINE: Final = 3.0  # seconds for the initial response
INTERACTION_TOKEN_TTL: Final = 15 * 60.0  # seconds follow-ups stay possible
INTERACTION_CALLBACK_TYPES: Final = frozenset({1, 4, 5, 6, 7, 8, 9})
EPHEMERAL_FLAG: Final = 1 << 6
LOADING_FLAG: Final = 1 << 7
COMPONENTS_V2_FLAG: Final = 1 << 15

# --- Discord JSON error codes used by the fake ------------------------------------------
ERR_GENERAL: Final = 0
ERR_UNKNOWN_CHANNEL: Final = 10003
ERR_UNKNOWN_GUILD: Final = 10004
ERR_UNKNOWN_MESSAGE: Final = 10008
ERR_UNKNOWN_MEMBER: Final = 10007
ERR_UNKNOWN_USER: Final = 10013
ERR_UNKNOWN_WEBHOOK: Final = 10015
ERR_UNKNOWN_INTERACTION: Final = 10062
ERR_UNKNOWN_COMMAND: Final = 10063
ERR_INVALID_FORM_BODY: Final = 50035
ERR_EMPTY_MESSAGE: Final = 50006
ERR_ENTITY_TOO_LARGE: Final = 40005
ERR_ALREADY_ACKNOWLEDGED: Final = 40060
ERR_CANNOT_EDIT_OTHER_USER: Final = 50005
ERR_POLL_EXPIRED: Final = 520001
ERR_CANNOT_EDIT_POLL: Final = 520003
ERR_NOT_A_POLL: Final = 520006
