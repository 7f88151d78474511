// SPDX-License-Identifier: GPL-2.0-only
/* WAVE files: write and read back, PCM16 input, and damaged files refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wav.h"

#define CC(s)                                                                                      \
	((uint32_t)(s)[0] | (uint32_t)(s)[1] << 8 | (uint32_t)(s)[2] << 16 | (uint32_t)(s)[3] << 24)
#define DATA_LEN 160 /* 20 ms */
#define HDR_LEN 44   /* RIFF, 16-byte fmt, data header */

static void put(uint8_t *p, uint32_t v, int width)
{
	int i;

	for (i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get(const uint8_t *p, int width)
{
	uint32_t v = 0;
	int i;

	for (i = width - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* the plainest valid file: RIFF, 16-byte fmt, DATA_LEN samples of data */
static size_t good_image(uint8_t *b, uint16_t tag)
{
	uint16_t bytes = tag == WAV_FMT_PCM ? 2 : 1;
	size_t i;

	memcpy(b, "RIFF", 4);
	put(b + 4, HDR_LEN - 8 + DATA_LEN * bytes, 4);
	memcpy(b + 8, "WAVEfmt ", 8);
	put(b + 16, 16, 4);
	put(b + 20, tag, 2);
	put(b + 22, 1, 2);
	put(b + 24, 8000, 4);
	put(b + 28, 8000u * bytes, 4);
	put(b + 32, bytes, 2);
	put(b + 34, 8u * bytes, 2);
	memcpy(b + 36, "data", 4);
	put(b + 40, DATA_LEN * bytes, 4);
	for (i = 0; i < DATA_LEN * bytes; i++)
		b[HDR_LEN + i] = (uint8_t)(i * 7);
	return HDR_LEN + DATA_LEN * bytes;
}

static char *tmp_path(void)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/test_wav_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	static uint8_t buf[4096];
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

struct law_row {
	const char *name;
	enum g711_law law;
	uint16_t tag;
	size_t len;
};

static const struct law_row write_rows[] = {
	{"A-law, even length", G711_ALAW, WAV_FMT_ALAW, 160},
	{"A-law, odd length needs a pad byte", G711_ALAW, WAV_FMT_ALAW, 257},
	{"mu-law, even length", G711_ULAW, WAV_FMT_ULAW, 256},
	{"mu-law, odd length needs a pad byte", G711_ULAW, WAV_FMT_ULAW, 1},
};

static void test_write_read_back(void **state)
{
	uint8_t src[512], conv[512], *out, *file;
	char err[128], *path = tmp_path();
	size_t i, n, flen;
	int ret;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 37 + 11);
	for (i = 0; i < sizeof(write_rows) / sizeof(write_rows[0]); i++) {
		const struct law_row *r = &write_rows[i];
		enum g711_law other = r->law == G711_ALAW ? G711_ULAW : G711_ALAW;

		assert_int_equal(wav_write(path, r->law, src, r->len), 0);

		/* the header WAVE requires of a non-PCM format */
		file = slurp(path, &flen);
		if (flen != 58 + r->len + (r->len & 1) || get(file + 4, 4) != flen - 8 ||
		    get(file + 16, 4) != 18 || get(file + 20, 2) != r->tag ||
		    get(file + 22, 2) != 1 || get(file + 24, 4) != 8000 || get(file + 36, 2) != 0 ||
		    memcmp(file + 38, "fact", 4) || get(file + 42, 4) != 4 ||
		    get(file + 46, 4) != r->len || memcmp(file + 50, "data", 4) ||
		    get(file + 54, 4) != r->len || memcmp(file + 58, src, r->len))
			fail_msg("%s: bad file layout", r->name);

		ret = wav_read(path, r->law, &out, &n, err, sizeof(err));
		if (ret)
			fail_msg("%s: read back: %d %s", r->name, ret, err);
		assert_int_equal(n, r->len);
		assert_memory_equal(out, src, n);
		free(out);

		/* read as the other law: the G.711 table conversion */
		assert_int_equal(wav_read(path, other, &out, &n, err, sizeof(err)), 0);
		assert_int_equal(n, r->len);
		if (r->law == G711_ALAW)
			g711_alaw2ulaw_buf(conv, src, n);
		else
			g711_ulaw2alaw_buf(conv, src, n);
		assert_memory_equal(out, conv, n);
		free(out);
	}
	unlink(path);
}

static void test_pcm16_converted(void **state)
{
	size_t len = HDR_LEN + 65536 * 2, n, i;
	uint8_t *b = malloc(len), *out;
	char err[128];
	int law;

	assert_non_null(b);
	good_image(b, WAV_FMT_PCM);
	put(b + 4, (uint32_t)len - 8, 4);
	put(b + 40, 65536 * 2, 4);
	for (i = 0; i < 65536; i++)
		put(b + HDR_LEN + 2 * i, (uint32_t)(i - 32768), 2);
	for (law = G711_ALAW; law <= G711_ULAW; law++) {
		assert_int_equal(wav_parse(b, len, law, &out, &n, err, sizeof(err)), 0);
		assert_int_equal(n, 65536);
		for (i = 0; i < 65536; i++) {
			int16_t v = (int16_t)(i - 32768);
			uint8_t want = law == G711_ALAW ? g711_lin2alaw(v) : g711_lin2ulaw(v);

			if (out[i] != want)
				fail_msg("law %d sample %d: got %#04x, want %#04x", law, v, out[i],
					 want);
		}
		assert_int_equal(out[32768], g711_silence(law));
		free(out);
	}
	free(b);
}

/* LIST before fmt (odd size, padded), fact and an odd unknown one before data */
static void test_unknown_chunks_skipped(void **state)
{
	uint8_t b[512], good[256], *p = b, *out;
	size_t n, glen = good_image(good, WAV_FMT_ULAW);
	char err[128];

	memcpy(p, good, 12);
	p += 12;
	memcpy(p, "LIST\x05\0\0\0abcde\0", 14);
	p += 14;
	memcpy(p, good + 12, 24); /* fmt */
	p += 24;
	memcpy(p, "fact\4\0\0\0\xa0\0\0\0", 12);
	p += 12;
	memcpy(p, "x y\x01\x01\0\0\0z\0", 10);
	p += 10;
	memcpy(p, good + 36, glen - 36); /* data */
	p += glen - 36;
	put(b + 4, (uint32_t)(p - b - 8), 4);
	assert_int_equal(wav_parse(b, (size_t)(p - b), G711_ULAW, &out, &n, err, sizeof(err)), 0);
	assert_int_equal(n, DATA_LEN);
	assert_memory_equal(out, good + HDR_LEN, DATA_LEN);
	free(out);

	/* bytes after the RIFF chunk are someone else's */
	memcpy(p, "junkjunk", 8);
	assert_int_equal(wav_parse(b, (size_t)(p - b) + 8, G711_ULAW, &out, &n, NULL, 0), 0);
	free(out);
}

struct patch {
	size_t off;
	uint32_t val;
	int width; /* 0: no patch */
};

#define ALL SIZE_MAX

struct bad_row {
	const char *name;
	uint16_t tag;
	struct patch p[2];
	size_t keep; /* bytes of the image kept, or ALL */
	int err;
	const char *msg;
};

/* clang-format off */
static const struct bad_row bad_rows[] = {
	{"empty file", WAV_FMT_ALAW, {{0}}, 0, -EINVAL, "truncated"},
	{"header cut at 8 bytes", WAV_FMT_ALAW, {{0}}, 8, -EINVAL, "truncated"},
	{"RIFX (big endian) is not RIFF", WAV_FMT_ALAW, {{0, CC("RIFX"), 4}}, ALL, -EINVAL,
	 "not a RIFF WAVE"},
	{"RIFF of AVI", WAV_FMT_ALAW, {{8, CC("AVI "), 4}}, ALL, -EINVAL, "not a RIFF WAVE"},
	{"RIFF size past the end", WAV_FMT_ALAW, {{4, HDR_LEN - 8 + DATA_LEN + 1, 4}}, ALL,
	 -EINVAL, "RIFF size"},
	{"RIFF size 0xffffffff", WAV_FMT_ALAW, {{4, 0xffffffff, 4}}, ALL, -EINVAL, "RIFF size"},
	{"RIFF size too small for WAVE", WAV_FMT_ALAW, {{4, 3, 4}}, ALL, -EINVAL, "RIFF size"},
	{"file cut inside the data", WAV_FMT_ALAW, {{0}}, HDR_LEN + 80, -EINVAL, "RIFF size"},
	{"RIFF size ends inside the data", WAV_FMT_ALAW, {{4, HDR_LEN, 4}}, ALL, -EINVAL,
	 "chunk 'data' at offset 36 claims 160 bytes, only 8 left"},
	{"data size past the end", WAV_FMT_ALAW, {{40, DATA_LEN + 1, 4}}, ALL, -EINVAL,
	 "chunk 'data' at offset 36 claims 161 bytes"},
	{"unknown chunk size past the end", WAV_FMT_ALAW,
	 {{36, CC("LIST"), 4}, {40, 0xfffffff8, 4}}, ALL, -EINVAL, "chunk 'LIST'"},
	{"fmt size past the end", WAV_FMT_ALAW, {{16, 0x7fffffff, 4}}, ALL, -EINVAL,
	 "chunk 'fmt '"},
	{"zero-length data", WAV_FMT_ALAW, {{4, HDR_LEN - 8, 4}, {40, 0, 4}}, HDR_LEN, -EINVAL,
	 "data chunk is empty"},
	{"fmt chunk of 14 bytes (WAVEFORMAT)", WAV_FMT_ALAW, {{16, 14, 4}}, ALL, -EINVAL,
	 "fmt chunk of 14 bytes"},
	{"sample rate 16000", WAV_FMT_ALAW, {{24, 16000, 4}, {28, 16000, 4}}, ALL, -ENOTSUP,
	 "sample rate 16000"},
	{"sample rate 44100 PCM", WAV_FMT_PCM, {{24, 44100, 4}}, ALL, -ENOTSUP,
	 "sample rate 44100"},
	{"stereo", WAV_FMT_ULAW, {{22, 2, 2}, {32, 2, 2}}, ALL, -ENOTSUP, "2 channels"},
	{"no channels", WAV_FMT_ULAW, {{22, 0, 2}}, ALL, -ENOTSUP, "0 channels"},
	{"IEEE float", WAV_FMT_PCM, {{20, 3, 2}}, ALL, -ENOTSUP, "format 0x3"},
	{"WAVE_FORMAT_EXTENSIBLE", WAV_FMT_PCM, {{20, 0xfffe, 2}}, ALL, -ENOTSUP, "format 0xfffe"},
	{"A-law of 16 bits", WAV_FMT_ALAW, {{34, 16, 2}}, ALL, -ENOTSUP, "16 bits per sample"},
	{"PCM of 8 bits", WAV_FMT_PCM, {{34, 8, 2}}, ALL, -ENOTSUP, "8 bits per sample"},
	{"block align 2 for 8-bit mono", WAV_FMT_ALAW, {{32, 2, 2}}, ALL, -EINVAL, "block align"},
	{"byte rate of 16 kHz", WAV_FMT_ULAW, {{28, 16000, 4}}, ALL, -EINVAL, "byte rate"},
	{"PCM16 data of an odd size", WAV_FMT_PCM, {{40, 2 * DATA_LEN - 1, 4}}, ALL, -EINVAL,
	 "not a whole number of 2-byte samples"},
	{"data before fmt", WAV_FMT_ALAW, {{12, CC("data"), 4}, {36, CC("fmt "), 4}}, ALL,
	 -EINVAL, "data chunk before fmt"},
	{"no data chunk", WAV_FMT_ALAW, {{36, CC("note"), 4}}, ALL, -EINVAL, "no data chunk"},
	{"no fmt chunk", WAV_FMT_ALAW, {{12, CC("junk"), 4}, {36, CC("junk"), 4}}, ALL, -EINVAL,
	 "no fmt chunk"},
	{"no chunks", WAV_FMT_ALAW, {{4, 4, 4}}, 12, -EINVAL, "no fmt chunk"},
	{"chunk header cut short", WAV_FMT_ALAW, {{4, 11, 4}}, 19, -EINVAL, "no fmt chunk"},
	{"two fmt chunks", WAV_FMT_ALAW, {{36, CC("fmt "), 4}}, ALL, -EINVAL, "second fmt chunk"},
};
/* clang-format on */

static void test_malformed(void **state)
{
	uint8_t b[2 * DATA_LEN + HDR_LEN], *out = (uint8_t *)"untouched";
	size_t i, len, n = 12345;
	char err[128];
	int j, ret;

	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		const struct bad_row *r = &bad_rows[i];

		len = good_image(b, r->tag);
		for (j = 0; j < 2; j++)
			if (r->p[j].width)
				put(b + r->p[j].off, r->p[j].val, r->p[j].width);
		if (r->keep != ALL)
			len = r->keep;
		err[0] = '\0';
		ret = wav_parse(b, len, G711_ALAW, &out, &n, err, sizeof(err));
		if (ret != r->err || !strstr(err, r->msg))
			fail_msg("%s: got %d \"%s\", want %d \"%s\"", r->name, ret, err, r->err,
				 r->msg);
		if (strcmp((char *)out, "untouched") || n != 12345)
			fail_msg("%s: outputs written on error", r->name);
		/* and without a place for the message */
		assert_int_equal(wav_parse(b, len, G711_ULAW, &out, &n, NULL, 0), r->err);
	}
}

static void test_read_write_errors(void **state)
{
	char err[128], *path;
	uint8_t *out, b = 0xd5;
	size_t n;

	assert_int_equal(wav_read("/nonexistent/x.wav", G711_ALAW, &out, &n, err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "cannot open"));
	assert_int_equal(wav_read("/tmp", G711_ALAW, &out, &n, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not a regular file"));
	path = tmp_path(); /* empty */
	assert_int_equal(wav_read(path, G711_ALAW, &out, &n, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "truncated"));
	unlink(path);
	assert_int_equal(wav_write("/nonexistent/x.wav", G711_ALAW, &b, 1), -ENOENT);
	assert_int_equal(wav_write(path, G711_ALAW, &b, (size_t)WAV_MAX_SAMPLES + 1), -EFBIG);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_pcm16_converted),
		cmocka_unit_test(test_unknown_chunks_skipped),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_read_write_errors),
	};

	return cmocka_run_group_tests_name("wav", tests, NULL, NULL);
}
