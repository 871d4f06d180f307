"""Schemathesis over the OpenAPI schema, through the ASGI app: generated requests (valid and invalid), no 5xx.

Bounded: a fixed number of derandomized examples per mode over all operations; the store is the small fixture
store. (Schemathesis's own pytest plugin does not run under pytest 9 yet, so the strategy is driven by
hypothesis directly.)
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from medbrief.settings import Settings

from .conftest import SERVER_EXTRA, TEST_HOST

pytest.importorskip("fastapi", reason=SERVER_EXTRA)
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis not installed (the dev extra)")

from schemathesis import GenerationMode  # noqa: E402

from medbrief.server import create_app  # noqa: E402


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors(small_settings: Settings, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(small_settings, hosts=[TEST_HOST]))
    seen: set[tuple[str, int]] = set()

    @given(case=schema.as_strategy(mode))
    @settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def run(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call()
        assert response.status_code < 500, (case.method, case.formatted_path, case.query, case.body,
                                            response.status_code, response.text[:300])
        assert response.headers["content-type"][0].startswith("application/json")
        seen.add((case.path, response.status_code))

    run()
    paths = {p for p, _ in seen}
    if mode == GenerationMode.POSITIVE:
        assert {"/ask", "/search", "/documents/{doc_id}", "/health"} <= paths, seen
    else:  # /health and the document path have nothing to get wrong
        assert {("/ask", 400), ("/search", 400)} <= seen, seen
