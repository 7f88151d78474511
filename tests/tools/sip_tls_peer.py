#!/usr/bin/env python3
# A minimal SIP peer over TLS for the integration tests (our sipp has no TLS):
#   uac HOST PORT CERT KEY CA SERVICE  OPTIONS, then INVITE/200/ACK, BYE/200
#   uas PORT CERT KEY                  answers one INVITE, then the BYE
# Exits 0 when every expected response/request came; prints what it saw.
import socket, ssl, sys, time, re

def read_msg(s, buf):
    while True:
        m = re.search(rb"\r\n\r\n", buf)
        if m:
            hdr = buf[:m.end()]
            cl = re.search(rb"(?im)^(?:content-length|l)\s*:\s*(\d+)", hdr)
            n = m.end() + (int(cl.group(1)) if cl else 0)
            if len(buf) >= n:
                return buf[:n].decode(), buf[n:]
        d = s.recv(65536)
        if not d:
            raise EOFError("connection closed")
        buf += d

def hdr(msg, name):
    m = re.search(r"(?im)^%s\s*:\s*(.*)$" % name, msg)
    return m.group(1).strip() if m else ""

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 9 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n")

def uac(host, port, cert, key, ca, service):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_verify_locations(ca)
    ctx.load_cert_chain(cert, key)
    raw = socket.create_connection((host, int(port)), timeout=10)
    s = ctx.wrap_socket(raw, server_hostname=host)
    lp = s.getsockname()[1]
    buf = b""
    def req(method, cseq, to_tag="", body="", ruri=None):
        ruri = ruri or "sips:%s@%s:%s" % (service, host, port)
        m = ("%s %s SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:%d;branch=z9hG4bK%s%d\r\n"
             "Max-Forwards: 70\r\nFrom: <sips:5550100@127.0.0.1>;tag=tlsuac\r\n"
             "To: <sips:%s@%s>%s\r\nCall-ID: tls-%d@test\r\nCSeq: %d %s\r\n"
             "Contact: <sips:uac@127.0.0.1:%d;transport=tls>\r\n%s"
             "Content-Length: %d\r\n\r\n%s" %
             (method, ruri, lp, method.lower(), cseq, service, host,
              ";tag=" + to_tag if to_tag else "", lp, cseq, method, lp,
              "Content-Type: application/sdp\r\n" if body else "", len(body), body))
        s.sendall(m.encode())
    def final():
        nonlocal buf
        while True:
            msg, buf = read_msg(s, buf)
            code = int(msg.split()[1])
            print("<-", msg.splitlines()[0])
            if code >= 200:
                return code, msg
    req("OPTIONS", 1)
    code, msg = final()
    assert code == 200 and "SIP/2.0/TLS" in msg, msg
    req("INVITE", 2, body=SDP)
    code, msg = final()
    assert code == 200, msg
    tag = re.search(r";tag=([^;\s>]+)", hdr(msg, "To")).group(1)
    target = re.search(r"<([^>]+)>", hdr(msg, "Contact")).group(1)
    req("ACK", 2, tag, ruri=target)
    time.sleep(1)
    req("BYE", 3, tag, ruri=target)
    code, msg = final()
    assert code == 200, msg
    print("uac: call over TLS done")

def uas(port, cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    ls = socket.create_server(("127.0.0.1", int(port)))
    ls.settimeout(30)
    c, _ = ls.accept()
    s = ctx.wrap_socket(c, server_side=True)
    s.settimeout(30)
    buf = b""
    seen = []
    while True:
        msg, buf = read_msg(s, buf)
        first = msg.splitlines()[0]
        method = first.split()[0]
        print("->", first)
        seen.append(method)
        if method == "ACK":
            continue
        vias = "".join("Via: %s\r\n" % v for v in re.findall(r"(?im)^Via\s*:\s*(.*)$", msg))
        to = hdr(msg, "To") + (";tag=tlsuas" if method == "INVITE" else "")
        body = SDP if method == "INVITE" else ""
        r = ("SIP/2.0 200 OK\r\n%sFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n"
             "Contact: <sips:uas@127.0.0.1:%s;transport=tls>\r\n%sContent-Length: %d\r\n\r\n%s" %
             (vias, hdr(msg, "From"), to, hdr(msg, "Call-ID"), hdr(msg, "CSeq"), port,
              "Content-Type: application/sdp\r\n" if body else "", len(body), body))
        s.sendall(r.encode())
        if method == "BYE":
            break
    assert seen[:2] == ["INVITE", "ACK"] and seen[-1] == "BYE", seen
    print("uas: call over TLS done")

if __name__ == "__main__":
    try:
        if sys.argv[1] == "uac":
            uac(*sys.argv[2:8])
        else:
            uas(*sys.argv[2:5])
    except Exception as e:
        print("error:", e)
        sys.exit(1)
