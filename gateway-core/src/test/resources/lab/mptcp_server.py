"""MPTCP server for LiveMptcpCaptureTest: echoes connection 1, never reads connection 2."""
import socket, sys, time
IPPROTO_MPTCP = 262
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("0.0.0.0", 5201)); ls.listen(4); ls.settimeout(20)
print("listening", flush=True)
# connection 1: echo until EOF, then close (DATA_FIN both ways)
c, a = ls.accept(); c.settimeout(20)
total = 0
while True:
    d = c.recv(65536)
    if not d: break
    total += len(d); c.sendall(d)
c.close(); print("conn1", total, flush=True)
# connection 2: accept and never read; the client aborts (MP_FASTCLOSE)
c2, a = ls.accept(); c2.settimeout(20)
try:
    d = c2.recv(1)   # wait for the abort
    while d: d = c2.recv(1 << 16)
except Exception as e:
    print("conn2", type(e).__name__, flush=True)
c2.close(); ls.close(); print("done", flush=True)
