"""The Open311 GeoReport v2 endpoints, called by clients that did not come from this repo.

``georeport`` (PyPI) reads services and requests over HTTP (it cannot post: its README says
so); posts are the spec's own example, sent with httpx. Real SQLite and PostgreSQL.
"""

import asyncio
import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import httpx
import pytest
import yaml
from georeport import GeoReport
from sqlalchemy import select

from domain.open311.keys import add_key, revoke_key
from handlers.open311.app import BASE, OPENAPI, Api, build_app
from storage.models import ApiKey, OutboxMessage, Ticket
from tests.helpers.open311 import COMMUNITY, STAFF_CHAT_ID, serving, spec_example

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def _client(url, fmt="json") -> GeoReport:
    return GeoReport(url, output_format=fmt)


async def test_services_list_every_problem_type_in_json_and_xml(uow_factory):
    async with serving(uow_factory) as url:
        services = await asyncio.to_thread((await _client(url)).get_service_list)
        as_xml = await asyncio.to_thread((await _client(url, "xml")).get_service_list)
    codes = [s["service_code"] for s in services]
    assert "heating_cold" in codes and "road_damage" in codes and len(codes) > 40
    heating = services[codes.index("heating_cold")]
    assert heating == {"service_code": "heating_cold", "service_name": "暖气不热",
                       "description": "Heating not warm", "metadata": True,
                       "type": "realtime", "keywords": heating["keywords"],
                       "group": "城乡建设"}
    assert services[codes.index("road_damage")]["metadata"] is False
    assert [s["service_code"] for s in as_xml] == codes
    assert as_xml[codes.index("heating_cold")]["metadata"] == "true"


async def test_a_definition_is_its_categorys_clarifying_question(uow_factory):
    async with serving(uow_factory) as url:
        client = await _client(url)
        heating = await asyncio.to_thread(client.get_service_definition, "heating_cold")
        road = await asyncio.to_thread(client.get_service_definition, "road_damage")
        xml = await asyncio.to_thread((await _client(url, "xml")).get_service_definition,
                                      "heating_cold")
        async with httpx.AsyncClient() as http:
            missing = await http.get(f"{url}/services/no_such_type.json")
            missing_xml = await http.get(f"{url}/services/no_such_type.xml")
    [attribute] = heating["attributes"]
    assert attribute["code"] == "heating" and attribute["datatype"] == "singlevaluelist"
    assert attribute["description"] == "是整栋楼都不热，还是只有您家？"
    assert [v["key"] for v in attribute["values"]] == ["whole_building", "my_flat"]
    assert road == {"service_code": "road_damage", "attributes": []}
    assert xml["attributes"]["attribute"]["code"] == "heating"
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "service_code not found"}]
    error = ElementTree.fromstring(missing_xml.content).find("error")
    assert missing_xml.status_code == 404 and error.find("code").text == "404"


async def test_the_specs_post_example_opens_a_ticket_with_its_card(uow_factory):
    key = await add_key(uow_factory, "city-12345", now=NOW)
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        posted = await http.post(f"{url}/requests.json", data=spec_example(key))
        as_xml = await http.post(f"{url}/requests.xml", data=spec_example(
            key, service_code="heating_cold", **{"attribute[heating]": "my_flat"}))
    assert posted.status_code == 201, posted.text
    [accepted] = posted.json()
    code, link = accepted["service_request_id"], accepted["link_code"]
    assert len(link) == 8 and f"/link {link}" in accepted["service_notice"]
    root = ElementTree.fromstring(as_xml.content)
    assert as_xml.status_code == 201 and root.tag == "service_requests"
    second = root.find("request").find("service_request_id").text
    async with uow_factory() as uow:
        ticket = await uow.tickets.get_by_code(code)
        heating = await uow.tickets.get_by_code(second)
        cards = [r for r in await uow.session.scalars(select(OutboxMessage))
                 if r.kind == "card"]
        assert (ticket.channel, ticket.problem_type, ticket.link_code) == ("open311", "road_damage",
                                                                          link)
        assert ticket.category.endswith(ticket.category.split("/")[-1]) and ticket.status == "new"
        assert ticket.respond_due_at and ticket.resolve_due_at and ticket.place_text
        assert ticket.description == "A large sinkhole is destroying the street"
        assert heating.clarification == {"heating": "my_flat"}
        assert {(c.chat_id, c.ticket_id) for c in cards} == {(STAFF_CHAT_ID, ticket.id),
                                                             (STAFF_CHAT_ID, heating.id)}


@pytest.mark.parametrize("key", [None, "", "not-a-key", "revoked"])
async def test_posting_without_a_valid_key_is_refused(uow_factory, key):
    revoked = await add_key(uow_factory, "old-client", now=NOW)
    await revoke_key(uow_factory, "old-client", now=NOW)
    form = spec_example(revoked if key == "revoked" else key or "")
    if key is None:
        del form["api_key"]
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        refused = await http.post(f"{url}/requests.json", data=form)
        refused_xml = await http.post(f"{url}/requests.xml", data=form)
    assert refused.status_code == 403
    assert refused.json() == [{"code": 403, "description": "api_key is missing or not valid"}]
    assert refused_xml.status_code == 403 and b"<errors><error><code>403" in refused_xml.content
    async with uow_factory() as uow:
        assert (await uow.session.scalars(select(Ticket))).all() == []


@pytest.mark.parametrize(("change", "says"), [
    ({"service_code": ""}, "service_code is required"),
    ({"service_code": "no_such"}, "is not a service"),
    ({"lat": "", "long": "", "address_string": ""}, "a location is required"),
    ({"lat": "abc"}, "lat is not a number"),
    ({"lat": "91"}, "lat is out of range"),
    ({"long": ""}, "lat and long go together"),
    ({"attribute[heating]": "my_flat"}, "is not one of this service's"),
    ({"service_code": "heating_cold", "attribute[heating]": "maybe"}, "takes one of"),
    ({"description": "x" * 4001}, "longer than 4000"),
])
async def test_bad_posts_are_400_error_lists(uow_factory, change, says):
    key = await add_key(uow_factory, "c", now=NOW)
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        bad = await http.post(f"{url}/requests.json", data=spec_example(key, **change))
    assert bad.status_code == 400
    [error] = bad.json()
    assert error["code"] == 400 and says in error["description"]


async def test_requests_are_read_back_with_the_specs_filters(uow_factory):
    key = await add_key(uow_factory, "c", now=NOW)
    async with serving(uow_factory) as url:
        async with httpx.AsyncClient() as http:
            codes = []
            for service in ("road_damage", "heating_cold", "road_damage"):
                posted = await http.post(f"{url}/requests.json",
                                         data=spec_example(key, service_code=service))
                codes.append(posted.json()[0]["service_request_id"])
        client = await _client(url)
        every = await asyncio.to_thread(client.get_service_requests)
        roads = await asyncio.to_thread(client.get_service_requests, service_code="road_damage")
        two = await asyncio.to_thread(client.get_service_requests,
                                      service_request_id=f"{codes[0]},{codes[1]}",
                                      service_code="heating_cold")
        closed = await asyncio.to_thread(client.get_service_requests, status="closed")
        opened = await asyncio.to_thread(client.get_service_requests, status="open,closed")
        past = await asyncio.to_thread(client.get_service_requests,
                                       start_date="2020-01-01T00:00:00Z",
                                       end_date="2020-02-01T00:00:00Z")
        one = await asyncio.to_thread(client.get_service_request, codes[1])
        one_xml = await asyncio.to_thread((await _client(url, "xml")).get_service_request,
                                          codes[1])
        async with httpx.AsyncClient() as http:
            gone = await http.get(f"{url}/requests/JS-20000101-0001.json")
            bad = [await http.get(f"{url}/requests.json", params=p) for p in (
                {"start_date": "yesterday"}, {"status": "pending"},
                {"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-06-01T00:00:00Z"},
                {"service_code": "nope"})]
            bad_key = await http.get(f"{url}/requests.json", params={"api_key": "wrong"})
    assert [r["service_request_id"] for r in every] == codes[::-1]
    assert [r["service_request_id"] for r in roads] == [codes[2], codes[0]]
    assert {r["service_request_id"] for r in two} == set(codes[:2])  # ids override the rest
    assert closed == [] and len(opened) == 3 and past == []
    assert one["service_request_id"] == codes[1] and one["status"] == "open"
    assert one["service_code"] == "heating_cold" and one["service_name"] == "暖气不热"
    assert one["agency_responsible"] == COMMUNITY and one["status_notes"] is None
    assert one["requested_datetime"].endswith("Z") and one["expected_datetime"]
    assert one_xml["service_request_id"] == codes[1] and one_xml["status"] == "open"
    assert gone.status_code == 404 and gone.json()[0]["code"] == 404
    assert [b.status_code for b in bad] == [400, 400, 400, 400]
    assert bad_key.status_code == 403


async def test_keys_are_stored_as_hashes_only(uow_factory):
    key = await add_key(uow_factory, "hash-check", now=NOW)
    async with uow_factory() as uow:
        rows = (await uow.session.scalars(select(ApiKey))).all()
        assert len(rows) == 1 and len(rows[0].key_hash) == 64
        assert key not in (rows[0].key_hash, rows[0].name)


async def test_a_body_that_is_not_a_form_is_an_error_list_not_a_500(uow_factory):
    async with serving(uow_factory) as url, httpx.AsyncClient() as http:
        as_json = await http.post(f"{url}/requests.json", json={"api_key": "x"})
        no_boundary = await http.post(f"{url}/requests.json", content=b"a=1",
                                      headers={"Content-Type": "multipart/form-data"})
        trace = await http.request("TRACE", f"{url}/services.json")
    assert as_json.status_code == 415 and as_json.json()[0]["code"] == 415
    assert no_boundary.status_code == 400 and no_boundary.json()[0]["code"] == 400
    assert trace.status_code == 405 and "GET" in trace.headers["Allow"]


def test_the_committed_document_names_every_served_route():
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    documented = {(method.upper(), f"{BASE}{path}")
                  for path, item in document["paths"].items() for method in item}
    app = build_app(Api(uow_factory=None, staff_chat_id=None, community="x"))
    served = {(r.method, re.sub(r"\{(\w+):[^}]*\}", r"{\1}", r.resource.canonical))
              for r in app.router.routes() if r.method != "HEAD"}
    assert served - documented == {("GET", f"{BASE}/openapi.yaml")}
    assert documented <= served
