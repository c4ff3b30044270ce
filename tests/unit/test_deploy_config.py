"""The balancer's config and the compose file describe the same processes."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_every_balancer_server_is_a_bot_service_of_the_compose_file():
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    servers = re.findall(r'^\s*server (bot\d) "\$\{(FRONTDOOR_BOT\d)\}" check', config, re.M)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    lb_env = compose["lb"]["environment"]
    assert [name for name, _ in servers] == ["bot1", "bot2", "bot3"]
    for name, variable in servers:
        assert lb_env[variable] == f"{name}:8443"
        bot = compose[name]
        assert bot["environment"]["FRONTDOOR_WEBHOOK_PORT"] == "8443"
        assert bot["environment"]["FRONTDOOR_WEBHOOK_LISTEN"] == "0.0.0.0"
        assert bot["environment"]["FRONTDOOR_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert '"${FRONTDOOR_LB_BIND}"' in config and "option httpchk GET /healthz" in config


def test_every_http_server_of_the_balancer_is_a_bots_web_and_open311_port():
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    servers = re.findall(r'^\s*server (http\d) "\$\{(FRONTDOOR_HTTP\d)\}" check', config, re.M)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    lb = compose["lb"]
    assert [name for name, _ in servers] == ["http1", "http2", "http3"]
    for i, (_, variable) in enumerate(servers, start=1):
        assert lb["environment"][variable] == f"bot{i}:8311"
        bot = compose[f"bot{i}"]["environment"]
        assert bot["FRONTDOOR_OPEN311_PORT"] == "8311"
        assert bot["FRONTDOOR_OPEN311_HOST"] == "0.0.0.0"
    assert lb["environment"]["FRONTDOOR_LB_HTTP_BIND"] == ":8080" and "8080:8080" in lb["ports"]
    assert "option httpchk GET /web/healthz" in config
