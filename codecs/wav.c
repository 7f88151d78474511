// SPDX-License-Identifier: GPL-2.0-only
/* WAVE reading and writing for pbxsim's --play and --record. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wav.h"

#define WAV_RATE 8000
/* headers and unknown chunks (LIST, cue...) a file may carry beyond the audio */
#define WAV_MAX_FILE ((off_t)WAV_MAX_SAMPLES * 2 + (1 << 20))

struct wav_fmt {
	uint16_t tag;
	uint16_t channels;
	uint32_t rate;
	uint32_t byte_rate;
	uint16_t block_align;
	uint16_t bits;
};

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
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

static int __attribute__((format(printf, 4, 5)))
fail(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* a chunk id fit for an error message, whatever bytes it holds */
static void chunk_id(char out[5], const uint8_t *p)
{
	int i;

	for (i = 0; i < 4; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[4] = '\0';
}

static int parse_fmt(const uint8_t *p, uint32_t size, struct wav_fmt *f, char *err, size_t errlen)
{
	unsigned int bits;

	if (size < 16)
		return fail(err, errlen, -EINVAL, "fmt chunk of %u bytes, needs at least 16", size);
	f->tag = get16(p);
	f->channels = get16(p + 2);
	f->rate = get32(p + 4);
	f->byte_rate = get32(p + 8);
	f->block_align = get16(p + 12);
	f->bits = get16(p + 14);
	if (f->tag != WAV_FMT_PCM && f->tag != WAV_FMT_ALAW && f->tag != WAV_FMT_ULAW)
		return fail(err, errlen, -ENOTSUP,
			    "format %#x not supported (allowed: 1 PCM, 6 A-law, 7 mu-law)", f->tag);
	if (f->channels != 1)
		return fail(err, errlen, -ENOTSUP, "%u channels (allowed: 1, mono)", f->channels);
	if (f->rate != WAV_RATE)
		return fail(err, errlen, -ENOTSUP, "sample rate %u Hz (allowed: 8000)", f->rate);
	bits = f->tag == WAV_FMT_PCM ? 16 : 8;
	if (f->bits != bits)
		return fail(err, errlen, -ENOTSUP,
			    "format %u with %u bits per sample (allowed: %u)", f->tag, f->bits,
			    bits);
	if (f->block_align != bits / 8 || f->byte_rate != WAV_RATE * bits / 8)
		return fail(err, errlen, -EINVAL,
			    "block align %u and byte rate %u do not match 8000 Hz mono %u-bit",
			    f->block_align, f->byte_rate, bits);
	return 0;
}

static void convert(uint8_t *out, const uint8_t *s, size_t n, uint16_t tag, enum g711_law law)
{
	size_t i;

	if (tag == WAV_FMT_PCM) {
		for (i = 0; i < n; i++) {
			int16_t v = (int16_t)get16(s + 2 * i);

			out[i] = law == G711_ALAW ? g711_lin2alaw(v) : g711_lin2ulaw(v);
		}
	} else if ((tag == WAV_FMT_ALAW) == (law == G711_ALAW)) {
		memcpy(out, s, n);
	} else if (tag == WAV_FMT_ALAW) {
		g711_alaw2ulaw_buf(out, s, n);
	} else {
		g711_ulaw2alaw_buf(out, s, n);
	}
}

static int take_data(const uint8_t *p, uint32_t size, const struct wav_fmt *f, enum g711_law law,
		     uint8_t **data, size_t *outlen, char *err, size_t errlen)
{
	size_t n;
	uint8_t *out;

	if (size == 0)
		return fail(err, errlen, -EINVAL, "data chunk is empty");
	if (size % f->block_align)
		return fail(err, errlen, -EINVAL,
			    "data chunk of %u bytes is not a whole number of %u-byte samples", size,
			    f->block_align);
	n = size / f->block_align;
	if (n > WAV_MAX_SAMPLES)
		return fail(err, errlen, -EFBIG, "%zu samples, more than the %u allowed", n,
			    WAV_MAX_SAMPLES);
	out = malloc(n);
	if (!out)
		return fail(err, errlen, -ENOMEM, "no memory for %zu samples", n);
	convert(out, p, n, f->tag, law);
	*data = out;
	*outlen = n;
	return 0;
}

int wav_parse(const uint8_t *buf, size_t len, enum g711_law law, uint8_t **data, size_t *outlen,
	      char *err, size_t errlen)
{
	struct wav_fmt f = {0};
	bool have_fmt = false;
	size_t off, end;
	uint32_t riff;
	char id[5];
	int ret;

	if (len < 12)
		return fail(err, errlen, -EINVAL, "truncated: %zu bytes, a WAVE header needs 12",
			    len);
	if (memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4))
		return fail(err, errlen, -EINVAL, "not a RIFF WAVE file");
	riff = get32(buf + 4);
	if (riff < 4 || riff > len - 8)
		return fail(err, errlen, -EINVAL, "RIFF size %u does not fit a file of %zu bytes",
			    riff, len);
	end = 8 + (size_t)riff; /* bytes after the RIFF chunk are not ours */
	off = 12;
	while (end - off >= 8) {
		const uint8_t *ck = buf + off;
		uint32_t size = get32(ck + 4);

		chunk_id(id, ck);
		if (size > end - off - 8)
			return fail(err, errlen, -EINVAL,
				    "chunk '%s' at offset %zu claims %u bytes, only %zu left", id,
				    off, size, end - off - 8);
		if (!memcmp(ck, "fmt ", 4)) {
			if (have_fmt)
				return fail(err, errlen, -EINVAL, "second fmt chunk at offset %zu",
					    off);
			ret = parse_fmt(ck + 8, size, &f, err, errlen);
			if (ret)
				return ret;
			have_fmt = true;
		} else if (!memcmp(ck, "data", 4)) {
			if (!have_fmt)
				return fail(err, errlen, -EINVAL, "data chunk before fmt chunk");
			return take_data(ck + 8, size, &f, law, data, outlen, err, errlen);
		}
		/* chunks are word aligned; a last odd chunk may lack its pad byte */
		off += 8 + (size_t)size;
		if ((size & 1) && off < end)
			off++;
	}
	return fail(err, errlen, -EINVAL, have_fmt ? "no data chunk" : "no fmt chunk");
}

static int read_all(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO; /* shrank under us */
		got += (size_t)n;
	}
	return 0;
}

int wav_read(const char *path, enum g711_law law, uint8_t **data, size_t *len, char *err,
	     size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		return fail(err, errlen, ret, "cannot open: %s", strerror(-ret));
	}
	if (fstat(fd, &st)) {
		ret = -errno;
		fail(err, errlen, ret, "cannot stat: %s", strerror(-ret));
		goto err_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = fail(err, errlen, -EINVAL, "not a regular file");
		goto err_close;
	}
	if (st.st_size > WAV_MAX_FILE) {
		ret = fail(err, errlen, -EFBIG, "file of %lld bytes is too large",
			   (long long)st.st_size);
		goto err_close;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		ret = fail(err, errlen, -ENOMEM, "no memory for %lld bytes", (long long)st.st_size);
		goto err_close;
	}
	ret = read_all(fd, buf, (size_t)st.st_size);
	if (ret)
		fail(err, errlen, ret, "cannot read: %s", strerror(-ret));
	else
		ret = wav_parse(buf, (size_t)st.st_size, law, data, len, err, errlen);
	free(buf);
err_close:
	close(fd);
	return ret;
}

int wav_write(const char *path, enum g711_law law, const uint8_t *data, size_t len)
{
	/* RIFF, fmt (WAVEFORMATEX, cbSize 0) and fact: non-PCM formats need both */
	uint8_t h[58];
	FILE *f;
	int ret = 0;

	if (len > WAV_MAX_SAMPLES)
		return -EFBIG;
	memcpy(h, "RIFF", 4);
	put32(h + 4, (uint32_t)(sizeof(h) - 8 + len + (len & 1)));
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 18);
	put16(h + 20, law == G711_ALAW ? WAV_FMT_ALAW : WAV_FMT_ULAW);
	put16(h + 22, 1); /* channels */
	put32(h + 24, WAV_RATE);
	put32(h + 28, WAV_RATE); /* byte rate */
	put16(h + 32, 1);	 /* block align */
	put16(h + 34, 8);	 /* bits per sample */
	put16(h + 36, 0);	 /* cbSize */
	memcpy(h + 38, "fact", 4);
	put32(h + 42, 4);
	put32(h + 46, (uint32_t)len); /* samples */
	memcpy(h + 50, "data", 4);
	put32(h + 54, (uint32_t)len);
	f = fopen(path, "wbe");
	if (!f)
		return -errno;
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) || (len && fwrite(data, 1, len, f) != len) ||
	    ((len & 1) && fputc(0, f) == EOF))
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	if (ret)
		unlink(path); /* no half-written file for a test to trust */
	return ret;
}
