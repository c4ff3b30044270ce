"""``frontdoor nlu train --from-tickets`` on real tickets in SQLite and PostgreSQL: which
tickets it learns from, old vs new on held-out tickets and the resident set, the serving
model in the database and every process loading it."""

import random
from datetime import timedelta

import pytest

from bot.app import build_application
from bot.learning import JOB_NAME, learn, weekly
from bot.reload import Reloader
from bot.services import build_nlu, build_services
from domain import learning, runtime
from nlu.problem_types import load_problem_types
from tests.helpers.botharness import make_settings
from tests.integration.factories import T0, add_resident, add_ticket

LOCKERS = "城乡建设/城市建设和市政管理/小区管理"  # parcel lockers, as this community files them
HEATING = "城乡建设/城市建设和市政管理/冬季采暖"
_LOCKER_WORDS = ["{}号楼快递柜屏幕黑了", "快递柜取不出件已经{}天", "小区快递柜坏了{}天没人修",
                 "{}号楼的丰巢柜门打不开", "{}号楼下的快递柜扫码没反应",
                 "快递柜一直报错，{}单元的人都取不了"]


@pytest.fixture
def settings(migrated_db_url, tmp_path):
    return make_settings(migrated_db_url, nlu_cache_dir=str(tmp_path / "nlu-cache"))


def _locker_words(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return [rnd.choice(_LOCKER_WORDS).format(rnd.randint(1, 20))
            for _ in range(n)]


async def _tickets(uow_factory, texts, label, *, problem_type="public_facilities", by="staff",
                   status="closed", start=0):
    """Resolved tickets, one an hour, in the order given; returns their ids."""
    ids = []
    async with uow_factory() as uow:
        resident = await add_resident(uow)
        for i, text in enumerate(texts):
            at = T0 + timedelta(hours=start + i)
            ticket = await add_ticket(uow, resident.id, description=text, category=label,
                                      category_level1=label.split("/")[0], status=status,
                                      problem_type=problem_type, problem_type_by=by,
                                      resolved_at=at if status in ("resolved", "closed") else None)
            ids.append(ticket.id)
        await uow.commit()
    return ids


async def test_confirmed_tickets_are_resolved_with_a_type_staff_set_or_kept(uow_factory):
    kept = await _tickets(uow_factory, ["电梯坏了"], LOCKERS, by="resident", status="resolved")
    set_ = await _tickets(uow_factory, ["电梯不走了"], LOCKERS, by="staff", start=1)
    await _tickets(uow_factory, ["电梯停了"], LOCKERS, status="claimed")  # not resolved
    await _tickets(uow_factory, ["电梯又停了"], LOCKERS, by=None, problem_type=None, start=2)
    await _tickets(uow_factory, ["   "], LOCKERS, start=3)  # nothing to learn from
    found = await learning.confirmed_tickets(uow_factory)
    assert [t.id for t in found] == kept + set_
    assert found[0].label == LOCKERS and found[0].problem_type == "public_facilities"


async def test_a_better_model_is_served_by_every_process(uow_factory, settings):
    ids = await _tickets(uow_factory, _locker_words(60), LOCKERS)
    before = await runtime.version(uow_factory, runtime.NLU)
    outcome = await learn(uow_factory, settings, now=T0 + timedelta(days=10))
    assert outcome.status == "accepted", outcome.report()
    assert (outcome.trained_on, outcome.held_out) == (48, 12)
    assert outcome.new.held_out_category > outcome.old.held_out_category
    assert outcome.new.held_out_type == 1.0 > outcome.old.held_out_type  # types learnt too
    assert "old     new" in outcome.report() and "residents.yml" in outcome.report()
    assert await runtime.version(uow_factory, runtime.NLU) == before + 1

    serving = await learning.serving(uow_factory)
    assert serving.id == outcome.model_id and serving.ticket_ids == tuple(ids[:48])
    assert serving.rows[0][1] == LOCKERS and len(serving.rows) == 48
    assert serving.typed[0] == (serving.rows[0][0], "public_facilities")
    assert len(serving.typed) == 48
    services = build_services(settings)  # a process that starts now
    try:
        assert services.nlu.classify_category("8号楼快递柜屏幕黑了").category != LOCKERS
        reloader = Reloader(services, lambda serving: build_nlu(settings, serving))
        await reloader.prime()
        assert reloader.model_id == outcome.model_id
        assert services.nlu.classify_category("8号楼快递柜屏幕黑了").category == LOCKERS
        assert services.nlu.type_model is not None
        again = build_nlu(settings, serving)  # another process: the same model
        assert again.bundle.stats["key"] == services.nlu.bundle.stats["key"]
    finally:
        await services.close()


async def test_a_worse_model_is_refused_and_the_old_one_kept(uow_factory, settings):
    await _tickets(uow_factory, _locker_words(60), LOCKERS)
    first = await learn(uow_factory, settings, now=T0 + timedelta(days=10))
    assert first.status == "accepted"
    # Every kind of complaint filed under the next type and a sports leaf: better on its own
    # held-out slice, worse on the resident set.
    types = load_problem_types().types
    for n, kind in enumerate(types):
        wrong = [f"{e}，第{i}回了" for i in range(2) for e in kind.examples]
        await _tickets(uow_factory, wrong, "教育文体/体育/体育事业",
                       problem_type=types[(n + 1) % len(types)].id, start=100 + 100 * n)
    version = await runtime.version(uow_factory, runtime.NLU)
    second = await learn(uow_factory, settings, now=T0 + timedelta(days=200))
    assert second.status == "refused", second.report()
    assert "residents.yml" in second.reasons[0]
    assert second.new.residents_type < second.old.residents_type - 0.005
    assert (await learning.serving(uow_factory)).id == first.model_id
    assert await runtime.version(uow_factory, runtime.NLU) == version


async def test_too_few_tickets_learn_nothing(uow_factory, settings):
    await _tickets(uow_factory, _locker_words(5), LOCKERS)
    outcome = await learn(uow_factory, settings, now=T0)
    assert outcome.status == "too_few" and await learning.serving(uow_factory) is None


async def test_an_erased_description_leaves_the_serving_model(uow_factory, settings):
    ids = await _tickets(uow_factory, _locker_words(60), LOCKERS)
    await learn(uow_factory, settings, now=T0 + timedelta(days=10))
    async with uow_factory() as uow:
        (await uow.tickets.get(ids[0])).description = ""
        await uow.commit()
    serving = await learning.serving(uow_factory)
    assert len(serving.rows) == 47 and ids[0] in serving.ticket_ids


async def test_the_weekly_training_runs_in_one_process_only(uow_factory, settings):
    await _tickets(uow_factory, _locker_words(60), LOCKERS)
    now = T0 + timedelta(days=10)
    first = await weekly(uow_factory, settings, now=now, holder="process-a")
    second = await weekly(uow_factory, settings, now=now, holder="process-b")
    assert first.status == "accepted" and second is None
    later = await weekly(uow_factory, settings, now=now + timedelta(days=7), holder="process-b")
    assert later is not None  # next week, whoever comes first


async def test_the_weekly_job_is_registered_only_when_turned_on(migrated_db_url, tmp_path):
    off = make_settings(migrated_db_url, nlu_cache_dir=str(tmp_path))
    on = make_settings(migrated_db_url, nlu_cache_dir=str(tmp_path), nlu_learn_weekly=True,
                       nlu_learn_weekday=7, nlu_learn_at="04:30")
    for settings, expected in ((off, 0), (on, 1)):
        services = build_services(settings)
        app = build_application(services, token="123456:TEST-token")
        jobs = app.job_queue.get_jobs_by_name(JOB_NAME)
        assert len(jobs) == expected
        if expected:
            trigger = str(jobs[0].trigger)
            assert "day_of_week='sun'" in trigger and "hour='4'" in trigger, trigger
        await services.close()


async def test_a_running_process_swaps_in_the_model_accepted_elsewhere(uow_factory, settings):
    services = build_services(settings)
    try:
        reloader = Reloader(services, lambda serving: build_nlu(settings, serving))
        await reloader.prime()  # nothing in the database yet: the shipped model
        assert reloader.model_id is None and not await reloader.check()
        await _tickets(uow_factory, _locker_words(60), LOCKERS)
        outcome = await learn(uow_factory, settings, now=T0 + timedelta(days=10))
        assert await reloader.check() and reloader.model_id == outcome.model_id
        assert services.nlu.classify_category("8号楼快递柜屏幕黑了").category == LOCKERS
    finally:
        await services.close()
