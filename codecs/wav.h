/* SPDX-License-Identifier: GPL-2.0-only */
/* RIFF WAVE files of 8 kHz mono telephony audio: G.711 or 16-bit PCM. */
#ifndef PRIGATE_WAV_H
#define PRIGATE_WAV_H

#include <stddef.h>
#include <stdint.h>

#include "g711.h"

#define WAV_FMT_PCM 1
#define WAV_FMT_ALAW 6
#define WAV_FMT_ULAW 7

/* longest audio accepted or written: 64 MiB of G.711, about 2.3 hours */
#define WAV_MAX_SAMPLES (64u << 20)

/*
 * Parse a WAVE image (format 6 A-law, 7 mu-law or 1 PCM16; 8000 Hz; one
 * channel) into *data, malloc'd G.711 bytes of law (the caller frees),
 * and *outlen > 0. Returns 0, -EINVAL for a damaged file, -ENOTSUP for
 * a valid one in another format, -EFBIG, -ENOMEM; the reason goes to err
 * (may be NULL). On error *data and *outlen are untouched.
 */
int wav_parse(const uint8_t *buf, size_t len, enum g711_law law, uint8_t **data, size_t *outlen,
	      char *err, size_t errlen);
/* wav_parse() on the contents of path; also -errno from opening/reading */
int wav_read(const char *path, enum g711_law law, uint8_t **data, size_t *len, char *err,
	     size_t errlen);
/* write G.711 bytes of law as an 8 kHz mono WAVE of format 6 or 7; 0 or -errno */
int wav_write(const char *path, enum g711_law law, const uint8_t *data, size_t len);

#endif
