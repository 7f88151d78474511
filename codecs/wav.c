// SPDX-License-Identifier: GPL-2.0-only
/* WAVE reading and writing for pbxsim's --play and --record. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wav.h"

#define WAV_MAX_BYTES (64u << 20)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int fail(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	return -EINVAL;
}

int wav_parse(const uint8_t *buf, size_t len, enum g711_law law, uint8_t **data, size_t *outlen,
	      char *err, size_t errlen)
{
	uint16_t fmt = 0, bits = 0;
	bool have_fmt = false;
	size_t off = 12, i, n;
	uint8_t *out;

	if (len < 12 || memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4))
		return fail(err, errlen, "not a RIFF WAVE file");
	while (off + 8 <= len) {
		const uint8_t *ck = buf + off;
		uint32_t size = le32(ck + 4);

		if (size > len - off - 8)
			return fail(err, errlen, "chunk runs past the end of the file");
		if (!memcmp(ck, "fmt ", 4)) {
			if (size < 16)
				return fail(err, errlen, "fmt chunk too short");
			fmt = le16(ck + 8);
			if (le16(ck + 10) != 1)
				return fail(err, errlen, "not mono (allowed: 1 channel)");
			if (le32(ck + 12) != 8000)
				return fail(err, errlen, "not 8000 Hz (allowed: 8000)");
			bits = le16(ck + 22);
			if (!(fmt == 6 && bits == 8) && !(fmt == 7 && bits == 8) &&
			    !(fmt == 1 && bits == 16))
				return fail(err, errlen,
					    "unsupported format (allowed: A-law, mu-law, PCM16)");
			have_fmt = true;
		} else if (!memcmp(ck, "data", 4)) {
			if (!have_fmt)
				return fail(err, errlen, "data chunk before fmt chunk");
			if (size == 0)
				return fail(err, errlen, "no audio in data chunk");
			n = fmt == 1 ? size / 2 : size;
			if (n > WAV_MAX_BYTES)
				return fail(err, errlen, "too long");
			out = malloc(n);
			if (!out)
				return -ENOMEM;
			for (i = 0; i < n; i++) {
				const uint8_t *s = ck + 8;

				if (fmt == 1) {
					int16_t v = (int16_t)le16(s + 2 * i);

					out[i] = law == G711_ALAW ? g711_lin2alaw(v) : g711_lin2ulaw(v);
				} else if ((fmt == 6) == (law == G711_ALAW)) {
					out[i] = s[i];
				} else {
					out[i] = fmt == 6 ? g711_alaw2ulaw(s[i]) : g711_ulaw2alaw(s[i]);
				}
			}
			*data = out;
			*outlen = n;
			return 0;
		}
		off += 8 + size + (size & 1);
	}
	return fail(err, errlen, "no data chunk");
}

int wav_read(const char *path, enum g711_law law, uint8_t **data, size_t *len, char *err,
	     size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s", strerror(errno));
		return ret;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || size > (long)WAV_MAX_BYTES * 2 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return fail(err, errlen, "cannot size file or too large");
	}
	buf = malloc((size_t)size + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		fclose(f);
		return fail(err, errlen, "short read");
	}
	fclose(f);
	ret = wav_parse(buf, (size_t)size, law, data, len, err, errlen);
	free(buf);
	return ret;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

int wav_write(const char *path, enum g711_law law, const uint8_t *data, size_t len)
{
	uint8_t h[58];
	FILE *f;
	int ret = 0;

	if (len > WAV_MAX_BYTES)
		return -EFBIG;
	/* non-PCM formats carry cbSize and a fact chunk */
	memcpy(h, "RIFF", 4);
	put32(h + 4, (uint32_t)(50 + len + (len & 1)));
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 18);
	put16(h + 20, law == G711_ALAW ? 6 : 7);
	put16(h + 22, 1);
	put32(h + 24, 8000);
	put32(h + 28, 8000);
	put16(h + 32, 1);
	put16(h + 34, 8);
	put16(h + 36, 0);
	memcpy(h + 38, "fact", 4);
	put32(h + 42, 4);
	put32(h + 46, (uint32_t)len);
	memcpy(h + 50, "data", 4);
	put32(h + 54, (uint32_t)len);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) || fwrite(data, 1, len, f) != len ||
	    ((len & 1) && fputc(0, f) == EOF))
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}
