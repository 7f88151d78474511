// SPDX-License-Identifier: GPL-2.0-only
/* Configuration loader: shipped files load, each bad file is refused with its exact message. */
#include <arpa/inet.h>
#include <errno.h>
#include <libpri.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config/config.h"

/* a span that loads on its own; rows add sections or keys around it */
#define SPAN1 "[span 1]\ndevice = /tmp/test-config-e1.sock\n"
#define TRUNK "[trunk itsp]\naddress = 192.0.2.10\n"
#define SECTIONS                                                                                   \
	"general, sip, media, trunk NAME, span N, route.in NAME, route.out NAME, group NAME, "     \
	"causes NAME, numbering"
#define NO_SPAN "%1$s: [span N]: no span configured (allowed: one or more [span N] sections)"

struct row {
	const char *name;
	const char *ini;
	int ret;
	/* the whole message: %1$s the file's path, %2$s the backends built in */
	const char *err;
};

static const struct row bad_rows[] = {
	{"syntax: a line neither section nor key", "[sip]\nthis is not ini\n" SPAN1, -EINVAL,
	 "%1$s: not a valid INI file (syntax error)"},
	{"syntax: unterminated section header", "[sip\n" SPAN1, -EINVAL,
	 "%1$s: not a valid INI file (syntax error)"},
	{"unknown section", "[sipp]\nport = 5060\n" SPAN1, -EINVAL,
	 "%1$s: [sipp]: unknown section (allowed: " SECTIONS ")"},
	{"[general] unknown key", "[general]\nloglevel = debug\n" SPAN1, -EINVAL,
	 "%1$s: [general] loglevel: unknown key (allowed: control, log_level)"},
	{"[general] log_level x", "[general]\nlog_level = x\n" SPAN1, -EINVAL,
	 "%1$s: [general] log_level: 'x' is not valid (allowed: error, warning, notice, info, "
	 "debug)"},
	{"[sip] unknown key", "[sip]\nbogus = 1\n" SPAN1, -EINVAL,
	 "%1$s: [sip] bogus: unknown key (allowed: listen, port, user_agent, t1_ms, t2_ms, t4_ms, "
	 "max_cps, 100rel, session_expires, min_se, listen2, transports, tls_cert, tls_key, "
	 "tls_ca)"},
	{"[sip] session_expires below min_se", "[sip]\nsession_expires = 60\n" SPAN1, -EINVAL,
	 "%1$s: [sip] session_expires: must be 0 or not below min_se (90)"},
	{"[sip] min_se 1", "[sip]\nmin_se = 1\n" SPAN1, -EINVAL,
	 "%1$s: [sip] min_se: 1 is out of range (allowed: 2-86400)"},
	{"[sip] port 70000", "[sip]\nport = 70000\n" SPAN1, -EINVAL,
	 "%1$s: [sip] port: 70000 is out of range (allowed: 1-65535)"},
	{"[sip] port 0", "[sip]\nport = 0\n" SPAN1, -EINVAL,
	 "%1$s: [sip] port: 0 is out of range (allowed: 1-65535)"},
	{"[sip] port 50x", "[sip]\nport = 50x\n" SPAN1, -EINVAL,
	 "%1$s: [sip] port: '50x' is not a number (allowed: 1-65535)"},
	{"[sip] port -1", "[sip]\nport = -1\n" SPAN1, -EINVAL,
	 "%1$s: [sip] port: '-1' is not a number (allowed: 1-65535)"},
	{"[sip] listen not an IP literal", "[sip]\nlisten = localhost\n" SPAN1, -EINVAL,
	 "%1$s: [sip] listen: 'localhost' is not an IP address (allowed: IPv4 or IPv6 literal)"},
	{"[sip] user_agent of 64 characters",
	 "[sip]\nuser_agent = "
	 "0123456789012345678901234567890123456789012345678901234567890123\n" SPAN1,
	 -EINVAL, "%1$s: [sip] user_agent: too long (allowed: up to 63 characters)"},
	{"[media] rtp_port_max == rtp_port_min",
	 "[media]\nrtp_port_min = 20000\nrtp_port_max = 20000\n" SPAN1, -EINVAL,
	 "%1$s: [media] rtp_port_max: must be above rtp_port_min (20000)"},
	{"[media] rtp_port_max < rtp_port_min",
	 "[media]\nrtp_port_min = 30000\nrtp_port_max = 20000\n" SPAN1, -EINVAL,
	 "%1$s: [media] rtp_port_max: must be above rtp_port_min (30000)"},
	{"[media] rtp_port_min 1023", "[media]\nrtp_port_min = 1023\n" SPAN1, -EINVAL,
	 "%1$s: [media] rtp_port_min: 1023 is out of range (allowed: 1024-65534)"},
	{"[media] rtp_address not an IP literal", "[media]\nrtp_address = x\n" SPAN1, -EINVAL,
	 "%1$s: [media] rtp_address: 'x' is not an IP address (allowed: IPv4 or IPv6 literal)"},
	{"[media] ptime 25", "[media]\nptime = 25\n" SPAN1, -EINVAL,
	 "%1$s: [media] ptime: '25' is not valid (allowed: 10, 20, 30, 40, 50, 60)"},
	{"[media] ptime 70", "[media]\nptime = 70\n" SPAN1, -EINVAL,
	 "%1$s: [media] ptime: 70 is out of range (allowed: 10-60)"},
	{"[media] threads 0", "[media]\nthreads = 0\n" SPAN1, -EINVAL,
	 "%1$s: [media] threads: 0 is out of range (allowed: 1-8)"},
	{"[media] cpus not numbers", "[media]\ncpus = 0,one\n" SPAN1, -EINVAL,
	 "%1$s: [media] cpus: 'one' is not a number (allowed: 0-1023)"},
	{"[media] cpus more than 8", "[media]\ncpus = 0,1,2,3,4,5,6,7,8\n" SPAN1, -EINVAL,
	 "%1$s: [media] cpus: more than 8 CPUs (allowed: up to 8 CPU numbers)"},
	{"[media] threads with xdp", "[media]\nengine = xdp\nxdp_interface = eth0\nthreads = 2\n" SPAN1,
	 -EINVAL, "%1$s: [media] threads: 2 with engine = xdp (allowed: 1; AF_XDP uses one queue)"},
	{"[media] engine unknown", "[media]\nengine = dpdk\n" SPAN1, -EINVAL,
	 "%1$s: [media] engine: 'dpdk' is not valid (allowed: sockets, xdp)"},
	{"[media] engine xdp without xdp_interface", "[media]\nengine = xdp\n" SPAN1, -EINVAL,
	 "%1$s: [media] xdp_interface: missing (allowed: the network interface RTP arrives on, "
	 "required with engine = xdp)"},
	{"[media] xdp_queue 64", "[media]\nengine = xdp\nxdp_interface = eth0\nxdp_queue = 64\n" SPAN1,
	 -EINVAL, "%1$s: [media] xdp_queue: 64 is out of range (allowed: 0-63)"},
	{"[media] jitter_ms 401", "[media]\njitter_ms = 401\n" SPAN1, -EINVAL,
	 "%1$s: [media] jitter_ms: 401 is out of range (allowed: 0-400)"},
	{"[media] jitter_min_ms above jitter_max_ms",
	 "[media]\njitter_min_ms = 100\njitter_max_ms = 50\n" SPAN1, -EINVAL,
	 "%1$s: [media] jitter_max_ms: must not be below jitter_min_ms (100)"},
	{"[media] jitter_max_ms 251", "[media]\njitter_max_ms = 251\n" SPAN1, -EINVAL,
	 "%1$s: [media] jitter_max_ms: 251 is out of range (allowed: 10-250)"},
	{"[trunk] missing address", "[trunk itsp]\nport = 5060\n" SPAN1, -EINVAL,
	 "%1$s: [trunk itsp] address: missing (allowed: an IP address)"},
	{"[trunk] address not an IP literal", "[trunk itsp]\naddress = sbc.example\n" SPAN1,
	 -EINVAL,
	 "%1$s: [trunk itsp] address: 'sbc.example' is not an IP address (allowed: IPv4 or IPv6 "
	 "literal)"},
	{"[trunk] unknown key", TRUNK "proxy = 1\n" SPAN1, -EINVAL,
	 "%1$s: [trunk itsp] proxy: unknown key (allowed: address, port, emergency, trusted, "
	 "redirecting, "
	 "causes, transport, username, password, realm, register, expires, keepalive, srtp, "
	 "max_calls, max_cps)"},
	{"[trunk] redirecting unknown", TRUNK "redirecting = referred-by\n" SPAN1, -EINVAL,
	 "%1$s: [trunk itsp] redirecting: 'referred-by' is not valid (allowed: diversion, "
	 "history-info, both)"},
	{"[trunk] trusted maybe", TRUNK "trusted = maybe\n" SPAN1, -EINVAL,
	 "%1$s: [trunk itsp] trusted: 'maybe' is not valid (allowed: no, yes, false, true, 0, 1, "
	 "off, on)"},
	{"[trunk] causes naming no [causes] section", TRUNK "causes = nope\n" SPAN1, -EINVAL,
	 "%1$s: [trunk itsp] causes: 'nope' is not a [causes NAME] section"},
	{"[span] framing x", SPAN1 "framing = x\n", -EINVAL,
	 "%1$s: [span 1] framing: 'x' is not valid (allowed: e1, t1)"},
	{"[span] law x", SPAN1 "law = x\n", -EINVAL,
	 "%1$s: [span 1] law: 'x' is not valid (allowed: alaw, ulaw)"},
	{"[span] signalling x", SPAN1 "signalling = x\n", -EINVAL,
	 "%1$s: [span 1] signalling: 'x' is not valid (allowed: pri_net, pri_cpe)"},
	{"[span] switchtype x", SPAN1 "switchtype = x\n", -EINVAL,
	 "%1$s: [span 1] switchtype: 'x' is not valid (allowed: euroisdn, ni2, dms100, "
	 "lucent5e, 4ess, qsig)"},
	{"[span] hunt x", SPAN1 "hunt = x\n", -EINVAL,
	 "%1$s: [span 1] hunt: 'x' is not valid (allowed: ascending, descending, round-robin)"},
	{"[span] backend not built in", SPAN1 "backend = x\n", -EINVAL,
	 "%1$s: [span 1] backend: 'x' is not a backend built in (allowed: %2$s)"},
	{"[span] unknown key", SPAN1 "channels = 30\n", -EINVAL,
	 "%1$s: [span 1] channels: unknown key (allowed: backend, framing, law, signalling, "
	 "switchtype, device, listen, hunt, trunk, debug, restart, echocancel, overlap, t302_ms, "
	 "send_name)"},
	{"[span] trunk naming a missing trunk", TRUNK SPAN1 "trunk = other\n", -EINVAL,
	 "%1$s: [span 1] trunk: 'other' is not a [trunk NAME] section"},
	{"[span] missing device", "[span 1]\nframing = e1\n", -EINVAL,
	 "%1$s: [span 1] device: missing (allowed: the sim backend's device or path)"},
	{"[span] number 0", "[span 0]\ndevice = /tmp/x\n", -EINVAL,
	 "%1$s: [span 0]: '0' is not a span number (allowed: 1-255)"},
	{"[span] number 256", "[span 256]\ndevice = /tmp/x\n", -EINVAL,
	 "%1$s: [span 256]: '256' is not a span number (allowed: 1-255)"},
	{"[span] duplicate span (1 and 01)", SPAN1 "[span 01]\ndevice = /tmp/y\n", -EINVAL,
	 "%1$s: [span 01]: span defined twice"},
	{"[span] number +1", "[span +1]\ndevice = /tmp/x\n", -EINVAL,
	 "%1$s: [span +1]: '+1' is not a span number (allowed: 1-255)"},
	{"[sip] port with a leading space inside quotes", "[sip]\nport = \" 5060\"\n" SPAN1, -EINVAL,
	 "%1$s: [sip] port: ' 5060' is not a number (allowed: 1-65535)"},
	{"[sip] key set twice", "[sip]\nport = 5060\nPort = 5070\n" SPAN1, -EINVAL,
	 "%1$s: [sip] port: set twice in the section"},
	{"[span] echocancel 16 taps", SPAN1 "echocancel = 16\n", -EINVAL,
	 "%1$s: [span 1] echocancel: '16' is not valid (allowed: no, yes or 32-1024 taps)"},
	{"[span] echocancel on the sim backend", SPAN1 "echocancel = yes\n", -EINVAL,
	 "%1$s: [span 1] echocancel: the sim backend has no echo canceller (allowed: no)"},
	{"no span", "[sip]\nport = 5060\n", -EINVAL, NO_SPAN},
	{"empty file", "", -EINVAL, NO_SPAN},
	{"keys outside any section: [sip] forgotten", "port = 5080\n" SPAN1, -EINVAL,
	 "%1$s: keys outside any section"},
	{"[span] duplicate span, same name", SPAN1 "[span 1]\ndevice = /tmp/y\n", -EINVAL,
	 "%1$s: [span 1]: span defined twice"},
	{"[trunk] duplicate trunk, names differing in case",
	 TRUNK "[trunk ITSP]\naddress = 192.0.2.11\n" SPAN1, -EINVAL,
	 "%1$s: [trunk itsp]: trunk defined twice"},
};

static void write_tmp(char *path, const char *text)
{
	size_t len = strlen(text);
	int fd;

	strcpy(path, "/tmp/test_config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* load each row's file; the number of rows whose result differs, each printed */
static unsigned int run_rows(const struct row *rows, size_t n, const char *label)
{
	static struct config cfg;
	char path[32], err[512], want[512];
	unsigned int failed = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		int ret;

		write_tmp(path, r->ini);
		err[0] = '\0';
		ret = config_load(&cfg, path, err, sizeof(err));
		unlink(path);
		snprintf(want, sizeof(want), r->err, path, tdm_backend_names());
		if (ret != r->ret || strcmp(err, want)) {
			print_message("%s%s: returned %d \"%s\", want %d \"%s\"\n", label, r->name,
				      ret, err, r->ret, want);
			failed++;
		}
	}
	return failed;
}

static void test_bad_files(void **state)
{
	size_t n = sizeof(bad_rows) / sizeof(bad_rows[0]);
	unsigned int failed = run_rows(bad_rows, n, "");

	if (failed)
		fail_msg("%u of %zu rows failed", failed, n);
}

/* the shipped files; tests run from the repo root */
static void test_shipped_files(void **state)
{
	static const char *const files[] = {
		"conf/prigate.ini.sample",
		"conf/prigate-demo.ini",
	};
	static struct config cfg;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		err[0] = '\0';
		if (config_load(&cfg, files[i], err, sizeof(err)))
			fail_msg("%s: %s", files[i], err);
		assert_true(cfg.nspans >= 1);
	}
}

/* what the demo file says ends up in the structs */
static void test_demo_values(void **state)
{
	static struct config cfg;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&cfg.sip.addr;
	char err[512] = "";

	assert_int_equal(config_load(&cfg, "conf/prigate-demo.ini", err, sizeof(err)), 0);
	assert_string_equal(cfg.general.control, "/tmp/prigated.ctl");
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 5060);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0x7f000001);
	assert_int_equal(cfg.media.rtp_port_min, 10000);
	assert_int_equal(cfg.media.rtp_port_max, 20000);
	assert_int_equal(cfg.media.ptime, 20);
	assert_int_equal(cfg.ntrunks, 1);
	assert_string_equal(cfg.trunks[0].name, "demo");
	assert_int_equal(cfg.trunks[0].port, 5080);
	assert_ptr_equal(config_trunk(&cfg, "DEMO"), &cfg.trunks[0]);
	assert_null(config_trunk(&cfg, "other"));
	assert_int_equal(cfg.nspans, 1);
	assert_int_equal(cfg.spans[0].no, 1);
	assert_string_equal(cfg.spans[0].backend, "sim");
	assert_string_equal(cfg.spans[0].tdm.device, "/tmp/prigate-e1-1.sock");
	assert_true(cfg.spans[0].tdm.listen);
	assert_int_equal(cfg.spans[0].tdm.framing, TDM_E1);
	assert_int_equal(cfg.spans[0].tdm.law, TDM_ALAW);
	assert_int_equal(cfg.spans[0].isdn.node, PRI_NETWORK);
	assert_int_equal(cfg.spans[0].isdn.switchtype, PRI_SWITCH_EUROISDN_E1);
	assert_string_equal(cfg.spans[0].trunk, "demo");
}

/* defaults of a minimal file; T1 picks NI-2 unless told otherwise; names are case-blind */
static void test_defaults(void **state)
{
	static struct config cfg;
	char path[32], err[512] = "";

	write_tmp(path, "[Span 3]\nDevice = /tmp/t1\nframing = T1\nlaw = ULAW\n");
	assert_int_equal(config_load(&cfg, path, err, sizeof(err)), 0);
	unlink(path);
	assert_string_equal(cfg.sip.listen, "127.0.0.1");
	assert_int_equal(cfg.media.ptime, 20);
	assert_string_equal(cfg.media.rtp_address, "127.0.0.1");
	assert_int_equal(cfg.media.jitter_ms, 40);
	assert_int_equal(cfg.ntrunks, 0);
	assert_int_equal(cfg.spans[0].no, 3);
	assert_int_equal(cfg.spans[0].tdm.framing, TDM_T1);
	assert_int_equal(cfg.spans[0].tdm.law, TDM_ULAW);
	assert_int_equal(cfg.spans[0].isdn.switchtype, PRI_SWITCH_NI2);

	/* EuroISDN asked for on a T1 is ETSI's T1 variant, not NI-2 */
	write_tmp(path, "[span 1]\ndevice = /tmp/t1\nframing = t1\nswitchtype = euroisdn\n");
	assert_int_equal(config_load(&cfg, path, err, sizeof(err)), 0);
	unlink(path);
	assert_int_equal(cfg.spans[0].isdn.switchtype, PRI_SWITCH_EUROISDN_T1);
}

static void test_missing_file(void **state)
{
	static struct config cfg;
	char err[512] = "";

	assert_int_equal(config_load(&cfg, "/nonexistent/prigate.ini", err, sizeof(err)), -ENOENT);
	assert_string_equal(err,
			    "/nonexistent/prigate.ini: cannot open: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_files),
		cmocka_unit_test(test_demo_values),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
