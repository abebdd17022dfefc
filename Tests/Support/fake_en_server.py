#!/usr/bin/env python3
"""A stand-in for EN's import.service, for enlint's push tests. Listens on 127.0.0.1 only.

It parses each multipart/form-data POST with the `email` package's parser (`cgi` is gone from
newer Pythons) and appends one JSON line per request to --record: the method, path, headers
that matter, every text field and the uploaded file (name, type, bytes as base64), plus the
problems it found in the body's framing. The tests assert on that record.

--behaviour picks the answer:
  success            200, EN's success text with a job number
  error-format       200, "Error: Import format parameter not found or is invalid"
  error-reference    200, "Error: reference name is a required parameter"
  error-header       200, EN's header-mismatch text
  error-echo-token   200, an error text that quotes the token it received (tests redaction)
  500-then-success   500 on the first request, success afterwards
  slow               reads the request, then waits --slow-seconds before answering
--port 0 binds any free port; the port is written to --port-file once listening.
--delay-start waits before binding, so that early connections are refused.
--lifetime ends the server after that many seconds whatever happens, so that a test that dies
early leaves nothing behind (the test runner's children inherit its ignored SIGTERM).
"""
import argparse
import base64
import email.parser
import email.policy
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SUCCESS = ("Your file has been uploaded successfully and scheduled for import. Your job # is 131878. "
           "You will receive an email when your job is complete.")
ERRORS = {
    "error-format": "Error: Import format parameter not found or is invalid",
    "error-reference": "Error: reference name is a required parameter",
    "error-header": ("Error: The format you selected does not match the first line of your upload file. "
                     "Please verify that the header row in the import is exactly the same as the import format fields."),
}


def parse_multipart(content_type, body):
    """Fields and files of a multipart/form-data body, and what is wrong with its framing."""
    problems = []
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return [], [], ["not multipart"]
    boundary = message.get_boundary().encode("latin-1")
    if not body.startswith(b"--" + boundary + b"\r\n"):
        problems.append("body does not start with the boundary")
    if not body.endswith(b"\r\n--" + boundary + b"--\r\n"):
        problems.append("body does not end with the closing boundary")
    fields, files = [], []
    for part in message.iter_parts():
        disposition = part.get("Content-Disposition", "")
        if not disposition.startswith("form-data"):
            problems.append("part without form-data disposition: %r" % disposition)
        name = part.get_param("name", header="content-disposition")
        filename = part.get_param("filename", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if filename is None:
            fields.append([name, payload.decode("utf-8")])
        else:
            files.append({"name": name, "filename": filename, "content_type": part.get_content_type(),
                          "bytes_b64": base64.b64encode(payload).decode("ascii"), "size": len(payload)})
    return fields, files, problems


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        content_type = self.headers.get("Content-Type", "")
        fields, files, problems = parse_multipart(content_type, body)
        if len(body) != length:
            problems.append("short body: %d of %d bytes" % (len(body), length))
        server = self.server
        with server.lock:
            server.count += 1
            count = server.count
            with open(server.options.record, "a") as record:
                record.write(json.dumps({
                    "method": "POST", "path": self.path, "content_type": content_type,
                    "user_agent": self.headers.get("User-Agent", ""), "fields": fields, "files": files,
                    "problems": problems}) + "\n")
        behaviour = server.options.behaviour
        token = dict(fields).get("token", "")
        if behaviour == "slow":
            time.sleep(server.options.slow_seconds)
            self.answer(200, SUCCESS)
        elif behaviour == "500-then-success" and count == 1:
            self.answer(500, "Internal Server Error")
        elif behaviour in ERRORS:
            self.answer(200, ERRORS[behaviour])
        elif behaviour == "error-echo-token":
            self.answer(200, "Error: the token %s is not valid for this account" % token)
        else:
            self.answer(200, SUCCESS)

    def answer(self, status, text):
        data = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--behaviour", default="success")
    parser.add_argument("--delay-start", type=float, default=0)
    parser.add_argument("--slow-seconds", type=float, default=10)
    parser.add_argument("--lifetime", type=float, default=60)
    options = parser.parse_args()
    timer = threading.Timer(options.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    time.sleep(options.delay_start)
    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    server.daemon_threads = True
    server.options, server.lock, server.count = options, threading.Lock(), 0
    open(options.record, "a").close()
    with open(options.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    # Renamed into place, so that a reader never sees half a number.
    os.rename(options.port_file + ".tmp", options.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
