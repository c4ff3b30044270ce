# The bot's image. Rasa runs in its own image (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY domain ./domain
COPY handlers ./handlers
COPY nlu ./nlu
COPY storage ./storage
RUN pip install --no-cache-dir . && mkdir -p /app/var && useradd --system frontdoor \
    && chown frontdoor /app/var
USER frontdoor
EXPOSE 8443
CMD ["frontdoor", "run"]
