// SPDX-License-Identifier: GPL-2.0-only
/* SIP message layer: parser, URI/addr/Via/param helpers and builder, one row per case. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sip/sip_build.h"
#include "sip/sip_msg.h"

/* --- fixtures -------------------------------------------------------------- */

#define CRLF "\r\n"
#define VIA1 "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds" CRLF
#define TO "To: Bob <sip:bob@example.com>" CRLF
#define FROM "From: Alice <sip:alice@example.com>;tag=1928301774" CRLF
#define CALLID "Call-ID: a84b4c76e66710@pc33.example.com" CRLF
#define MF "Max-Forwards: 70" CRLF
#define HDRS(m) VIA1 MF TO FROM CALLID "CSeq: 314159 " m CRLF
#define SDP                                                                                        \
	"v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.example.com\r\ns=-\r\n"                  \
	"c=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
/* strlen(SDP) */
#define SDP_LEN "141"

static void pl_is(const struct pl *pl, const char *s)
{
	if (!s) {
		assert_null(pl->p);
		return;
	}
	assert_non_null(pl->p);
	if (pl->l != strlen(s) || memcmp(pl->p, s, pl->l))
		fail_msg("got \"%.*s\", want \"%s\"", (int)pl->l, pl->p, s);
}

/* --- per-row checks -------------------------------------------------------- */

static void chk_invite(const struct sip_msg *m)
{
	char buf[64];

	assert_true(m->is_request);
	pl_is(&m->method, "INVITE");
	pl_is(&m->ruri, "sip:bob@example.com");
	assert_int_equal(m->uri.scheme, SIP_URI_SIP);
	pl_is(&m->uri.user, "bob");
	pl_is(&m->uri.host, "example.com");
	assert_int_equal(m->via_count, 1);
	pl_is(&m->via.transport, "UDP");
	pl_is(&m->via.host, "pc33.example.com");
	assert_int_equal(m->via.port, 0);
	pl_is(&m->via.branch, "z9hG4bK776asdhds");
	pl_is(&m->from.dname, "Alice");
	pl_is(&m->from.uri, "sip:alice@example.com");
	pl_is(&m->from.tag, "1928301774");
	pl_is(&m->to.uri, "sip:bob@example.com");
	assert_null(m->to.tag.p);
	pl_is(&m->call_id, "a84b4c76e66710@pc33.example.com");
	assert_int_equal(m->cseq.num, 314159);
	pl_is(&m->cseq.method, "INVITE");
	assert_int_equal(m->max_forwards, 70);
	pl_is(&m->contact.uri, "sip:alice@pc33.example.com");
	assert_true(sip_msg_ctype_is(m, "application/sdp"));
	assert_true(m->has_clen);
	assert_int_equal(m->body.l, strlen(SDP));
	assert_memory_equal(m->body.p, SDP, strlen(SDP));
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_OTHER), 0);
	assert_int_equal(pl_strcpy(&m->from.tag, buf, sizeof(buf)), 0);
}

static void chk_bye(const struct sip_msg *m)
{
	pl_is(&m->method, "BYE");
	pl_is(&m->to.tag, "a6c85cf");
	assert_int_equal(m->cseq.num, 231);
	assert_int_equal(m->body.l, 0);
	assert_int_equal(m->reason.cause, 16);
	pl_is(&m->reason.protocol, "Q.850");
	pl_is(&m->reason.text, "Normal call clearing");
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_REASON), 2);
}

static void chk_ack(const struct sip_msg *m)
{
	pl_is(&m->method, "ACK");
	pl_is(&m->cseq.method, "ACK");
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_ROUTE), 2);
	pl_is(&sip_msg_hdr(m, SIP_HDR_ROUTE, 0)->val, "<sip:p1.example.com;lr>");
	pl_is(&sip_msg_hdr(m, SIP_HDR_ROUTE, 1)->val, "<sip:p2.example.com;lr>");
}

static void chk_cancel(const struct sip_msg *m)
{
	pl_is(&m->method, "CANCEL");
	assert_int_equal(m->cseq.num, 314159);
}

static void chk_options(const struct sip_msg *m)
{
	pl_is(&m->method, "OPTIONS");
	assert_true(sip_msg_hdr_has_token(m, SIP_HDR_SUPPORTED, "timer"));
	assert_true(sip_msg_hdr_has_token(m, SIP_HDR_SUPPORTED, "100REL"));
	assert_false(sip_msg_hdr_has_token(m, SIP_HDR_SUPPORTED, "path"));
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_ALLOW), 6);
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_ACCEPT), 1);
	assert_int_equal(m->max_forwards, 0);
	pl_is(&sip_msg_hdr_name(m, "x-custom", 0)->val, "a, b");
	assert_null(sip_msg_hdr_name(m, "X-Custom", 1));
}

static void chk_200(const struct sip_msg *m)
{
	assert_false(m->is_request);
	assert_int_equal(m->status, 200);
	pl_is(&m->status_reason, "OK");
	assert_int_equal(m->via_count, 2);
	pl_is(&m->via.branch, "z9hG4bKnashds8");
	pl_is(&m->via.received, "192.0.2.3");
	pl_is(&sip_msg_hdr(m, SIP_HDR_VIA, 1)->val, "SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1");
	pl_is(&m->to.tag, "a6c85cf");
	pl_is(&m->cseq.method, "INVITE");
	assert_int_equal(m->body.l, 0);
}

static void chk_180(const struct sip_msg *m)
{
	assert_int_equal(m->status, 180);
	pl_is(&m->status_reason, "Ringing");
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_RECORD_ROUTE), 3);
	pl_is(&sip_msg_hdr(m, SIP_HDR_RECORD_ROUTE, 2)->val, "\"a, b\" <sip:p3.example.com;lr>");
}

static void chk_compact(const struct sip_msg *m)
{
	assert_int_equal(m->via_count, 1);
	pl_is(&m->via.branch, "z9hG4bKcomp");
	pl_is(&m->from.tag, "ft");
	pl_is(&m->to.uri, "sip:bob@example.com");
	pl_is(&m->call_id, "compact@host");
	pl_is(&m->contact.uri, "sip:alice@192.0.2.1");
	assert_true(sip_msg_ctype_is(m, "application/sdp"));
	assert_int_equal(m->clen, 4);
	pl_is(&m->body, "v=0\n");
	assert_true(sip_msg_hdr_has_token(m, SIP_HDR_SUPPORTED, "replaces"));
	pl_is(&sip_msg_hdr_name(m, "Subject", 0)->val, "hi");
	pl_is(&sip_msg_hdr_name(m, "s", 0)->name, "s");
	pl_is(&sip_msg_hdr(m, SIP_HDR_CONTENT_ENCODING, 0)->val, "gzip");
	pl_is(&sip_msg_hdr(m, SIP_HDR_EVENT, 0)->val, "refer");
}

static void chk_folded(const struct sip_msg *m)
{
	char buf[64];

	pl_is(&m->to.uri, "sip:bob@example.com");
	pl_is(&m->to.dname, "Bob");
	assert_int_equal(m->via_count, 2);
	pl_is(&m->via.host, "first.example.com");
	assert_int_equal(sip_qstr_unescape(&m->from.dname, buf, sizeof(buf)), 0);
	pl_is(&sip_msg_hdr_name(m, "Subject", 0)->val, "I know you're there,\r\n\tpick up the phone");
	assert_int_equal(m->cseq.num, 8);
}

static void chk_via3(const struct sip_msg *m)
{
	assert_int_equal(m->via_count, 4);
	pl_is(&m->via.host, "a.example.com");
	assert_int_equal(m->via.port, 5060);
	pl_is(&sip_msg_hdr(m, SIP_HDR_VIA, 1)->val, "SIP/2.0/TCP b.example.com:5070;branch=z9hG4bKb");
	pl_is(&sip_msg_hdr(m, SIP_HDR_VIA, 2)->val, "SIP/2.0/UDP c.example.com;branch=z9hG4bKc");
	pl_is(&sip_msg_hdr(m, SIP_HDR_VIA, 3)->val, "SIP/2.0/TLS d.example.com;branch=z9hG4bKd");
}

static void chk_quoted(const struct sip_msg *m)
{
	char buf[64];

	assert_true(m->from.dname_quoted);
	pl_is(&m->from.dname, "Alice \\\"the\\\" \\\\ <Admin>, Esq.");
	assert_int_equal(sip_qstr_unescape(&m->from.dname, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Alice \"the\" \\ <Admin>, Esq.");
	pl_is(&m->from.uri, "sip:alice@example.com");
	pl_is(&m->from.tag, "q1");
	pl_is(&m->to.dname, "");
	assert_true(m->to.dname_quoted);
}

static void chk_ipv6(const struct sip_msg *m)
{
	assert_int_equal(m->uri.host_type, SIP_HOST_IPV6);
	pl_is(&m->uri.host, "2001:db8::10");
	pl_is(&m->uri.hostport, "[2001:db8::10]");
	assert_int_equal(m->via.host_type, SIP_HOST_IPV6);
	pl_is(&m->via.host, "2001:db8::9:1");
	pl_is(&m->via.sent_by, "[2001:db8::9:1]:6050");
	assert_int_equal(m->via.port, 6050);
	pl_is(&m->via.received, "2001:db8::9:255");
	assert_true(m->via.rport);
	pl_is(&m->via.rport_val, "");
	pl_is(&m->contact.uri, "sip:caller@[2001:db8::9:1]:6050");
}

static void chk_ipv4mapped(const struct sip_msg *m)
{
	assert_int_equal(m->uri.host_type, SIP_HOST_IPV6);
	pl_is(&m->uri.host, "::ffff:192.0.2.10");
	assert_int_equal(m->uri.port, 5070);
}

static void chk_tel(const struct sip_msg *m)
{
	assert_int_equal(m->uri.scheme, SIP_URI_TEL);
	pl_is(&m->uri.user, "+1-201-555-0123");
	pl_is(&m->uri.params, "");
	pl_is(&m->to.uri, "tel:+1-201-555-0123");
}

static void chk_escaped(const struct sip_msg *m)
{
	char buf[32];

	pl_is(&m->uri.user, "%61lice%20smith");
	assert_int_equal(sip_uri_unescape(&m->uri.user, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "alice smith");
	pl_is(&m->uri.params, ";transport=udp");
	pl_is(&m->uri.transport, "udp");
}

static void chk_unknown_method(const struct sip_msg *m)
{
	pl_is(&m->method, "NEWMETHOD");
	pl_is(&m->cseq.method, "NEWMETHOD");
	assert_int_equal(m->max_forwards, -1);
}

static void chk_no_clen(const struct sip_msg *m)
{
	assert_false(m->has_clen);
	pl_is(&m->body, "hello\r\n");
}

static void chk_short_clen(const struct sip_msg *m)
{
	pl_is(&m->body, "hel");
	assert_int_equal(m->len, (size_t)(m->body.p - m->method.p) + 3);
}

static void chk_register(const struct sip_msg *m)
{
	assert_true(m->contact_star);
	assert_null(m->contact.uri.p);
	assert_true(m->has_expires);
	assert_int_equal(m->expires, 0);
}

static void chk_register2(const struct sip_msg *m)
{
	struct pl v;

	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_CONTACT), 2);
	pl_is(&m->contact.uri, "sip:a@192.0.2.4");
	assert_int_equal(sip_param_get(m->contact.params, "expires", &v), 0);
	pl_is(&v, "3600");
	pl_is(&sip_msg_hdr(m, SIP_HDR_CONTACT, 1)->val,
	      "\"Mr, Watson\" <sip:watson@bell-telephone.com>;q=0.1");
	assert_false(m->has_expires);
}

static void chk_lf(const struct sip_msg *m)
{
	pl_is(&m->method, "OPTIONS");
	pl_is(&m->call_id, "lf@host");
	pl_is(&m->body, "");
}

static void chk_case(const struct sip_msg *m)
{
	pl_is(&m->call_id, "case@host");
	assert_int_equal(m->cseq.num, 1);
	assert_int_equal(m->via_count, 1);
	pl_is(&sip_msg_hdr(m, SIP_HDR_CALL_ID, 0)->name, "cAlL-iD");
}

static void chk_wsvia(const struct sip_msg *m)
{
	pl_is(&m->via.proto, "SIP");
	pl_is(&m->via.version, "2.0");
	pl_is(&m->via.transport, "UDP");
	pl_is(&m->via.host, "192.0.2.2");
	assert_int_equal(m->via.host_type, SIP_HOST_IPV4);
	assert_int_equal(m->via.port, 5062);
	assert_true(m->via.rport);
	pl_is(&m->via.rport_val, "5062");
	pl_is(&m->via.branch, "z9hG4bKws");
	pl_is(&sip_msg_hdr_name(m, "Subject", 0)->val, "spaces");
	pl_is(&m->from.dname, "J Rosenberg \\\\\\\"");
}

static void chk_reason_sip(const struct sip_msg *m)
{
	pl_is(&m->reason.protocol, "SIP");
	assert_int_equal(m->reason.cause, 487);
}

static void chk_keepalive(const struct sip_msg *m)
{
	assert_int_equal(m->err_status, 0);
}

static void chk_partial(const struct sip_msg *m)
{
	/* the fields needed for a 400 are there despite the error */
	assert_int_equal(m->via_count, 1);
	pl_is(&m->call_id, "a84b4c76e66710@pc33.example.com");
	assert_int_equal(m->cseq.num, 314159);
}

static void chk_toomany(const struct sip_msg *m)
{
	assert_int_equal(m->hdrc, SIP_MSG_MAX_HDRS);
	assert_int_equal(m->via_count, 1);
	pl_is(&m->call_id, "a84b4c76e66710@pc33.example.com");
}

/* --- the parse table ------------------------------------------------------- */

struct parse_row {
	const char *name;
	const char *msg;
	size_t len;		/* 0: strlen(msg) */
	int ret;
	int status;
	const char *reason;	/* exact err_reason, NULL: not checked */
	void (*check)(const struct sip_msg *m);
};

static char toomany[8192];

static const struct parse_row parse_rows[] = {
	{"RFC3261 24.2 INVITE with SDP", "INVITE sip:bob@example.com SIP/2.0" CRLF HDRS("INVITE")
	 "Contact: <sip:alice@pc33.example.com>" CRLF "Content-Type: application/sdp" CRLF
	 "Content-Length: " SDP_LEN CRLF CRLF SDP, 0, 0, 0, NULL, chk_invite},
	{"RFC3261 15.1.1 BYE with RFC3326 Reason",
	 "BYE sip:alice@pc33.example.com SIP/2.0" CRLF VIA1 MF
	 "From: Bob <sip:bob@example.com>;tag=a6c85cf" CRLF "To: Alice <sip:alice@example.com>;tag=a6c85cf" CRLF
	 CALLID "CSeq: 231 BYE" CRLF
	 "Reason: SIP;cause=200;text=\"Call completed elsewhere\", Q.850;cause=16;text=\"Normal call clearing\"" CRLF
	 "Content-Length: 0" CRLF CRLF, 0, 0, 0, NULL, chk_bye},
	{"RFC3261 17.1.1.3 ACK with Route set", "ACK sip:bob@192.0.2.4 SIP/2.0" CRLF HDRS("ACK")
	 "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>" CRLF "Content-Length: 0" CRLF CRLF,
	 0, 0, 0, NULL, chk_ack},
	{"RFC3261 9.1 CANCEL", "CANCEL sip:bob@example.com SIP/2.0" CRLF HDRS("CANCEL")
	 "Content-Length: 0" CRLF CRLF, 0, 0, 0, NULL, chk_cancel},
	{"RFC3261 11.1 OPTIONS with lists", "OPTIONS sip:carol@chicago.com SIP/2.0" CRLF VIA1
	 "Max-Forwards: 0" CRLF TO FROM CALLID "CSeq: 63104 OPTIONS" CRLF
	 "Allow: INVITE, ACK, CANCEL, OPTIONS,BYE" CRLF "Allow: PRACK" CRLF
	 "Supported: timer, 100rel" CRLF "Accept: application/sdp" CRLF "X-Custom: a, b" CRLF
	 "Content-Length: 0" CRLF CRLF, 0, 0, 0, NULL, chk_options},
	{"RFC3261 24.2 F9 200 OK with two Vias", "SIP/2.0 200 OK" CRLF
	 "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bKnashds8;received=192.0.2.3" CRLF
	 "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1" CRLF
	 "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf" CRLF FROM CALLID "CSeq: 314159 INVITE" CRLF
	 "Contact: <sip:bob@192.0.2.4>" CRLF "Content-Length: 0" CRLF CRLF, 0, 0, 0, NULL, chk_200},
	{"RFC3261 16.6 180 with Record-Route list", "SIP/2.0 180 Ringing" CRLF VIA1
	 "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>" CRLF
	 "Record-Route: \"a, b\" <sip:p3.example.com;lr>" CRLF
	 "To: Bob <sip:bob@example.com>;tag=x" CRLF FROM CALLID "CSeq: 314159 INVITE" CRLF
	 "Content-Length: 0" CRLF CRLF, 0, 0, 0, NULL, chk_180},
	{"RFC3261 7.3.3 compact forms", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 "v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKcomp" CRLF "f: <sip:alice@example.com>;tag=ft" CRLF
	 "t: sip:bob@example.com" CRLF "i: compact@host" CRLF "CSeq: 1 INVITE" CRLF
	 "m: <sip:alice@192.0.2.1>" CRLF "c: application/sdp" CRLF "k: replaces" CRLF "s: hi" CRLF
	 "e: gzip" CRLF "o: refer" CRLF "l: 4" CRLF CRLF "v=0\n", 0, 0, 0, NULL, chk_compact},
	{"RFC3261 7.3.1 folded headers (RFC4475 3.1.1.1 style)", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP first.example.com;branch=z9hG4bKf1," CRLF
	 "  SIP/2.0/UDP second.example.com;branch=z9hG4bKf2" CRLF MF
	 "To:" CRLF "   Bob" CRLF "\t<sip:bob@example.com>" CRLF
	 "From: \"A\\\"B\" <sip:a@example.com>" CRLF " ;tag=f" CRLF CALLID
	 "Subject: I know you're there," CRLF "\tpick up the phone" CRLF "CSeq:" CRLF " 8" CRLF
	 "  INVITE" CRLF "Content-Length: 0" CRLF CRLF, 0, 0, 0, NULL, chk_folded},
	{"RFC3261 7.3.1 Vias in one header and in several", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP a.example.com:5060;branch=z9hG4bKa, SIP/2.0/TCP b.example.com:5070;branch=z9hG4bKb" CRLF
	 "v: SIP/2.0/UDP c.example.com;branch=z9hG4bKc ,SIP/2.0/TLS d.example.com;branch=z9hG4bKd" CRLF
	 MF TO FROM CALLID "CSeq: 314159 INVITE" CRLF CRLF, 0, 0, 0, NULL, chk_via3},
	{"RFC3261 25.1 quoted display name with escapes", "OPTIONS sip:bob@example.com SIP/2.0" CRLF VIA1
	 "From: \"Alice \\\"the\\\" \\\\ <Admin>, Esq.\" <sip:alice@example.com>;tag=q1" CRLF
	 "To: \"\" <sip:bob@example.com>" CRLF CALLID "CSeq: 1 OPTIONS" CRLF CRLF,
	 0, 0, 0, NULL, chk_quoted},
	{"RFC5118 4.1 IPv6 Request-URI, Via, Contact", "INVITE sip:[2001:db8::10] SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=2001:db8::9:255;rport" CRLF
	 MF "To: <sip:[2001:db8::10]>" CRLF "From: <sip:caller@[2001:db8::9:1]>;tag=v6" CRLF CALLID
	 "CSeq: 1 INVITE" CRLF "Contact: <sip:caller@[2001:db8::9:1]:6050>" CRLF "l: 0" CRLF CRLF,
	 0, 0, 0, NULL, chk_ipv6},
	{"RFC5118 4.5 IPv4-mapped IPv6 with port", "OPTIONS sip:[::ffff:192.0.2.10]:5070 SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP [::ffff:192.0.2.1];branch=z9hG4bKm" CRLF TO FROM CALLID "CSeq: 1 OPTIONS" CRLF CRLF,
	 0, 0, 0, NULL, chk_ipv4mapped},
	{"RFC3966 tel: Request-URI", "INVITE tel:+1-201-555-0123 SIP/2.0" CRLF VIA1
	 "To: tel:+1-201-555-0123" CRLF FROM CALLID "CSeq: 7 INVITE" CRLF CRLF,
	 0, 0, 0, NULL, chk_tel},
	{"RFC3261 19.1.2 escaped user part", "INVITE sip:%61lice%20smith@example.com;transport=udp SIP/2.0" CRLF
	 HDRS("INVITE") CRLF, 0, 0, 0, NULL, chk_escaped},
	{"RFC3261 8.2.1 unknown method accepted", "NEWMETHOD sip:bob@example.com SIP/2.0" CRLF VIA1
	 TO FROM CALLID "CSeq: 2 NEWMETHOD" CRLF CRLF, 0, 0, 0, NULL, chk_unknown_method},
	{"RFC3261 18.3 no Content-Length: body is the datagram", "MESSAGE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("MESSAGE") "Content-Type: text/plain" CRLF CRLF "hello" CRLF, 0, 0, 0, NULL, chk_no_clen},
	{"RFC3261 18.3 extra bytes after Content-Length ignored", "MESSAGE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("MESSAGE") "Content-Length: 3" CRLF CRLF "hello", 0, 0, 0, NULL, chk_short_clen},
	{"RFC3261 7.5 leading CRLFs skipped", CRLF CRLF "CANCEL sip:bob@example.com SIP/2.0" CRLF
	 HDRS("CANCEL") CRLF, 0, 0, 0, NULL, chk_cancel},
	{"RFC3261 10.2.2 REGISTER Contact star", "REGISTER sip:registrar.example.com SIP/2.0" CRLF
	 VIA1 TO FROM CALLID "CSeq: 9 REGISTER" CRLF "Contact: *" CRLF "Expires: 0" CRLF CRLF,
	 0, 0, 0, NULL, chk_register},
	{"RFC3261 20.10 Contact list with quoted comma", "REGISTER sip:registrar.example.com SIP/2.0" CRLF
	 VIA1 TO FROM CALLID "CSeq: 9 REGISTER" CRLF
	 "Contact: sip:a@192.0.2.4;expires=3600, \"Mr, Watson\" <sip:watson@bell-telephone.com>;q=0.1" CRLF
	 "Expires: soon" CRLF CRLF, 0, 0, 0, NULL, chk_register2},
	{"RFC3261 7.5 bare LF line ends tolerated", "OPTIONS sip:bob@example.com SIP/2.0\n"
	 "Via: SIP/2.0/UDP h;branch=z9hG4bKlf\nTo: <sip:bob@example.com>\nFrom: <sip:a@b>;tag=1\n"
	 "Call-ID: lf@host\nCSeq: 3 OPTIONS\n\n", 0, 0, 0, NULL, chk_lf},
	{"RFC3261 7.3.1 header names case-insensitive", "OPTIONS sip:bob@example.com SIP/2.0" CRLF
	 "VIA: SIP/2.0/UDP h;branch=z9hG4bKc" CRLF "tO: <sip:bob@example.com>" CRLF
	 "fRoM: <sip:a@b>;TAG=1" CRLF "cAlL-iD: case@host" CRLF "cseq: 1 OPTIONS" CRLF CRLF,
	 0, 0, 0, NULL, chk_case},
	{"RFC4475 3.1.1.1 LWS around colon, slashes; RFC3581 rport", "OPTIONS sip:bob@example.com SIP/2.0" CRLF
	 "Via  :  SIP / 2.0\t/ UDP 192.0.2.2 : 5062 ;rport=5062 ; branch = z9hG4bKws" CRLF
	 "Subject\t:   spaces   " CRLF TO "From: \"J Rosenberg \\\\\\\"\" <sip:a@b>;tag=w" CRLF CALLID
	 "CSeq: 1 OPTIONS" CRLF CRLF, 0, 0, 0, NULL, chk_wsvia},
	{"RFC3326 2 Reason without Q.850", "CANCEL sip:bob@example.com SIP/2.0" CRLF HDRS("CANCEL")
	 "Reason: SIP ;cause=487 ;text=\"Request Terminated\"" CRLF CRLF, 0, 0, 0, NULL, chk_reason_sip},
	{"RFC5626 3.5.1 CRLF keepalive", CRLF CRLF, 0, -ENODATA, 0, NULL, chk_keepalive},

	/* rejections */
	{"RFC3261 18.3 Content-Length larger than body", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Content-Length: 500" CRLF CRLF SDP, 0, -EBADMSG, 400,
	 "Content-Length larger than body", chk_partial},
	{"RFC3261 20.14 Content-Length not a number", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Content-Length: -1" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed Content-Length header", chk_partial},
	{"RFC3261 20.14 Content-Length above 2^32", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Content-Length: 99999999999999999999" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed Content-Length header", NULL},
	{"RFC4475 3.1.2.x two different Content-Lengths", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Content-Length: 0" CRLF "l: 3" CRLF CRLF "abc", 0, -EBADMSG, 400,
	 "Conflicting Content-Length headers", NULL},
	{"RFC3261 8.1.1 missing Call-ID", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 MF TO FROM
	 "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400, "Missing Call-ID header", NULL},
	{"RFC3261 8.1.1 missing CSeq", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 MF TO FROM
	 CALLID CRLF, 0, -EBADMSG, 400, "Missing CSeq header", NULL},
	{"RFC3261 8.1.1 missing From", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 MF TO
	 CALLID "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400, "Missing From header", NULL},
	{"RFC3261 8.1.1 missing To", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 MF FROM
	 CALLID "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400, "Missing To header", NULL},
	{"RFC3261 8.1.1 missing Via", "INVITE sip:bob@example.com SIP/2.0" CRLF MF TO FROM
	 CALLID "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400, "Missing Via header", NULL},
	{"RFC3261 20.16 CSeq without method", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 MF TO
	 FROM CALLID "CSeq: 1" CRLF CRLF, 0, -EBADMSG, 400, "Malformed CSeq header", NULL},
	{"RFC3261 20.16 CSeq number not numeric", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 TO
	 FROM CALLID "CSeq: one INVITE" CRLF CRLF, 0, -EBADMSG, 400, "Malformed CSeq header", NULL},
	{"RFC3261 8.1.1.5 CSeq not below 2^31", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 TO
	 FROM CALLID "CSeq: 2147483648 INVITE" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed CSeq header", NULL},
	{"RFC3261 8.1.1.5 CSeq method mismatch (RFC4475 3.1.2.x)", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("OPTIONS") CRLF, 0, -EBADMSG, 400, "CSeq method does not match request method",
	 chk_partial},
	{"RFC3261 8.1.1.5 CSeq method case-sensitive", "ACK sip:bob@example.com SIP/2.0" CRLF
	 HDRS("ack") CRLF, 0, -EBADMSG, 400, "CSeq method does not match request method", NULL},
	{"RFC3261 8.2.2 SIP/3.0 (RFC4475 3.1.2.16)", "INVITE sip:bob@example.com SIP/3.0" CRLF
	 HDRS("INVITE") CRLF, 0, -EPROTONOSUPPORT, 505, "Version Not Supported", chk_partial},
	{"RFC3261 7.1 version garbage", "INVITE sip:bob@example.com HTTP/1.1" CRLF HDRS("INVITE") CRLF,
	 0, -EBADMSG, 400, "Malformed SIP version", NULL},
	{"RFC3261 25.1 unbalanced quotes in From", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 TO
	 "From: \"Alice <sip:alice@example.com>;tag=1" CRLF CALLID "CSeq: 1 INVITE" CRLF CRLF,
	 0, -EBADMSG, 400, "Malformed From header", NULL},
	{"RFC3261 25.1 unbalanced quotes in Contact list", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Contact: \"x <sip:a@b>, <sip:c@d>" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed Contact header", NULL},
	{"RFC4475 3.1.2.x unterminated < in To", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 FROM
	 "To: Bob <sip:bob@example.com" CRLF CALLID "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed To header", NULL},
	{"RFC3261 8.2.1 http: Request-URI is 416 (RFC4475 3.3.x)", "INVITE http://www.example.com/ SIP/2.0" CRLF
	 HDRS("INVITE") CRLF, 0, -ENOTSUP, 416, "Unsupported URI Scheme", chk_partial},
	{"RFC3261 19.1 Request-URI with bad escape", "INVITE sip:%zzbob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") CRLF, 0, -EBADMSG, 400, "Malformed Request-URI", NULL},
	{"RFC4475 3.1.2.x extra SP in request line", "INVITE  sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") CRLF, 0, -EBADMSG, 400, "Malformed Request-URI", NULL},
	{"RFC4475 3.1.2.x SP inside Request-URI", "INVITE sip:bob@example .com SIP/2.0" CRLF
	 HDRS("INVITE") CRLF, 0, -EBADMSG, 400, "Malformed Request-URI", NULL},
	{"RFC3261 7.1 request line without version", "INVITE sip:bob@example.com" CRLF
	 HDRS("INVITE") CRLF, 0, -EBADMSG, 400, "Malformed request line", NULL},
	{"RFC3261 7.2 status code out of range", "SIP/2.0 99 Weird" CRLF HDRS("INVITE") CRLF,
	 0, -EBADMSG, 400, "Malformed status line", NULL},
	{"RFC3261 7.2 status code 4 digits", "SIP/2.0 2000 OK" CRLF HDRS("INVITE") CRLF,
	 0, -EBADMSG, 400, "Malformed status line", NULL},
	{"truncated: no empty line after headers", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE"), 0, -EBADMSG, 400, "Truncated message", chk_partial},
	{"truncated: header line cut", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 "To: <sip:b",
	 0, -EBADMSG, 400, "Truncated message", NULL},
	{"truncated: start line cut", "INVITE sip:bob@exa", 0, -EBADMSG, 400, "Truncated message",
	 NULL},
	{"truncated: ends in CR of the empty line", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "\r", 0, -EBADMSG, 400, "Truncated message", NULL},
	{"NUL byte in a header", "INVITE sip:bob@example.com SIP/2.0" CRLF HDRS("INVITE")
	 "Subject: a\0b" CRLF CRLF, sizeof("INVITE sip:bob@example.com SIP/2.0" CRLF HDRS("INVITE")
	 "Subject: a\0b" CRLF CRLF) - 1, -EBADMSG, 400, "NUL byte in header", NULL},
	{"NUL byte in the start line", "INVITE sip:bob@\0example.com SIP/2.0" CRLF HDRS("INVITE") CRLF,
	 sizeof("INVITE sip:bob@\0example.com SIP/2.0" CRLF HDRS("INVITE") CRLF) - 1, -EBADMSG, 400,
	 "NUL byte in start line", NULL},
	{"NUL bytes in the body are data", "MESSAGE sip:bob@example.com SIP/2.0" CRLF HDRS("MESSAGE")
	 "Content-Length: 3" CRLF CRLF "a\0b", sizeof("MESSAGE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("MESSAGE") "Content-Length: 3" CRLF CRLF "a\0b") - 1, 0, 0, NULL, NULL},
	{"RFC3261 7.3.1 continuation line before any header", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 " Subject: x" CRLF HDRS("INVITE") CRLF, 0, -EBADMSG, 400, "Malformed header line", NULL},
	{"RFC3261 7.3.1 header line without colon", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Subject x" CRLF CRLF, 0, -EBADMSG, 400, "Malformed header line", NULL},
	{"RFC4475 3.1.2.x two Call-IDs", "INVITE sip:bob@example.com SIP/2.0" CRLF HDRS("INVITE")
	 "i: other@host" CRLF CRLF, 0, -EBADMSG, 400, "Malformed Call-ID header", NULL},
	{"RFC4475 3.1.2.x two From headers", "INVITE sip:bob@example.com SIP/2.0" CRLF HDRS("INVITE")
	 "f: <sip:x@y>;tag=2" CRLF CRLF, 0, -EBADMSG, 400, "Malformed From header", NULL},
	{"RFC3261 20.22 Max-Forwards not a number", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1
	 "Max-Forwards: 7x" CRLF TO FROM CALLID "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed Max-Forwards header", NULL},
	{"RFC3261 20.42 Via without sent-by", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP" CRLF MF TO FROM CALLID "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed Via header", NULL},
	{"RFC3261 20.42 Via with port 65536", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP h:65536;branch=z9hG4bK1" CRLF MF TO FROM CALLID "CSeq: 1 INVITE" CRLF CRLF,
	 0, -EBADMSG, 400, "Malformed Via header", NULL},
	{"RFC3261 20.42 empty Via branch", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 "Via: SIP/2.0/UDP h;branch=" CRLF MF TO FROM CALLID "CSeq: 1 INVITE" CRLF CRLF,
	 0, -EBADMSG, 400, "Malformed Via header", NULL},
	{"RFC3261 20.15 Content-Type without subtype", "INVITE sip:bob@example.com SIP/2.0" CRLF
	 HDRS("INVITE") "Content-Type: application" CRLF CRLF, 0, -EBADMSG, 400,
	 "Malformed Content-Type header", NULL},
	{"RFC3261 20.10 Call-ID with spaces", "INVITE sip:bob@example.com SIP/2.0" CRLF VIA1 TO FROM
	 "Call-ID: a b" CRLF "CSeq: 1 INVITE" CRLF CRLF, 0, -EBADMSG, 400, "Malformed Call-ID header",
	 NULL},
	{"graceful limit: 100 headers is a 513", toomany, 0, -E2BIG, 513, "Too many headers",
	 chk_toomany},
};

static void test_parse(void **state)
{
	const struct parse_row *row = *state;
	size_t len = row->len ? row->len : strlen(row->msg);
	struct sip_msg m;
	int ret;

	ret = sip_msg_parse(&m, row->msg, len);
	if (ret != row->ret)
		fail_msg("%s: ret %d (%d %s), want %d", row->name, ret, m.err_status,
			 m.err_reason ? m.err_reason : "", row->ret);
	assert_int_equal(m.err_status, row->status);
	if (row->reason)
		assert_string_equal(m.err_reason, row->reason);
	if (!row->ret)
		assert_null(m.err_reason);
	assert_true(m.len <= len);
	if (row->check)
		row->check(&m);
}

/* --- the same rows through the builder: a 400 (or the error) from anything parsed */

static void test_parse_then_respond(void **state)
{
	const struct parse_row *row = *state;
	size_t len = row->len ? row->len : strlen(row->msg);
	struct sip_msg m, r;
	struct sip_buf b;
	char out[4096];
	int status;

	sip_msg_parse(&m, row->msg, len);
	if (!m.is_request)
		return;
	status = m.err_status ? m.err_status : 200;
	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_build_response(&b, &m, status, m.err_reason, "totag", NULL, NULL,
					    NULL), 0);
	/* whatever we answer with must parse, with all the Vias we got */
	if (!m.err_status || m.err_status == 505 || m.err_status == 416 ||
	    strstr(m.err_reason, "Content-Length") || strstr(m.err_reason, "CSeq method")) {
		assert_int_equal(sip_msg_parse(&r, out, b.len), 0);
		assert_int_equal(r.status, status);
		assert_int_equal(r.via_count, m.via_count);
		if (pl_isset(&m.to.tag))
			assert_true(pl_eq(&r.to.tag, &m.to.tag));
		else
			pl_is(&r.to.tag, "totag");
	}
}

/* --- URIs ------------------------------------------------------------------ */

struct uri_row {
	const char *name;
	const char *in;
	int ret;
	enum sip_uri_scheme scheme;
	const char *user, *password, *host;
	enum sip_host_type host_type;
	uint16_t port;
	const char *params, *headers, *transport, *maddr;
	bool lr;
};

static const struct uri_row uri_rows[] = {
	{"RFC3261 19.1.3 plain", "sip:alice@atlanta.com", 0, SIP_URI_SIP, "alice", NULL,
	 "atlanta.com", SIP_HOST_NAME, 0, "", "", NULL, NULL, false},
	{"RFC3261 19.1.3 sips with password, transport", "sips:alice:secretword@atlanta.com;transport=tcp",
	 0, SIP_URI_SIPS, "alice", "secretword", "atlanta.com", SIP_HOST_NAME, 0, ";transport=tcp", "",
	 "tcp", NULL, false},
	{"RFC3261 19.1.3 telephone user with user=phone", "sip:+1-212-555-1212:1234@gateway.com;user=phone",
	 0, SIP_URI_SIP, "+1-212-555-1212", "1234", "gateway.com", SIP_HOST_NAME, 0, ";user=phone", "",
	 NULL, NULL, false},
	{"RFC3261 19.1.3 IPv4 and port", "sip:alice@192.0.2.4:5061", 0, SIP_URI_SIP, "alice", NULL,
	 "192.0.2.4", SIP_HOST_IPV4, 5061, "", "", NULL, NULL, false},
	{"RFC3261 19.1.3 no user, method param, headers", "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
	 0, SIP_URI_SIP, NULL, NULL, "atlanta.com", SIP_HOST_NAME, 0, ";method=REGISTER",
	 "to=alice%40atlanta.com", NULL, NULL, false},
	{"RFC3261 19.1.3 ';' in user part", "sip:alice;day=tuesday@atlanta.com", 0, SIP_URI_SIP,
	 "alice;day=tuesday", NULL, "atlanta.com", SIP_HOST_NAME, 0, "", "", NULL, NULL, false},
	{"RFC3261 19.1.1 lr and maddr", "SIP:p1.example.com;LR;maddr=239.255.255.1", 0, SIP_URI_SIP,
	 NULL, NULL, "p1.example.com", SIP_HOST_NAME, 0, ";LR;maddr=239.255.255.1", "", NULL,
	 "239.255.255.1", true},
	{"RFC5118 4.4 IPv6 with port", "sip:[2001:db8::10]:5070", 0, SIP_URI_SIP, NULL, NULL,
	 "2001:db8::10", SIP_HOST_IPV6, 5070, "", "", NULL, NULL, false},
	{"RFC5118 4.4 port-like IPv6 without port", "sip:[2001:db8::10:5070]", 0, SIP_URI_SIP, NULL,
	 NULL, "2001:db8::10:5070", SIP_HOST_IPV6, 0, "", "", NULL, NULL, false},
	{"RFC5118 4.6 IPv4-mapped", "sip:user@[::ffff:192.0.2.10];transport=udp", 0, SIP_URI_SIP,
	 "user", NULL, "::ffff:192.0.2.10", SIP_HOST_IPV6, 0, ";transport=udp", "", "udp", NULL, false},
	{"RFC3966 5.1.4 global number", "tel:+358-555-1234567;postd=pp22", 0, SIP_URI_TEL,
	 "+358-555-1234567", NULL, NULL, SIP_HOST_NONE, 0, ";postd=pp22", "", NULL, NULL, false},
	{"RFC3966 5.1.5 local number with context", "tel:7042;phone-context=example.com", 0,
	 SIP_URI_TEL, "7042", NULL, NULL, SIP_HOST_NONE, 0, ";phone-context=example.com", "", NULL,
	 NULL, false},
	{"RFC3261 8.2.1 http is unsupported", "http://www.example.com/", -EPROTONOSUPPORT,
	 SIP_URI_NONE, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, false},
	{"RFC3261 19.1.1 empty", "sip:", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, false},
	{"RFC3261 19.1.1 no scheme", "alice@atlanta.com", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL,
	 NULL, NULL, NULL, false},
	{"RFC3261 19.1.1 empty user", "sip:@atlanta.com", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL,
	 NULL, NULL, NULL, false},
	{"RFC3261 19.1.1 port too big", "sip:a@h:65536", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL,
	 NULL, NULL, NULL, false},
	{"RFC3261 19.1.1 empty port", "sip:a@h:", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL, NULL,
	 NULL, NULL, false},
	{"RFC3261 19.1.1 space in user", "sip:a b@h", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL, NULL,
	 NULL, NULL, false},
	{"RFC3261 19.1.2 bad escape", "sip:%4@h", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL, NULL,
	 NULL, NULL, false},
	{"RFC3261 25.1 IPv4 octet > 255", "sip:a@256.1.1.1", -EINVAL, 0, NULL, NULL, NULL, 0, 0,
	 NULL, NULL, NULL, NULL, false},
	{"RFC3261 25.1 hostname starting with '-'", "sip:a@-h.com", -EINVAL, 0, NULL, NULL, NULL, 0,
	 0, NULL, NULL, NULL, NULL, false},
	{"RFC5118 unterminated IPv6 reference", "sip:a@[2001:db8::1", -EINVAL, 0, NULL, NULL, NULL,
	 0, 0, NULL, NULL, NULL, NULL, false},
	{"RFC5118 IPv6 reference not an address", "sip:a@[2001:zz::1]", -EINVAL, 0, NULL, NULL, NULL,
	 0, 0, NULL, NULL, NULL, NULL, false},
	{"RFC5118 IPv6 without brackets", "sip:a@2001:db8::1", -EINVAL, 0, NULL, NULL, NULL, 0, 0,
	 NULL, NULL, NULL, NULL, false},
	{"RFC3966 empty number", "tel:;phone-context=x", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL,
	 NULL, NULL, NULL, false},
	{"RFC3966 letters in number", "tel:+12x4", -EINVAL, 0, NULL, NULL, NULL, 0, 0, NULL, NULL,
	 NULL, NULL, false},
};

static void test_uri(void **state)
{
	const struct uri_row *row = *state;
	struct sip_uri u;
	int ret = sip_uri_parse(&u, pl_make(row->in, strlen(row->in)));

	if (ret != row->ret)
		fail_msg("%s: ret %d want %d", row->in, ret, row->ret);
	if (ret)
		return;
	assert_int_equal(u.scheme, row->scheme);
	pl_is(&u.user, row->user);
	pl_is(&u.password, row->password);
	pl_is(&u.host, row->host);
	assert_int_equal(u.host_type, row->host_type);
	assert_int_equal(u.port, row->port);
	pl_is(&u.params, row->params);
	pl_is(&u.headers, row->headers);
	pl_is(&u.transport, row->transport);
	pl_is(&u.maddr, row->maddr);
	assert_int_equal(u.lr, row->lr);
}

/* --- name-addr ------------------------------------------------------------- */

struct addr_row {
	const char *name;
	const char *in;
	int ret;
	const char *dname, *uri, *params, *tag;
	bool quoted;
};

static const struct addr_row addr_rows[] = {
	{"RFC3261 20.20 name-addr", "Alice <sip:alice@atlanta.com>;tag=88sja8x", 0, "Alice",
	 "sip:alice@atlanta.com", ";tag=88sja8x", "88sja8x", false},
	{"RFC3261 20.20 several tokens", "Anonymous  Caller <sip:c8oqz84zk7z@privacy.org>", 0,
	 "Anonymous  Caller", "sip:c8oqz84zk7z@privacy.org", "", NULL, false},
	{"RFC3261 20.20 addr-spec with tag", "sip:+12125551212@server.phone2net.com;tag=887s", 0,
	 NULL, "sip:+12125551212@server.phone2net.com", ";tag=887s", "887s", false},
	{"RFC3261 20.39 quoted with escapes", "\"Bob \\\"B\\\"\"<sip:bob@b.com>;tag=1;x=\"a;b\"", 0,
	 "Bob \\\"B\\\"", "sip:bob@b.com", ";tag=1;x=\"a;b\"", "1", true},
	{"RFC3261 20.10 uri params inside <>", "<sip:a@b;transport=tcp>;expires=60", 0, NULL,
	 "sip:a@b;transport=tcp", ";expires=60", NULL, false},
	{"RFC3261 25.1 unterminated quote", "\"Bob <sip:bob@b.com>", -EINVAL, NULL, NULL, NULL, NULL,
	 false},
	{"RFC3261 25.1 missing >", "Bob <sip:bob@b.com;tag=1", -EINVAL, NULL, NULL, NULL, NULL, false},
	{"RFC3261 25.1 garbage after >", "<sip:bob@b.com> x", -EINVAL, NULL, NULL, NULL, NULL, false},
	{"RFC3261 25.1 quoted name without <>", "\"Bob\" sip:bob@b.com", -EINVAL, NULL, NULL, NULL,
	 NULL, false},
	{"RFC3261 19.3 empty tag", "<sip:bob@b.com>;tag=", -EINVAL, NULL, NULL, NULL, NULL, false},
	{"empty", "   ", -EINVAL, NULL, NULL, NULL, NULL, false},
};

static void test_addr(void **state)
{
	const struct addr_row *row = *state;
	struct sip_addr a;
	int ret = sip_addr_parse(&a, pl_make(row->in, strlen(row->in)));

	if (ret != row->ret)
		fail_msg("%s: ret %d want %d", row->in, ret, row->ret);
	if (ret)
		return;
	pl_is(&a.dname, row->dname);
	pl_is(&a.uri, row->uri);
	pl_is(&a.params, row->params);
	pl_is(&a.tag, row->tag);
	assert_int_equal(a.dname_quoted, row->quoted);
}

/* --- parameters and unescaping --------------------------------------------- */

struct param_row {
	const char *name;
	const char *params, *key;
	int ret;
	const char *val;
};

static const struct param_row param_rows[] = {
	{"RFC3261 20.42 branch among several", ";received=1.2.3.4;branch=z9hG4bK1;rport", "branch",
	 0, "z9hG4bK1"},
	{"RFC3261 7.3.1 names case-insensitive", ";Tag=abc", "tag", 0, "abc"},
	{"RFC3581 valueless param", ";rport;branch=x", "rport", 0, ""},
	{"RFC3261 25.1 LWS around '='", " ; lr ; ttl = 16 ", "ttl", 0, "16"},
	{"RFC3326 quoted value with ';'", ";text=\"a;cause=1\";cause=41", "cause", 0, "41"},
	{"RFC3326 quoted value kept quoted", ";text=\"a;b\"", "text", 0, "\"a;b\""},
	{"no leading ';'", "tag=1;lr", "tag", 0, "1"},
	{"absent", ";tagx=1;xtag=2", "tag", -ENOENT, NULL},
	{"empty", "", "tag", -ENOENT, NULL},
};

static void test_param(void **state)
{
	const struct param_row *row = *state;
	struct pl v = PL_INIT;

	assert_int_equal(sip_param_get(pl_make(row->params, strlen(row->params)), row->key, &v),
			 row->ret);
	if (!row->ret)
		pl_is(&v, row->val);
	assert_int_equal(sip_param_exists(pl_make(row->params, strlen(row->params)), row->key),
			 row->ret == 0);
}

struct unesc_row {
	const char *name;
	const char *in;
	bool qstr;
	size_t size;
	int ret;
	const char *out;
};

static const struct unesc_row unesc_rows[] = {
	{"RFC3261 19.1.2 %HH", "%61lice%2Bx", false, 32, 0, "alice+x"},
	{"RFC3261 19.1.2 truncated escape", "ab%6", false, 32, -EINVAL, ""},
	{"RFC3261 19.1.2 %00 refused", "a%00b", false, 32, -EINVAL, ""},
	{"buffer too small", "abcdef", false, 4, -ENOSPC, "abc"},
	{"RFC3261 25.1 quoted-pair", "\"a\\\"b\\\\c\"", true, 32, 0, "a\"b\\c"},
	{"RFC3261 25.1 contents only", "x\\y", true, 32, 0, "xy"},
	{"RFC3261 25.1 trailing backslash", "\"ab\\\"", true, 32, -EINVAL, ""},
	{"quoted too small", "\"abcdef\"", true, 3, -ENOSPC, "ab"},
};

static void test_unescape(void **state)
{
	const struct unesc_row *row = *state;
	struct pl in = pl_make(row->in, strlen(row->in));
	char buf[32];
	int ret;

	memset(buf, 'X', sizeof(buf));
	ret = row->qstr ? sip_qstr_unescape(&in, buf, row->size)
			: sip_uri_unescape(&in, buf, row->size);
	assert_int_equal(ret, row->ret);
	assert_non_null(memchr(buf, '\0', row->size));
	if (row->ret != -EINVAL)
		assert_string_equal(buf, row->out);
	if (row->size < sizeof(buf))
		assert_int_equal(buf[row->size], 'X');
}

/* --- header name mapping --------------------------------------------------- */

static void test_hdr_names(void **state)
{
	static const struct {
		const char *name;
		enum sip_hdr_id id;
	} tab[] = {
		{"i", SIP_HDR_CALL_ID},	     {"I", SIP_HDR_CALL_ID},	  {"m", SIP_HDR_CONTACT},
		{"f", SIP_HDR_FROM},	     {"t", SIP_HDR_TO},		  {"v", SIP_HDR_VIA},
		{"l", SIP_HDR_CONTENT_LENGTH}, {"c", SIP_HDR_CONTENT_TYPE}, {"k", SIP_HDR_SUPPORTED},
		{"s", SIP_HDR_SUBJECT},	     {"e", SIP_HDR_CONTENT_ENCODING}, {"o", SIP_HDR_EVENT},
		{"u", SIP_HDR_ALLOW_EVENTS}, {"r", SIP_HDR_REFER_TO},	  {"b", SIP_HDR_REFERRED_BY},
		{"x", SIP_HDR_SESSION_EXPIRES}, {"CALL-ID", SIP_HDR_CALL_ID}, {"cseq", SIP_HDR_CSEQ},
		{"Record-route", SIP_HDR_RECORD_ROUTE}, {"z", SIP_HDR_OTHER}, {"X-Foo", SIP_HDR_OTHER},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct pl n = pl_make(tab[i].name, strlen(tab[i].name));

		assert_int_equal(sip_hdr_id_of(&n), tab[i].id);
	}
	assert_string_equal(sip_hdr_name(SIP_HDR_CALL_ID), "Call-ID");
	assert_null(sip_hdr_name(SIP_HDR_OTHER));
	for (i = 1; i < SIP_HDR_NUM; i++) {
		const char *nm = sip_hdr_name((enum sip_hdr_id)i);
		struct pl n;

		assert_non_null(nm);
		n = pl_make(nm, strlen(nm));
		assert_int_equal(sip_hdr_id_of(&n), i);
	}
}

/* --- building -------------------------------------------------------------- */

static const char invite2[] =
	"INVITE sip:bob@example.com SIP/2.0" CRLF
	"Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2, SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1" CRLF
	"v: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKuac;received=192.0.2.9" CRLF MF
	"To: Bob" CRLF " <sip:bob@example.com>" CRLF FROM CALLID "CSeq: 314159 INVITE" CRLF
	"Timestamp: 54" CRLF "Content-Length: 0" CRLF CRLF;

static void test_build_response(void **state)
{
	static const char want[] =
		"SIP/2.0 486 Busy Here" CRLF
		"Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2" CRLF
		"Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1" CRLF
		"Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKuac;received=192.0.2.9" CRLF
		"From: Alice <sip:alice@example.com>;tag=1928301774" CRLF
		"To: Bob <sip:bob@example.com>;tag=xyz" CRLF
		"Call-ID: a84b4c76e66710@pc33.example.com" CRLF
		"CSeq: 314159 INVITE" CRLF
		"Reason: Q.850;cause=17" CRLF
		"Content-Length: 0" CRLF CRLF;
	struct sip_msg m, r;
	struct sip_buf b;
	char out[1024];

	(void)state;
	assert_int_equal(sip_msg_parse(&m, invite2, sizeof(invite2) - 1), 0);
	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_build_response(&b, &m, 486, NULL, "xyz", "Reason: Q.850;cause=17\r\n",
					    NULL, NULL), 0);
	assert_string_equal(out, want);
	assert_int_equal(b.len, strlen(want));
	assert_int_equal(sip_msg_parse(&r, out, b.len), 0);
	assert_int_equal(r.via_count, 3);
	pl_is(&r.to.tag, "xyz");
}

static void test_build_100_and_body(void **state)
{
	struct sip_msg m;
	struct sip_buf b;
	struct pl body = PL("v=0\r\n");
	char out[1024];

	(void)state;
	assert_int_equal(sip_msg_parse(&m, invite2, sizeof(invite2) - 1), 0);
	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_build_response(&b, &m, 100, NULL, "xyz", NULL, NULL, NULL), 0);
	assert_non_null(strstr(out, "SIP/2.0 100 Trying\r\n"));
	assert_non_null(strstr(out, "To: Bob <sip:bob@example.com>\r\n"));
	assert_non_null(strstr(out, "Timestamp: 54\r\n"));

	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_build_response(&b, &m, 200, "Fine", "t", NULL, "application/sdp", &body),
			 0);
	assert_non_null(strstr(out, "SIP/2.0 200 Fine\r\n"));
	assert_null(strstr(out, "Timestamp"));
	assert_non_null(strstr(out, "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n"));
	assert_int_equal(sip_build_response(&b, &m, 700, NULL, NULL, NULL, NULL, NULL), -EINVAL);
}

struct via_row {
	const char *name;
	const char *via;
	const char *src_ip;
	uint16_t src_port;
	const char *want;
};

static const struct via_row via_rows[] = {
	{"RFC3581 4 rport filled, received added", "SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKr",
	 "192.0.2.7", 1024, "Via: SIP/2.0/UDP 10.0.0.1:5060;rport=1024;branch=z9hG4bKr;received=192.0.2.7"},
	{"RFC3581 4 received even when sent-by matches", "SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKr;rport",
	 "192.0.2.7", 5070, "Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKr;rport=5070;received=192.0.2.7"},
	{"RFC3261 18.2.1 received when host differs", "SIP/2.0/UDP pc33.example.com;branch=z9hG4bKr",
	 "192.0.2.7", 5060, "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKr;received=192.0.2.7"},
	{"RFC3261 18.2.1 nothing when host matches", "SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKr",
	 "192.0.2.7", 5060, "Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKr"},
	{"RFC5118 IPv6 source", "SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKr;rport",
	 "2001:db8::7", 5062, "Via: SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKr;rport=5062;received=2001:db8::7"},
	{"RFC3581 rport with value kept", "SIP/2.0/UDP h;rport=9;received=192.0.2.1;branch=z9hG4bKr",
	 "192.0.2.7", 5062, "Via: SIP/2.0/UDP h;rport=9;received=192.0.2.1;branch=z9hG4bKr"},
	{"no source given: copied", "SIP/2.0/UDP h;rport;branch=z9hG4bKr", NULL, 0,
	 "Via: SIP/2.0/UDP h;rport;branch=z9hG4bKr"},
	{"folded top Via unfolded", "SIP/2.0/UDP h;rport\r\n ;branch=z9hG4bKr", "192.0.2.7", 7,
	 "Via: SIP/2.0/UDP h;rport=7 ;branch=z9hG4bKr;received=192.0.2.7"},
};

static void test_build_via(void **state)
{
	const struct via_row *row = *state;
	char req[512], out[1024];
	struct sip_msg m, r;
	struct sip_buf b;
	struct sip_resp rs = {.status = 200, .to_tag = "t", .src_ip = row->src_ip,
			      .src_port = row->src_port};
	const char *v;
	int n;

	n = snprintf(req, sizeof(req), "BYE sip:b@h SIP/2.0\r\nVia: %s\r\nVia: SIP/2.0/UDP second;branch=z9hG4bK2\r\n"
		     TO FROM CALLID "CSeq: 2 BYE\r\n\r\n", row->via);
	assert_int_equal(sip_msg_parse(&m, req, (size_t)n), 0);
	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_build_resp(&b, &m, &rs), 0);
	v = strstr(out, "\r\n") + 2;
	assert_int_equal(strncmp(v, row->want, strlen(row->want)), 0);
	assert_int_equal(strncmp(v + strlen(row->want), "\r\nVia: SIP/2.0/UDP second;",
				 strlen("\r\nVia: SIP/2.0/UDP second;")), 0);
	assert_int_equal(sip_msg_parse(&r, out, b.len), 0);
	assert_int_equal(r.via_count, 2);
}

static void test_build_overflow(void **state)
{
	struct sip_msg m;
	char full[1024], out[1100];
	struct sip_buf b;
	size_t size, need;

	(void)state;
	assert_int_equal(sip_msg_parse(&m, invite2, sizeof(invite2) - 1), 0);
	sip_buf_init(&b, full, sizeof(full));
	assert_int_equal(sip_build_response(&b, &m, 486, NULL, "xyz", "X: y\r\n", NULL, NULL), 0);
	need = b.len;

	/* every buffer size: never a byte past the end, success only when it fits */
	for (size = 0; size <= need + 2; size++) {
		memset(out, 0x5a, sizeof(out));
		sip_buf_init(&b, out, size);
		sip_build_response(&b, &m, 486, NULL, "xyz", "X: y\r\n", NULL, NULL);
		for (size_t i = size; i < sizeof(out); i++)
			assert_int_equal((unsigned char)out[i], 0x5a);
		if (size > need) {
			assert_int_equal(b.err, 0);
			assert_memory_equal(out, full, need + 1);
		} else {
			assert_int_equal(b.err, -ENOSPC);
			assert_true(b.len < size || size == 0);
			if (size)
				assert_int_equal(out[b.len], '\0');
		}
	}
}

static void test_buf_sticky(void **state)
{
	char out[8];
	struct sip_buf b;
	struct pl folded = PL("a\r\n\t b");

	(void)state;
	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_buf_printf(&b, "%s", "1234"), 0);
	assert_int_equal(sip_buf_printf(&b, "%s", "5678"), -ENOSPC);
	assert_int_equal(b.len, 4);
	assert_string_equal(out, "1234");
	assert_int_equal(sip_buf_puts(&b, "5"), -ENOSPC);
	assert_int_equal(b.len, 4);

	char big[32];

	sip_buf_init(&b, big, sizeof(big));
	assert_int_equal(sip_buf_hdr_pl(&b, "S", &folded), 0);
	assert_string_equal(big, "S: a b\r\n");
	sip_buf_init(&b, out, sizeof(out));
	assert_int_equal(sip_buf_hdr_pl(&b, "Subject", &folded), -ENOSPC);
	assert_int_equal(b.len, 0);
}

static void test_gen(void **state)
{
	char a[SIP_BRANCH_SIZE], c[SIP_BRANCH_SIZE], t[SIP_TAG_SIZE], id[64];

	(void)state;
	assert_int_equal(sip_gen_branch(a, sizeof(a)), 0);
	assert_int_equal(sip_gen_branch(c, sizeof(c)), 0);
	assert_int_equal(strncmp(a, SIP_BRANCH_MAGIC, 7), 0);
	assert_int_equal(strlen(a), SIP_BRANCH_SIZE - 1);
	assert_string_not_equal(a, c);
	assert_int_equal(sip_gen_branch(a, SIP_BRANCH_SIZE - 1), -ENOSPC);
	assert_int_equal(sip_gen_tag(t, sizeof(t)), 0);
	assert_int_equal(strlen(t), SIP_TAG_SIZE - 1);
	assert_int_equal(sip_gen_tag(t, 4), -ENOSPC);
	assert_int_equal(sip_gen_callid(id, sizeof(id), "gw.example.com"), 0);
	assert_int_equal(strlen(id), 32 + 1 + strlen("gw.example.com"));
	assert_non_null(strstr(id, "@gw.example.com"));
	assert_int_equal(sip_gen_callid(id, 40, "gw.example.com"), -ENOSPC);
	assert_int_equal(sip_gen_callid(id, 33, NULL), 0);
	assert_int_equal(strlen(id), 32);
	assert_int_equal(strcmp(sip_reason_phrase(481), "Call/Transaction Does Not Exist"), 0);
	assert_string_equal(sip_reason_phrase(299), "Unknown");
}

/* --- main ------------------------------------------------------------------ */

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ROWS(tab, fn, list, n)                                                                     \
	do {                                                                                       \
		for (size_t i_ = 0; i_ < N(tab); i_++)                                             \
			list[n++] = (struct CMUnitTest){tab[i_].name, fn, NULL, NULL,              \
							(void *)&tab[i_]};                         \
	} while (0)

static void make_toomany(void)
{
	size_t n = 0;
	int i;

	n += (size_t)snprintf(toomany + n, sizeof(toomany) - n,
			      "INVITE sip:bob@example.com SIP/2.0\r\n" HDRS("INVITE"));
	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(toomany + n, sizeof(toomany) - n, "X-H%d: %d\r\n", i, i);
	snprintf(toomany + n, sizeof(toomany) - n, "\r\n");
}

int main(void)
{
	static struct CMUnitTest parse_tests[2 * N(parse_rows)];
	static struct CMUnitTest misc_tests[N(uri_rows) + N(addr_rows) + N(param_rows) +
					    N(unesc_rows) + N(via_rows) + 16];
	static char resp_names[N(parse_rows)][160];
	size_t np = 0, nm = 0, i;
	int fails = 0;

	make_toomany();
	ROWS(parse_rows, test_parse, parse_tests, np);
	for (i = 0; i < N(parse_rows); i++) {
		snprintf(resp_names[i], sizeof(resp_names[i]), "respond to: %s", parse_rows[i].name);
		parse_tests[np++] = (struct CMUnitTest){resp_names[i], test_parse_then_respond,
							NULL, NULL, (void *)&parse_rows[i]};
	}
	ROWS(uri_rows, test_uri, misc_tests, nm);
	ROWS(addr_rows, test_addr, misc_tests, nm);
	ROWS(param_rows, test_param, misc_tests, nm);
	ROWS(unesc_rows, test_unescape, misc_tests, nm);
	ROWS(via_rows, test_build_via, misc_tests, nm);
	misc_tests[nm++] = (struct CMUnitTest)cmocka_unit_test(test_hdr_names);
	misc_tests[nm++] = (struct CMUnitTest)cmocka_unit_test(test_build_response);
	misc_tests[nm++] = (struct CMUnitTest)cmocka_unit_test(test_build_100_and_body);
	misc_tests[nm++] = (struct CMUnitTest)cmocka_unit_test(test_build_overflow);
	misc_tests[nm++] = (struct CMUnitTest)cmocka_unit_test(test_buf_sticky);
	misc_tests[nm++] = (struct CMUnitTest)cmocka_unit_test(test_gen);

	fails += _cmocka_run_group_tests("sip_msg_parse", parse_tests, np, NULL, NULL);
	fails += _cmocka_run_group_tests("sip_uri_addr_param_build", misc_tests, nm, NULL, NULL);
	return fails ? 1 : 0;
}
