// SPDX-License-Identifier: GPL-2.0-only
/* Stream framing of SIP over TCP/TLS (RFC 3261 18.3): one row per case. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip/sip_ua_priv.h"

struct row {
	const char *name;
	const char *in;
	long want; /* message length, 0 need more, or -errno */
	size_t skip;
	size_t max;
};

#define OPT "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"

static const struct row rows[] = {
	{"18.3 Content-Length 0: the headers are the message", OPT "Content-Length: 0\r\n\r\n",
	 sizeof(OPT "Content-Length: 0\r\n\r\n") - 1, 0, 8192},
	{"18.3 body counted by Content-Length, the next message left",
	 OPT "Content-Length: 4\r\n\r\nbodyNEXT", sizeof(OPT "Content-Length: 4\r\n\r\nbody") - 1,
	 0, 8192},
	{"18.3 body not all here yet", OPT "Content-Length: 10\r\n\r\nbody", 0, 0, 8192},
	{"18.3 headers not all here yet", OPT "Content-Len", 0, 0, 8192},
	{"7.3.3 compact form l", OPT "l: 2\r\n\r\nxy", sizeof(OPT "l: 2\r\n\r\nxy") - 1, 0, 8192},
	{"7.3.1 case and spaces before the colon", OPT "content-length  :  1\r\n\r\nz",
	 sizeof(OPT "content-length  :  1\r\n\r\nz") - 1, 0, 8192},
	{"RFC 5626 4.4.1 CRLFCRLF keepalive skipped", "\r\n\r\n", 0, 4, 8192},
	{"RFC 5626 keepalive before a message", "\r\n\r\n" OPT "l: 0\r\n\r\n",
	 sizeof(OPT "l: 0\r\n\r\n") - 1, 4, 8192},
	{"20.14 Content-Length is mandatory on streams", OPT "\r\n", -EBADMSG, 0, 8192},
	{"Content-Length with no digits", OPT "Content-Length: x\r\n\r\n", -EBADMSG, 0, 8192},
	{"a message larger than the limit", OPT "Content-Length: 9000\r\n\r\n", -EMSGSIZE, 0, 8192},
	{"headers without end beyond the limit", OPT "X: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n",
	 -EMSGSIZE, 0, 64},
	{"Content-Length in a header value is not the header",
	 OPT "Subject: Content-Length: 5\r\n"
	     "Content-Length: 0\r\n\r\n",
	 sizeof(OPT "Subject: Content-Length: 5\r\nContent-Length: 0\r\n\r\n") - 1, 0, 8192},
};

static void test_frame(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t skip = 99;
		long n = sip_stream_frame(rows[i].in, strlen(rows[i].in), &skip, rows[i].max);

		if (n != rows[i].want || skip != rows[i].skip)
			fail_msg("%s: got %ld skip %zu, want %ld skip %zu", rows[i].name, n, skip,
				 rows[i].want, rows[i].skip);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_frame)};

	return cmocka_run_group_tests_name("sip stream framing", tests, NULL, NULL);
}
