"""``GET requests`` is public in the spec: without a key it shows no phone, no flat or room,
numbers masked as staff see them, a place to ~100 m; a valid key shows the request whole."""

from datetime import UTC, datetime, timedelta

import httpx

from domain.open311.keys import add_key
from tests.helpers.open311 import COMMUNITY, serving, spec_example
from tests.integration.factories import add_resident, add_ticket

NOW = datetime.now(UTC)
SAID = "暖气不热，电话13800138000，身份证110101199003074513"


async def _post(url, key):
    async with httpx.AsyncClient() as http:
        posted = await http.post(f"{url}/requests.json", data=spec_example(
            key, service_code="heating_cold", description=SAID, phone="13800138000",
            address_string="3号楼2单元501", lat="39.88912345", long="116.46254321"))
        return posted.json()[0]["service_request_id"]


async def _get(url, code, **params):
    async with httpx.AsyncClient() as http:
        listed = await http.get(f"{url}/requests.json", params={"service_request_id": code,
                                                                  **params})
        one = await http.get(f"{url}/requests/{code}.json", params=params)
        xml = await http.get(f"{url}/requests/{code}.xml", params=params)
    assert listed.status_code == one.status_code == xml.status_code == 200
    assert listed.json() == one.json()
    return one.json()[0], one.text + xml.text


async def test_without_a_key_a_request_is_masked(uow_factory):
    key = await add_key(uow_factory, "c", now=NOW)
    async with serving(uow_factory) as url:
        code = await _post(url, key)
        public, raw = await _get(url, code)
    assert "13800138000" not in raw and "110101199003074513" not in raw
    assert "501" not in raw and "2单元" not in raw
    assert public["description"] == "暖气不热，电话138****8000，身份证110*************13"
    assert public["address"] == "3号楼"  # read as a flat: the building only, as for Telegram
    assert (public["lat"], public["long"]) == (39.889, 116.463)


async def test_with_a_valid_key_the_request_is_whole(uow_factory):
    key = await add_key(uow_factory, "c", now=NOW)
    async with serving(uow_factory) as url:
        code = await _post(url, key)
        full, _ = await _get(url, code, api_key=key)
    assert full["description"] == SAID and full["address"] == "3号楼2单元501"
    assert (full["lat"], full["long"]) == (39.88912345, 116.46254321)
    assert "phone" not in full  # GeoReport has no contact field: never shown


async def test_a_telegram_tickets_flat_stays_private(uow_factory):
    async with uow_factory() as uow:
        person = await add_resident(uow)
        ticket = await add_ticket(uow, person.id, building="3", unit="2", room="501",
                                  problem_type="heating_cold", contact_phone="13800138000",
                                  created_at=NOW - timedelta(hours=1), status="resolved",
                                  resolution_note="已修好，有事打13800138000")
        await uow.commit()
        code = ticket.code
    async with serving(uow_factory) as url:
        public, raw = await _get(url, code)
    assert public["address"] == "3号楼" and "501" not in raw and "13800138000" not in raw
    assert public["service_code"] == "heating_cold" and public["status"] == "closed"
    assert public["status_notes"] == "已修好，有事打138****8000"


async def test_agency_responsible_is_the_unit_holding_it_else_the_community(uow_factory):
    from storage.models.units import Unit
    async with uow_factory() as uow:
        person = await add_resident(uow)
        two = Unit(code="js-2", name="二社区", kind="community")
        uow.session.add(two)
        await uow.session.flush()
        default = await uow.units.by_code("community")  # today's one community (migration)
        held = await add_ticket(uow, person.id, unit_id=two.id, created_at=NOW)
        home = await add_ticket(uow, person.id, unit_id=default.id, created_at=NOW)
        kept = await add_ticket(uow, person.id, created_at=NOW)
        await uow.commit()
        codes = held.code, home.code, kept.code
    async with serving(uow_factory) as url:
        agencies = [(await _get(url, code))[0]["agency_responsible"] for code in codes]
    assert agencies == ["二社区", COMMUNITY, COMMUNITY]


async def test_a_request_for_a_flat_goes_to_its_buildings_community(uow_factory):
    from storage.models.units import Unit
    key = await add_key(uow_factory, "c", now=NOW)
    async with uow_factory() as uow:
        two = Unit(code="js-2", name="二社区", kind="community", chat_id=-1001000000012)
        uow.session.add(two)
        await uow.session.flush()
        await uow.units.set_route("building", "3", two.id)
        await uow.commit()
    async with serving(uow_factory) as url:
        code = await _post(url, key)  # 3号楼2单元501
        public, _ = await _get(url, code)
    async with uow_factory() as uow:
        ticket = await uow.tickets.get_by_code(code)
        assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
        assert ticket.unit_id == two.id and ticket.channel == "open311"
    assert public["agency_responsible"] == "二社区"
