# mitmproxy addon for the egress-vault benchmark: the same job the vault does for a GitHub token.
#
# - Dials the benchmark's local upstream for the benchmark's host names while the TLS server name,
#   the certificate check and the Host header stay those of the real name (what --connect-to does
#   for the vault).
# - Swaps the stub for the real token in Authorization for api.github.com only.
#
# Configuration comes from the environment the load generator starts mitmdump with.
import os

STUB = os.environ["BENCH_STUB"]
REAL = os.environ["BENCH_REAL"]
PORT = int(os.environ["BENCH_UPSTREAM_PORT"])
SWAP_HOST = "api.github.com"


def mapped(host):
    return host == SWAP_HOST or host.endswith(".bench.test")


class BenchSwap:
    def server_connect(self, data):
        host, _ = data.server.address
        if mapped(host):
            if data.server.sni is None:
                data.server.sni = host
            data.server.address = ("127.0.0.1", PORT)

    def request(self, flow):
        if flow.request.pretty_host != SWAP_HOST:
            return
        auth = flow.request.headers.get("authorization")
        if auth is not None and STUB in auth:
            flow.request.headers["authorization"] = auth.replace(STUB, REAL)


addons = [BenchSwap()]
