#!/usr/bin/env python3
"""delayproxy.py LISTEN_PORT UPSTREAM_PORT DELAY_MS [N:STATUS]: a TCP
proxy on 127.0.0.1 that holds every request (each burst of bytes from the
client) for DELAY_MS before passing it on, so each HTTP request costs one
round trip of that latency, as on a far link. Answers flow back at once.
With N:STATUS, the first N connections are answered with that HTTP status
and closed instead (an overloaded server that recovers: 3:503, 2:429).
Prints "ready" when listening."""
import socket
import sys
import threading
import time


def pipe(src, dst, delay):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if delay:
                time.sleep(delay)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(conn, upstream, delay):
    try:
        up = socket.create_connection(("127.0.0.1", upstream))
    except OSError:
        conn.close()
        return
    threading.Thread(target=pipe, args=(conn, up, delay), daemon=True).start()
    threading.Thread(target=pipe, args=(up, conn, 0), daemon=True).start()


def refuse(conn, status):
    try:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 %d Busy\r\nContent-Length: 0\r\n"
                     b"Connection: close\r\nRetry-After: 0\r\n\r\n" % status)
    except OSError:
        pass
    conn.close()


def main():
    port, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000
    fails, status = 0, 503
    if len(sys.argv) > 4:
        fails, status = (int(x) for x in sys.argv[4].split(":"))
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = ls.accept()
        if fails > 0:
            fails -= 1
            print("refused with %d" % status, flush=True)
            threading.Thread(target=refuse, args=(conn, status), daemon=True).start()
            continue
        serve(conn, upstream, delay)


if __name__ == "__main__":
    main()
