# Thawbot: a small image; the token is given at run time, the database lives on a volume.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    THAWBOT_DB=/data/thawbot.sqlite3 \
    THAWBOT_SEEDS=/app/seeds

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY seeds ./seeds
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 thawbot \
    && mkdir -p /data \
    && chown thawbot /data

USER 10001
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
