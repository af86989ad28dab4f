#!/usr/bin/env python3
"""delayproxy.py LISTEN_PORT UPSTREAM_PORT DELAY_MS: a TCP proxy on
127.0.0.1 that holds every request (each burst of bytes from the client)
for DELAY_MS before passing it on, so each HTTP request costs one round
trip of that latency, as on a far link. Answers flow back at once.
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


def main():
    port, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = ls.accept()
        serve(conn, upstream, delay)


if __name__ == "__main__":
    main()
