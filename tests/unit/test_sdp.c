// SPDX-License-Identifier: GPL-2.0-only
/* SDP parser, RFC 3264 offer/answer and builders against real-world-like peers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "sdp/sdp.h"

#define CRLF "\r\n"

/* --- offers as peers send them ------------------------------------------ */

#define ASTERISK_OFFER                                                                             \
	"v=0" CRLF "o=- 1672531200 1672531200 IN IP4 192.0.2.10" CRLF "s=Asterisk" CRLF            \
	"c=IN IP4 192.0.2.10" CRLF "t=0 0" CRLF "m=audio 10000 RTP/AVP 0 8 3 101" CRLF             \
	"a=rtpmap:0 PCMU/8000" CRLF "a=rtpmap:8 PCMA/8000" CRLF "a=rtpmap:3 GSM/8000" CRLF         \
	"a=rtpmap:101 telephone-event/8000" CRLF "a=fmtp:101 0-16" CRLF "a=ptime:20" CRLF          \
	"a=maxptime:150" CRLF "a=sendrecv" CRLF

#define FREESWITCH_OFFER                                                                           \
	"v=0" CRLF "o=FreeSWITCH 1672500000 1672500001 IN IP4 198.51.100.5" CRLF                   \
	"s=FreeSWITCH" CRLF "c=IN IP4 198.51.100.5" CRLF "t=0 0" CRLF                              \
	"m=audio 24576 RTP/AVP 9 8 0 101 13" CRLF "a=rtpmap:9 G722/8000" CRLF                      \
	"a=rtpmap:8 PCMA/8000" CRLF "a=rtpmap:0 PCMU/8000" CRLF                                    \
	"a=rtpmap:101 telephone-event/8000" CRLF "a=fmtp:101 0-16" CRLF "a=rtpmap:13 CN/8000" CRLF \
	"a=ptime:30" CRLF "a=sendrecv" CRLF "a=rtcp:24577 IN IP4 198.51.100.5" CRLF

/* Linphone: LF only, session-level a= after t=, three telephone-event clocks */
#define LINPHONE_OFFER                                                                             \
	"v=0\n"                                                                                    \
	"o=alice 3202 2390 IN IP4 10.0.0.23\n"                                                     \
	"s=Talk\n"                                                                                 \
	"c=IN IP4 10.0.0.23\n"                                                                     \
	"t=0 0\n"                                                                                  \
	"a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\n"               \
	"m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100\n"                                        \
	"a=rtpmap:96 opus/48000/2\n"                                                               \
	"a=fmtp:96 useinbandfec=1\n"                                                               \
	"a=rtpmap:97 speex/16000\n"                                                                \
	"a=fmtp:97 vbr=on\n"                                                                       \
	"a=rtpmap:98 speex/8000\n"                                                                 \
	"a=fmtp:98 vbr=on\n"                                                                       \
	"a=fmtp:18 annexb=yes\n"                                                                   \
	"a=rtpmap:101 telephone-event/48000\n"                                                     \
	"a=rtpmap:99 telephone-event/16000\n"                                                      \
	"a=rtpmap:100 telephone-event/8000\n"                                                      \
	"a=rtcp-fb:* trr-int 5000\n"

#define BARESIP_OFFER                                                                              \
	"v=0" CRLF "o=- 1839318113 3495404245 IN IP4 192.168.1.50" CRLF "s=-" CRLF                 \
	"c=IN IP4 192.168.1.50" CRLF "t=0 0" CRLF "m=audio 10234 RTP/AVP 96 0 8 101" CRLF          \
	"b=AS:64" CRLF "a=rtpmap:96 opus/48000/2" CRLF "a=fmtp:96 stereo=1;sprop-stereo=1" CRLF    \
	"a=rtpmap:101 telephone-event/8000" CRLF "a=fmtp:101 0-15" CRLF "a=rtcp-mux" CRLF          \
	"a=ptime:20" CRLF "a=sendrecv" CRLF "a=label:1" CRLF

/* sipp's built-in uac: m=audio [media_port] RTP/AVP 0 */
#define SIPP_OFFER                                                                                 \
	"v=0" CRLF "o=user1 53655765 2353687637 IN IP4 127.0.0.1" CRLF "s=-" CRLF                  \
	"c=IN IP4 127.0.0.1" CRLF "t=0 0" CRLF "m=audio 6000 RTP/AVP 0" CRLF                       \
	"a=rtpmap:0 PCMU/8000" CRLF

/* Polycom: PCMU on a dynamic PT with a lower-case encoding name */
#define POLYCOM_OFFER                                                                              \
	"v=0" CRLF "o=- 1672531300 1672531300 IN IP4 172.16.0.40" CRLF "s=Polycom IP Phone" CRLF   \
	"c=IN IP4 172.16.0.40" CRLF "t=0 0" CRLF "a=sendrecv" CRLF                                 \
	"m=audio 2222 RTP/AVP 9 102 112 127" CRLF "a=rtpmap:9 G722/8000" CRLF                      \
	"a=rtpmap:102 G7221/16000" CRLF "a=fmtp:102 bitrate=32000" CRLF                            \
	"a=rtpmap:112 pcmu/8000" CRLF "a=rtpmap:127 telephone-event/8000" CRLF

#define HEAD(addr)                                                                                 \
	"v=0" CRLF "o=- 1 1 IN IP4 " addr CRLF "s=-" CRLF "c=IN IP4 " addr CRLF "t=0 0" CRLF
#define HEAD_NOC "v=0" CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "t=0 0" CRLF

/* --- the answer we build, byte for byte --------------------------------- */

#define ANS_HEAD                                                                                   \
	"v=0" CRLF "o=prigate 1000 1 IN IP4 203.0.113.1" CRLF "s=prigate" CRLF                     \
	"c=IN IP4 203.0.113.1" CRLF "t=0 0" CRLF
#define ANS_AUDIO(pt, name) "m=audio 20000 RTP/AVP " #pt CRLF "a=rtpmap:" #pt " " name "/8000" CRLF
#define ANS_AUDIO_TE(pt, name, te)                                                                 \
	"m=audio 20000 RTP/AVP " #pt " " #te CRLF "a=rtpmap:" #pt " " name "/8000" CRLF            \
	"a=rtpmap:" #te " telephone-event/8000" CRLF "a=fmtp:" #te " 0-16" CRLF
#define ANS_TAIL(dir) "a=ptime:20" CRLF "a=" dir CRLF

struct oa_row {
	const char *name;
	const char *sdp;
	enum sdp_law prefer;
	int parse_ret;
	int oa_ret;
	const char *errsub; /* expected in the error string when a call fails */
	/* expected choice when both succeed */
	int family;
	const char *addr;
	uint16_t port, rtcp_port;
	enum sdp_law law;
	uint8_t pt, te_pt;
	unsigned int ptime;
	enum sdp_dir dir;
	unsigned int mline;
	const char *answer; /* expected sdp_build_answer() output, NULL: not checked */
};

/* rtcp_port 0: RTP port + 1 expected; ptime 0: 20 expected */
#define OK4(a, p) .family = AF_INET, .addr = a, .port = p
/* a row where sdp_parse() (BAD) or sdp_answer_offer() (REJECT) fails */
#define BAD(n, s, e, sub)                                                                          \
	{                                                                                          \
		.name = n, .sdp = s, .prefer = SDP_LAW_PCMA, .parse_ret = e, .errsub = sub         \
	}
#define REJECT(n, s, sub)                                                                          \
	{                                                                                          \
		.name = n, .sdp = s, .prefer = SDP_LAW_PCMA, .oa_ret = -ENOTSUP, .errsub = sub     \
	}

static const struct oa_row oa_rows[] = {
	/* real-world peers */
	{"RFC3264 6.1 Asterisk, span A-law: PCMA untouched", ASTERISK_OFFER, SDP_LAW_PCMA, 0, 0,
	 NULL, OK4("192.0.2.10", 10000), .law = SDP_LAW_PCMA, .pt = 8, .te_pt = 101,
	 .answer = ANS_HEAD ANS_AUDIO_TE(8, "PCMA", 101) ANS_TAIL("sendrecv")},
	{"RFC3264 6.1 Asterisk, span mu-law: PCMU untouched", ASTERISK_OFFER, SDP_LAW_PCMU, 0, 0,
	 NULL, OK4("192.0.2.10", 10000), .law = SDP_LAW_PCMU, .pt = 0, .te_pt = 101,
	 .answer = ANS_HEAD ANS_AUDIO_TE(0, "PCMU", 101) ANS_TAIL("sendrecv")},
	{"RFC3605 FreeSWITCH a=rtcp port, a=ptime:30", FREESWITCH_OFFER, SDP_LAW_PCMU, 0, 0, NULL,
	 OK4("198.51.100.5", 24576), .rtcp_port = 24577, .law = SDP_LAW_PCMU, .pt = 0, .te_pt = 101,
	 .ptime = 30},
	{"RFC4733 2.5.1 Linphone: telephone-event/8000 among other clocks", LINPHONE_OFFER,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("10.0.0.23", 7078), .law = SDP_LAW_PCMA, .pt = 8,
	 .te_pt = 100, .answer = ANS_HEAD ANS_AUDIO_TE(8, "PCMA", 100) ANS_TAIL("sendrecv")},
	{"RFC5761 baresip with rtcp-mux", BARESIP_OFFER, SDP_LAW_PCMA, 0, 0, NULL,
	 OK4("192.168.1.50", 10234), .rtcp_port = 10234, .law = SDP_LAW_PCMA, .pt = 8,
	 .te_pt = 101},
	{"RFC3551 6 sipp default PCMU only, span mu-law", SIPP_OFFER, SDP_LAW_PCMU, 0, 0, NULL,
	 OK4("127.0.0.1", 6000), .law = SDP_LAW_PCMU, .pt = 0,
	 .answer = ANS_HEAD ANS_AUDIO(0, "PCMU") ANS_TAIL("sendrecv")},
	{"RFC3264 6.1 sipp PCMU only, span A-law: transcode", SIPP_OFFER, SDP_LAW_PCMA, 0, 0, NULL,
	 OK4("127.0.0.1", 6000), .law = SDP_LAW_PCMU, .pt = 0,
	 .answer = ANS_HEAD ANS_AUDIO(0, "PCMU") ANS_TAIL("sendrecv")},
	{"RFC3551 6 static PT 8 without rtpmap", HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 8" CRLF,
	 SDP_LAW_PCMU, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	{"RFC4566 6 Polycom dynamic PT 112 pcmu/8000", POLYCOM_OFFER, SDP_LAW_PCMU, 0, 0, NULL,
	 OK4("172.16.0.40", 2222), .law = SDP_LAW_PCMU, .pt = 112, .te_pt = 127,
	 .answer = ANS_HEAD ANS_AUDIO_TE(112, "PCMU", 127) ANS_TAIL("sendrecv")},
	{"RFC4566 6 Polycom dynamic PCMU, span A-law: transcode", POLYCOM_OFFER, SDP_LAW_PCMA, 0, 0,
	 NULL, OK4("172.16.0.40", 2222), .law = SDP_LAW_PCMU, .pt = 112, .te_pt = 127},
	{"RFC4566 6 rtpmap overrides static PT 0",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 0 8" CRLF "a=rtpmap:0 G729/8000" CRLF,
	 SDP_LAW_PCMU, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	REJECT("RFC3264 6 no G.711: 488",
	       HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 18 9 101" CRLF "a=rtpmap:18 G729/8000" CRLF
				 "a=rtpmap:9 G722/8000" CRLF
				 "a=rtpmap:101 telephone-event/8000" CRLF,
	       "line 6: no PCMU or PCMA"),
	REJECT("RFC3551 4.5.14 PCMA/16000 is not G.711 8 kHz",
	       HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 96" CRLF "a=rtpmap:96 PCMA/16000" CRLF,
	       "no PCMU or PCMA"),
	/* addresses */
	{"RFC4566 5.7 IPv6 c=",
	 "v=0" CRLF "o=- 7 7 IN IP6 2001:db8::10" CRLF "s=-" CRLF "c=IN IP6 2001:db8::10" CRLF
	 "t=0 0" CRLF "m=audio 5004 RTP/AVP 8 0" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, .family = AF_INET6, .addr = "2001:db8::10", .port = 5004,
	 .rtcp_port = 5005, .ptime = 20, .law = SDP_LAW_PCMA, .pt = 8},
	{"RFC4566 5.7 media-level c= overrides session-level",
	 HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "c=IN IP4 192.0.2.99" CRLF, SDP_LAW_PCMA,
	 0, 0, NULL, OK4("192.0.2.99", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	{"RFC4566 5.7 media-level c= only",
	 HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF "c=IN IP4 192.0.2.98" CRLF, SDP_LAW_PCMA, 0, 0,
	 NULL, OK4("192.0.2.98", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	/* hold */
	{"RFC3264 8.4 hold a=sendonly answered recvonly",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 8 101" CRLF
			   "a=rtpmap:101 telephone-event/8000" CRLF "a=sendonly" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8,
	 .te_pt = 101, .dir = SDP_DIR_RECVONLY,
	 .answer = ANS_HEAD ANS_AUDIO_TE(8, "PCMA", 101) ANS_TAIL("recvonly")},
	{"RFC3264 6.1 a=recvonly answered sendonly",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 8" CRLF "a=recvonly" CRLF, SDP_LAW_PCMA, 0, 0,
	 NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8, .dir = SDP_DIR_SENDONLY,
	 .answer = ANS_HEAD ANS_AUDIO(8, "PCMA") ANS_TAIL("sendonly")},
	{"RFC3264 8.4 hold a=inactive",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 8" CRLF "a=inactive" CRLF, SDP_LAW_PCMA, 0, 0,
	 NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8, .dir = SDP_DIR_INACTIVE,
	 .answer = ANS_HEAD ANS_AUDIO(8, "PCMA") ANS_TAIL("inactive")},
	{"RFC3264 8.4 RFC 2543 hold c=0.0.0.0", HEAD("0.0.0.0") "m=audio 4000 RTP/AVP 8" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("0.0.0.0", 4000), .law = SDP_LAW_PCMA, .pt = 8,
	 .dir = SDP_DIR_RECVONLY, .answer = ANS_HEAD ANS_AUDIO(8, "PCMA") ANS_TAIL("recvonly")},
	{"RFC4566 6 session-level a=sendonly applies to the medium",
	 "v=0" CRLF "o=- 1 1 IN IP4 192.0.2.7" CRLF "s=-" CRLF "c=IN IP4 192.0.2.7" CRLF
	 "t=0 0" CRLF "a=sendonly" CRLF "m=audio 4000 RTP/AVP 8" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8,
	 .dir = SDP_DIR_RECVONLY},
	{"RFC4566 6 media-level direction overrides session-level",
	 "v=0" CRLF "o=- 1 1 IN IP4 192.0.2.7" CRLF "s=-" CRLF "c=IN IP4 192.0.2.7" CRLF
	 "t=0 0" CRLF "a=inactive" CRLF "m=audio 4000 RTP/AVP 8" CRLF "a=sendrecv" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	/* several m-lines */
	{"RFC3264 6 video first, audio second; video declined",
	 HEAD("192.0.2.7") "m=video 4002 RTP/AVP 96 97" CRLF "a=rtpmap:96 H264/90000" CRLF
			   "a=rtpmap:97 VP8/90000" CRLF "m=audio 4000 RTP/AVP 0 101" CRLF
			   "a=rtpmap:101 telephone-event/8000" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMU, .pt = 0,
	 .te_pt = 101, .mline = 1,
	 .answer = ANS_HEAD "m=video 0 RTP/AVP 96 97" CRLF ANS_AUDIO_TE(0, "PCMU", 101)
		 ANS_TAIL("sendrecv")},
	{"RFC3264 6 declined audio (port 0) skipped and mirrored",
	 HEAD("192.0.2.7") "m=audio 0 RTP/AVP 8" CRLF "m=audio 4000 RTP/AVP 8" CRLF, SDP_LAW_PCMA,
	 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8, .mline = 1,
	 .answer = ANS_HEAD "m=audio 0 RTP/AVP 8" CRLF ANS_AUDIO(8, "PCMA") ANS_TAIL("sendrecv")},
	{"RFC3264 6 second audio stream declined; T.38 declined",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 8" CRLF "m=audio 4010 RTP/AVP 0" CRLF
			   "m=image 4020 udptl t38" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8,
	 .answer = ANS_HEAD ANS_AUDIO(8, "PCMA") ANS_TAIL("sendrecv") "m=audio 0 RTP/AVP 0" CRLF
								      "m=image 0 udptl t38" CRLF},
	REJECT("RFC3264 6 only stream declined: 488", HEAD("192.0.2.7") "m=audio 0 RTP/AVP 8" CRLF,
	       "no active RTP/AVP audio"),
	REJECT("RFC3711 RTP/SAVP only: 488 until SRTP",
	       HEAD("192.0.2.7") "m=audio 4000 RTP/SAVP 8" CRLF
				 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
				 "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4" CRLF,
	       "no active RTP/AVP audio"),
	{"RFC3711 SAVP and AVP offered: AVP taken",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/SAVP 8" CRLF
			   "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abcd" CRLF
			   "m=audio 4002 RTP/AVP 8" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4002), .law = SDP_LAW_PCMA, .pt = 8, .mline = 1,
	 .answer = ANS_HEAD "m=audio 0 RTP/SAVP 8" CRLF ANS_AUDIO(8, "PCMA") ANS_TAIL("sendrecv")},
	{"RFC4585 RTP/AVPF video declined, proto kept",
	 HEAD("192.0.2.7") "m=audio 4000 RTP/AVP 8" CRLF "m=video 4002 RTP/AVPF 96" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.7", 4000), .law = SDP_LAW_PCMA, .pt = 8,
	 .answer = ANS_HEAD ANS_AUDIO(8, "PCMA") ANS_TAIL("sendrecv") "m=video 0 RTP/AVPF 96" CRLF},
	/* malformed: -EBADMSG with the line */
	BAD("RFC4566 5 missing v=", "o=- 1 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "t=0 0" CRLF,
	    -EBADMSG, "line 1: expected v= first"),
	BAD("RFC4566 5.1 v=1", "v=1" CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "t=0 0" CRLF,
	    -EBADMSG, "line 1: v=: version is not 0"),
	BAD("RFC4566 5.2 o= with five fields",
	    "v=0" CRLF "o=- 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "t=0 0" CRLF, -EBADMSG,
	    "line 2: o=: expected 6 fields"),
	BAD("RFC4566 5.2 o= sess-version not numeric",
	    "v=0" CRLF "o=- 1 x IN IP4 192.0.2.1" CRLF "s=-" CRLF "t=0 0" CRLF, -EBADMSG,
	    "line 2: o=: sess-id"),
	BAD("RFC4566 5 s= before o=", "v=0" CRLF "s=-" CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF,
	    -EBADMSG, "line 2: expected o= after v="),
	BAD("RFC4566 5 c= after t=",
	    "v=0" CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "t=0 0" CRLF
	    "c=IN IP4 192.0.2.1" CRLF,
	    -EBADMSG, "line 5: c= out of order"),
	BAD("RFC4566 5.9 missing t=",
	    "v=0" CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "c=IN IP4 192.0.2.1" CRLF
	    "m=audio 4000 RTP/AVP 8" CRLF,
	    -EBADMSG, "line 5: m= before t="),
	BAD("RFC4566 5 line without '='",
	    HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a rtpmap:8 PCMA/8000" CRLF, -EBADMSG,
	    "line 7: not a"),
	BAD("RFC4566 5 unknown type letter", HEAD("192.0.2.1") "x=foo" CRLF, -EBADMSG,
	    "line 6: unknown type letter 'x'"),
	BAD("RFC4566 5 upper-case type letter", HEAD("192.0.2.1") "M=audio 4000 RTP/AVP 8" CRLF,
	    -EBADMSG, "line 6: type 'M'"),
	BAD("RFC4566 5 space before '='", "v =0" CRLF, -EBADMSG, "line 1: not a"),
	BAD("RFC4566 5.14 m= port above 65535", HEAD("192.0.2.1") "m=audio 70000 RTP/AVP 8" CRLF,
	    -EBADMSG, "line 6: m=: bad port \"70000\""),
	BAD("RFC4566 5.14 m= port not numeric", HEAD("192.0.2.1") "m=audio 4x00 RTP/AVP 8" CRLF,
	    -EBADMSG, "line 6: m=: bad port"),
	BAD("RFC4566 5.14 m= port count 0", HEAD("192.0.2.1") "m=audio 4000/0 RTP/AVP 8" CRLF,
	    -EBADMSG, "line 6: m=: bad port count"),
	BAD("RFC4566 5.14 m= without formats", HEAD("192.0.2.1") "m=audio 4000 RTP/AVP" CRLF,
	    -EBADMSG, "line 6: m=: no media formats"),
	BAD("RFC3551 3 RTP payload type 128", HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8 128" CRLF,
	    -EBADMSG, "line 6: m=: bad RTP payload type \"128\""),
	BAD("RFC4566 6 rtpmap without clock",
	    HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=rtpmap:8 PCMA" CRLF, -EBADMSG,
	    "line 7: a=rtpmap: bad \"PCMA\""),
	BAD("RFC4566 6 rtpmap garbage PT",
	    HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=rtpmap:eight PCMA/8000" CRLF,
	    -EBADMSG, "line 7: a=rtpmap: bad payload type"),
	BAD("RFC4566 6 rtpmap clock not numeric",
	    HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=rtpmap:8 PCMA/8k" CRLF, -EBADMSG,
	    "line 7: a=rtpmap: bad"),
	BAD("RFC4566 6 rtpmap empty",
	    HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=rtpmap:" CRLF, -EBADMSG,
	    "line 7: a=rtpmap: expected"),
	BAD("RFC4566 6 ptime not numeric",
	    HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=ptime:twenty" CRLF, -EBADMSG,
	    "line 7: a=ptime: bad value"),
	BAD("RFC4566 5.7 c= bad IP4 address",
	    HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF "c=IN IP4 999.1.1.1" CRLF, -EBADMSG,
	    "line 6: c=: bad IP4 address"),
	BAD("RFC4566 5.7 c= nettype not IN",
	    HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF "c=ATM NSAP 47.0091" CRLF, -EBADMSG,
	    "line 6: c=: nettype"),
	BAD("RFC4566 5.7 no c= at all", HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF, -EBADMSG,
	    "line 5: m=: no c= here"),
	BAD("RFC4566 5 empty line inside", "v=0" CRLF CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF,
	    -EBADMSG, "line 2: empty line"),
	BAD("RFC4566 5 bare CR inside a line", "v=0" CRLF "o=- 1 1 IN\rIP4 192.0.2.1" CRLF,
	    -EBADMSG, "line 2: CR or NUL"),
	BAD("RFC4566 5 empty body", "", -EBADMSG, "empty session description"),
	/* valid but not for us: -ENOTSUP */
	BAD("RFC4566 5.7 multicast with TTL",
	    HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF "c=IN IP4 224.2.1.1/127" CRLF, -ENOTSUP,
	    "line 6: c=: multicast"),
	BAD("RFC4566 5.7 IPv6 multicast",
	    HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF "c=IN IP6 ff15::101" CRLF, -ENOTSUP,
	    "line 6: c=: multicast"),
	BAD("RFC4566 5.7 FQDN in c=",
	    HEAD_NOC "m=audio 4000 RTP/AVP 8" CRLF "c=IN IP4 media.example.com" CRLF, -ENOTSUP,
	    "line 6: c=: FQDN"),
	BAD("RFC3264 6 nine m-lines cannot be answered",
	    HEAD("192.0.2.1") "m=audio 0 RTP/AVP 8" CRLF "m=audio 0 RTP/AVP 8" CRLF
			      "m=audio 0 RTP/AVP 8" CRLF "m=audio 0 RTP/AVP 8" CRLF
			      "m=audio 0 RTP/AVP 8" CRLF "m=audio 0 RTP/AVP 8" CRLF
			      "m=audio 0 RTP/AVP 8" CRLF "m=audio 0 RTP/AVP 8" CRLF
			      "m=audio 4000 RTP/AVP 8" CRLF,
	    -ENOTSUP, "line 14: m=: more than 8"),
	/* tolerated */
	{"RFC4566 5 last line without newline, unknown a= ignored",
	 HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=x-foo:bar baz" CRLF "a=ptime:20",
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.1", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	{"RFC4566 5 trailing blank line after body",
	 HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF CRLF, SDP_LAW_PCMA, 0, 0, NULL,
	 OK4("192.0.2.1", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	{"RFC4566 5.10 t= r= t= repeated",
	 "v=0" CRLF "o=- 1 1 IN IP4 192.0.2.1" CRLF "s=-" CRLF "c=IN IP4 192.0.2.1" CRLF
	 "t=3034423619 3042462419" CRLF "r=604800 3600 0 90000" CRLF "t=0 0" CRLF
	 "m=audio 4000 RTP/AVP 8" CRLF,
	 SDP_LAW_PCMA, 0, 0, NULL, OK4("192.0.2.1", 4000), .law = SDP_LAW_PCMA, .pt = 8},
	{"RFC4566 6 a=ptime:5 clamped to 10",
	 HEAD("192.0.2.1") "m=audio 4000 RTP/AVP 8" CRLF "a=ptime:5" CRLF, SDP_LAW_PCMA, 0, 0, NULL,
	 OK4("192.0.2.1", 4000), .ptime = 10, .law = SDP_LAW_PCMA, .pt = 8},
};

static const struct sdp_local test_local = {
	.username = "prigate",
	.sess_id = 1000,
	.sess_version = 1,
	.addr = "203.0.113.1",
	.family = AF_INET,
	.rtp_port = 20000,
	.law = SDP_LAW_PCMA,
	.ptime = 20,
};

static void check_addr(const struct sockaddr_storage *ss, int family, const char *addr,
		       uint16_t port)
{
	char buf[INET6_ADDRSTRLEN];

	assert_int_equal(ss->ss_family, family);
	if (family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		assert_non_null(inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf)));
		assert_int_equal(ntohs(sin->sin_port), port);
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		assert_non_null(inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof(buf)));
		assert_int_equal(ntohs(sin6->sin6_port), port);
	}
	assert_string_equal(buf, addr);
}

static void check_err(const char *name, const char *err, const char *sub)
{
	if (!sub)
		return;
	if (!strstr(err, sub))
		fail_msg("%s: error \"%s\" lacks \"%s\"", name, err, sub);
}

/* build into every short size: -ENOSPC, nothing written past size, prefix kept */
static void check_sizes(const char *full, int len, const struct sdp_session *offer,
			const struct sdp_media_params *mp)
{
	char buf[2048];
	size_t size;

	for (size = 0; size <= (size_t)len; size++) {
		int n;

		memset(buf, 0x5a, sizeof(buf));
		if (offer)
			n = sdp_build_answer(buf, size, &test_local, offer, mp);
		else
			n = sdp_build_offer(buf, size, &test_local);
		assert_int_equal(n, -ENOSPC);
		assert_int_equal((unsigned char)buf[size], 0x5a);
		if (size) {
			assert_int_equal(buf[size - 1], '\0');
			assert_memory_equal(buf, full, size - 1);
		}
	}
}

static void test_offer_answer(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(oa_rows) / sizeof(oa_rows[0]); i++) {
		const struct oa_row *r = &oa_rows[i];
		struct pl msg = pl_make(r->sdp, strlen(r->sdp));
		struct sdp_session sess;
		struct sdp_media_params mp;
		char err[128];
		char buf[2048];
		int ret;

		print_message("  %s\n", r->name);
		ret = sdp_parse(&sess, &msg, err, sizeof(err));
		if (ret != r->parse_ret)
			fail_msg("%s: sdp_parse %d, want %d (%s)", r->name, ret, r->parse_ret, err);
		if (ret) {
			check_err(r->name, err, r->errsub);
			continue;
		}
		ret = sdp_answer_offer(&sess, r->prefer, &mp, err, sizeof(err));
		if (ret != r->oa_ret)
			fail_msg("%s: sdp_answer_offer %d, want %d (%s)", r->name, ret, r->oa_ret,
				 err);
		if (ret) {
			check_err(r->name, err, r->errsub);
			continue;
		}
		check_addr(&mp.remote, r->family, r->addr, r->port);
		assert_int_equal(mp.remote_port, r->port);
		assert_int_equal(mp.remote_rtcp_port, r->rtcp_port ? r->rtcp_port : r->port + 1);
		assert_int_equal(mp.law, r->law);
		assert_int_equal(mp.pt, r->pt);
		assert_int_equal(mp.te_pt, r->te_pt);
		assert_int_equal(mp.ptime, r->ptime ? r->ptime : 20);
		assert_int_equal(mp.dir, r->dir);
		assert_int_equal(mp.mline, r->mline);

		ret = sdp_build_answer(buf, sizeof(buf), &test_local, &sess, &mp);
		assert_true(ret > 0);
		assert_int_equal((size_t)ret, strlen(buf));
		if (r->answer) {
			assert_string_equal(buf, r->answer);
			check_sizes(r->answer, ret, &sess, &mp);
		}
		/* the answer parses and, processed as our UAC would, yields the same codec */
		{
			struct sdp_session ans;
			struct sdp_media_params back;
			struct pl a = pl_make(buf, (size_t)ret);

			assert_int_equal(sdp_parse(&ans, &a, err, sizeof(err)), 0);
			assert_int_equal(ans.nmedia, sess.nmedia);
			assert_int_equal(sdp_process_answer(&ans, &back, err, sizeof(err)), 0);
			assert_int_equal(back.law, mp.law);
			assert_int_equal(back.pt, mp.pt);
			assert_int_equal(back.te_pt, mp.te_pt);
			assert_int_equal(back.mline, mp.mline);
		}
	}
}

/* --- our offer, byte for byte -------------------------------------------- */

struct offer_row {
	const char *name;
	struct sdp_local local;
	int ret; /* 0: success, returning strlen(sdp) */
	const char *sdp;
};

static const struct offer_row offer_rows[] = {
	{"RFC3264 5 A-law span: PCMA first",
	 {.sess_id = 1000,
	  .sess_version = 1,
	  .addr = "203.0.113.1",
	  .family = AF_INET,
	  .rtp_port = 20000,
	  .law = SDP_LAW_PCMA},
	 0,
	 "v=0" CRLF "o=prigate 1000 1 IN IP4 203.0.113.1" CRLF "s=prigate" CRLF
	 "c=IN IP4 203.0.113.1" CRLF "t=0 0" CRLF "m=audio 20000 RTP/AVP 8 0 101" CRLF
	 "a=rtpmap:8 PCMA/8000" CRLF "a=rtpmap:0 PCMU/8000" CRLF
	 "a=rtpmap:101 telephone-event/8000" CRLF "a=fmtp:101 0-16" CRLF "a=ptime:20" CRLF
	 "a=sendrecv" CRLF},
	{"RFC3264 5 mu-law span: PCMU first",
	 {.username = "gw1",
	  .sess_id = 18446744073709551615ULL,
	  .sess_version = 42,
	  .addr = "203.0.113.1",
	  .family = AF_INET,
	  .rtp_port = 30000,
	  .law = SDP_LAW_PCMU,
	  .te_pt = 96,
	  .ptime = 30},
	 0,
	 "v=0" CRLF "o=gw1 18446744073709551615 42 IN IP4 203.0.113.1" CRLF "s=prigate" CRLF
	 "c=IN IP4 203.0.113.1" CRLF "t=0 0" CRLF "m=audio 30000 RTP/AVP 0 8 96" CRLF
	 "a=rtpmap:0 PCMU/8000" CRLF "a=rtpmap:8 PCMA/8000" CRLF
	 "a=rtpmap:96 telephone-event/8000" CRLF "a=fmtp:96 0-16" CRLF "a=ptime:30" CRLF
	 "a=sendrecv" CRLF},
	{"RFC4566 5.7 IPv6, no telephone-event, hold (RFC3264 8.4)",
	 {.sess_id = 5,
	  .sess_version = 6,
	  .addr = "2001:db8::1",
	  .family = AF_INET6,
	  .rtp_port = 4000,
	  .law = SDP_LAW_PCMA,
	  .no_te = true,
	  .dir = SDP_DIR_SENDONLY},
	 0,
	 "v=0" CRLF "o=prigate 5 6 IN IP6 2001:db8::1" CRLF "s=prigate" CRLF
	 "c=IN IP6 2001:db8::1" CRLF "t=0 0" CRLF "m=audio 4000 RTP/AVP 8 0" CRLF
	 "a=rtpmap:8 PCMA/8000" CRLF "a=rtpmap:0 PCMU/8000" CRLF "a=ptime:20" CRLF
	 "a=sendonly" CRLF},
	{"RFC4566 5.7 address not numeric",
	 {.addr = "gw.example.com", .family = AF_INET},
	 -EINVAL,
	 NULL},
	{"RFC4566 5.7 address family mismatch", {.addr = "::1", .family = AF_INET}, -EINVAL, NULL},
	{"RFC3551 3 telephone-event PT not dynamic",
	 {.addr = "192.0.2.1", .family = AF_INET, .te_pt = 13},
	 -EINVAL,
	 NULL},
	{"RFC4566 5.2 username with a space",
	 {.username = "a b", .addr = "192.0.2.1", .family = AF_INET},
	 -EINVAL,
	 NULL},
};

static void test_build_offer(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(offer_rows) / sizeof(offer_rows[0]); i++) {
		const struct offer_row *r = &offer_rows[i];
		char buf[1024];
		int n;

		print_message("  %s\n", r->name);
		n = sdp_build_offer(buf, sizeof(buf), &r->local);
		if (r->ret) {
			assert_int_equal(n, r->ret);
			continue;
		}
		assert_string_equal(buf, r->sdp);
		assert_int_equal((size_t)n, strlen(r->sdp));
	}
	/* every size short of the terminator fails without writing past it */
	{
		char full[1024];
		int n = sdp_build_offer(full, sizeof(full), &test_local);

		assert_true(n > 0);
		check_sizes(full, n, NULL, NULL);
		assert_int_equal(sdp_build_offer(full, (size_t)n + 1, &test_local), n);
	}
}

/* our offer parses, and each peer answer is processed as a UAC would */
struct answer_row {
	const char *name;
	const char *sdp;
	int ret;
	const char *errsub;
	enum sdp_law law;
	uint8_t pt, te_pt;
	enum sdp_dir dir;
	uint16_t port;
};

static const struct answer_row answer_rows[] = {
	{"RFC3264 6.1 answer PCMA + telephone-event",
	 HEAD("192.0.2.50") "m=audio 5000 RTP/AVP 8 101" CRLF "a=rtpmap:8 PCMA/8000" CRLF
			    "a=rtpmap:101 telephone-event/8000" CRLF,
	 0, NULL, SDP_LAW_PCMA, 8, 101, SDP_DIR_SENDRECV, 5000},
	{"RFC3264 6.1 answer picks the other law", HEAD("192.0.2.50") "m=audio 5000 RTP/AVP 0" CRLF,
	 0, NULL, SDP_LAW_PCMU, 0, 0, SDP_DIR_SENDRECV, 5000},
	{"RFC3264 6.1 answer lists both: its first wins",
	 HEAD("192.0.2.50") "m=audio 5000 RTP/AVP 0 8" CRLF, 0, NULL, SDP_LAW_PCMU, 0, 0,
	 SDP_DIR_SENDRECV, 5000},
	{"RFC3264 6.1 answer recvonly: we only send",
	 HEAD("192.0.2.50") "m=audio 5000 RTP/AVP 8" CRLF "a=recvonly" CRLF, 0, NULL, SDP_LAW_PCMA,
	 8, 0, SDP_DIR_SENDONLY, 5000},
	{"RFC3264 6 answer declines audio", HEAD("192.0.2.50") "m=audio 0 RTP/AVP 8" CRLF, -ENOTSUP,
	 "declined", 0, 0, 0, 0, 0},
	{"RFC3264 6.1 answer without G.711",
	 HEAD("192.0.2.50") "m=audio 5000 RTP/AVP 18" CRLF "a=rtpmap:18 G729/8000" CRLF, -ENOTSUP,
	 "line 6: no PCMU or PCMA", 0, 0, 0, 0, 0},
};

static void test_process_answer(void **state)
{
	struct sdp_session sess;
	struct sdp_media_params mp;
	char offer[1024], err[128];
	struct pl msg;
	size_t i;
	int n;

	(void)state;
	/* our own offer is valid SDP and offers what the span wants first */
	n = sdp_build_offer(offer, sizeof(offer), &test_local);
	assert_true(n > 0);
	msg = pl_make(offer, (size_t)n);
	assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
	assert_int_equal(sdp_answer_offer(&sess, SDP_LAW_PCMU, &mp, err, sizeof(err)), 0);
	assert_int_equal(mp.law, SDP_LAW_PCMU);
	assert_int_equal(mp.te_pt, 101);

	for (i = 0; i < sizeof(answer_rows) / sizeof(answer_rows[0]); i++) {
		const struct answer_row *r = &answer_rows[i];
		int ret;

		print_message("  %s\n", r->name);
		msg = pl_make(r->sdp, strlen(r->sdp));
		assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
		ret = sdp_process_answer(&sess, &mp, err, sizeof(err));
		if (ret != r->ret)
			fail_msg("%s: %d, want %d (%s)", r->name, ret, r->ret, err);
		if (ret) {
			check_err(r->name, err, r->errsub);
			continue;
		}
		assert_int_equal(mp.law, r->law);
		assert_int_equal(mp.pt, r->pt);
		assert_int_equal(mp.te_pt, r->te_pt);
		assert_int_equal(mp.dir, r->dir);
		assert_int_equal(mp.remote_port, r->port);
		check_addr(&mp.remote, AF_INET, "192.0.2.50", r->port);
	}
}

/* what the parser keeps: slices into the message */
static void test_parse_fields(void **state)
{
	static const char sdp[] = "v=0\r\n"
				  "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\n"
				  "s=SDP Seminar\r\n"
				  "i=A Seminar on the session description protocol\r\n"
				  "u=http://www.example.com/seminars/sdp.pdf\r\n"
				  "e=j.doe@example.com (Jane Doe)\r\n"
				  "c=IN IP4 192.0.2.1\r\n"
				  "b=CT:128\r\n"
				  "t=2873397496 2873404696\r\n"
				  "a=recvonly\r\n"
				  "m=audio 49170/2 RTP/SAVP 0 96 97 98 99 100 101 102 103 104 105 "
				  "106 107 108 109 110 "
				  "111 112\r\n"
				  "i=audio\r\n"
				  "c=IN IP4 192.0.2.2\r\n"
				  "b=AS:64\r\n"
				  "a=rtpmap:96 L16/8000/2\r\n"
				  "a=fmtp:96 foo=bar; baz\r\n"
				  "a=ptime:20.0\r\n"
				  "a=maxptime:60\r\n"
				  "a=rtcp:53020 IN IP6 2001:db8::2\r\n"
				  "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
				  "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32 KDR=1 "
				  "UNENCRYPTED_SRTCP\r\n"
				  "a=crypto:2 AES_CM_128_HMAC_SHA1_32 "
				  "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj\r\n"
				  "m=video 51372 RTP/AVP 99\r\n"
				  "a=rtpmap:99 h263-1998/90000\r\n";
	struct pl msg = pl_make(sdp, sizeof(sdp) - 1);
	struct sdp_session s;
	const struct sdp_media *m;
	char err[128];

	(void)state;
	assert_int_equal(sdp_parse(&s, &msg, err, sizeof(err)), 0);
	assert_true(pl_eq_str(&s.username, "jdoe"));
	assert_true(pl_eq_str(&s.sess_id, "2890844526"));
	assert_true(pl_eq_str(&s.sess_version, "2890842807"));
	assert_int_equal(s.origin_family, AF_INET);
	assert_true(pl_eq_str(&s.origin_addr, "10.47.16.5"));
	assert_true(pl_eq_str(&s.name, "SDP Seminar"));
	assert_true(pl_eq_str(&s.time, "2873397496 2873404696"));
	assert_true(pl_eq_str(&s.conn.addr, "192.0.2.1"));
	assert_int_equal(s.dir, SDP_DIR_RECVONLY);
	assert_int_equal(s.nmedia, 2);

	m = &s.media[0];
	assert_int_equal(m->type, SDP_MEDIA_AUDIO);
	assert_int_equal(m->port, 49170);
	assert_int_equal(m->nports, 2);
	assert_int_equal(m->proto, SDP_PROTO_RTP_SAVP);
	assert_int_equal(m->nfmt, SDP_MAX_FMT); /* 19 listed, 16 kept */
	assert_true(pl_eq_str(&m->fmt_list, "0 96 97 98 99 100 101 102 103 104 105 106 107 108 "
					    "109 110 111 112"));
	assert_int_equal(m->fmt[1].pt, 96);
	assert_true(pl_eq_str(&m->fmt[1].enc, "L16"));
	assert_int_equal(m->fmt[1].clock, 8000);
	assert_int_equal(m->fmt[1].channels, 2);
	assert_true(pl_eq_str(&m->fmt[1].params, "foo=bar; baz"));
	assert_false(pl_isset(&m->fmt[0].enc));
	assert_true(pl_eq_str(&m->conn.addr, "192.0.2.2"));
	assert_int_equal(m->dir, SDP_DIR_RECVONLY); /* from session level */
	assert_int_equal(m->ptime, 20);
	assert_int_equal(m->maxptime, 60);
	assert_int_equal(m->rtcp_port, 53020);
	assert_int_equal(m->rtcp_conn.family, AF_INET6);
	assert_true(pl_eq_str(&m->rtcp_conn.addr, "2001:db8::2"));
	assert_int_equal(m->ncrypto, 2);
	assert_int_equal(m->crypto[0].tag, 1);
	assert_true(pl_eq_str(&m->crypto[0].suite, "AES_CM_128_HMAC_SHA1_80"));
	assert_true(pl_eq_str(&m->crypto[0].key_params,
			      "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32"));
	assert_true(pl_eq_str(&m->crypto[0].session_params, "KDR=1 UNENCRYPTED_SRTCP"));
	assert_int_equal(m->crypto[1].tag, 2);
	assert_false(pl_isset(&m->crypto[1].session_params));

	m = &s.media[1];
	assert_int_equal(m->type, SDP_MEDIA_VIDEO);
	assert_int_equal(m->proto, SDP_PROTO_RTP_AVP);
	assert_true(pl_eq_str(&m->conn.addr, "192.0.2.1")); /* session level */
	assert_true(pl_eq_str(&m->fmt[0].enc, "h263-1998"));
	assert_int_equal(m->fmt[0].clock, 90000);
	assert_int_equal(m->ptime, 0);
}


/* --- SDES (RFC 4568) ------------------------------------------------------ */

/* 30 bytes 0x00..0x1d, 28 bytes, 44 bytes, as base64 */
#define KEY30 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
#define KEY28 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw=="
#define KEY44 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis="

struct crypto_row {
	const char *name;
	const char *suite, *key_params, *session_params;
	int ret;
	enum sdp_srtp_suite suite_want;
	size_t len;
};

static const struct crypto_row crypto_rows[] = {
	{"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY30, NULL, 0,
	 SDP_SRTP_AES_CM_128_HMAC_SHA1_80, 30},
	{"AES_CM_128_HMAC_SHA1_32", "AES_CM_128_HMAC_SHA1_32", "inline:" KEY30, NULL, 0,
	 SDP_SRTP_AES_CM_128_HMAC_SHA1_32, 30},
	{"AEAD_AES_128_GCM (padding ==)", "AEAD_AES_128_GCM", "inline:" KEY28, NULL, 0,
	 SDP_SRTP_AEAD_AES_128_GCM, 28},
	{"AEAD_AES_256_GCM (padding =)", "AEAD_AES_256_GCM", "inline:" KEY44, NULL, 0,
	 SDP_SRTP_AEAD_AES_256_GCM, 44},
	{"a lifetime is fine", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY30 "|2^20", NULL, 0,
	 SDP_SRTP_AES_CM_128_HMAC_SHA1_80, 30},
	{"an MKI is not", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY30 "|2^20|1:4", NULL, -ENOTSUP, 0, 0},
	{"an MKI without lifetime", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY30 "|1:4", NULL,
	 -ENOTSUP, 0, 0},
	{"two keys", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY30 ";inline:" KEY30, NULL, -ENOTSUP, 0, 0},
	{"session parameters", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY30, "UNENCRYPTED_SRTP",
	 -ENOTSUP, 0, 0},
	{"unknown suite", "F8_128_HMAC_SHA1_80", "inline:" KEY30, NULL, -ENOTSUP, 0, 0},
	{"suite names are case-sensitive", "aes_cm_128_hmac_sha1_80", "inline:" KEY30, NULL,
	 -ENOTSUP, 0, 0},
	{"30-byte key for a 44-byte suite", "AEAD_AES_256_GCM", "inline:" KEY30, NULL, -EBADMSG, 0, 0},
	{"key one byte short", "AES_CM_128_HMAC_SHA1_80", "inline:" KEY28, NULL, -EBADMSG, 0, 0},
	{"not base64", "AES_CM_128_HMAC_SHA1_80", "inline:AAEC*wQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd",
	 NULL, -EBADMSG, 0, 0},
	{"base64 not a multiple of 4", "AES_CM_128_HMAC_SHA1_80", "inline:AAECAwQ", NULL, -EBADMSG, 0, 0},
	{"padding in the middle", "AES_CM_128_HMAC_SHA1_80",
	 "inline:AA=CAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd", NULL, -EBADMSG, 0, 0},
	{"no inline: method", "AES_CM_128_HMAC_SHA1_80", "uri:" KEY30, NULL, -EBADMSG, 0, 0},
	{"empty key", "AES_CM_128_HMAC_SHA1_80", "inline:", NULL, -EBADMSG, 0, 0},
};

static void test_crypto_key(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(crypto_rows) / sizeof(crypto_rows[0]); i++) {
		const struct crypto_row *r = &crypto_rows[i];
		struct sdp_crypto c = {.tag = 3};
		struct sdp_srtp_key key;
		char b64[80];
		int ret;

		print_message("  crypto: %s\n", r->name);
		c.suite = pl_make(r->suite, strlen(r->suite));
		c.key_params = pl_make(r->key_params, strlen(r->key_params));
		if (r->session_params)
			c.session_params = pl_make(r->session_params, strlen(r->session_params));
		ret = sdp_crypto_key(&c, &key);
		assert_int_equal(ret, r->ret);
		if (ret)
			continue;
		assert_int_equal(key.suite, r->suite_want);
		assert_int_equal(key.tag, 3);
		assert_int_equal(key.len, r->len);
		for (k = 0; k < key.len; k++)
			assert_int_equal(key.key[k], k);
		/* and back: the same base64 */
		assert_int_equal(sdp_srtp_key_inline(&key, b64, sizeof(b64)), (int)((r->len + 2) / 3 * 4));
		assert_true(!strncmp(r->key_params + 7, b64, strlen(b64)));
	}
}

#define SAVP_OFFER(proto, crypto)                                                                  \
	HEAD("192.0.2.50") "m=audio 5000 " proto " 8" CRLF crypto

struct policy_row {
	const char *name;
	const char *sdp;
	enum sdp_srtp_policy policy;
	int ret;
	enum sdp_srtp_suite suite;
	bool savp;
	unsigned tag;
};

static const struct policy_row policy_rows[] = {
	{"off: plain offer", SAVP_OFFER("RTP/AVP", ""), SDP_SRTP_OFF, 0, SDP_SRTP_NONE, false, 0},
	{"off: SAVP only is refused", SAVP_OFFER("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF),
	 SDP_SRTP_OFF, -ENOTSUP, SDP_SRTP_NONE, false, 0},
	{"off: best effort offer runs plain", SAVP_OFFER("RTP/AVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF),
	 SDP_SRTP_OFF, 0, SDP_SRTP_NONE, false, 0},
	{"optional: SAVP", SAVP_OFFER("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF),
	 SDP_SRTP_OPTIONAL, 0, SDP_SRTP_AES_CM_128_HMAC_SHA1_80, true, 1},
	{"optional: best effort", SAVP_OFFER("RTP/AVP", "a=crypto:9 AEAD_AES_128_GCM inline:" KEY28 CRLF),
	 SDP_SRTP_OPTIONAL, 0, SDP_SRTP_AEAD_AES_128_GCM, false, 9},
	{"optional: plain", SAVP_OFFER("RTP/AVP", ""), SDP_SRTP_OPTIONAL, 0, SDP_SRTP_NONE, false, 0},
	{"optional: the first usable crypto line wins",
	 SAVP_OFFER("RTP/SAVP", "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" KEY30 CRLF
				"a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" KEY30 CRLF
				"a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF),
	 SDP_SRTP_OPTIONAL, 0, SDP_SRTP_AES_CM_128_HMAC_SHA1_32, true, 2},
	{"optional: SAVP without a usable key is refused",
	 SAVP_OFFER("RTP/SAVP", "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" KEY30 CRLF),
	 SDP_SRTP_OPTIONAL, -ENOTSUP, SDP_SRTP_NONE, false, 0},
	{"mandatory: plain is refused", SAVP_OFFER("RTP/AVP", ""), SDP_SRTP_MANDATORY, -ENOTSUP, SDP_SRTP_NONE, false, 0},
	{"mandatory: SAVP", SAVP_OFFER("RTP/SAVP", "a=crypto:5 AEAD_AES_256_GCM inline:" KEY44 CRLF),
	 SDP_SRTP_MANDATORY, 0, SDP_SRTP_AEAD_AES_256_GCM, true, 5},
	{"mandatory: the SAVP stream after a plain one",
	 SAVP_OFFER("RTP/AVP", "") "m=audio 5002 RTP/SAVP 8" CRLF
		 "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF,
	 SDP_SRTP_MANDATORY, 0, SDP_SRTP_AES_CM_128_HMAC_SHA1_80, true, 1},
};

static void test_srtp_policy(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(policy_rows) / sizeof(policy_rows[0]); i++) {
		const struct policy_row *r = &policy_rows[i];
		struct sdp_session sess;
		struct sdp_media_params mp;
		struct pl msg = pl_make(r->sdp, strlen(r->sdp));
		char err[128], ans[1024];
		int ret;

		print_message("  srtp %s\n", r->name);
		assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
		ret = sdp_answer_offer_srtp(&sess, SDP_LAW_PCMA, r->policy, &mp, err, sizeof(err));
		if (ret != r->ret)
			fail_msg("%s: %d, want %d (%s)", r->name, ret, r->ret, err);
		if (ret)
			continue;
		assert_int_equal(mp.srtp.suite, r->suite);
		assert_int_equal(mp.savp, r->savp);
		if (r->suite == SDP_SRTP_NONE)
			continue;
		assert_int_equal(mp.srtp.tag, r->tag);
		/* the answer: same proto, one crypto line with the offer's tag and suite */
		{
			struct sdp_srtp_key ours;
			struct sdp_local l = test_local;
			char want[96];

			assert_int_equal(sdp_srtp_key_new(&ours, mp.srtp.suite, 77), 0);
			l.keys = &ours;
			l.nkeys = 1;
			assert_true(sdp_build_answer(ans, sizeof(ans), &l, &sess, &mp) > 0);
			snprintf(want, sizeof(want), " %s 8", r->savp ? "RTP/SAVP" : "RTP/AVP");
			assert_non_null(strstr(ans, want));
			snprintf(want, sizeof(want), "a=crypto:%u %s inline:", r->tag,
				 sdp_srtp_suite_name(r->suite));
			assert_non_null(strstr(ans, want));
			assert_null(strstr(strstr(ans, want) + 1, "a=crypto:"));
		}
	}
}

/* our offer lists the keys; the answer must take one of them, by tag and suite */
static void test_srtp_answer(void **state)
{
	struct sdp_srtp_key keys[2];
	struct sdp_local l = test_local;
	struct sdp_session sess;
	struct sdp_media_params mp;
	char offer[1024], err[128];
	struct pl msg;
	int n;
	static const char good[] = SAVP_OFFER("RTP/SAVP", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF);
	static const char wrong_tag[] = SAVP_OFFER("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY30 CRLF);
	static const char plain[] = SAVP_OFFER("RTP/AVP", "");
	static const char savp_nokey[] = SAVP_OFFER("RTP/SAVP", "");

	(void)state;
	assert_int_equal(sdp_srtp_key_new(&keys[0], SDP_SRTP_AEAD_AES_128_GCM, 1), 0);
	assert_int_equal(sdp_srtp_key_new(&keys[1], SDP_SRTP_AES_CM_128_HMAC_SHA1_80, 2), 0);
	assert_int_not_equal(memcmp(keys[0].key, keys[1].key, 16), 0);
	l.keys = keys;
	l.nkeys = 2;
	l.savp = true;
	n = sdp_build_offer(offer, sizeof(offer), &l);
	assert_true(n > 0);
	assert_non_null(strstr(offer, "m=audio 20000 RTP/SAVP "));
	assert_non_null(strstr(offer, "a=crypto:1 AEAD_AES_128_GCM inline:"));
	assert_non_null(strstr(offer, "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:"));

	msg = pl_make(good, sizeof(good) - 1);
	assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
	assert_int_equal(sdp_process_answer_srtp(&sess, keys, 2, true, &mp, err, sizeof(err)), 0);
	assert_int_equal(mp.srtp.suite, SDP_SRTP_AES_CM_128_HMAC_SHA1_80);
	assert_int_equal(mp.srtp.tag, 2);

	msg = pl_make(wrong_tag, sizeof(wrong_tag) - 1);
	assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
	assert_int_equal(sdp_process_answer_srtp(&sess, keys, 2, false, &mp, err, sizeof(err)),
			 -ENOTSUP);
	assert_non_null(strstr(err, "tag 1 AES_CM_128_HMAC_SHA1_80 was not offered"));

	msg = pl_make(plain, sizeof(plain) - 1);
	assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
	assert_int_equal(sdp_process_answer_srtp(&sess, keys, 2, false, &mp, err, sizeof(err)), 0);
	assert_int_equal(mp.srtp.suite, SDP_SRTP_NONE);
	assert_int_equal(sdp_process_answer_srtp(&sess, keys, 2, true, &mp, err, sizeof(err)),
			 -ENOTSUP);

	msg = pl_make(savp_nokey, sizeof(savp_nokey) - 1);
	assert_int_equal(sdp_parse(&sess, &msg, err, sizeof(err)), 0);
	assert_int_equal(sdp_process_answer_srtp(&sess, keys, 2, false, &mp, err, sizeof(err)),
			 -ENOTSUP);
}

/* error strings never overflow the caller's buffer */
static void test_err_truncation(void **state)
{
	static const char sdp[] = "v=0\r\nbogus\r\n";
	struct pl msg = pl_make(sdp, sizeof(sdp) - 1);
	struct sdp_session s;
	char err[8];

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_equal(sdp_parse(&s, &msg, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "line 2:");
	assert_int_equal(sdp_parse(&s, &msg, NULL, 0), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offer_answer),   cmocka_unit_test(test_build_offer),
		cmocka_unit_test(test_process_answer), cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_err_truncation), cmocka_unit_test(test_crypto_key),
		cmocka_unit_test(test_srtp_policy),    cmocka_unit_test(test_srtp_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
