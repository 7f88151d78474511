// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SIP UA's transactions and dialogs on a fake clock: every timer of
 * RFC 3261 section 17 (A, B, D, E, F, G, H, I, J, K) with its exact
 * retransmission times, and the dialog rules of section 12 (route set,
 * target refresh, CSeq, 481), re-INVITE and UPDATE offers, and max_cps.
 * Messages the UA sends are captured, not put on the wire; messages from
 * the peer are handed to the dispatcher as if they had arrived.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sip/sip_auth.h"
#include "sip/sip_build.h"
#include "sip/sip_msg.h"
#include "sip/sip_ua.h"
#include "sip/sip_ua_priv.h"

#define MAX_TX 128
#define NONE ((uint64_t)-1)

struct sent {
	char what[16]; /* method or status code */
	uint64_t at;
	char msg[SIP_MAX_MSG];
	size_t len;
	struct sockaddr_storage dst;
};

struct fix {
	uint64_t now;
	struct loop *loop;
	struct sip_ua *ua;
	struct sent tx[MAX_TX];
	int ntx;
	int events[16];
	uint64_t ev_at[16];
	int ev_status[16];
	int nev;
	uint64_t freed_at;
	int uas_status; /* what invite_h answers with; 0: leaves it pending */
	int offers;	/* offer_h calls */
	char last_offer[512];
	struct sip_leg *leg;
};

static struct fix *F;

static uint64_t fake_now(void *arg)
{
	return ((struct fix *)arg)->now;
}

static void tap(void *arg, const struct sockaddr_storage *dst, const char *buf, size_t len)
{
	struct fix *f = arg;
	struct sent *s;
	const char *sp;

	assert_true(f->ntx < MAX_TX);
	s = &f->tx[f->ntx++];
	s->at = f->now;
	s->dst = *dst;
	s->len = len < sizeof(s->msg) - 1 ? len : sizeof(s->msg) - 1;
	memcpy(s->msg, buf, s->len);
	s->msg[s->len] = '\0';
	if (!strncmp(buf, "SIP/2.0 ", 8))
		snprintf(s->what, sizeof(s->what), "%.3s", buf + 8);
	else if ((sp = strchr(buf, ' ')))
		snprintf(s->what, sizeof(s->what), "%.*s", (int)(sp - buf), buf);
}

static const char answer_sdp[] = "v=0\r\no=- 1 2 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\n"
				 "t=0 0\r\nm=audio 4000 RTP/AVP 8\r\na=recvonly\r\n";

static int invite_h(struct sip_leg *leg, const struct sip_invite_info *info, void *arg)
{
	F->leg = leg;
	sip_leg_set_user(leg, F);
	if (F->uas_status)
		sip_leg_respond(leg, F->uas_status, F->uas_status < 300 ? answer_sdp : NULL, 0);
	return 0;
}

static void leg_h(struct sip_leg *leg, enum sip_leg_ev ev, const struct sip_leg_ev_info *info,
		  void *arg)
{
	if (F->nev < 16) {
		F->events[F->nev] = (int)ev;
		F->ev_status[F->nev] = info->status;
		F->ev_at[F->nev++] = F->now;
	}
}

static int offer_h(struct sip_leg *leg, const struct pl *offer, char *answer, size_t size,
		   void *arg)
{
	F->offers++;
	pl_strcpy(offer, F->last_offer, sizeof(F->last_offer));
	if (strstr(F->last_offer, "m=video"))
		return 488;
	snprintf(answer, size, "%s", answer_sdp);
	return 0;
}

static const struct sip_ua_handlers handlers = {
	.invite_h = invite_h, .leg_h = leg_h, .offer_h = offer_h};

static void fix_setup(struct fix *f, unsigned t1, unsigned max_cps)
{
	struct sip_ua_conf c = {.t1_ms = t1, .max_cps = max_cps};
	struct sockaddr_in *s4 = (struct sockaddr_in *)&c.listen;

	memset(f, 0, sizeof(*f));
	F = f;
	f->now = 1000000; /* the epoch; times in the tables are relative to it */
	f->freed_at = NONE;
	s4->sin_family = AF_INET;
	s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	snprintf(c.user_agent, sizeof(c.user_agent), "test");
	assert_int_equal(loop_alloc(&f->loop), 0);
	loop_set_clock(f->loop, fake_now, f);
	assert_int_equal(sip_ua_alloc(&f->ua, f->loop, &c, &handlers, f), 0);
	f->ua->tx_tap = tap;
	f->ua->tx_tap_arg = f;
}

static void fix_teardown(struct fix *f)
{
	sip_ua_free(f->ua);
	loop_free(f->loop);
}

static uint64_t rel(const struct fix *f)
{
	return f->now - 1000000;
}

/* step the clock to relative time t, running each timer at its own time */
static void advance(struct fix *f, uint64_t t)
{
	uint64_t to = 1000000 + t, next;

	while ((next = loop_next_timer_ms(f->loop)) && next <= to) {
		if (next > f->now)
			f->now = next;
		loop_run_due(f->loop);
		if (!f->ua->legs && f->freed_at == NONE)
			f->freed_at = rel(f);
	}
	f->now = to;
}

static struct sockaddr_storage peer_addr(void)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(5999);
	s4->sin_addr.s_addr = htonl(0xc0000201); /* 192.0.2.1 */
	return ss;
}

static void inject(struct fix *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void inject(struct fix *f, const char *fmt, ...)
{
	static char buf[SIP_MAX_MSG];
	struct sockaddr_storage src = peer_addr();
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ua_dispatch(f->ua, buf, (size_t)n, &src);
	if (!f->ua->legs && f->freed_at == NONE)
		f->freed_at = rel(f);
}

/* the last message sent that is `what` */
static const struct sent *last_tx(const struct fix *f, const char *what)
{
	int i;

	for (i = f->ntx - 1; i >= 0; i--)
		if (!strcmp(f->tx[i].what, what))
			return &f->tx[i];
	return NULL;
}

/* our peer answers the last `method` we sent */
static void respond_to(struct fix *f, const char *method, int status, const char *extra,
		       const char *sdp)
{
	static struct sip_msg m;
	static char buf[SIP_MAX_MSG];
	const struct sent *s = last_tx(f, method);
	struct sip_buf b;
	struct pl body = pl_make(sdp ? sdp : "", sdp ? strlen(sdp) : 0);
	struct sockaddr_storage src = peer_addr();

	assert_non_null(s);
	assert_int_equal(sip_msg_parse(&m, s->msg, s->len), 0);
	sip_buf_init(&b, buf, sizeof(buf));
	assert_int_equal(sip_build_response(&b, &m, status, NULL, status > 100 ? "peer" : NULL,
					    extra, sdp ? "application/sdp" : NULL, &body),
			 0);
	ua_dispatch(f->ua, buf, b.len, &src);
	if (!f->ua->legs && f->freed_at == NONE)
		f->freed_at = rel(f);
}

static const char *offer_sdp = "v=0\r\no=- 5 5 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
			       "t=0 0\r\nm=audio 5000 RTP/AVP 8\r\n";

/* the peer's INVITE (outside a dialog) with CSeq cseq and branch b */
static void peer_invite(struct fix *f, const char *b, unsigned cseq, const char *extra)
{
	inject(f,
	       "INVITE sip:100@192.0.2.2 SIP/2.0\r\n"
	       "Via: SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bK%s\r\n"
	       "%s"
	       "Max-Forwards: 70\r\nFrom: <sip:555@192.0.2.1>;tag=ft\r\nTo: <sip:100@192.0.2.2>\r\n"
	       "Call-ID: c1@test\r\nCSeq: %u INVITE\r\nContact: <sip:555@192.0.2.1:5999>\r\n"
	       "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
	       b, extra ? extra : "", cseq, strlen(offer_sdp), offer_sdp);
}

/* a request of the peer's in the dialog of leg (To carries our tag) */
static void peer_request(struct fix *f, const char *method, const char *b, unsigned cseq,
			 const char *cseq_method, const char *extra, const char *body)
{
	const char *tag = f->ua->legs ? f->ua->legs->local_tag : "nosuchtag";

	inject(f,
	       "%s sip:prigate@192.0.2.2 SIP/2.0\r\n"
	       "Via: SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bK%s\r\n"
	       "Max-Forwards: 70\r\nFrom: <sip:555@192.0.2.1>;tag=ft\r\n"
	       "To: <sip:100@192.0.2.2>;tag=%s\r\n"
	       "Call-ID: c1@test\r\nCSeq: %u %s\r\n%s"
	       "%sContent-Length: %zu\r\n\r\n%s",
	       method, b, tag, cseq, cseq_method, extra ? extra : "",
	       body ? "Content-Type: application/sdp\r\n" : "", body ? strlen(body) : 0,
	       body ? body : "");
}

static void uac_invite(struct fix *f)
{
	struct sockaddr_storage dst = peer_addr();
	struct sip_leg *leg;

	assert_int_equal(sip_leg_invite(&leg, f->ua, &dst, "5551234", "100", offer_sdp, f), 0);
	f->leg = leg;
}

/* --- timers: one row per RFC 3261 timer path -------------------------------- */

enum op {
	OP_END,
	OP_UAC_INVITE, /* sip_leg_invite */
	OP_RESP,       /* peer responds `arg` to the last `what` we sent */
	OP_HANGUP,     /* sip_leg_hangup */
	OP_PEER_INVITE,
	OP_PEER_ACK, /* ACK for the INVITE (CSeq 1) */
	OP_PEER_BYE, /* out of dialog when no leg exists */
	OP_PEER_OPTIONS,
};

struct step {
	uint64_t at;
	enum op op;
	int arg;
	const char *what;
};

struct tsx_row {
	const char *name;
	unsigned t1;	/* 0: 500 */
	int uas_status; /* invite_h's answer */
	struct step steps[8];
	const char *watch;  /* the message whose send times are checked */
	uint64_t times[16]; /* ... exactly these (relative ms), NONE-terminated */
	int ev;		    /* expected event, -1 none */
	int ev_status;
	uint64_t ev_at;
	uint64_t freed_at; /* the leg is freed at this time (NONE: still there) */
	uint64_t until;	   /* run the clock to here */
	int retrans;	   /* retransmitted requests absorbed; 0: not checked */
};

// clang-format off
/* one row per timer path; kept as the table it is */
#define T(...) {__VA_ARGS__, NONE}

static const struct tsx_row tsx_rows[] = {
	{"17.1.1.2 timer A doubles from T1, timer B ends the INVITE at 64*T1", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}},
	 "INVITE", T(0, 500, 1500, 3500, 7500, 15500, 31500),
	 SIP_LEG_FAILED, 408, 32000, 32000, 40000, 0},
	{"17.1.1.2 timers A and B follow t1_ms = 100", 100, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}},
	 "INVITE", T(0, 100, 300, 700, 1500, 3100, 6300),
	 SIP_LEG_FAILED, 408, 6400, 6400, 10000, 0},
	{"17.1.1.2 a provisional stops timer A", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {700, OP_RESP, 180, "INVITE"}},
	 "INVITE", T(0, 500), SIP_LEG_PROGRESS, 180, 700, NONE, 60000, 0},
	{"17.1.1.2 timer D: a retransmitted 486 is ACKed again, the leg ends at 32 s", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {100, OP_RESP, 486, "INVITE"},
	  {20000, OP_RESP, 486, "INVITE"}},
	 "ACK", T(100, 20000), SIP_LEG_FAILED, 486, 100, 32100, 40000, 0},
	{"17.1.2.2 timer E doubles to T2 for BYE, timer F gives up at 64*T1", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {10, OP_RESP, 200, "INVITE"}, {1000, OP_HANGUP, 16, NULL}},
	 "BYE", T(1000, 1500, 2500, 4500, 8500, 12500, 16500, 20500, 24500, 28500, 32500),
	 SIP_LEG_ANSWERED, 200, 10, 33000, 40000, 0},
	{"17.1.2.2 timer K: T4 after the 200 to BYE", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {10, OP_RESP, 200, "INVITE"}, {1000, OP_HANGUP, 16, NULL},
	  {1700, OP_RESP, 200, "BYE"}},
	 "BYE", T(1000, 1500), SIP_LEG_ANSWERED, 200, 10, 6700, 40000, 0},
	{"13.2.2.4 a retransmitted 2xx gets the same ACK again", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {10, OP_RESP, 200, "INVITE"}, {510, OP_RESP, 200, "INVITE"}},
	 "ACK", T(10, 510), SIP_LEG_ANSWERED, 200, 10, NONE, 40000, 0},
	{"9.1 CANCEL after a provisional; E for CANCEL; 487 is ACKed", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {100, OP_RESP, 180, "INVITE"}, {1000, OP_HANGUP, 16, NULL},
	  {2600, OP_RESP, 200, "CANCEL"}, {2700, OP_RESP, 487, "INVITE"}},
	 "CANCEL", T(1000, 1500, 2500), SIP_LEG_PROGRESS, 180, 100, 2700 + 32000, 40000, 0},
	{"9.1 no final response 64*T1 after CANCEL: the INVITE is given up", 0, 0,
	 {{0, OP_UAC_INVITE, 0, NULL}, {100, OP_RESP, 180, "INVITE"}, {1000, OP_HANGUP, 16, NULL},
	  {1100, OP_RESP, 200, "CANCEL"}},
	 "CANCEL", T(1000), SIP_LEG_PROGRESS, 180, 100, 33000, 40000, 0},
	{"17.2.1 timer G doubles to T2 for a 486, timer H gives up at 64*T1", 0, 486,
	 {{0, OP_PEER_INVITE, 0, NULL}},
	 "486", T(0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500),
	 -1, 0, 0, 32000, 40000, 0},
	{"17.2.1 timer I: the ACK stops G, the leg absorbs ACKs for T4", 0, 486,
	 {{0, OP_PEER_INVITE, 0, NULL}, {700, OP_PEER_ACK, 0, NULL}},
	 "486", T(0, 500), -1, 0, 0, 5700, 40000, 0},
	{"13.3.1.4 the 2xx is retransmitted until the ACK", 0, 200,
	 {{0, OP_PEER_INVITE, 0, NULL}, {2000, OP_PEER_ACK, 0, NULL}},
	 "200", T(0, 500, 1500), SIP_LEG_ACKED, 0, 2000, NONE, 40000, 0},
	{"13.3.1.4 no ACK for the 2xx in 64*T1: timeout, BYE", 0, 200,
	 {{0, OP_PEER_INVITE, 0, NULL}},
	 "200", T(0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500),
	 SIP_LEG_TIMEOUT, 0, 32000, NONE, 32000, 0},
	{"17.2.1 a retransmitted INVITE gets the last response again", 0, 0,
	 {{0, OP_PEER_INVITE, 0, NULL}, {300, OP_PEER_INVITE, 0, NULL}},
	 "100", T(0, 300), -1, 0, 0, NONE, 40000, 1},
	{"17.2.2 timer J: a retransmitted BYE gets the cached 481 until 64*T1", 0, 0,
	 {{0, OP_PEER_BYE, 1, NULL}, {20000, OP_PEER_BYE, 1, NULL}, {34000, OP_PEER_BYE, 1, NULL}},
	 "481", T(0, 20000, 34000), -1, 0, 0, 0, 40000, 1},
};

// clang-format on

static void run_tsx_row(const struct tsx_row *r)
{
	struct fix *f = calloc(1, sizeof(*f));
	const struct step *s;
	int i, n = 0;

	fix_setup(f, r->t1, 0);
	f->uas_status = r->uas_status;
	for (s = r->steps; s < r->steps + 8 && (s == r->steps || s->op != OP_END); s++) {
		advance(f, s->at);
		switch (s->op) {
		case OP_UAC_INVITE:
			uac_invite(f);
			break;
		case OP_RESP:
			respond_to(f, s->what, s->arg, "Contact: <sip:5551234@192.0.2.1:5999>\r\n",
				   s->arg >= 200 && s->arg < 300 && !strcmp(s->what, "INVITE")
					   ? answer_sdp
					   : NULL);
			break;
		case OP_HANGUP:
			sip_leg_hangup(f->leg, s->arg, 0);
			break;
		case OP_PEER_INVITE:
			peer_invite(f, "inv1", 1, NULL);
			break;
		case OP_PEER_ACK:
			peer_request(f, "ACK", "ack1", 1, "ACK", NULL, NULL);
			break;
		case OP_PEER_BYE:
			peer_request(f, "BYE", "bye1", 2, "BYE", NULL, NULL);
			break;
		case OP_PEER_OPTIONS:
		case OP_END:
			break;
		}
	}
	advance(f, r->until);
	for (i = 0; i < f->ntx; i++) {
		if (strcmp(f->tx[i].what, r->watch))
			continue;
		if (r->times[n] == NONE)
			fail_msg("%s: extra %s at %llu", r->name, r->watch,
				 (unsigned long long)(f->tx[i].at - 1000000));
		if (f->tx[i].at - 1000000 != r->times[n])
			fail_msg("%s: %s #%d at %llu, expected %llu", r->name, r->watch, n,
				 (unsigned long long)(f->tx[i].at - 1000000),
				 (unsigned long long)r->times[n]);
		n++;
	}
	if (r->times[n] != NONE)
		fail_msg("%s: %s sent %d times, expected more", r->name, r->watch, n);
	if (r->ev >= 0) {
		for (i = 0; i < f->nev; i++)
			if (f->events[i] == r->ev)
				break;
		if (i == f->nev)
			fail_msg("%s: event %d not seen", r->name, r->ev);
		if (f->ev_status[i] != r->ev_status || f->ev_at[i] - 1000000 != r->ev_at)
			fail_msg("%s: event %d status %d at %llu", r->name, r->ev, f->ev_status[i],
				 (unsigned long long)(f->ev_at[i] - 1000000));
	}
	if (r->ev == SIP_LEG_TIMEOUT && !last_tx(f, "BYE"))
		fail_msg("%s: no BYE after timer H", r->name);
	if (r->retrans && f->ua->st.rx_retrans != (uint64_t)r->retrans)
		fail_msg("%s: %llu retransmissions absorbed, expected %d", r->name,
			 (unsigned long long)f->ua->st.rx_retrans, r->retrans);
	if (f->freed_at != r->freed_at)
		fail_msg("%s: leg freed at %lld, expected %lld", r->name, (long long)f->freed_at,
			 (long long)r->freed_at);
	fix_teardown(f);
	free(f);
}

static void test_timers(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(tsx_rows) / sizeof(tsx_rows[0]); i++) {
		print_message("[ row      ] %s\n", tsx_rows[i].name);
		run_tsx_row(&tsx_rows[i]);
	}
}

/* --- dialogs ------------------------------------------------------------------ */

static bool has(const struct sent *s, const char *text)
{
	return s && strstr(s->msg, text);
}

static uint16_t dst_port(const struct sent *s)
{
	return ntohs(((const struct sockaddr_in *)&s->dst)->sin_port);
}

/* 12.2.2: a request for a dialog we do not have */
static void test_481_unknown_dialog(void **state)
{
	static struct fix f;
	const char *methods[] = {"BYE", "INFO", "OPTIONS", "UPDATE", "INVITE"};
	size_t i;

	fix_setup(&f, 0, 0);
	for (i = 0; i < 5; i++) {
		char b[16];

		snprintf(b, sizeof(b), "x%zu", i);
		peer_request(&f, methods[i], b, 7, methods[i], NULL, NULL);
		assert_string_equal(f.tx[f.ntx - 1].what, "481");
	}
	fix_teardown(&f);
}

/* an established UAS dialog: INVITE, 200, ACK */
static void uas_dialog(struct fix *f, const char *extra)
{
	f->uas_status = 200;
	peer_invite(f, "inv1", 10, extra);
	peer_request(f, "ACK", "ack1", 10, "ACK", NULL, NULL);
	assert_int_equal(f->events[f->nev - 1], SIP_LEG_ACKED);
}

static void test_cseq_order(void **state)
{
	static struct fix f;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, NULL);
	peer_request(&f, "INFO", "i1", 11, "INFO", NULL, NULL);
	assert_string_equal(f.tx[f.ntx - 1].what, "200");
	peer_request(&f, "OPTIONS", "o1", 9, "OPTIONS", NULL, NULL);
	assert_string_equal(f.tx[f.ntx - 1].what, "500");
	peer_request(&f, "OPTIONS", "o2", 12, "OPTIONS", NULL, NULL);
	assert_string_equal(f.tx[f.ntx - 1].what, "200");
	assert_true(
		has(&f.tx[f.ntx - 1], "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE"));
	fix_teardown(&f);
}

/* 12.1.1: Record-Route echoed in the 2xx, our BYE routed through the set in order */
static void test_uas_route_set(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, "Record-Route: <sip:192.0.2.50:5070;lr>, <sip:192.0.2.51;lr>\r\n");
	s = last_tx(&f, "200");
	assert_true(has(s, "Record-Route: <sip:192.0.2.50:5070;lr>\r\n"
			   "Record-Route: <sip:192.0.2.51;lr>\r\n"));
	sip_leg_hangup(f.leg, 16, 0);
	s = last_tx(&f, "BYE");
	assert_true(has(s, "BYE sip:555@192.0.2.1:5999 SIP/2.0\r\n"));
	assert_true(has(s, "Route: <sip:192.0.2.50:5070;lr>\r\nRoute: <sip:192.0.2.51;lr>\r\n"));
	assert_int_equal(dst_port(s), 5070);
	assert_true(has(s, "CSeq: 2 BYE"));
	fix_teardown(&f);
}

/* 12.1.2: the UAC takes the 2xx's Record-Route reversed; the ACK follows it */
static void test_uac_route_set(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	uac_invite(&f);
	respond_to(&f, "INVITE", 200,
		   "Record-Route: <sip:192.0.2.60;lr>\r\nRecord-Route: <sip:192.0.2.61:5071;lr>\r\n"
		   "Contact: <sip:5551234@192.0.2.7:6000>\r\n",
		   answer_sdp);
	s = last_tx(&f, "ACK");
	assert_true(has(s, "ACK sip:5551234@192.0.2.7:6000 SIP/2.0\r\n"));
	assert_true(has(s, "Route: <sip:192.0.2.61:5071;lr>\r\nRoute: <sip:192.0.2.60;lr>\r\n"));
	assert_int_equal(dst_port(s), 5071);
	fix_teardown(&f);
}

/* without a route set, in-dialog requests go to the remote target (Contact) */
static void test_target_refresh(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, NULL);
	/* 14.2 re-INVITE with a new Contact: hold */
	peer_request(&f, "INVITE", "re1", 11, "INVITE", "Contact: <sip:555@192.0.2.1:7000>\r\n",
		     "v=0\r\no=- 5 6 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
		     "m=audio 5000 RTP/AVP 8\r\na=sendonly\r\n");
	assert_int_equal(f.offers, 1);
	assert_non_null(strstr(f.last_offer, "a=sendonly"));
	s = last_tx(&f, "200");
	assert_true(has(s, "CSeq: 11 INVITE"));
	assert_true(has(s, "a=recvonly"));
	/* the 200 to the re-INVITE is retransmitted until its ACK */
	advance(&f, 500);
	assert_true(has(last_tx(&f, "200"), "CSeq: 11 INVITE"));
	assert_int_equal(last_tx(&f, "200")->at - 1000000, 500);
	peer_request(&f, "ACK", "ack2", 11, "ACK", NULL, NULL);
	advance(&f, 5000);
	assert_int_equal(last_tx(&f, "200")->at - 1000000, 500);
	sip_leg_hangup(f.leg, 16, 0);
	s = last_tx(&f, "BYE");
	assert_true(has(s, "BYE sip:555@192.0.2.1:7000 SIP/2.0\r\n"));
	assert_int_equal(dst_port(s), 7000);
	fix_teardown(&f);
}

/* a refused re-INVITE keeps the dialog; its ACK does not end it */
static void test_reinvite_refused(void **state)
{
	static struct fix f;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, NULL);
	peer_request(&f, "INVITE", "re1", 11, "INVITE", NULL,
		     "v=0\r\no=- 5 6 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
		     "m=video 5000 RTP/AVP 31\r\n");
	assert_string_equal(f.tx[f.ntx - 1].what, "488");
	peer_request(&f, "ACK", "re1", 11, "ACK", NULL, NULL);
	advance(&f, 40000);
	assert_non_null(f.ua->legs);
	assert_int_equal(f.ua->legs->state, LEG_CONFIRMED);
	peer_request(&f, "BYE", "b1", 12, "BYE", NULL, NULL);
	assert_string_equal(f.tx[f.ntx - 1].what, "200");
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_BYE);
	fix_teardown(&f);
}

/* RFC 3311: UPDATE with an offer is answered in its 200; without, a plain 200 */
static void test_update(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, NULL);
	peer_request(&f, "UPDATE", "u1", 11, "UPDATE", NULL,
		     "v=0\r\no=- 5 6 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
		     "m=audio 5000 RTP/AVP 8\r\na=inactive\r\n");
	s = &f.tx[f.ntx - 1];
	assert_string_equal(s->what, "200");
	assert_true(has(s, "CSeq: 11 UPDATE"));
	assert_true(has(s, "Content-Type: application/sdp"));
	assert_int_equal(f.offers, 1);
	peer_request(&f, "UPDATE", "u2", 12, "UPDATE", NULL, NULL);
	s = &f.tx[f.ntx - 1];
	assert_string_equal(s->what, "200");
	assert_true(has(s, "Content-Length: 0"));
	assert_int_equal(f.offers, 1);
	fix_teardown(&f);
}

/* 21.5.4: more new INVITEs in a second than max_cps get 503 with Retry-After */
static void test_max_cps(void **state)
{
	static struct fix f;
	char b[16];
	int i, rejected = 0;

	fix_setup(&f, 0, 2);
	f.uas_status = 486;
	for (i = 0; i < 3; i++) {
		snprintf(b, sizeof(b), "m%d", i);
		inject(&f,
		       "INVITE sip:100@192.0.2.2 SIP/2.0\r\n"
		       "Via: SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bK%s\r\n"
		       "Max-Forwards: 70\r\nFrom: <sip:555@192.0.2.1>;tag=f%d\r\n"
		       "To: <sip:100@192.0.2.2>\r\nCall-ID: cps%d@test\r\nCSeq: 1 INVITE\r\n"
		       "Content-Length: 0\r\n\r\n",
		       b, i, i);
	}
	for (i = 0; i < f.ntx; i++)
		if (!strcmp(f.tx[i].what, "503")) {
			rejected++;
			assert_true(has(&f.tx[i], "Retry-After: 1\r\n"));
			assert_true(has(&f.tx[i], "Call-ID: cps2@test"));
		}
	assert_int_equal(rejected, 1);
	assert_int_equal(f.ua->st.rx_overload, 1);
	advance(&f, 1000);
	inject(&f, "INVITE sip:100@192.0.2.2 SIP/2.0\r\n"
		   "Via: SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKm9\r\n"
		   "Max-Forwards: 70\r\nFrom: <sip:555@192.0.2.1>;tag=f9\r\n"
		   "To: <sip:100@192.0.2.2>\r\nCall-ID: cps9@test\r\nCSeq: 1 INVITE\r\n"
		   "Content-Length: 0\r\n\r\n");
	assert_string_equal(f.tx[f.ntx - 1].what, "486");
	fix_teardown(&f);
}

/* --- trunks: registration with digest, refresh, backoff; OPTIONS keepalive ------ */

static void trunk_conf(struct sip_trunk_conf *tc, bool reg, unsigned keepalive)
{
	memset(tc, 0, sizeof(*tc));
	snprintf(tc->name, sizeof(tc->name), "itsp");
	tc->addr = peer_addr();
	snprintf(tc->username, sizeof(tc->username), "alice");
	snprintf(tc->password, sizeof(tc->password), "s3cret-pw");
	tc->reg = reg;
	tc->expires = 600;
	tc->keepalive_s = keepalive;
}

static int count(const struct fix *f, const char *what)
{
	int i, n = 0;

	for (i = 0; i < f->ntx; i++)
		n += !strcmp(f->tx[i].what, what);
	return n;
}

/* the digest in an Authorization header is right for what was sent */
static void check_digest(const struct sent *s, const char *method, const char *hdr,
			 enum sip_digest_alg alg)
{
	char user[64], realm[64], nonce[64], uri[128], resp[80], nc[16], cnonce[40], want[80];
	const char *a = strstr(s->msg, hdr);

	assert_non_null(a);
	assert_int_equal(
		sscanf(a + strlen(hdr),
		       ": Digest username=\"%63[^\"]\", realm=\"%63[^\"]\", nonce=\"%63[^\"]\", "
		       "uri=\"%127[^\"]\", response=\"%79[^\"]\"",
		       user, realm, nonce, uri, resp),
		5);
	assert_int_equal(sscanf(strstr(a, "nc="), "nc=%15[^,], cnonce=\"%39[^\"]\"", nc, cnonce),
			 2);
	sip_digest_response(want, alg, user, realm, "s3cret-pw", method, uri, nonce, "auth", nc,
			    cnonce);
	assert_string_equal(resp, want);
	assert_null(strstr(s->msg, "s3cret-pw"));
}

/* RFC 3261 10.2 with 22.2: challenged REGISTER, refresh before expiry, backoff */
static void test_register(void **state)
{
	static struct fix f;
	struct sip_trunk_conf tc;
	struct sip_trunk_info ti;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	trunk_conf(&tc, true, 0);
	assert_int_equal(sip_ua_trunk_set(f.ua, &tc), 0);
	advance(&f, 0);
	s = last_tx(&f, "REGISTER");
	assert_non_null(s);
	assert_true(has(s, "REGISTER sip:192.0.2.1:5999 SIP/2.0\r\n"));
	assert_true(has(s, "Expires: 600\r\n"));
	assert_null(strstr(s->msg, "Authorization"));
	assert_false(sip_ua_trunk_up(f.ua, "itsp"));
	respond_to(&f, "REGISTER", 401,
		   "WWW-Authenticate: Digest realm=\"example.net\", nonce=\"abc123\", "
		   "qop=\"auth\", algorithm=SHA-256\r\n",
		   NULL);
	s = last_tx(&f, "REGISTER");
	assert_int_equal(count(&f, "REGISTER"), 2);
	assert_true(has(s, "CSeq: 2 REGISTER"));
	assert_true(has(s, "nc=00000001"));
	check_digest(s, "REGISTER", "Authorization", SIP_DIGEST_SHA256);
	respond_to(&f, "REGISTER", 200, "Contact: <sip:alice@127.0.0.1:0>;expires=300\r\n", NULL);
	assert_true(sip_ua_trunk_up(f.ua, "itsp"));
	assert_int_equal(sip_ua_trunk_info(f.ua, 0, &ti), 0);
	assert_string_equal(ti.state, "registered");
	assert_int_equal(ti.expires_s, 300);
	assert_int_equal(ti.next_s, 240);
	/* refreshed 60 s before the granted 300 s run out, credentials sent at once */
	advance(&f, 239999);
	assert_int_equal(count(&f, "REGISTER"), 2);
	advance(&f, 240000);
	s = last_tx(&f, "REGISTER");
	assert_int_equal(count(&f, "REGISTER"), 3);
	assert_true(has(s, "CSeq: 3 REGISTER"));
	assert_true(has(s, "nc=00000002"));
	check_digest(s, "REGISTER", "Authorization", SIP_DIGEST_SHA256);
	/* refused: failed, down for routing, retried after 30 s */
	respond_to(&f, "REGISTER", 403, NULL, NULL);
	assert_false(sip_ua_trunk_up(f.ua, "itsp"));
	assert_int_equal(sip_ua_trunk_info(f.ua, 0, &ti), 0);
	assert_string_equal(ti.state, "failed");
	assert_int_equal(ti.last_status, 403);
	advance(&f, 270000);
	assert_int_equal(count(&f, "REGISTER"), 4);
	/* unanswered (timer F) : the backoff doubles to 60 s */
	advance(&f, 302000);
	assert_int_equal(sip_ua_trunk_info(f.ua, 0, &ti), 0);
	assert_int_equal(ti.last_status, 408);
	assert_int_equal(ti.failures, 2);
	assert_int_equal(ti.next_s, 60);
	fix_teardown(&f);
}

/* the same nonce refused twice means wrong credentials: no loop */
static void test_register_bad_password(void **state)
{
	static struct fix f;
	struct sip_trunk_conf tc;

	fix_setup(&f, 0, 0);
	trunk_conf(&tc, true, 0);
	sip_ua_trunk_set(f.ua, &tc);
	advance(&f, 0);
	respond_to(&f, "REGISTER", 401, "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\n",
		   NULL);
	respond_to(&f, "REGISTER", 401, "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\n",
		   NULL);
	assert_int_equal(count(&f, "REGISTER"), 2);
	assert_false(sip_ua_trunk_up(f.ua, "itsp"));
	fix_teardown(&f);
}

/* RFC 3261 11: OPTIONS keepalive marks a static trunk down and up again */
static void test_keepalive(void **state)
{
	static struct fix f;
	struct sip_trunk_conf tc;

	fix_setup(&f, 0, 0);
	trunk_conf(&tc, false, 10);
	sip_ua_trunk_set(f.ua, &tc);
	advance(&f, 0);
	assert_int_equal(count(&f, "OPTIONS"), 1);
	assert_true(sip_ua_trunk_up(f.ua, "itsp"));
	advance(&f, 31999);
	assert_true(sip_ua_trunk_up(f.ua, "itsp"));
	advance(&f, 32000); /* timer F */
	assert_false(sip_ua_trunk_up(f.ua, "itsp"));
	advance(&f, 42000);
	respond_to(&f, "OPTIONS", 200, NULL, NULL);
	assert_true(sip_ua_trunk_up(f.ua, "itsp"));
	advance(&f, 52000);
	respond_to(&f, "OPTIONS", 404, NULL, NULL); /* any answer: it is there */
	assert_true(sip_ua_trunk_up(f.ua, "itsp"));
	assert_true(sip_ua_trunk_up(f.ua, "no-such-trunk"));
	fix_teardown(&f);
}

/* RFC 3261 22.2: 407 to an INVITE -> ACK, INVITE again with credentials, once */
static void test_invite_auth(void **state)
{
	static struct fix f;
	struct sip_trunk_conf tc;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	trunk_conf(&tc, false, 0);
	sip_ua_trunk_set(f.ua, &tc);
	uac_invite(&f);
	respond_to(&f, "INVITE", 407,
		   "Proxy-Authenticate: Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"\r\n", NULL);
	assert_int_equal(count(&f, "ACK"), 1);
	assert_int_equal(count(&f, "INVITE"), 2);
	s = last_tx(&f, "INVITE");
	assert_true(has(s, "CSeq: 2 INVITE"));
	assert_true(has(s, "INVITE sip:5551234@192.0.2.1:5999 SIP/2.0"));
	check_digest(s, "INVITE", "Proxy-Authorization", SIP_DIGEST_MD5);
	assert_int_equal(f.nev, 0);
	respond_to(&f, "INVITE", 407,
		   "Proxy-Authenticate: Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"\r\n", NULL);
	assert_int_equal(count(&f, "INVITE"), 2);
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_FAILED);
	assert_int_equal(f.ev_status[f.nev - 1], 407);
	fix_teardown(&f);
}

/* RFC 4028: the UAC refreshes; we answer with refresher=uac and BYE a stale session */
static void test_session_timer(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, "Session-Expires: 120;refresher=uac\r\nSupported: timer, 100rel\r\n");
	s = last_tx(&f, "200");
	assert_true(has(s, "Session-Expires: 120;refresher=uac\r\nRequire: timer\r\n"));
	/* refreshed by a re-INVITE at 60 s: the BYE moves from 88 s to 148 s */
	advance(&f, 60000);
	peer_request(&f, "INVITE", "re1", 11, "INVITE",
		     "Session-Expires: 120;refresher=uac\r\nSupported: timer\r\n", offer_sdp);
	assert_true(has(last_tx(&f, "200"), "Session-Expires: 120;refresher=uac"));
	peer_request(&f, "ACK", "ack2", 11, "ACK", NULL, NULL);
	advance(&f, 100000);
	assert_null(last_tx(&f, "BYE"));
	/* an UPDATE without a body refreshes too: now due at 100 + 88 s */
	peer_request(&f, "UPDATE", "u1", 12, "UPDATE",
		     "Session-Expires: 120;refresher=uac\r\nSupported: timer\r\n", NULL);
	assert_true(has(&f.tx[f.ntx - 1], "Session-Expires: 120;refresher=uac"));
	advance(&f, 187999);
	assert_null(last_tx(&f, "BYE"));
	advance(&f, 188000);
	s = last_tx(&f, "BYE");
	assert_non_null(s);
	assert_true(has(s, "Reason: Q.850;cause=102"));
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_TIMEOUT);
	fix_teardown(&f);
}

/* RFC 4028 6: an interval below Min-SE gets 422 with our Min-SE */
static void test_session_timer_too_small(void **state)
{
	static struct fix f;

	fix_setup(&f, 0, 0);
	f.uas_status = 200;
	peer_invite(&f, "inv1", 1, "Session-Expires: 30\r\nSupported: timer\r\n");
	assert_string_equal(f.tx[f.ntx - 1].what, "422");
	assert_true(has(&f.tx[f.ntx - 1], "Min-SE: 90\r\n"));
	assert_null(f.leg);
	fix_teardown(&f);
}


/*
 * RFC 4028 as UAC: our INVITE asks for [sip] session_expires; a 2xx that
 * makes us the refresher gets an UPDATE at half the interval, each 2xx to
 * it re-arms; an unanswered refresh (timer F) ends the call with cause 102.
 */
static void test_session_timer_uac_refresher(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	f.ua->conf.session_expires = 120;
	uac_invite(&f);
	s = last_tx(&f, "INVITE");
	assert_true(has(s, "Supported: 100rel, timer\r\n"));
	assert_true(has(s, "Session-Expires: 120\r\nMin-SE: 90\r\n"));
	respond_to(&f, "INVITE", 200,
		   "Session-Expires: 120;refresher=uac\r\nRequire: timer\r\n"
		   "Allow: INVITE, ACK, BYE, UPDATE\r\n",
		   answer_sdp);
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_ANSWERED);
	advance(&f, 59999);
	assert_null(last_tx(&f, "UPDATE"));
	advance(&f, 60000);
	s = last_tx(&f, "UPDATE");
	assert_non_null(s);
	assert_true(has(s, "Session-Expires: 120;refresher=uac\r\nSupported: timer\r\n"));
	assert_true(has(s, "CSeq: 2 UPDATE"));
	assert_true(has(s, "Content-Length: 0"));
	respond_to(&f, "UPDATE", 200, "Session-Expires: 120;refresher=uac\r\n", NULL);
	advance(&f, 119999);
	assert_int_equal(count(&f, "UPDATE"), 1);
	advance(&f, 120000);
	assert_int_equal(count(&f, "UPDATE"), 2);
	assert_true(has(last_tx(&f, "UPDATE"), "CSeq: 3 UPDATE"));
	/* unanswered: retransmitted, then timer F (32 s) ends the session */
	advance(&f, 151999);
	assert_null(last_tx(&f, "BYE"));
	advance(&f, 152000);
	s = last_tx(&f, "BYE");
	assert_non_null(s);
	assert_true(has(s, "Reason: Q.850;cause=102"));
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_TIMEOUT);
	fix_teardown(&f);
}

/* RFC 4028 7.4: a 422 makes our INVITE go again once, with the peer's Min-SE */
static void test_session_timer_uac_422(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	f.ua->conf.session_expires = 100;
	uac_invite(&f);
	respond_to(&f, "INVITE", 422, "Min-SE: 300\r\n", NULL);
	assert_int_equal(count(&f, "INVITE"), 2);
	s = last_tx(&f, "INVITE");
	assert_true(has(s, "Session-Expires: 300\r\n"));
	assert_true(has(s, "CSeq: 2 INVITE"));
	assert_int_equal(f.nev, 0);
	/* the peer asks for more again: no third INVITE, the call fails with 422 */
	respond_to(&f, "INVITE", 422, "Min-SE: 600\r\n", NULL);
	assert_int_equal(count(&f, "INVITE"), 2);
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_FAILED);
	assert_int_equal(f.ev_status[f.nev - 1], 422);
	fix_teardown(&f);
}

/* RFC 4028 as UAC: a 2xx without Session-Expires has no timer, refresher=uas: we watch */
static void test_session_timer_uac_watch(void **state)
{
	static struct fix f;

	fix_setup(&f, 0, 0);
	f.ua->conf.session_expires = 1800;
	uac_invite(&f);
	respond_to(&f, "INVITE", 200, "Session-Expires: 90;refresher=uas\r\n", answer_sdp);
	/* BYE at 90 - 30 s unless the peer refreshes */
	advance(&f, 59999);
	assert_null(last_tx(&f, "BYE"));
	assert_null(last_tx(&f, "UPDATE"));
	advance(&f, 60000);
	assert_true(has(last_tx(&f, "BYE"), "Reason: Q.850;cause=102"));
	fix_teardown(&f);

	fix_setup(&f, 0, 0);
	uac_invite(&f);
	assert_false(has(last_tx(&f, "INVITE"), "Session-Expires"));
	respond_to(&f, "INVITE", 200, NULL, answer_sdp);
	advance(&f, 7200000);
	assert_null(last_tx(&f, "BYE"));
	assert_null(last_tx(&f, "UPDATE"));
	fix_teardown(&f);
}

/*
 * RFC 4028 9 as UAS: refresher=uas makes us refresh with UPDATE; a UAC
 * without timer support leaves it to us too (no Require: timer then); a
 * refresh answered 481 ends the call with cause 102.
 */
static void test_session_timer_uas_refresher(void **state)
{
	static struct fix f;
	const struct sent *s;

	fix_setup(&f, 0, 0);
	uas_dialog(&f, "Session-Expires: 120;refresher=uas\r\nSupported: timer\r\n"
		       "Allow: INVITE, ACK, BYE, UPDATE\r\n");
	assert_true(has(last_tx(&f, "200"), "Session-Expires: 120;refresher=uas\r\nRequire: timer\r\n"));
	advance(&f, 60000);
	s = last_tx(&f, "UPDATE");
	assert_non_null(s);
	assert_true(has(s, "Session-Expires: 120;refresher=uac"));
	respond_to(&f, "UPDATE", 481, NULL, NULL);
	s = last_tx(&f, "BYE");
	assert_non_null(s);
	assert_true(has(s, "Reason: Q.850;cause=102"));
	assert_int_equal(f.events[f.nev - 1], SIP_LEG_TIMEOUT);
	fix_teardown(&f);

	/* a proxy's Session-Expires, the UAC without timers: we refresh, no Require */
	fix_setup(&f, 0, 0);
	uas_dialog(&f, "Session-Expires: 1800\r\nAllow: INVITE, ACK, BYE, UPDATE\r\n");
	s = last_tx(&f, "200");
	assert_true(has(s, "Session-Expires: 1800;refresher=uas\r\n"));
	assert_false(has(s, "Require: timer"));
	advance(&f, 900000);
	assert_non_null(last_tx(&f, "UPDATE"));
	fix_teardown(&f);

	/* neither timers nor UPDATE: no session timer at all */
	fix_setup(&f, 0, 0);
	uas_dialog(&f, "Session-Expires: 1800\r\nAllow: INVITE, ACK, BYE\r\n");
	assert_false(has(last_tx(&f, "200"), "Session-Expires"));
	advance(&f, 7200000);
	assert_null(last_tx(&f, "UPDATE"));
	assert_null(last_tx(&f, "BYE"));
	fix_teardown(&f);

	/* a UAC with timers and none asked: we ask for ours, the UAC refreshes */
	fix_setup(&f, 0, 0);
	f.ua->conf.session_expires = 600;
	uas_dialog(&f, "Supported: timer\r\n");
	assert_true(has(last_tx(&f, "200"), "Session-Expires: 600;refresher=uac\r\nRequire: timer\r\n"));
	advance(&f, 567999);
	assert_null(last_tx(&f, "BYE"));
	advance(&f, 568000);
	assert_non_null(last_tx(&f, "BYE"));
	fix_teardown(&f);
}

/*
 * RFC 3262 as UAS: a 100rel INVITE gets a reliable 183 (Require, RSeq),
 * retransmitted at T1, 2T1, 4T1... until its PRACK; the 200 asked for
 * meanwhile waits for it (3); a PRACK for another RSeq gets 481.
 */
static void test_prack_uas(void **state)
{
	static struct fix f;

	fix_setup(&f, 0, 0);
	peer_invite(&f, "inv1", 10, "Supported: 100rel\r\n");
	assert_non_null(f.leg);
	assert_int_equal(sip_leg_respond(f.leg, 183, answer_sdp, 0), 0);
	assert_true(has(last_tx(&f, "183"), "Require: 100rel\r\nRSeq: 1\r\n"));
	advance(&f, 499);
	assert_int_equal(count(&f, "183"), 1);
	advance(&f, 500);
	assert_int_equal(count(&f, "183"), 2);
	advance(&f, 1500); /* T1 + 2T1 */
	assert_int_equal(count(&f, "183"), 3);
	assert_int_equal(sip_leg_respond(f.leg, 200, answer_sdp, 0), 0);
	assert_null(last_tx(&f, "200")); /* held: no 2xx before the PRACK */
	peer_request(&f, "PRACK", "pr1", 11, "PRACK", "RAck: 2 10 INVITE\r\n", NULL);
	assert_string_equal(f.tx[f.ntx - 1].what, "481");
	peer_request(&f, "PRACK", "pr2", 12, "PRACK", "RAck: 1 10 INVITE\r\n", NULL);
	assert_string_equal(f.tx[f.ntx - 2].what, "200"); /* the PRACK's */
	assert_true(has(&f.tx[f.ntx - 2], "CSeq: 12 PRACK"));
	assert_true(has(&f.tx[f.ntx - 1], "CSeq: 10 INVITE")); /* then the held 2xx */
	assert_string_equal(f.tx[f.ntx - 1].what, "200");
	advance(&f, 10000);
	assert_int_equal(count(&f, "183"), 3); /* no more after the PRACK */
	fix_teardown(&f);
}

/* without 100rel from the peer a 183 is an ordinary one */
static void test_prack_not_asked(void **state)
{
	static struct fix f;

	fix_setup(&f, 0, 0);
	peer_invite(&f, "inv1", 10, NULL);
	assert_int_equal(sip_leg_respond(f.leg, 183, answer_sdp, 0), 0);
	assert_false(has(last_tx(&f, "183"), "RSeq:"));
	advance(&f, 5000);
	assert_int_equal(count(&f, "183"), 1);
	fix_teardown(&f);
}

/*
 * RFC 3262 as UAC: our INVITE says Supported: 100rel; a reliable 180 is
 * PRACKed with RAck (RSeq, INVITE CSeq) and reported once; its
 * retransmission gets no second PRACK.
 */
static void test_prack_uac(void **state)
{
	static struct fix f;
	const struct sent *p;
	int progress = 0, i;

	fix_setup(&f, 0, 0);
	uac_invite(&f);
	assert_true(has(last_tx(&f, "INVITE"), "Supported: 100rel, timer\r\n"));
	respond_to(&f, "INVITE", 180, "Require: 100rel\r\nRSeq: 5\r\n", NULL);
	p = last_tx(&f, "PRACK");
	assert_non_null(p);
	assert_true(has(p, "RAck: 5 1 INVITE\r\n"));
	assert_true(has(p, ";tag=peer"));
	respond_to(&f, "INVITE", 180, "Require: 100rel\r\nRSeq: 5\r\n", NULL);
	assert_int_equal(count(&f, "PRACK"), 1);
	for (i = 0; i < f.nev; i++)
		progress += f.events[i] == SIP_LEG_PROGRESS;
	assert_int_equal(progress, 1);
	/* unanswered, the PRACK is retransmitted (timer E) until its 200 */
	advance(&f, 600);
	assert_int_equal(count(&f, "PRACK"), 2);
	respond_to(&f, "PRACK", 200, NULL, NULL);
	advance(&f, 10000);
	assert_int_equal(count(&f, "PRACK"), 2);
	fix_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prack_uas),
		cmocka_unit_test(test_prack_not_asked),
		cmocka_unit_test(test_prack_uac),
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_481_unknown_dialog),
		cmocka_unit_test(test_cseq_order),
		cmocka_unit_test(test_uas_route_set),
		cmocka_unit_test(test_uac_route_set),
		cmocka_unit_test(test_target_refresh),
		cmocka_unit_test(test_reinvite_refused),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_max_cps),
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_register_bad_password),
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_invite_auth),
		cmocka_unit_test(test_session_timer),
		cmocka_unit_test(test_session_timer_too_small),
		cmocka_unit_test(test_session_timer_uac_refresher),
		cmocka_unit_test(test_session_timer_uac_422),
		cmocka_unit_test(test_session_timer_uac_watch),
		cmocka_unit_test(test_session_timer_uas_refresher),
	};

	return cmocka_run_group_tests_name("sip transactions and dialogs", tests, NULL, NULL);
}
