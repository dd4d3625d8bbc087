"""A real WebSocket client (Debian's python3-websocket) through the vault, for VaultWebSocketIT.

usage: client.py URL STUB MODE   (MODE: echo | hostile)
The proxy and the CA bundle come from HTTPS_PROXY and SSL_CERT_FILE. Prints one JSON object per
line: the handshake's status and headers, then every frame received (opcode, payload as latin-1).
"""
import json
import os
import sys

import websocket

url, stub, mode = sys.argv[1], sys.argv[2], sys.argv[3]
proxy_host, proxy_port = os.environ["HTTPS_PROXY"].rsplit("/", 1)[1].rsplit(":", 1)
ws = websocket.create_connection(
    url,
    header=["Authorization: Bearer " + stub],
    http_proxy_host=proxy_host,
    http_proxy_port=int(proxy_port),
    proxy_type="http",
    sslopt={"ca_certs": os.environ["SSL_CERT_FILE"]},
    timeout=20,
)
print(json.dumps({"status": ws.getstatus(), "headers": ws.getheaders()}), flush=True)


def show(op, data):
    print(json.dumps({"op": op, "data": data.decode("latin-1") if isinstance(data, bytes) else data}), flush=True)


if mode == "echo":
    ws.send("hello " + stub)
    ws.send_binary(b"\x00\x01bin " + stub.encode())
    for _ in range(2):
        op, data = ws.recv_data()
        show(op, data)
    ws.close()
    print(json.dumps({"closed": True}), flush=True)
else:
    while True:
        try:
            op, frame = ws.recv_data_frame(control_frame=True)
        except Exception as e:  # the server went away
            print(json.dumps({"end": type(e).__name__}), flush=True)
            break
        show(op, frame.data)
        if op == websocket.ABNF.OPCODE_CLOSE:  # the library has answered it
            break
