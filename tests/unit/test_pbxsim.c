// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim: dial plan actions, config errors, protocol words and tones, a row per case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tdm.h"
#include <libpri.h>

/* the units under test are pbxsim's own files, not part of libprigate */
#include "../../tools/pbxsim/audio.c"
#include "../../tools/pbxsim/conf.c"
#include "../../tools/pbxsim/dialplan.c"
#include "../../tools/pbxsim/word.c"

/* audio.c tells the call's control client about DTMF; ctl.c is not linked */
void pbx_client_printf(struct pbx_client *cl, const char *fmt, ...)
{
}

struct action_row {
	const char *name;
	const char *in;
	int ok;
	bool ring;
	unsigned ring_ms;
	enum pbx_act act;
	int cause;
	const char *canon; /* pbx_action_format of the result */
};

static const struct action_row actions[] = {
	{"echo", "echo", 1, false, 0, PBX_ACT_ECHO, 0, "echo"},
	{"milliwatt", "milliwatt", 1, false, 0, PBX_ACT_MILLIWATT, 0, "milliwatt"},
	{"answer", "answer", 1, false, 0, PBX_ACT_ANSWER, 0, "answer"},
	{"reject with Q.850 cause", "reject 17", 1, false, 0, PBX_ACT_REJECT, 17, "reject 17"},
	{"busy is reject 17", "busy", 1, false, 0, PBX_ACT_REJECT, 17, "reject 17"},
	{"ring then echo", "ring 2000 echo", 1, true, 2000, PBX_ACT_ECHO, 0, "ring 2000 echo"},
	{"ring then reject", "ring 10 reject 34", 1, true, 10, PBX_ACT_REJECT, 34,
	 "ring 10 reject 34"},
	{"ring forever", "ring 0", 1, true, 0, PBX_ACT_NONE, 0, "ring 0"},
	{"case and blanks", "  RING\t100  Echo ", 1, true, 100, PBX_ACT_ECHO, 0, "ring 100 echo"},
	{"empty", "", 0, false, 0, 0, 0, NULL},
	{"unknown word", "dance", 0, false, 0, 0, 0, NULL},
	{"reject without cause", "reject", 0, false, 0, 0, 0, NULL},
	{"Q.850 cause 0 does not exist", "reject 0", 0, false, 0, 0, 0, NULL},
	{"Q.850 cause above 127", "reject 128", 0, false, 0, 0, 0, NULL},
	{"ring without time", "ring", 0, false, 0, 0, 0, NULL},
	{"ring with words for time", "ring soon echo", 0, false, 0, 0, 0, NULL},
	{"ring beyond an hour", "ring 3600001 echo", 0, false, 0, 0, 0, NULL},
	{"ring twice", "ring 1 ring 1 echo", 0, false, 0, 0, 0, NULL},
	{"trailing words", "echo now", 0, false, 0, 0, 0, NULL},
	{"echo with a hybrid's loss", "echo 12", 1, false, 0, PBX_ACT_ECHO, 0, "echo 12"},
	{"ring then lossy echo", "ring 10 echo 6", 1, true, 10, PBX_ACT_ECHO, 0, "ring 10 echo 6"},
	{"echo loss above 60 dB", "echo 61", 0, false, 0, 0, 0, NULL},
	{"echo loss then more words", "echo 12 now", 0, false, 0, 0, 0, NULL},
};

static void test_actions(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		const struct action_row *r = &actions[i];
		struct pbx_action a;
		char err[256] = "", canon[64];
		int ret = pbx_action_parse(&a, r->in, err, sizeof(err));

		print_message("action: %s\n", r->name);
		if (!r->ok) {
			assert_int_equal(ret, -EINVAL);
			assert_non_null(strstr(err, "(allowed: echo [LOSS_DB], milliwatt"));
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(a.ring, r->ring);
		assert_int_equal(a.ring_ms, r->ring_ms);
		assert_int_equal(a.act, r->act);
		assert_int_equal(a.cause, r->cause);
		pbx_action_format(&a, canon, sizeof(canon));
		assert_string_equal(canon, r->canon);
	}
}

struct conf_row {
	const char *name;
	const char *ini;
	const char *err; /* after "FILE: ", NULL when the file is good */
};

static const struct conf_row confs[] = {
	{"defaults from an empty file", "", NULL},
	{"demo file", "[pbxsim]\nnode = user\nswitchtype = euroisdn\nframing = e1\nlaw = alaw\n"
		      "backend = sim\ncable = /tmp/c.sock\nlisten = no\ncontrol = /tmp/p.ctl\n"
		      "debug = 0\n[dialplan]\n100 = echo\ndefault = reject 1\n", NULL},
	{"node", "[pbxsim]\nnode = martian\n",
	 "[pbxsim] node: 'martian' is not valid (allowed: user, network)"},
	{"switchtype", "[pbxsim]\nswitchtype = sonet\n",
	 "[pbxsim] switchtype: 'sonet' is not valid (allowed: euroisdn, ni2, dms100, lucent5e, "
	 "4ess, qsig)"},
	{"framing", "[pbxsim]\nframing = j1\n",
	 "[pbxsim] framing: 'j1' is not valid (allowed: e1, t1)"},
	{"law", "[pbxsim]\nlaw = slaw\n", "[pbxsim] law: 'slaw' is not valid (allowed: alaw, ulaw)"},
	{"listen", "[pbxsim]\nlisten = maybe\n",
	 "[pbxsim] listen: 'maybe' is not valid (allowed: no, yes, false, true, 0, 1, off, on)"},
	{"debug", "[pbxsim]\ndebug = 2\n", "[pbxsim] debug: '2' is not valid (allowed: 0, 1)"},
	{"backend", "[pbxsim]\nbackend = floppy\n",
	 "[pbxsim] backend: 'floppy' is not a backend compiled in (allowed: @BACKENDS@)"},
	{"cable longer than sun_path",
	 "[pbxsim]\ncable = /tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	 "[pbxsim] cable: '/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is not usable (allowed: a socket path of 1-107 "
	 "characters)"},
	{"unknown key", "[pbxsim]\ncolour = red\n",
	 "[pbxsim] colour: unknown key (allowed: node, switchtype, framing, law, hunt, backend, "
	 "cable, listen, control, debug, tonezone)"},
	{"tonezone", "[pbxsim]\ntonezone = mars\n",
	 "[pbxsim] tonezone: 'mars' is not a tone zone (allowed: etsi, uk, us, de, fr)"},
	{"tonezone uk", "[pbxsim]\ntonezone = uk\n", NULL},
	{"unknown section", "[trunk]\nx = 1\n",
	 "[trunk]: unknown section (allowed: pbxsim, dialplan)"},
	{"dial plan number", "[dialplan]\n12a = echo\n",
	 "[dialplan] 12a: not a number (allowed: 1-31 of 0-9 * # +, or 'default')"},
	{"dial plan action", "[dialplan]\n100 = reject 200\n",
	 "[dialplan] 100: 'reject' needs a Q.850 cause 1-127 (allowed: echo [LOSS_DB], milliwatt, answer, "
	 "busy, reject CAUSE, ring MS [ACTION])"},
};

static void test_conf(void **state)
{
	char path[] = "/tmp/test_pbxsim.XXXXXX", err[1024], want[2100], exp[1024];
	size_t i;

	for (i = 0; i < sizeof(confs) / sizeof(confs[0]); i++) {
		const struct conf_row *r = &confs[i];
		struct pbx_conf conf;
		int fd = mkstemp(path), ret;

		print_message("config: %s\n", r->name);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, r->ini, strlen(r->ini)), (ssize_t)strlen(r->ini));
		close(fd);
		err[0] = '\0';
		ret = pbx_conf_load(&conf, path, err, sizeof(err));
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
		if (!r->err) {
			assert_int_equal(ret, 0);
			continue;
		}
		assert_int_equal(ret, -EINVAL);
		{
			/* the backends listed depend on Kconfig */
			const char *at = strstr(r->err, "@BACKENDS@");

			if (at)
				snprintf(exp, sizeof(exp), "%.*s%s%s", (int)(at - r->err), r->err,
					 tdm_backend_names(), at + 10);
			else
				snprintf(exp, sizeof(exp), "%s", r->err);
		}
		snprintf(want, sizeof(want), "%.*s: %s", (int)strlen(err) - (int)strlen(exp) - 2,
			 err, exp);
		assert_string_equal(err, want);
		assert_int_equal(strncmp(err, "/tmp/test_pbxsim.", 17), 0);
	}
}

static void test_conf_defaults(void **state)
{
	char path[] = "/tmp/test_pbxsim.XXXXXX", err[256];
	static const char ini[] = "[pbxsim]\nframing = t1\nnode = network\n"
				  "[dialplan]\n100 = echo\n200 = milliwatt\n";
	const struct pbx_action *a;
	struct pbx_conf conf;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, ini, sizeof(ini) - 1), (ssize_t)sizeof(ini) - 1);
	close(fd);
	assert_int_equal(pbx_conf_load(&conf, path, err, sizeof(err)), 0);
	unlink(path);
	/* T1 defaults to mu-law; the network side hunts upwards */
	assert_int_equal(conf.law, TDM_ULAW);
	assert_int_equal(conf.hunt, ISDN_HUNT_ASCENDING);
	assert_int_equal(conf.node, PRI_NETWORK);
	assert_string_equal(conf.control, PBX_CTL_DEFAULT);
	assert_string_equal(conf.cable, PBX_CABLE_DEFAULT);
	assert_int_equal(pbx_dialplan_lookup(&conf, "100")->act, PBX_ACT_ECHO);
	assert_int_equal(pbx_dialplan_lookup(&conf, "200")->act, PBX_ACT_MILLIWATT);
	/* no default in the file: unallocated number */
	a = pbx_dialplan_lookup(&conf, "1000");
	assert_int_equal(a->act, PBX_ACT_REJECT);
	assert_int_equal(a->cause, CAUSE_UNALLOCATED);
}

struct word_row {
	const char *name;
	const char *plain;
	const char *enc;
};

static const struct word_row words[] = {
	{"plain path unchanged", "/tmp/a.wav", "/tmp/a.wav"},
	{"space", "/tmp/my file.wav", "/tmp/my%20file.wav"},
	{"percent", "/tmp/100%.wav", "/tmp/100%25.wav"},
	{"newline and tab", "a\nb\tc", "a%0Ab%09c"},
	{"DEL", "a\x7f", "a%7F"},
	{"UTF-8 kept", "/tmp/\xc3\xa9.wav", "/tmp/\xc3\xa9.wav"},
	{"empty", "", ""},
};

static void test_words(void **state)
{
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		print_message("word: %s\n", words[i].name);
		assert_int_equal(pbx_word_encode(words[i].plain, buf, sizeof(buf)), 0);
		assert_string_equal(buf, words[i].enc);
		assert_int_equal(pbx_word_decode(buf), 0);
		assert_string_equal(buf, words[i].plain);
	}
	/* bad escapes and NUL are refused, short buffers reported */
	strcpy(buf, "a%2");
	assert_int_equal(pbx_word_decode(buf), -EINVAL);
	strcpy(buf, "a%zz");
	assert_int_equal(pbx_word_decode(buf), -EINVAL);
	strcpy(buf, "a%00b");
	assert_int_equal(pbx_word_decode(buf), -EINVAL);
	assert_int_equal(pbx_word_encode("a b", buf, 4), -ENOSPC);
	assert_int_equal(pbx_word_encode("abc", buf, 3), -ENOSPC);
	assert_int_equal(pbx_word_encode("abc", buf, 4), 0);
}

struct tone_row {
	const char *name;
	const char *ini;
	const char *zone;
	enum tdm_law law;
	uint8_t mw0; /* first byte of the digital milliwatt */
};

static const struct tone_row tones[] = {
	{"tonezone defaults to etsi (A-law)", "[pbxsim]\nlaw = alaw\n", "etsi", TDM_ALAW, 0x34},
	{"tonezone defaults to etsi (mu-law too)", "[pbxsim]\nlaw = ulaw\n", "etsi", TDM_ULAW,
	 0x1e},
	{"tonezone us", "[pbxsim]\nlaw = ulaw\ntonezone = US\n", "us", TDM_ULAW, 0x1e},
	{"tonezone uk", "[pbxsim]\ntonezone = uk\n", "uk", TDM_ALAW, 0x34},
};

static void test_tones(void **state)
{
	static struct pbx pbx;
	char path[] = "/tmp/test_pbxsim.XXXXXX", err[256];
	size_t i;

	for (i = 0; i < sizeof(tones) / sizeof(tones[0]); i++) {
		const struct tone_row *r = &tones[i];
		int fd = mkstemp(path);

		print_message("tone: %s\n", r->name);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, r->ini, strlen(r->ini)), (ssize_t)strlen(r->ini));
		close(fd);
		assert_int_equal(pbx_conf_load(&pbx.conf, path, err, sizeof(err)), 0);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
		assert_string_equal(pbx.conf.tonezone->name, r->zone);
		assert_int_equal(pbx.conf.law, r->law);
		pbx_audio_init(&pbx);
		assert_int_equal(pbx.milliwatt[0], r->mw0);
		assert_int_equal(pbx.silence, r->law == TDM_ALAW ? 0xd5 : 0xff);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_conf_defaults),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_tones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
