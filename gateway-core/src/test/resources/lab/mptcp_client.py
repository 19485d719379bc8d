"""MPTCP client for LiveMptcpCaptureTest: echo exchange, wait for the test to change endpoints, close;
then a second connection aborted with SO_LINGER 0 (MP_FASTCLOSE)."""
import socket, struct, sys, time
IPPROTO_MPTCP = 262
server = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP); s.settimeout(20)
s.connect((server, 5201))
time.sleep(1.0)   # let the path managers open the extra subflows
payload = bytes(range(256)) * 16
got = 0
for i in range(4):
    s.sendall(payload)
    while got < (i + 1) * len(payload):
        got += len(s.recv(65536))
print("echoed", got, flush=True)
sys.stdout.flush()
input()          # wait for the test to change endpoints (MP_PRIO, REMOVE_ADDR)
s.sendall(payload[:1000])
while got < 4 * len(payload) + 1000:
    got += len(s.recv(65536))
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
s.close(); print("closed", flush=True)
time.sleep(0.5)
s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP); s2.settimeout(20)
s2.connect((server, 5201))
s2.sendall(b"x" * 3000)
time.sleep(0.5)
s2.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s2.close(); print("aborted", flush=True)
time.sleep(0.5)
