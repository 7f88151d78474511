// SPDX-License-Identifier: GPL-2.0-only
/*
 * SIP parser throughput on one core: the same INVITE (a carrier-style one,
 * 13 headers and an SDP body) parsed over and over by prigate's zero-copy
 * sip_msg_parse() and by libosip2's osip_message_parse() (which builds an
 * allocated tree, freed after each message), in the same run. Prints
 * "name msgs_per_s" lines for tests/bench/run.sh.
 */
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sip/sip_msg.h"

static const char invite[] =
	"INVITE sip:+4930123456@gw.example.net:5060;user=phone SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n"
	"Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKnashds8;received=198.51.100.7\r\n"
	"Max-Forwards: 69\r\n"
	"Record-Route: <sip:192.0.2.10;lr>\r\n"
	"From: \"Alice Example\" <sip:+4940987654@itsp.example.com;user=phone>;tag=1928301774\r\n"
	"To: <sip:+4930123456@gw.example.net;user=phone>\r\n"
	"Call-ID: a84b4c76e66710@pc33.itsp.example.com\r\n"
	"CSeq: 314159 INVITE\r\n"
	"Contact: <sip:+4940987654@198.51.100.7:5060;transport=udp>\r\n"
	"Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE\r\n"
	"Supported: timer, 100rel\r\n"
	"P-Asserted-Identity: <sip:+4940987654@itsp.example.com;user=phone>\r\n"
	"User-Agent: ExampleSBC/1.0\r\n"
	"Content-Type: application/sdp\r\n"
	"Content-Length: 214\r\n"
	"\r\n"
	"v=0\r\n"
	"o=- 3724394400 3724394400 IN IP4 198.51.100.7\r\n"
	"s=-\r\n"
	"c=IN IP4 198.51.100.7\r\n"
	"t=0 0\r\n"
	"m=audio 30000 RTP/AVP 8 0 101\r\n"
	"a=rtpmap:8 PCMA/8000\r\n"
	"a=rtpmap:0 PCMU/8000\r\n"
	"a=rtpmap:101 telephone-event/8000\r\n"
	"a=fmtp:101 0-16\r\n"
	"a=ptime:20\r\n";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sip_msg m;

static int parse_prigate(void)
{
	return sip_msg_parse(&m, invite, sizeof(invite) - 1) || m.cseq.num != 314159;
}

static int parse_osip(void)
{
	osip_message_t *sip;
	int bad;

	if (osip_message_init(&sip))
		return 1;
	bad = osip_message_parse(sip, invite, sizeof(invite) - 1) != 0 || !sip->cseq;
	osip_message_free(sip);
	return bad;
}

/* messages per second over at least `secs` */
static double rate(int (*parse)(void), double secs)
{
	double t0 = now_s(), t;
	unsigned long n = 0, i;

	do {
		for (i = 0; i < 10000; i++)
			if (parse()) {
				fprintf(stderr, "parse failed\n");
				exit(1);
			}
		n += 10000;
		t = now_s() - t0;
	} while (t < secs);
	return (double)n / t;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;

	parser_init();
	rate(parse_prigate, 0.2); /* warm up */
	rate(parse_osip, 0.2);
	printf("prigate %.0f\n", rate(parse_prigate, secs));
	printf("libosip2 %.0f\n", rate(parse_osip, secs));
	return 0;
}
