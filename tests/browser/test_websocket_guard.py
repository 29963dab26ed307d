"""A client that forges widget values over the websocket gets one sentence, never a
traceback with the server's paths (the page's guard, ui.run, and client.showErrorDetails)."""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from google.protobuf.json_format import MessageToDict
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser


async def _run(socket, widgets=()) -> list[ForwardMsg]:
    """One script run asked for as the browser asks, and every message until it finished."""
    back = BackMsg()
    back.rerun_script.query_string = ""
    back.rerun_script.widget_states.widgets.extend(widgets)
    await socket.send(back.SerializeToString())
    messages = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(socket.recv(), 90))
        messages.append(message)
        if message.WhichOneof("type") == "script_finished":
            return messages


async def _forge(url: str) -> tuple[list[str], list[dict], list[dict]]:
    host = url.split("//", 1)[1]
    async with websockets.connect(
        f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=url, max_size=None
    ) as socket:
        first = await _run(socket)
        ids = sorted(set(re.findall(r'"id": "(\$\$ID-[^"]+)"', json.dumps([MessageToDict(m) for m in first]))))
        # 1. Every widget of the page given text it cannot take, and an id no widget has:
        # the page's own code meets the values.
        texts = [WidgetState(id=widget, string_value="forged") for widget in ids]
        texts.append(WidgetState(id="$$ID-00000000000000000000000000000000-None", int_value=7))
        page = await _run(socket, texts)
        # 2. Then numbers where dates are read: Streamlit itself fails to read them, before
        # any page code runs.
        numbers = await _run(
            socket, [WidgetState(id=widget, double_array_value={"data": [1e308, -1]}) for widget in ids]
        )

    # Streamlit's session message names the main script's path in every session (its own
    # protocol, not an error); everything else is what the page sent.
    def sent(messages):
        return [MessageToDict(m) for m in messages if m.WhichOneof("type") != "new_session"]

    return ids, sent(page), sent(numbers)


def elements(messages: list[dict]) -> list[dict]:
    return [m["delta"]["newElement"] for m in messages if "newElement" in m.get("delta", {})]


def test_forged_widget_values_get_one_sentence_and_no_traceback(server):
    # On a thread of its own: Playwright's sync API holds an event loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        ids, page, numbers = pool.submit(lambda: asyncio.run(_forge(server.url))).result(timeout=300)
    assert len(ids) >= 4, ids  # language, presenter mode, search, date: the forgery reached real widgets
    for messages in (page, numbers):
        text = json.dumps(messages, ensure_ascii=False)
        assert "Traceback" not in text and 'File \\"' not in text
        assert str(PROJECT_ROOT) not in text and "site-packages" not in text
    # What reached the page's code: the page guard's one sentence, no exception element.
    assert not [e for e in elements(page) if "exception" in e]
    alerts = " ".join(e["alert"]["body"] for e in elements(page) if "alert" in e)
    assert "На этой странице произошла ошибка; администратор узнает о ней из журнала сервера." in alerts
    # What Streamlit could not read itself: its generic message (client.showErrorDetails =
    # "none"), never an exception's type, message, stack or a path.
    exceptions = [e["exception"] for e in elements(numbers) if "exception" in e]
    assert exceptions and all(set(e) <= {"message", "widthConfig"} and "redacted" in e["message"] for e in exceptions)
