from __future__ import annotations

import threading

from summarizer.fetch.politeness import HostGate, host_of


class FakeTime:
    """A clock that moves only when slept on or told to."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_host_of_keeps_the_port_and_drops_user_info_and_case() -> None:
    assert host_of("https://News.Example/world?x=1") == "news.example"
    assert host_of("http://user:pw@127.0.0.1:8080/feed") == "127.0.0.1:8080"


def test_requests_to_one_host_are_delayed_from_the_end_of_the_last() -> None:
    time = FakeTime()
    gate = HostGate(1.0, clock=time.clock, sleep=time.sleep)
    with gate.turn("a.example"):
        time.now += 0.25  # the request took a quarter of a second
    with gate.turn("a.example"):
        pass
    time.now += 0.4
    with gate.turn("a.example"):
        pass
    assert time.slept == [1.0, 0.6]


def test_other_hosts_do_not_wait() -> None:
    time = FakeTime()
    gate = HostGate(1.0, clock=time.clock, sleep=time.sleep)
    for host in ("a.example", "b.example", "c.example"):
        with gate.turn(host):
            pass
    assert time.slept == []


def test_a_failed_request_still_counts_for_the_delay() -> None:
    time = FakeTime()
    gate = HostGate(2.0, clock=time.clock, sleep=time.sleep)
    try:
        with gate.turn("a.example"):
            raise ConnectionError
    except ConnectionError:
        pass
    with gate.turn("a.example"):
        pass
    assert time.slept == [2.0]


def test_one_request_at_a_time_per_host_across_threads() -> None:
    gate = HostGate(0.0)
    inside = {"a.example": 0, "b.example": 0}
    most = {"a.example": 0, "b.example": 0}
    both_hosts_at_once = threading.Event()
    lock = threading.Lock()

    def visit(host: str) -> None:
        for _ in range(50):
            with gate.turn(host):
                with lock:
                    inside[host] += 1
                    most[host] = max(most[host], inside[host])
                    if all(inside.values()):
                        both_hosts_at_once.set()
                both_hosts_at_once.wait(0.001)
                with lock:
                    inside[host] -= 1

    threads = [threading.Thread(target=visit, args=(host,)) for host in ("a.example", "b.example") * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"a.example": 1, "b.example": 1}
    assert both_hosts_at_once.is_set()
