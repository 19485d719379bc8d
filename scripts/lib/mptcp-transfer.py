#!/usr/bin/python3
"""Move a file over one MPTCP connection and report what arrived.

  mptcp-transfer.py server --port P [--bind ADDR] [--timeout S]   -> one JSON line when the client is done
  mptcp-transfer.py client --host H --port P --file F [--timeout S] -> one JSON line
  mptcp-transfer.py udp-echo --bind ADDR --port P [--timeout S]        (answers every datagram, until idle)
  mptcp-transfer.py udp-ping --host H --port P [--count N] [--source ADDR] -> one JSON line (datagrams echoed)

The server hashes what it receives (sha256) and records the longest gap between two reads (the stall a failover or
a gateway restart causes). Used by the lab tests, the demo and the benchmark; the lab's kernels speak real MPTCP
(socket protocol 262, IPPROTO_MPTCP).
"""
import argparse
import hashlib
import json
import socket
import sys
import time

IPPROTO_MPTCP = 262
CHUNK = 64 * 1024


def serve(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.bind, args.port))
    listener.listen(1)
    listener.settimeout(args.timeout)
    print(json.dumps({"listening": args.port}), flush=True)
    conn, peer = listener.accept()
    conn.settimeout(args.timeout)
    digest = hashlib.sha256()
    total = 0
    start = time.monotonic()
    last = start
    max_gap = 0.0
    while True:
        data = conn.recv(CHUNK)
        now = time.monotonic()
        if not data:
            break
        max_gap = max(max_gap, now - last)
        last = now
        total += len(data)
        digest.update(data)
    conn.close()
    print(json.dumps({"role": "server", "bytes": total, "sha256": digest.hexdigest(),
                      "seconds": round(last - start, 3), "max_gap_s": round(max_gap, 3), "peer": peer[0]}),
          flush=True)


def send(args):
    digest = hashlib.sha256()
    total = 0
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    sock.settimeout(args.timeout)
    sock.connect((args.host, args.port))
    start = time.monotonic()
    with open(args.file, "rb") as f:
        while True:
            data = f.read(CHUNK)
            if not data:
                break
            digest.update(data)
            sock.sendall(data)
            total += len(data)
    sock.shutdown(socket.SHUT_WR)
    sock.recv(1)
    sock.close()
    print(json.dumps({"role": "client", "bytes": total, "sha256": digest.hexdigest(),
                      "seconds": round(time.monotonic() - start, 3)}), flush=True)


def udp_echo(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((args.bind, args.port))
    sock.settimeout(args.timeout)
    print(json.dumps({"listening": args.port}), flush=True)
    try:
        while True:
            data, peer = sock.recvfrom(2048)
            sock.sendto(data, peer)
    except socket.timeout:
        pass


def udp_ping(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if args.source:
        sock.bind((args.source, 0))
    sock.settimeout(0.5)
    answered = 0
    for i in range(args.count):
        sock.sendto(b"mgw-udp-%d" % i, (args.host, args.port))
        try:
            data, peer = sock.recvfrom(2048)
            if data == b"mgw-udp-%d" % i and peer[0] == args.host:
                answered += 1
        except socket.timeout:
            pass
    print(json.dumps({"role": "udp-ping", "sent": args.count, "answered": answered}), flush=True)
    if answered == 0:
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="role", required=True)
    s = sub.add_parser("server")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--bind", default="0.0.0.0")
    s.add_argument("--timeout", type=float, default=120)
    c = sub.add_parser("client")
    c.add_argument("--host", required=True)
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--file", required=True)
    c.add_argument("--timeout", type=float, default=120)
    e = sub.add_parser("udp-echo")
    e.add_argument("--bind", required=True)
    e.add_argument("--port", type=int, required=True)
    e.add_argument("--timeout", type=float, default=30)
    u = sub.add_parser("udp-ping")
    u.add_argument("--host", required=True)
    u.add_argument("--port", type=int, required=True)
    u.add_argument("--count", type=int, default=10)
    u.add_argument("--source")
    args = parser.parse_args()
    roles = {"server": serve, "client": send, "udp-echo": udp_echo, "udp-ping": udp_ping}
    try:
        roles[args.role](args)
    except (OSError, socket.timeout) as ex:
        print(json.dumps({"role": args.role, "error": str(ex)}), flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
