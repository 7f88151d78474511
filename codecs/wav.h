/* SPDX-License-Identifier: GPL-2.0-only */
/* RIFF WAVE files of 8 kHz mono telephony audio: G.711 or 16-bit PCM. */
#ifndef PRIGATE_WAV_H
#define PRIGATE_WAV_H

#include <stddef.h>
#include <stdint.h>

#include "g711.h"

/*
 * Parse a WAVE image (format 6 A-law, 7 mu-law or 1 PCM16, 8000 Hz, one
 * channel) into malloc'd G.711 bytes of law. Returns 0, or -EINVAL with
 * the reason in err, -ENOMEM.
 */
int wav_parse(const uint8_t *buf, size_t len, enum g711_law law, uint8_t **data, size_t *outlen,
	      char *err, size_t errlen);
int wav_read(const char *path, enum g711_law law, uint8_t **data, size_t *len, char *err,
	     size_t errlen);
/* write G.711 bytes as an 8 kHz mono WAVE of format 6 or 7; 0 or -errno */
int wav_write(const char *path, enum g711_law law, const uint8_t *data, size_t len);

#endif
